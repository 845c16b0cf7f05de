"""Names of the roster engine's rules (planner/roster/groups.py ids), for the score table
and for messages about broken hard rules. Keys: "rule.<id>" names a rule; "rule.broken.<id>"
says what a plan does wrong when it breaks the rule."""

TEXTS: dict[str, tuple[str, str]] = {
    # soft goals (score table)
    "rule.under-cover": ("Unterbesetzung", "Under-staffing"),
    "rule.over-cover": ("Überbesetzung", "Over-staffing"),
    "rule.language under-cover": ("Sprache fehlt", "Language missing"),
    "rule.language over-cover": ("Sprache mehrfach", "Language more than once"),
    "rule.shift-on request": ("Arbeitswunsch nicht erfüllt", "Wish to work not met"),
    "rule.shift-off request": ("Freiwunsch nicht erfüllt", "Wish for time off not met"),
    "rule.change to previous plan": ("Änderung gegenüber Vorversion", "Change against the previous version"),
    "rule.fairness: late shifts": ("Fairness: Spätdienste", "Fairness: late shifts"),
    "rule.fairness: Infopoint duty": ("Fairness: Infopoint-Dienste", "Fairness: Infopoint duty"),
    "rule.fairness: Friday afternoons": ("Fairness: Freitagnachmittage", "Fairness: Friday afternoons"),
    # hard rules that a relaxed week turns into heavily weighted goals
    "rule.relaxed": ("gelockert: {rule}", "relaxed: {rule}"),
    "rule.pin": ("Feste Vorgabe", "Locked assignment"),
    "rule.max shifts of a type": ("Höchstzahl eines Dienstes", "Most shifts of one kind"),
    "rule.total minutes": ("Arbeitszeit im Zeitraum", "Working time in the period"),
    "rule.weekly minutes": ("Wochenarbeitszeit laut Vertrag", "Weekly hours from the contract"),
    "rule.max consecutive days": ("Höchstens Tage am Stück", "Most days in a row"),
    "rule.min consecutive days": ("Mindestens Tage am Stück", "Fewest days in a row"),
    "rule.min consecutive days off": ("Freie Tage am Stück", "Days off in a row"),
    "rule.max weekends": ("Höchstzahl Wochenenden", "Most weekends"),
    "rule.rest between shifts": ("Ruhezeit zwischen Diensten", "Rest between shifts"),
    "rule.minimum cover": ("Mindestbesetzung", "Minimum staffing"),
    # what a plan does wrong (fixed facts)
    "rule.broken.one shift a day": ("mehr als ein Dienst am Tag", "more than one shift a day"),
    "rule.broken.absence": ("ist abwesend", "is absent"),
    "rule.broken.qualification": ("hat die nötige Qualifikation nicht", "lacks the qualification needed"),
    "rule.broken.organisation": ("Dienst gehört einer anderen Organisation",
                                 "the shift belongs to another organisation"),
    "rule.broken.working-time law": ("verstößt gegen das Arbeitszeitgesetz", "breaks the Working Hours Act"),
    "rule.broken.place of shift": ("falscher Standort", "wrong place"),
    "rule.broken.shift offered on that weekday": ("dieser Dienst wird an dem Tag nicht angeboten",
                                                   "this shift is not offered on that day"),
    "rule.broken.unknown person, shift or day": ("unbekannte Person, unbekannter Dienst oder Tag",
                                                 "unknown person, shift or day"),
    "rule.broken.other": ("verletzt die Regel „{rule}“", "breaks the rule “{rule}”"),
}
