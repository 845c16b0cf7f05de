"""Colliding hard rules are named as facts and the best relaxed plan is still returned.
(Their words: tests/centre/test_engine_words.py.)"""

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
    [fact] = conflict.findings
    # The cover: Tuesday, shift D, one Ukrainian speaker; only Olena could, and she is absent.
    assert (fact.rule, fact.days, fact.spans) == ("minimum cover", (1,), ())
    assert (fact.value("shift"), fact.value("language"), fact.value("minimum")) == ("D", "uk", 1)
    assert fact.people == ("olena",) and fact.value("absent") == ("olena",)
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
    facts = {f.rule: f for f in r.conflicts[0].findings}
    assert facts["max consecutive days"].people == ("A",) and facts["max consecutive days"].value("limit") == 2
    assert facts["total minutes"].value("min") == 3 * 480
    # B's own rule was never in question and holds.
    report = check(p, r.assignments, {rr.group for rr in r.relaxed})
    assert not [v for v in report.hard_violations if v.person == "B"]


def test_a_pin_on_an_absent_day_is_the_conflict():
    p = problem(2, [Person("A", absences={0: "krank"})], [need(1)], pins=(Pin("A", 0, "D"),))
    r = solved(p)
    assert [c.groups for c in r.conflicts] == [(RuleGroup("pin", person="A", day=0),)]
    [fact] = r.conflicts[0].findings
    assert (fact.rule, fact.people, fact.days, fact.value("shift")) == ("pin", ("A",), (0,), "D")
    assert [a.day for a in r.assignments] == [1]


def test_feasible_problem_has_no_core():
    assert find_core(problem(2, [person()], [need(0)])) is None


def test_more_collisions_than_the_relax_rounds_give_up_naming_each_one():
    from planner.roster import SolveOptions, solve
    from planner.roster.solver import MAX_RELAX_ROUNDS

    # No one speaks Ukrainian: each day's minimum is its own collision, more of them than
    # the engine relaxes one by one. It gives up with each round's collision named (the
    # centre's week then relaxes its own rule set: planner/centre.solve_centre_week).
    days = MAX_RELAX_ROUNDS + 2
    p = problem(days, [Person("max", name="Max", languages={"de"})],
                [Cover(day=d, shift="D", language="uk", required=1, under_weight=5, minimum=1)
                 for d in range(days)] + [need(d) for d in range(days)], start_date=MONDAY)
    r = solve(p, SolveOptions(time_limit_s=10, num_workers=2))
    assert r.status == "INFEASIBLE" and not r.assignments
    assert len(r.conflicts) == MAX_RELAX_ROUNDS
    named = [c.groups for c in r.conflicts]
    assert all(len(g) == 1 and g[0].rule == "minimum cover" for g in named)
    assert len(set(named)) == MAX_RELAX_ROUNDS  # a different day each round
    # Fewer collisions than rounds (the last round finds none): each relaxed, the plan made.
    fewer = problem(MAX_RELAX_ROUNDS - 1, p.people,
                    [c for c in p.covers if c.day < MAX_RELAX_ROUNDS - 1], start_date=MONDAY)
    r = solved(fewer)
    assert {rr.group for rr in r.relaxed} == {RuleGroup("minimum cover", cover=i)
                                              for i, c in enumerate(fewer.covers)
                                              if c.language == "uk"}
