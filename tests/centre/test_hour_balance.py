"""Hour balances carried into the next plan (issue 20, point 4): among otherwise equal people,
the one with plus hours gets fewer hours and the one with minus hours more; the solver's
objective and the independent checker's agree on the new term."""

from __future__ import annotations

import datetime as dt

import pytest

from planner.centre import Member, ShiftTemplate, WeekInput, build_week_problem, hour_balance_weights, solve_centre_week
from planner.roster import SolveOptions, check

MONDAY = dt.date(2026, 11, 30)
DAYS = frozenset(range(5))


def _week(balances: dict[str, int]) -> WeekInput:
    """Reception all day by one person; counselling in the morning every day and in the
    afternoon Monday to Wednesday (8 half-day shifts) for two equal social workers of 20 h,
    each of whom may work 3 to 5 of them: who gets Thursday and Friday is free."""
    templates = (ShiftTemplate("centre", "FRUEH", "Früh", 480, 720, 0, DAYS),
                 ShiftTemplate("centre", "SPAET", "Spät", 720, 960, 0, DAYS),
                 ShiftTemplate("centre", "TAG", "Tag", 480, 960, 30, DAYS))
    members = (Member("a", "A", "social_worker", "city", frozenset(), 20 * 60, frozenset({"centre"})),
               Member("b", "B", "social_worker", "city", frozenset(), 20 * 60, frozenset({"centre"})),
               Member("r", "R", "reception", "city", frozenset(), 40 * 60, frozenset({"centre"})))
    required = {}
    for i in range(5):
        day = MONDAY + dt.timedelta(days=i)
        for minute in range(480, 960, 30):
            required[("centre", "reception", day, minute)] = 1
            required[("centre", "counselling", day, minute)] = 1 if (minute < 720 or i < 3) else 0
    return WeekInput(monday=MONDAY, templates=templates, members=members, turns=(),
                     opening={"centre": {d: (480, 960) for d in range(5)}}, required=required,
                     place_tasks={"centre": ("reception", "counselling")}, balances=balances)


def _hours(week: WeekInput) -> dict[str, int]:
    result, solved, relaxed = solve_centre_week(week, SolveOptions(time_limit_s=10, num_workers=2, random_seed=0))
    assert result.feasible and not relaxed
    report = check(build_week_problem(solved), result.assignments)
    assert report.ok and report.objective == result.objective  # the checker recomputes the term
    problem = build_week_problem(solved)
    lengths = {s.id: s.length for s in problem.shift_types}
    out: dict[str, int] = {}
    for a in result.assignments:
        out[a.person] = out.get(a.person, 0) + lengths[a.shift]
    return out


@pytest.mark.parametrize("plus, other", [("a", "b"), ("b", "a")])
def test_plus_hours_get_fewer_hours_next_week(plus, other):
    hours = _hours(_week({plus: 10 * 60}))
    assert hours[other] > hours[plus]
    assert hours[plus] == 3 * 240 and hours[other] == 5 * 240  # the floor for one, the rest for the other


def test_minus_hours_get_more_hours_next_week():
    hours = _hours(_week({"b": -10 * 60}))
    assert hours["b"] > hours["a"]


def test_weights_grow_with_the_balance_up_to_a_cap_and_leave_partners_out():
    week = _week({"a": 10 * 60, "b": -100 * 60, "r": 3 * 60})
    assert hour_balance_weights(week) == {"a": 2, "b": -3}  # under 4 h counts nothing
