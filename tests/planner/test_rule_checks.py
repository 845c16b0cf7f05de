"""Every hard rule, the structural ones included, per rule id:

- model and checker agree: on a small instance built to tempt a breach, the solved plan
  costs what only keeping the rule costs, and the rule's own check finds nothing;
- a hand-made plan that breaks the rule is flagged with that rule id and its facts
  (people, days, values);
- a structural rule's model part is the variable filter of its module: no variable exists
  for the forbidden cell.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pytest

from planner.roster import (
    Assignment,
    Cover,
    Person,
    Pin,
    Request,
    ShiftType,
    check,
    check_rule,
)
from planner.roster import groups as g
from planner.roster.builder import build
from planner.roster.checker import CHECKS

from .roster_factory import need, person, problem, solved

EARLY = ShiftType("E", 480, start=6 * 60, break_minutes=30)
LATE = ShiftType("L", 480, start=14 * 60, break_minutes=30)


@dataclass
class Case:
    name: str
    rule: str
    problem: object
    objective: int  # the optimum when the rule holds (a breach would cost less)
    bad: tuple  # a plan that breaks the rule
    people: tuple = ()
    days: tuple = ()
    values: dict = field(default_factory=dict)
    no_var: tuple | None = None  # (person, day, shift) the rule's variable filter removes


def _cases() -> list[Case]:
    a = Assignment
    return [
        Case("absence", g.ABSENCE,
             problem(2, [Person("A", absences={0: "Urlaub"})], [need(0, under=20), need(1)]),
             20, (a("A", 0, "D"),), ("A",), (0,), {"reason": "Urlaub", "shift": "D"}, ("A", 0, "D")),
        Case("qualification", g.QUALIFICATION,
             problem(1, [Person("A")], [need(0, shift="R")], shifts=[ShiftType("R", 480, task="reception")]),
             10, (a("A", 0, "R"),), ("A",), (0,), {"skill": "reception"}, ("A", 0, "R")),
        Case("organisation", g.ORGANISATION,
             problem(1, [Person("A", organisation="Stadt")], [need(0, shift="J")],
                     shifts=[ShiftType("J", 480, organisations={"Jobcenter"})]),
             10, (a("A", 0, "J"),), ("A",), (0,), {"organisation": "Stadt"}, ("A", 0, "J")),
        Case("offered weekday", g.OFFERED_DAY,
             problem(5, [person()], [need(d, shift="F") for d in range(5)], shifts=[ShiftType("F", 330, weekdays={4})]),
             40, (a("A", 0, "F"),), ("A",), (0,), {"weekday": 0, "offered": (4,)}, ("A", 0, "F")),
        Case("working time: daily maximum", g.WORKING_TIME,
             problem(1, [person()], [need(0, shift="X")], shifts=[ShiftType("X", 700, break_minutes=45)],
                     working_time_law=True),
             10, (a("A", 0, "X"),), ("A",), (0,), {"kind": "daily maximum", "work": 655, "limit": 600},
             ("A", 0, "X")),
        Case("working time: break", g.WORKING_TIME,
             problem(1, [person()], [need(0, shift="Y")], shifts=[ShiftType("Y", 420)], working_time_law=True),
             10, (a("A", 0, "Y"),), ("A",), (0,), {"kind": "break", "break": 0, "needed": 30}, ("A", 0, "Y")),
        Case("one shift a day", g.ONE_SHIFT_A_DAY,
             problem(1, [person()], [need(0, shift="E", under=10), need(0, shift="L", under=5)],
                     shifts=[ShiftType("E", 480), ShiftType("L", 480)]),
             5, (a("A", 0, "E"), a("A", 0, "L")), ("A",), (0,), {"shifts": ("E", "L")}),
        Case("unknown person", g.UNKNOWN, problem(1, [person()], [need(0)]), 0,
             (a("A", 0, "D"), a("Z", 0, "D")), ("Z",), (0,), {"shift": "D"}),
        Case("place of shift", g.PLACE,
             problem(1, [person()], [need(0, shift="C")], shifts=[ShiftType("C", 480, place="centre")]), 0,
             (a("A", 0, "C", "infopoint"),), ("A",), (0,), {"shift": "C"}),
        Case("rest of 11 hours", g.SUCCESSION,
             problem(2, [person()], [need(0, shift="L"), need(1, shift="E")], shifts=[EARLY, LATE],
                     rest_minutes=11 * 60),
             10, (a("A", 0, "L"), a("A", 1, "E")), ("A",), (0, 1), {"first": "L", "second": "E", "rest": 480}),
        Case("forbidden successor", g.SUCCESSION,
             problem(2, [person()], [need(0, shift="N"), need(1, shift="D")],
                     shifts=[ShiftType("N", 480, forbidden_next={"D"}), ShiftType("D", 480)]),
             10, (a("A", 0, "N"), a("A", 1, "D")), ("A",), (0, 1), {"first": "N", "second": "D"}),
        Case("max shifts of a type", g.MAX_SHIFTS,
             problem(2, [person(max_shifts={"D": 1})], [need(0), need(1)]),
             10, (a("A", 0, "D"), a("A", 1, "D")), ("A",), (), {"shift": "D", "limit": 1, "actual": 2}),
        Case("max shifts zero (filter)", g.MAX_SHIFTS,
             problem(1, [person(max_shifts={"D": 0})], [need(0)]),
             10, (a("A", 0, "D"),), ("A",), (), {"limit": 0, "actual": 1}, ("A", 0, "D")),
        Case("total minutes", g.TOTAL_MINUTES,
             problem(2, [person(max_minutes=480)], [need(0), need(1)]),
             10, (a("A", 0, "D"), a("A", 1, "D")), ("A",), (), {"max": 480, "actual": 960}),
        Case("weekly minutes", g.WEEKLY_MINUTES,
             problem(2, [person(max_minutes_per_week=480)], [need(0), need(1)]),
             10, (a("A", 0, "D"), a("A", 1, "D")), ("A",), (0, 1), {"week": 0, "max": 480, "actual": 960}),
        Case("max consecutive days", g.MAX_CONSECUTIVE,
             problem(3, [person(max_consecutive_days=2)], [need(d) for d in range(3)]),
             10, tuple(a("A", d, "D") for d in range(3)), ("A",), (0, 1, 2), {"limit": 2, "actual": 3}),
        Case("min consecutive days", g.MIN_CONSECUTIVE,
             problem(3, [person(min_consecutive_days=2)],
                     [need(0, required=0, over=1), need(1), need(2, required=0, over=1)]),
             1, (a("A", 1, "D"),), ("A",), (1,), {"limit": 2, "actual": 1}),
        Case("min consecutive days off", g.MIN_DAYS_OFF,
             problem(3, [person(min_consecutive_days_off=2)], [need(0), need(1, required=0, over=1), need(2)]),
             1, (a("A", 0, "D"), a("A", 2, "D")), ("A",), (1,), {"limit": 2, "actual": 1}),
        Case("max weekends", g.MAX_WEEKENDS,
             problem(14, [person(max_weekends=1)], [need(5), need(12)]),
             10, (a("A", 5, "D"), a("A", 12, "D")), ("A",), (5, 12), {"limit": 1, "actual": 2}),
        Case("locked day off", g.PIN,
             problem(1, [person()], [need(0)], pins=(Pin("A", 0, None),)),
             10, (a("A", 0, "D"),), ("A",), (0,), {"shift": None, "worked": "D"}),
        Case("locked shift", g.PIN,
             problem(1, [person()], [need(0, required=0, over=3)], pins=(Pin("A", 0, "D"),)),
             3, (), ("A",), (0,), {"shift": "D", "worked": None}),
        Case("minimum cover", g.COVER_MINIMUM,
             problem(1, [person()], [need(0, under=1, minimum=1)], requests=(Request("A", 0, None, 5, False),),
                     start_date=date(2026, 11, 30)),
             5, (), (), (0,), {"minimum": 1, "heads": 0, "shift": "D"}),
    ]


CASES = _cases()


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_model_and_checker_agree(case: Case):
    result = solved(case.problem)  # the whole checker agrees: no hard violation, same objective
    assert result.objective == case.objective
    assert check_rule(case.rule, case.problem, result.assignments) == ()


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_a_plan_that_breaks_the_rule_is_flagged_with_its_id(case: Case):
    found = check_rule(case.rule, case.problem, case.bad)
    assert len(found) == 1, found
    [fact] = found
    assert fact.rule == case.rule
    assert fact.people == case.people
    assert fact.days == case.days
    for name, value in case.values.items():
        assert fact.value(name) == value, (name, fact.values)
    assert case.rule in {v.rule for v in check(case.problem, case.bad).hard_violations}


@pytest.mark.parametrize("case", [c for c in CASES if c.no_var], ids=[c.name for c in CASES if c.no_var])
def test_a_structural_rule_is_encoded_by_its_variable_filter(case: Case):
    built = build(case.problem)
    who, day, shift = case.no_var
    v = built.vars
    assert v.get(v.person_index[who], day, v.shift_index[shift]) is None


def test_every_hard_rule_has_a_check_and_a_case():
    hard = {g.PIN, g.MAX_SHIFTS, g.TOTAL_MINUTES, g.WEEKLY_MINUTES, g.MAX_CONSECUTIVE, g.MIN_CONSECUTIVE,
            g.MIN_DAYS_OFF, g.MAX_WEEKENDS, g.SUCCESSION, g.COVER_MINIMUM, g.ONE_SHIFT_A_DAY, g.ABSENCE,
            g.QUALIFICATION, g.ORGANISATION, g.WORKING_TIME, g.UNKNOWN, g.PLACE, g.OFFERED_DAY}
    assert set(CHECKS) == hard
    assert {c.rule for c in CASES} == hard


def test_a_relaxed_group_is_priced_not_a_hard_violation():
    p = problem(3, [person(max_consecutive_days=2)], [need(d) for d in range(3)])
    bad = tuple(Assignment("A", d, "D") for d in range(3))
    group = g.RuleGroup(g.MAX_CONSECUTIVE, person="A")
    report = check(p, bad, {group})
    assert report.ok and [v.group for v in report.relaxed_violations] == [group]
    assert report.objective == g.RELAX_WEIGHT

