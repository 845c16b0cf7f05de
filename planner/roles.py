"""The staff roles as the centre names them: one list for the interface and the imports.

People write roles as the interface shows them ("Sozialarbeit", "Social work"); the
code (social_worker) is what the data and the rules use.
"""

from __future__ import annotations

# code -> (German name, English name)
ROLE_NAMES: dict[str, tuple[str, str]] = {
    "coordination": ("Koordination und Leitung", "Coordination and leadership"),
    "social_worker": ("Sozialarbeit", "Social work"),
    "language_adviser": ("Sprachberatung", "Language advice"),
    "reception": ("Empfang", "Reception"),
    "welfare_rep": ("Wohlfahrtsverbände", "Welfare associations"),
    "jobcenter_rep": ("Jobcenter", "Jobcenter"),
    "citizen_services": ("Bürgerdienste (Anmeldung EU)", "Citizen services (EU registration)"),
}

_BY_TEXT = {text.casefold(): code for code, names in ROLE_NAMES.items() for text in (code, *names)}


def role_code(text: str) -> str | None:
    """The role a cell means: its code or its German or English name (case and spacing ignored)."""
    return _BY_TEXT.get(" ".join(text.split()).casefold())
