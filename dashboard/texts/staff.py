"""Texts of the Staff page."""

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
    "staffrole.coordination": ("Koordination und Leitung", "Coordination and leadership"),
    "staffrole.social_worker": ("Sozialarbeit", "Social work"),
    "staffrole.language_adviser": ("Sprachberatung", "Language advice"),
    "staffrole.reception": ("Empfang", "Reception"),
    "staffrole.welfare_rep": ("Wohlfahrtsverbände", "Welfare associations"),
    "staffrole.jobcenter_rep": ("Jobcenter", "Jobcenter"),
    "staffrole.citizen_services": ("Bürgerdienste (Anmeldung EU)", "Citizen services (EU registration)"),
}
