"""The roster engine's findings, worded by the interface (dashboard/texts/rule_words.py), name
places, roles and shifts as the interface does, in the user's language: the centre's
configuration gives the engine display names for its codes."""

from __future__ import annotations

import re

from datetime import date

from dashboard.planner.engine_labels import engine_labels
from dashboard.texts.rule_words import conflict_text, demand_text
from planner.centre import LockedShift, build_week_problem
from planner.roster import Cover, Person, Problem, ShiftType, SolveOptions, demand, demands, solve
from planner.roster import groups as g
from planner.roster.explain import explain
from tests.centre.factory import MONDAY, members, week

CODES = re.compile(r"(?<!Service )\b(centre|infopoint|reception|counselling|registration|FRUEH|SPAET|VORM|NACHM)\b")


def describe_group(problem, group):
    return demand_text(problem, demand(problem, group), "de"), demand_text(problem, demand(problem, group), "en")


def describe_groups(problem, groups):
    return [(demand_text(problem, f, "de"), demand_text(problem, f, "en")) for f in demands(problem, groups)]


def _cover(problem, place: str, skill: str) -> int:
    return next(i for i, c in enumerate(problem.covers) if c.place == place and c.skill == skill and c.minimum)


def test_conflicts_and_rule_sentences_use_display_names_in_both_languages():
    person = next(m for m in members() if m.role == "reception")
    problem = build_week_problem(week(labels=engine_labels(),
                                      locked=(LockedShift(person.id, MONDAY, "centre.FRUEH.reception"),)))
    conflict = explain(problem, (g.RuleGroup(g.COVER_MINIMUM, cover=_cover(problem, "centre", "reception")),))
    german, english = conflict_text(problem, conflict, "de"), conflict_text(problem, conflict, "en")
    assert "mindestens 1 Person mit der Rolle Empfang am Standort Servicezentrum gebraucht" in german
    assert "haben die Rolle Empfang" in german
    assert "at least 1 person with the role Reception at Service centre from" in english
    assert "have the role Reception" in english
    pin_de, pin_en = describe_group(problem, g.RuleGroup(g.PIN, person=person.id, day=0))
    assert "fest für Frühdienst (Empfang) eingeplant" in pin_de
    assert "is locked to Early shift (Reception) on Monday, 30/11/2026" in pin_en
    infopoint = describe_group(problem, g.RuleGroup(g.COVER_MINIMUM, cover=_cover(problem, "infopoint", "reception")))
    assert "am Standort Infopoint" in infopoint[0] and "at Infopoint" in infopoint[1]
    for text in (german, english, pin_de, pin_en, *infopoint):
        assert not CODES.search(text), text


def test_without_display_names_the_engine_shows_its_codes():
    """The default, as in the benchmark configuration: a code is its own name."""
    problem = build_week_problem(week())
    de, en = describe_group(problem, g.RuleGroup(g.COVER_MINIMUM, cover=_cover(problem, "centre", "reception")))
    assert "mit der Rolle reception am Standort centre" in de
    assert "with the role reception at centre" in en
    assert problem.label("centre.FRUEH.reception") == ("Frühdienst (reception)", "Early shift (reception)")


def test_a_day_without_reception_reads_as_one_line_with_its_time_spans():
    problem = build_week_problem(week(labels=engine_labels()))
    monday = [i for i, c in enumerate(problem.covers)
              if c.day == 0 and c.place == "centre" and c.skill == "reception" and c.minimum and c.slot]
    tuesday = next(i for i, c in enumerate(problem.covers)
                   if c.day == 1 and c.place == "centre" and c.skill == "reception" and c.minimum and c.slot)
    assert len(monday) > 4
    # Monday's slots broken apart from one in the middle, Tuesday's first, and a person's rule between them.
    broken = [*monday[:2], *monday[3:], tuesday]
    person = next(m for m in members() if m.role == "reception")
    groups = [g.RuleGroup(g.COVER_MINIMUM, cover=i) for i in broken]
    groups.insert(1, g.RuleGroup(g.WEEKLY_MINUTES, person=person.id, week=0))
    lines = describe_groups(problem, groups)
    assert len(lines) == 3
    slots = [problem.covers[i].slot for i in monday]
    first, gap, last = slots[0], slots[2], slots[-1]

    def hhmm(minutes):
        return f"{minutes // 60:02d}:{minutes % 60:02d}"

    de, en = lines[0]
    assert de.startswith("Am Montag, 30.11.2026 wird von ")
    assert f"{hhmm(first[0])}-{hhmm(gap[0])} und {hhmm(gap[1])}-{hhmm(last[1])}" in de
    assert f"from {hhmm(first[0])}-{hhmm(gap[0])} and {hhmm(gap[1])}-{hhmm(last[1])}" in en
    assert "mindestens 1 Person mit der Rolle Empfang am Standort Servicezentrum gebraucht" in de
    assert lines[1] == describe_group(problem, groups[1])  # other rules as before, in their place
    assert lines[2][0].startswith("Am Dienstag, 01.12.2026 wird von ")


OLENA_WEEK = dict(days=2, shift_types=(ShiftType("D", 480),), start_date=date(2026, 11, 30),
                  rest_minutes=None, working_time_law=False)


def test_an_absent_only_speaker_is_named_with_her_day_in_both_languages():
    people = (Person("olena", name="Olena", languages={"uk"}, absences={1: "Urlaub"}),
              Person("max", name="Max", languages={"de"}))
    uk = Cover(day=1, shift="D", language="uk", required=1, under_weight=5, minimum=1)
    problem = Problem(people=people, covers=(uk,), **OLENA_WEEK)
    [conflict] = solve(problem, SolveOptions(time_limit_s=10, num_workers=2)).conflicts
    german, english = conflict_text(problem, conflict, "de"), conflict_text(problem, conflict, "en")
    assert german == ("Am Dienstag, 01.12.2026 wird für die Schicht D mindestens 1 Person, die Ukrainisch "
                      "spricht, gebraucht, aber nur Olena spricht Ukrainisch, und Olena ist am Dienstag, "
                      "01.12.2026 abwesend.")
    assert english == ("On Tuesday, 01/12/2026, at least 1 person speaking Ukrainian for the shift D is needed, "
                       "but only Olena speaks Ukrainian, and Olena is absent on Tuesday, 01/12/2026.")


def test_colliding_contract_rules_read_as_one_sentence():
    from planner.roster import Contract

    a = Person("A", contract=Contract(min_minutes=3 * 480, max_consecutive_days=2))
    problem = Problem(days=3, shift_types=(ShiftType("D", 480),), people=(a,), rest_minutes=None,
                      working_time_law=False)
    conflict = explain(problem, (g.RuleGroup(g.MAX_CONSECUTIVE, person="A"), g.RuleGroup(g.TOTAL_MINUTES, person="A")))
    assert conflict_text(problem, conflict, "en") == (
        "These rules cannot all hold together: A may work at most 2 days in a row; "
        "A must work at least 24 h in the period.")
    assert conflict_text(problem, conflict, "de") == (
        "Diese Regeln lassen sich nicht zugleich einhalten: A darf höchstens 2 Tage am Stück arbeiten; "
        "A muss im Zeitraum mindestens 24 h arbeiten.")
    assert demand_text(problem, demand(problem, g.RuleGroup(g.SUCCESSION, person="A")), "de") == (
        "A braucht 0 h Ruhe zwischen zwei Schichten (und keine verbotene Schichtfolge)")


def test_a_week_impossible_from_fixed_facts_alone_says_so():
    problem = build_week_problem(week())
    conflict = explain(problem, ())
    assert conflict_text(problem, conflict, "de").startswith("Der Plan ist schon ohne Vertrags- und Bedarfsregeln")
    assert conflict_text(problem, conflict, "en").startswith("No plan exists even without contract and cover rules")


def test_what_a_relaxed_week_gives_up_is_worded_from_its_codes():
    from dashboard.texts.rule_words import relaxed_week_rule
    from planner.centre import RELAXED_RULES

    german = [relaxed_week_rule(code, "de") for code in RELAXED_RULES]
    english = [relaxed_week_rule(code, "en") for code in RELAXED_RULES]
    assert german == ["Mindestens eine Person am Empfang je geöffneter halber Stunde (als Ziel mit hohem Gewicht "
                      "statt als feste Regel)", "Mindeststunden aus den Arbeitsverträgen"]
    assert english == ["At least one person at reception in every open half hour (a heavily weighted goal "
                       "instead of a hard rule)", "Minimum hours from the contracts"]


def test_the_solve_message_words_the_conflicts_and_what_was_relaxed():
    import dataclasses

    import app  # noqa: F401 - pages register themselves with the app
    from dashboard.planner.solving import solve_message
    from planner.centre import RELAXED_RULES
    from planner.roster import SolveResult

    person = next(m for m in members() if m.role == "reception")
    problem = build_week_problem(week(labels=engine_labels()))
    conflict = explain(problem, (g.RuleGroup(g.WEEKLY_MINUTES, person=person.id, week=0),))
    result = SolveResult(status="FEASIBLE", objective=10, best_bound=5.0, gap=0.5, wall_time=1.0,
                         seconds_to_first=0.1, seconds_to_best=0.2, assignments=())
    alert = solve_message(dataclasses.replace(result, conflicts=(conflict,)), 1.0, RELAXED_RULES, None, problem)[1]
    shown = str(alert.to_plotly_json())
    assert f"{person.name} muss in Woche 1 zwischen" in shown
    assert "Mindeststunden aus den Arbeitsverträgen" in shown
