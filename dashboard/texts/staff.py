"""Texts of the Staff page."""

from planner.roles import ROLE_NAMES

TEXTS: dict[str, tuple[str, str]] = {
    "staff.team": ("Das Team", "The team"),
    "staff.week": ("Woche für Abwesenheiten und Wünsche", "Week for absences and wishes"),
    "staff.col.name": ("Name", "Name"),
    "staff.col.role": ("Rolle", "Role"),
    "staff.col.organisation": ("Organisation", "Organisation"),
    "staff.col.languages": ("Sprachen", "Languages"),
    "staff.col.contract": ("Vertrag (Std./Woche)", "Contract (h/week)"),
    "staff.col.places": ("Standorte", "Places"),
    "staff.col.since": ("dabei seit", "since"),
    "staff.count": ("{n} Personen im Team, davon {partners} von Partnerorganisationen.",
                    "{n} people in the team, {partners} of them from partner organisations."),
    **{f"staffrole.{code}": names for code, names in ROLE_NAMES.items()},
}
