"""German names of the roster engine's rules, for scores and messages."""

RULE_NAMES_DE = {
    "under-cover": "Unterbesetzung", "over-cover": "Überbesetzung",
    "language under-cover": "Sprache fehlt", "language over-cover": "Sprache mehrfach",
    "shift-on request": "Arbeitswunsch nicht erfüllt", "shift-off request": "Freiwunsch nicht erfüllt",
    "change to previous plan": "Änderung gegenüber Vorversion",
    "fairness: late shifts": "Fairness: Spätdienste", "fairness: Infopoint duty": "Fairness: Infopoint-Dienste",
    "fairness: Friday afternoons": "Fairness: Freitagnachmittage",
}

HARD_RULES_DE = {
    "one shift a day": "mehr als ein Dienst am Tag",
    "absence": "ist abwesend",
    "qualification": "hat die nötige Qualifikation nicht",
    "organisation": "Dienst gehört einer anderen Organisation",
    "working-time law": "verstößt gegen das Arbeitszeitgesetz",
    "place of shift": "falscher Standort",
    "shift offered on that weekday": "dieser Dienst wird an dem Tag nicht angeboten",
}
