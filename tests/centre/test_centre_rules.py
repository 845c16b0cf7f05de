"""The centre's rules, each checked on a solved demo week (no database)."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from planner.centre import (
    COORDINATION_FLOOR_SHARE,
    LockedShift,
    Wish,
    build_week_problem,
    planned_shifts,
    solve_centre_week,
)
from planner.roster import SolveOptions, check, solve
from tests.centre.factory import MONDAY, id_of, members, opening, week


def solve_week(w, seconds: float = 20.0):
    problem = build_week_problem(w)
    result = solve(problem, SolveOptions(time_limit_s=seconds, num_workers=2, random_seed=0))
    assert result.feasible, result.status
    report = check(problem, result.assignments)
    assert report.ok, report.hard_violations
    assert report.objective == result.objective
    return problem, result, planned_shifts(w, result.assignments)


@pytest.fixture(scope="module")
def solved():
    return solve_week(week())


def test_reception_at_every_open_slot_of_every_place(solved):
    _, _, shifts = solved
    for place, days in opening().items():
        for i in range(5):
            day = MONDAY + dt.timedelta(days=i)
            opens, closes = days[day.weekday()]
            for minute in range(opens, closes, 30):
                at_desk = [s for s in shifts if s.place == place and s.day == day and s.task == "reception"
                           and s.start <= minute and s.end >= minute + 30]
                assert at_desk, (place, day, minute)


def test_registration_only_by_citizen_services_and_partners_only_on_their_days(solved):
    _, _, shifts = solved
    roles = {m.id: m.role for m in members()}
    for s in shifts:
        if s.task == "registration":
            assert roles[s.person] == "citizen_services"
        if s.task == "jobcenter":
            assert roles[s.person] == "jobcenter_rep" and s.day.weekday() <= 3  # Monday to Thursday
        if roles[s.person] in ("citizen_services", "jobcenter_rep", "welfare_rep"):
            assert s.place == "centre" and s.task != "counselling"
    jobcenter_days = {s.day for s in shifts if s.task == "jobcenter"}
    assert len(jobcenter_days) == 4  # the agreed turn is filled every day


def test_shift_templates_run_only_on_their_weekdays(solved):
    _, _, shifts = solved
    for s in shifts:
        if s.template == "FREITAG":
            assert s.day.weekday() == 4
        if s.place == "centre" and s.template in ("FRUEH", "SPAET", "TAG"):
            assert s.day.weekday() <= 3


def test_coordination_desk_time_is_limited(solved):
    _, _, shifts = solved
    minutes = Counter()
    for s in shifts:
        minutes[s.person] += s.end - s.start - s.break_minutes
    for m in members():
        limit = m.weekly_minutes * (COORDINATION_FLOOR_SHARE if m.role == "coordination" else 1)
        assert minutes[m.id] <= limit, m.name


def test_working_time_law_and_breaks(solved):
    _, _, shifts = solved
    for s in shifts:
        work = s.end - s.start - s.break_minutes
        assert work <= 10 * 60
        if work > 9 * 60:
            assert s.break_minutes >= 45
        elif work > 6 * 60:
            assert s.break_minutes >= 30


def test_absent_people_and_public_holidays_are_free():
    olena = id_of("Olena")
    w = week(absences={olena: {MONDAY: "vacation", MONDAY + dt.timedelta(days=1): "sick"}},
             closed_days=frozenset({MONDAY + dt.timedelta(days=2)}))
    _, _, shifts = solve_week(w)
    assert not [s for s in shifts if s.person == olena and s.day <= MONDAY + dt.timedelta(days=1)]
    assert not [s for s in shifts if s.day == MONDAY + dt.timedelta(days=2)]


def test_a_locked_shift_stays():
    dmytro = id_of("Dmytro")
    lock = LockedShift(dmytro, MONDAY, "infopoint.VORM.counselling")
    _, _, shifts = solve_week(week(locked=(lock,)))
    assert [s.shift_id for s in shifts if s.person == dmytro and s.day == MONDAY] == ["infopoint.VORM.counselling"]


def test_wishes_are_granted_when_they_cost_little():
    julia = id_of("Julia")
    wish = Wish(julia, MONDAY + dt.timedelta(days=4), desired=False, weight=10)
    _, _, shifts = solve_week(week(wishes=(wish,)))
    assert not [s for s in shifts if s.person == julia and s.day == wish.day]


def test_fairness_counts_the_weeks_before():
    """Whoever did many late shifts in the last weeks gets none this week."""
    _, _, base = solve_week(week())
    late = Counter(s.person for s in base if s.template in ("SPAET", "NACHM"))
    if not late:
        pytest.skip("the plan has no late shifts to spread")
    busiest = late.most_common(1)[0][0]
    carried = {"late shifts": {busiest: 12}}
    _, _, shifts = solve_week(week(carried=carried))
    assert not [s for s in shifts if s.person == busiest and s.template in ("SPAET", "NACHM")]


def test_resolving_after_one_locked_change_keeps_the_rest(solved):
    """The issue's target: at least 90 % of the other assignments stay."""
    _, _, shifts = solved
    moved = next(s for s in shifts if s.task == "counselling" and s.place == "centre")
    other_place = "infopoint.TAG.counselling"
    lock = LockedShift(moved.person, moved.day, other_place)
    w = week(locked=(lock,), previous=tuple(shifts))
    _, _, again = solve_week(w)
    before = {(s.person, s.day): s.shift_id for s in shifts if (s.person, s.day) != (moved.person, moved.day)}
    after = {(s.person, s.day): s.shift_id for s in again}
    kept = sum(1 for key, value in before.items() if after.get(key) == value)
    assert kept / len(before) >= 0.9
    assert after[(moved.person, moved.day)] == other_place


def test_too_few_receptionists_is_explained_and_a_relaxed_plan_offered():
    reception = [m.id for m in members() if m.role in ("reception", "coordination")]
    away = {pid: {MONDAY + dt.timedelta(days=i): "sick" for i in range(5)} for pid in reception[1:]}
    w = week(absences=away)
    result, relaxed_week, relaxed_rules = solve_centre_week(w, SolveOptions(time_limit_s=20, num_workers=2))
    assert result.conflicts, "an infeasible week must name its colliding rules"
    # As facts: a cover's candidates include receptionists absent on its day ...
    assert any(set(f.value("absent", ())) & set(reception[1:]) for c in result.conflicts for f in c.findings)
    # ... and in the coordinator's words.
    from dashboard.texts.rule_words import conflict_text

    german = [conflict_text(build_week_problem(w), c, "de") for c in result.conflicts]
    assert any("Katrin" in text and "abwesend" in text for text in german)
    assert relaxed_week.relaxed and relaxed_rules
    assert result.feasible and result.assignments
    report = check(build_week_problem(relaxed_week), result.assignments)
    assert report.ok and report.objective == result.objective
    # The one receptionist left is at a desk: the relaxed plan still does what it can.
    assert any(a.person == reception[0] and a.shift.endswith("reception") for a in result.assignments)
