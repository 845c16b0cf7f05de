"""One test per rule, each on a problem small enough to solve by hand."""

from __future__ import annotations

from datetime import date

from planner.roster import (
    Assignment,
    Contract,
    Cover,
    FairnessRule,
    Person,
    Pin,
    Request,
    ShiftType,
    check,
    forbidden_successors,
    working_time_issues,
)

from planner.roster.rules.succession import successor_cliques

from .roster_factory import DAY, need, person, problem, solved, worked

EARLY = ShiftType("E", 480, start=6 * 60, break_minutes=30)
LATE = ShiftType("L", 480, start=14 * 60, break_minutes=30)


def test_one_shift_a_day_takes_the_costlier_gap():
    p = problem(1, [person()], [need(0, shift="E", under=10), need(0, shift="L", under=5)],
                shifts=[ShiftType("E", 480), ShiftType("L", 480)])
    r = solved(p)
    assert [a.shift for a in r.assignments] == ["E"]
    assert r.objective == 5


def test_absence_is_never_worked():
    p = problem(2, [Person("A", absences={0: "Urlaub"})], [need(0), need(1)])
    r = solved(p)
    assert worked(r) == [1]
    assert r.objective == 10


def test_task_needs_the_skill():
    reception = ShiftType("R", 480, task="reception")
    p = problem(1, [Person("A", skills={"reception"}), Person("B")],
                [need(0, required=2, shift="R")], shifts=[reception],
                requests=(Request("B", 0, "R", 3, True),))
    r = solved(p)
    assert [a.person for a in r.assignments] == ["A"]
    assert r.objective == 10 + 3


def test_partner_shift_only_for_its_organisation():
    jc = ShiftType("J", 480, organisations={"Jobcenter"})
    p = problem(1, [Person("A", organisation="Stadt"), Person("B", organisation="Jobcenter")],
                [need(0, required=2, shift="J")], shifts=[jc])
    r = solved(p)
    assert [a.person for a in r.assignments] == ["B"]


def test_shift_only_on_the_weekdays_it_is_offered():
    friday = ShiftType("F", 330, weekdays={4})
    # Monday 0 .. Friday 4: the shift can only fill Friday's need.
    p = problem(5, [person()], [need(d, shift="F") for d in range(5)], shifts=[friday])
    r = solved(p)
    assert worked(r) == [4]
    assert r.objective == 4 * 10
    bad = check(p, (Assignment("A", 0, "F"),))
    assert any(v.rule == "shift offered on that weekday" for v in bad.hard_violations)


def test_working_time_law_on_shift_types():
    assert working_time_issues(ShiftType("ok", 510, break_minutes=30)) == ()
    assert working_time_issues(ShiftType("no break", 420))  # 7 h of work, no break
    assert working_time_issues(ShiftType("short break", 600, break_minutes=30))  # 9.5 h
    assert working_time_issues(ShiftType("too long", 700, break_minutes=45))  # 10.9 h
    assert working_time_issues(ShiftType("six", 360)) == ()
    unlawful = ShiftType("X", 420)
    r = solved(problem(1, [person()], [need(0, shift="X")], shifts=[unlawful],
                       working_time_law=True))
    assert r.assignments == () and r.objective == 10
    r = solved(problem(1, [person()], [need(0, shift="X")], shifts=[unlawful],
                       working_time_law=False))
    assert len(r.assignments) == 1 and r.objective == 0


def test_max_shifts_of_a_type():
    r = solved(problem(4, [person(max_shifts={"D": 2})], [need(d) for d in range(4)]))
    assert len(worked(r)) == 2 and r.objective == 20


def test_total_minutes_minimum_forces_work_despite_over_cover():
    covers = [need(d, required=0, over=1) for d in range(3)]
    r = solved(problem(3, [person(min_minutes=960)], covers))
    assert len(worked(r)) == 2 and r.objective == 2


def test_total_minutes_maximum():
    r = solved(problem(3, [person(max_minutes=480)], [need(d) for d in range(3)]))
    assert len(worked(r)) == 1 and r.objective == 20


def test_weekly_minutes_per_calendar_week():
    # Starts on a Saturday: week 0 has two days, week 1 has seven.
    p = problem(9, [person(max_minutes_per_week=960)], [need(d) for d in range(9)],
                start_weekday=5)
    r = solved(p)
    days = worked(r)
    assert sum(d < 2 for d in days) == 2 and sum(d >= 2 for d in days) == 2
    assert r.objective == 50


def test_max_consecutive_days():
    r = solved(problem(5, [person(max_consecutive_days=3)], [need(d) for d in range(5)]))
    assert r.objective == 10 and len(worked(r)) == 4


def test_min_consecutive_days_with_edges_exempt():
    covers = [need(0, required=0, over=1), need(1, under=10), need(2, required=0, over=1)]
    r = solved(problem(3, [person(min_consecutive_days=2)], covers))
    # Working day 1 alone is an inner run of 1; a run touching an edge is allowed.
    assert worked(r) in ([0, 1], [1, 2]) and r.objective == 1


def test_min_consecutive_days_off():
    covers = [need(0), need(1, required=0, over=1), need(2)]
    r = solved(problem(3, [person(min_consecutive_days_off=2)], covers))
    assert worked(r) == [0, 1, 2] and r.objective == 1


def test_max_weekends():
    weekend = [5, 6, 12, 13]
    r = solved(problem(14, [person(max_weekends=1)], [need(d) for d in weekend]))
    assert len(worked(r)) == 2 and r.objective == 20
    assert len({d // 7 for d in worked(r)}) == 1


def test_forbidden_successor_from_the_instance():
    late = ShiftType("L", 480, forbidden_next={"E"})
    early = ShiftType("E", 480)
    p = problem(2, [person()], [need(0, shift="L"), need(1, shift="E", under=5)],
                shifts=[early, late])
    r = solved(p)
    assert [(a.day, a.shift) for a in r.assignments] == [(0, "L")] and r.objective == 5


def test_shifts_with_the_same_forbidden_successors_share_one_clique_that_bans_no_more():
    # Two night types may not be followed by the early one; one night may follow the other.
    night, late_night = ShiftType("N", 480, forbidden_next={"E"}), ShiftType("M", 480, forbidden_next={"E"})
    early = ShiftType("E", 480)
    shifts = [early, night, late_night]
    index = {s.id: i for i, s in enumerate(shifts)}
    p = problem(2, [person()], [need(0, shift="N"), need(1, shift="M")], shifts=shifts)
    assert successor_cliques(p, index) == [(frozenset({1, 2}), frozenset({0}))]
    r = solved(p)
    assert [(a.day, a.shift) for a in r.assignments] == [(0, "N"), (1, "M")] and r.objective == 0
    banned = problem(2, [person()], [need(0, shift="M"), need(1, shift="E", under=5)],
                     shifts=shifts)
    r = solved(banned)
    assert [(a.day, a.shift) for a in r.assignments] == [(0, "M")] and r.objective == 5


def test_rest_of_eleven_hours_derives_successors():
    p = problem(2, [person()], [need(0, shift="L"), need(1, shift="E", under=5)],
                shifts=[EARLY, LATE], rest_minutes=660)
    assert forbidden_successors(p) == {"E": frozenset(), "L": frozenset({"E"})}
    r = solved(p)
    assert r.objective == 5
    relaxed = problem(2, [person()], [need(0, shift="L"), need(1, shift="E", under=5)],
                      shifts=[EARLY, LATE], rest_minutes=None)
    assert solved(relaxed).objective == 0


def test_pins_are_kept_against_requests():
    p = problem(2, [person()], [need(0), need(1)],
                requests=(Request("A", 0, "D", 50, False),),
                pins=(Pin("A", 0, "D"), Pin("A", 1, None)))
    r = solved(p)
    assert worked(r) == [0]
    assert r.objective == 50 + 10


def test_cover_by_time_slot_counts_spanning_shifts_only():
    morning = ShiftType("M", 480, start=8 * 60, break_minutes=30)
    evening = ShiftType("V", 480, start=12 * 60, break_minutes=30)
    night = ShiftType("N", 480, start=22 * 60, break_minutes=30)
    slot = Cover(day=1, slot=(10 * 60, 10 * 60 + 30), required=1, under_weight=10)
    early_slot = Cover(day=1, slot=(3 * 60, 4 * 60), required=1, under_weight=7)
    p = problem(2, [person(), person("B")], [slot, early_slot], shifts=[morning, evening, night],
                working_time_law=True)
    r = solved(p)
    got = {(a.day, a.shift) for a in r.assignments}
    # The night shift of day 0 runs past midnight into day 1's 03:00 slot.
    assert (1, "M") in got and (0, "N") in got and r.objective == 0


def test_over_cover_costs_per_extra_person_and_skill_filter():
    counsel = ShiftType("C", 480)
    p = problem(1, [Person("A", skills={"social"}), Person("B")],
                [Cover(day=0, shift="C", skill="social", required=1, under_weight=10,
                       over_weight=2)],
                shifts=[counsel], requests=(Request("B", 0, "C", 1, True),
                                            Request("A", 0, "C", 1, True)))
    r = solved(p)
    # B's work does not count for "social", so granting B's wish costs no over-cover.
    assert {a.person for a in r.assignments} == {"A", "B"} and r.objective == 0


def test_language_cover_is_soft_and_reported_apart():
    p = problem(1, [Person("A", languages={"uk"}), Person("B")],
                [need(0, required=1, under=1),
                 Cover(day=0, shift="D", language="uk", required=1, under_weight=8)],
                requests=(Request("A", 0, None, 5, False),))
    r = solved(p)
    assert r.objective == 5  # A works despite the day-off wish: 8 > 5
    rules = {row.rule: row.penalty for row in r.score}
    assert rules["language under-cover"] == 0 and rules["shift-off request"] == 5


def test_requests_on_and_off_by_weight():
    p = problem(1, [person()], [], requests=(Request("A", 0, "D", 4, True),
                                              Request("A", 0, None, 3, False)))
    r = solved(p)
    assert worked(r) == [0] and r.objective == 3
    summary = r.people[0]
    assert (summary.requests_granted, summary.requests_total) == (1, 2)


def test_stay_close_to_the_previous_plan():
    before = (Assignment("A", 0, "D"), Assignment("B", 1, "D"))
    p = problem(2, [person(), person("B")], [need(0), need(1)], previous_plan=before,
                change_weight=3, requests=(Request("A", 1, "D", 2, True),))
    r = solved(p)
    assert set(r.assignments) == set(before) and r.objective == 2
    heavier = problem(2, [person(), person("B")], [need(0), need(1)], previous_plan=before,
                      change_weight=1, requests=(Request("A", 1, "D", 5, True),))
    r = solved(heavier)
    # A takes day 1 as well (one change); B keeps it, as over-cover is free here.
    assert worked(r, "A") == [0, 1] and worked(r, "B") == [1] and r.objective == 1


def test_fairness_counts_carry_over_from_earlier_weeks():
    late = ShiftType("L", 480)
    rule = FairnessRule("late shifts", frozenset({"L"}), weight=4, carried={"A": 3})
    p = problem(2, [person(), person("B")], [need(0, shift="L"), need(1, shift="L")],
                shifts=[late], fairness=(rule,))
    r = solved(p)
    # Both lates go to B: counts A 3, B 2 -> spread 1.
    assert worked(r, "B") == [0, 1] and r.objective == 4


def test_person_summary_counts_minutes_and_weekends():
    shift = ShiftType("S", 510, break_minutes=30)
    p = problem(7, [person()], [need(d, shift="S") for d in (4, 5, 6)], shifts=[shift],
                start_date=date(2026, 11, 30))
    r = solved(p)
    s = r.people[0]
    assert (s.shifts, s.minutes, s.weekends) == (3, 3 * 480, 1)
