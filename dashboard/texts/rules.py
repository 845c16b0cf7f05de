"""Names of the roster engine's rules (planner/roster/groups.py ids), for the score table
and for messages about broken hard rules, and the sentences that word the engine's findings
(dashboard/texts/rule_words.py). Keys: "rule.<id>" names a rule; "rule.broken.<id>" says
what a plan does wrong when it breaks the rule; "rule.demand.<id>" what a rule asks for;
"rule.cover.*" and "rule.conflict.*" the parts of cover and conflict sentences."""

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
    # what a rule asks for (planner/roster/findings.py demand), {who} a person's name
    "rule.demand.pin.off": ("{who} ist am {day} fest frei eingeplant", "{who} is locked off on {day}"),
    "rule.demand.pin.shift": ("{who} ist am {day} fest für {shift} eingeplant", "{who} is locked to {shift} on {day}"),
    "rule.demand.max shifts of a type": ("{who} darf höchstens {n}-mal {shift} arbeiten",
                                         "{who} may work {shift} at most {n} times"),
    "rule.demand.total minutes.min": ("{who} muss im Zeitraum mindestens {lo} arbeiten",
                                      "{who} must work at least {lo} in the period"),
    "rule.demand.total minutes.range": ("{who} muss im Zeitraum {lo} bis {hi} arbeiten",
                                        "{who} must work between {lo} and {hi} in the period"),
    "rule.demand.weekly minutes": ("{who} muss in Woche {week} zwischen {lo} und {hi} arbeiten",
                                   "{who} must work between {lo} and {hi} in week {week}"),
    "rule.demand.max consecutive days": ("{who} darf höchstens {n} Tage am Stück arbeiten",
                                         "{who} may work at most {n} days in a row"),
    "rule.demand.min consecutive days": ("{who} arbeitet mindestens {n} Tage am Stück",
                                         "{who} works at least {n} days in a row"),
    "rule.demand.min consecutive days off": ("{who} hat mindestens {n} freie Tage am Stück",
                                             "{who} has at least {n} days off in a row"),
    "rule.demand.max weekends": ("{who} arbeitet an höchstens {n} Wochenenden", "{who} works on at most {n} weekends"),
    "rule.demand.rest between shifts": (
        "{who} braucht {rest} Ruhe zwischen zwei Schichten (und keine verbotene Schichtfolge)",
        "{who} needs {rest} of rest between shifts (and no forbidden shift sequence)"),
    "rule.demand.other": ("Regel {rule} für {who}", "rule {rule} for {who}"),
    # days and lists inside the sentences
    "rule.day.date": ("{weekday}, {date}", "{weekday}, {date}"),
    "rule.day.index": ("{weekday} (Tag {n})", "{weekday} (day {n})"),
    "rule.and": ("und", "and"),
    # a minimum cover: "Am <day> wird <when>mindestens <n> <who><where> gebraucht"
    "rule.cover.one": ("Am {day} wird {when}mindestens {n} {who}{where} gebraucht",
                       "On {day}, at least {n} {who}{where}{when} is needed"),
    "rule.cover.many": ("Am {day} werden {when}mindestens {n} {who}{where} gebraucht",
                        "On {day}, at least {n} {who}{where}{when} are needed"),
    "rule.cover.person.one": ("Person", "person"),
    "rule.cover.person.many": ("Personen", "people"),
    "rule.cover.speaking.one": ("{who}, die {language} spricht,", "{who} speaking {language}"),
    "rule.cover.speaking.many": ("{who}, die {language} sprechen,", "{who} speaking {language}"),
    "rule.cover.role": ("{who} mit der Rolle {role}", "{who} with the role {role}"),
    "rule.cover.place": (" am Standort {place}", " at {place}"),
    "rule.cover.shift": ("für die Schicht {shift} ", " for the shift {shift}"),
    "rule.cover.spans": ("von {spans} ", " from {spans}"),
    # why nobody fills a cover in a conflict: "<cover>, aber <who> <can>, und <why>"
    "rule.conflict.facts": (
        "Der Plan ist schon ohne Vertrags- und Bedarfsregeln unmöglich: Abwesenheiten, Qualifikationen und "
        "feste Vorgaben widersprechen sich.",
        "No plan exists even without contract and cover rules: absences, qualifications and fixed facts "
        "contradict each other."),
    "rule.conflict.one": ("{rule}.", "{rule}."),
    "rule.conflict.many": ("Diese Regeln lassen sich nicht zugleich einhalten: {rules}.",
                           "These rules cannot all hold together: {rules}."),
    "rule.conflict.but": ("{rule}, aber {why}", "{rule}, but {why}"),
    "rule.conflict.nobody": ("niemand {can}", "nobody {can}"),
    "rule.conflict.only": ("nur {names} {can}", "only {names} {can}"),
    "rule.conflict.names": ("{names} {can}", "{names} {can}"),
    "rule.conflict.absent.one": ("{who}, und {absent} ist am {day} abwesend", "{who}, and {absent} is absent on {day}"),
    "rule.conflict.absent.many": ("{who}, und {absent} sind am {day} abwesend",
                                  "{who}, and {absent} are absent on {day}"),
    "rule.conflict.other rules": ("{who}, und ihre übrigen Regeln lassen den {day} nicht zu",
                                  "{who}, and their other rules do not allow {day}"),
    "rule.conflict.speaks.one": ("spricht {language}", "speaks {language}"),
    "rule.conflict.speaks.many": ("sprechen {language}", "speak {language}"),
    "rule.conflict.has role.one": ("hat die Rolle {role}", "has the role {role}"),
    "rule.conflict.has role.many": ("haben die Rolle {role}", "have the role {role}"),
    "rule.conflict.can work.one": ("kann diese Schicht{where} arbeiten", "can work this shift{where}"),
    "rule.conflict.can work.many": ("können diese Schicht{where} arbeiten", "can work this shift{where}"),
    # what a week whose hard rules collide gives up (planner/centre.py RELAXED_RULES)
    "rule.relaxed week.reception each half hour": (
        "Mindestens eine Person am Empfang je geöffneter halber Stunde (als Ziel mit hohem Gewicht statt als "
        "feste Regel)",
        "At least one person at reception in every open half hour (a heavily weighted goal instead of a hard rule)"),
    "rule.relaxed week.contract minimum hours": ("Mindeststunden aus den Arbeitsverträgen",
                                                 "Minimum hours from the contracts"),
}
