"""Colliding hard rules are named in words and the best relaxed plan is still returned."""

from __future__ import annotations

from datetime import date

from planner.roster import Cover, Person, Pin, RuleGroup, check, find_core

from .roster_factory import need, person, problem, solved

MONDAY = date(2026, 11, 30)


def test_only_speaker_absent_names_her_and_the_day():
    people = [Person("olena", name="Olena", languages={"uk"}, absences={1: "Urlaub"}),
              Person("max", name="Max", languages={"de"})]
    uk = Cover(day=1, shift="D", language="uk", required=1, under_weight=5, minimum=1)
    p = problem(2, people, [uk, need(0)], start_date=MONDAY)
    r = solved(p)
    [conflict] = r.conflicts
    assert conflict.groups == (RuleGroup("minimum cover", cover=0),)
    assert conflict.german.startswith(
        "Am Dienstag, 01.12.2026 wird für die Schicht D mindestens 1 Person, "
        "die Ukrainisch spricht, gebraucht")
    assert "aber nur Olena spricht Ukrainisch" in conflict.german
    assert "Olena ist am Dienstag, 01.12.2026 abwesend" in conflict.german
    assert "only Olena speaks Ukrainian" in conflict.english
    assert "absent on Tuesday, 01/12/2026" in conflict.english
    [relaxed] = r.relaxed
    assert relaxed.group == RuleGroup("minimum cover", cover=0) and relaxed.violated
    # The relaxed rule costs its penalty, and the rest of the plan is still optimised.
    assert r.objective == 100_000 + 5
    assert [a.day for a in r.assignments] == [0]


def test_contract_rules_that_collide_are_named_and_relaxed_apart_from_the_rest():
    a = person("A", min_minutes=3 * 480, max_consecutive_days=2)
    b = person("B", min_minutes=480)
    p = problem(3, [a, b], [need(d, required=2, under=1, over=1) for d in range(3)])
    core = find_core(p)
    assert core == (RuleGroup("max consecutive days", person="A"),
                    RuleGroup("total minutes", person="A"))
    r = solved(p)
    assert {rr.group for rr in r.relaxed} == set(core)
    assert sum(rr.violated for rr in r.relaxed) == 1
    assert "A may work at most 2 days in a row" in r.conflicts[0].english
    # B's own rule was never in question and holds.
    report = check(p, r.assignments, {rr.group for rr in r.relaxed})
    assert not [v for v in report.hard_violations if v.person == "B"]


def test_a_pin_on_an_absent_day_is_the_conflict():
    p = problem(2, [Person("A", absences={0: "krank"})], [need(1)], pins=(Pin("A", 0, "D"),))
    r = solved(p)
    assert [c.groups for c in r.conflicts] == [(RuleGroup("pin", person="A", day=0),)]
    assert "fest für D eingeplant" in r.conflicts[0].german
    assert [a.day for a in r.assignments] == [1]


def test_feasible_problem_has_no_core():
    assert find_core(problem(2, [person()], [need(0)])) is None
