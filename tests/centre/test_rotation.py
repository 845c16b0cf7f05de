"""A cyclic rotation spreads the unpopular duties evenly and rolls out week by week."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from planner.rotation import build_rotation
from planner.roster import SolveOptions
from planner.centre import build_week_problem
from planner.roster import check as check_plan
from tests.centre.factory import MONDAY, members, week


def test_four_week_rotation_spreads_late_shifts_and_repeats():
    rotation = build_rotation(week(), 4, SolveOptions(time_limit_s=30, num_workers=2, random_seed=0))
    assert rotation.result.feasible and rotation.result.check.ok
    late = Counter(s.person for s in rotation.shifts if s.template in ("SPAET", "NACHM"))
    doing_late = {m.id for m in members() if m.role in ("social_worker", "language_adviser", "reception")}
    counts = [late.get(p, 0) for p in doing_late]
    assert max(counts) - min(counts) <= 2  # over the cycle, late shifts come round evenly

    # Week k of the calendar takes pattern k mod 4: week 5 repeats week 1, shifted by 4 weeks.
    first = rotation.for_week(MONDAY)
    fifth = rotation.for_week(MONDAY + dt.timedelta(weeks=4))
    assert first and [(s.person, s.day + dt.timedelta(weeks=4), s.shift_id) for s in first] == \
        [(s.person, s.day, s.shift_id) for s in fifth]
    second = rotation.for_week(MONDAY + dt.timedelta(weeks=1))
    assert {(s.person, s.day.weekday(), s.shift_id) for s in second} != \
        {(s.person, s.day.weekday(), s.shift_id) for s in first}


def test_a_week_of_the_rotation_is_a_valid_plan_of_that_week():
    rotation = build_rotation(week(), 2, SolveOptions(time_limit_s=20, num_workers=2, random_seed=0))
    from planner.roster import Assignment

    plan = rotation.for_week(MONDAY + dt.timedelta(weeks=1))
    w = week(monday=MONDAY + dt.timedelta(weeks=1), required={
        (p, r, d + dt.timedelta(weeks=1), m): n for (p, r, d, m), n in week().required.items()})
    problem = build_week_problem(w)
    index = {d: i for i, d in enumerate(w.dates)}
    report = check_plan(problem, [Assignment(s.person, index[s.day], s.shift_id, s.place) for s in plan])
    assert report.ok, report.hard_violations
