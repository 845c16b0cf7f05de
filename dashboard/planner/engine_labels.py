"""The roster engine's display names for the centre's codes, from the interface's catalogue.

The Planner passes them to the planning use cases, so that the engine's sentences name
"Empfang" and not "reception" (services may not read the catalogue themselves).
"""

from __future__ import annotations

from dashboard.texts.i18n import CATALOGUE


def engine_labels() -> dict[str, tuple[str, str]]:
    """German and English names of the place and task codes."""
    labels = {}
    for key, words in CATALOGUE.items():
        prefix, _, code = key.partition(".")
        if prefix in ("location", "task") and code:
            labels[code] = (words[0], words[1])
    return labels
