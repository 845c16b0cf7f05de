"""Ranked replacement proposals (planner/replacements.py): one test per criterion."""

from __future__ import annotations

import datetime as dt

from planner.centre import Member
from planner.replacements import Booked, OpenShift, Situation, check, open_part, rank

MON = dt.date(2026, 12, 7)
TUE = MON + dt.timedelta(days=1)
BOTH = frozenset({"centre", "infopoint"})


def member(ident: str, role: str = "social_worker", places=BOTH, hours: float = 39) -> Member:
    return Member(ident, f"N{ident}", role, "city", frozenset({"de"}), int(hours * 60), frozenset(places))


# Reception at the Infopoint, Tuesday 08:45-12:30.
RECEPTION = OpenShift(TUE, "infopoint", "VORM", "reception", 8 * 60 + 45, 12 * 60 + 30)
COUNSEL = OpenShift(TUE, "centre", "FRUEH", "counselling", 7 * 60 + 45, 13 * 60 + 45)


def test_a_free_fitting_colleague_is_eligible():
    situation = Situation((member("1", "reception"),))
    assert check(situation.members[0], RECEPTION, situation) == ()
    assert rank(RECEPTION, situation)[0].eligible


def test_someone_absent_that_day_is_not_free():
    situation = Situation((member("1", "reception"),), absent={"1": {TUE: 0}})
    assert check(situation.members[0], RECEPTION, situation) == ("absent",)


def test_an_absence_from_after_the_shift_ends_does_not_count_but_one_during_it_does():
    after = Situation((member("1", "reception"),), absent={"1": {TUE: 13 * 60}})
    during = Situation((member("1", "reception"),), absent={"1": {TUE: 10 * 60}})
    assert check(after.members[0], RECEPTION, after) == ()
    assert check(during.members[0], RECEPTION, during) == ("absent",)


def test_someone_with_a_shift_that_day_is_busy():
    situation = Situation((member("1", "reception"),), booked=(Booked("1", TUE, "centre", 10 * 60, 16 * 60 + 30, 30),))
    assert "busy" in check(situation.members[0], RECEPTION, situation)


def test_the_role_must_fit_the_task():
    situation = Situation((member("1", "social_worker"), member("2", "reception"), member("3", "coordination")))
    broken = {p.person: p.broken for p in rank(RECEPTION, situation)}
    assert broken == {"1": ("role",), "2": (), "3": ()}  # coordination may stand in at reception
    assert {p.person: p.broken for p in rank(COUNSEL, situation)}["2"] == ("role",)


def test_the_place_must_be_a_home_place():
    situation = Situation((member("1", "reception", places={"centre"}),))
    assert check(situation.members[0], RECEPTION, situation) == ("place",)


def test_eleven_hours_rest_after_the_day_before_and_before_the_day_after():
    late_monday = Booked("1", MON, "centre", 10 * 60, 22 * 60)  # ends 22:00: 10 h 45 min before 08:45
    early_monday = Booked("1", MON, "centre", 7 * 60 + 45, 13 * 60 + 45)
    assert "rest" in check(member("1", "reception"), RECEPTION, Situation((member("1", "reception"),), (late_monday,)))
    assert "rest" not in check(member("1", "reception"), RECEPTION, Situation((member("1", "reception"),), (early_monday,)))
    evening = OpenShift(TUE, "centre", "X", "reception", 14 * 60, 21 * 60)
    early_wednesday = Booked("1", TUE + dt.timedelta(days=1), "centre", 7 * 60 + 45, 13 * 60 + 45)
    assert "rest" in check(member("1", "reception"), evening, Situation((member("1", "reception"),), (early_wednesday,)))


def test_daily_limit_and_break_of_the_working_time_law():
    long_day = OpenShift(TUE, "centre", "X", "reception", 7 * 60, 18 * 60, 45)  # 10 h 15 min of work
    no_break = OpenShift(TUE, "centre", "X", "reception", 8 * 60, 15 * 60, 0)  # 7 h without a break
    people = Situation((member("1", "reception"),))
    assert check(people.members[0], long_day, people) == ("daily_limit",)
    assert check(people.members[0], no_break, people) == ("break",)


def test_beyond_the_contract_is_overtime_ranked_last_and_beyond_48_hours_refused():
    # 12 h a week, 3 x 4 h already planned this week (the Sunday before is another week).
    booked = (Booked("1", MON, "centre", 8 * 60, 12 * 60),)
    booked += tuple(Booked("1", TUE + dt.timedelta(days=k), "centre", 8 * 60, 12 * 60) for k in (2, 3))
    booked += (Booked("1", MON - dt.timedelta(days=1), "centre", 8 * 60, 12 * 60),)
    people = (member("1", "reception", hours=12), member("2", "reception", hours=30))
    ranked = rank(RECEPTION, Situation(people, booked, balance={"1": -600, "2": 0}))
    first, second = ranked
    assert (first.person, first.overtime) == ("2", 0)  # within the contract comes first ...
    assert (second.person, second.week_minutes, second.overtime) == ("1", 12 * 60, 225)  # ... despite a lower balance
    assert second.eligible  # overtime is allowed for a stand-in
    full = tuple(Booked("3", MON + dt.timedelta(days=k), "centre", 7 * 60, 17 * 60 + 45, 45) for k in (0, 2, 3, 4))
    full += tuple(Booked("3", MON + dt.timedelta(days=k), "centre", 7 * 60, 12 * 60) for k in (5,))
    worker = member("3", "reception", hours=39)
    assert "weekly_law" in check(worker, RECEPTION, Situation((worker,), full))  # 45 h + 3 h 45 min > 48 h


def test_eligible_first_then_lowest_hour_balance():
    people = (member("1", "reception"), member("2", "reception"), member("3", "social_worker"))
    situation = Situation(people, balance={"1": 120, "2": -300, "3": -900})
    ranked = rank(RECEPTION, situation)
    assert [p.person for p in ranked] == ["2", "1", "3"]  # 3 is furthest below but may not do reception
    assert [p.eligible for p in ranked] == [True, True, False]


def test_fewer_recent_late_shifts_break_a_tie_for_a_late_shift_only():
    people = (member("1", "reception"), member("2", "reception"))
    situation = Situation(people, late_recent={"1": 4, "2": 1})
    late = OpenShift(TUE, "infopoint", "NACHM", "reception", 11 * 60 + 30, 15 * 60 + 15)
    assert [p.person for p in rank(late, situation)] == ["2", "1"]
    assert [p.person for p in rank(RECEPTION, situation)] == ["1", "2"]  # morning: by name


def test_someone_already_at_the_place_that_week_comes_before_an_equal_colleague():
    people = (member("1", "reception"), member("2", "reception"))
    booked = (Booked("2", MON, "infopoint", 8 * 60 + 45, 12 * 60 + 30),)
    assert [p.person for p in rank(RECEPTION, Situation(people, booked))] == ["2", "1"]


def test_the_person_who_dropped_out_is_never_proposed_and_others_faults_are_not_blamed():
    people = (member("1", "reception"), member("2", "reception"))
    # Person 2 breaks the rest rule elsewhere in the plan (Monday to Tuesday is not our concern).
    situation = Situation(people, (Booked("2", MON - dt.timedelta(days=7), "centre", 20 * 60, 23 * 60),), exclude=frozenset({"1"}))
    ranked = rank(RECEPTION, situation)
    assert [p.person for p in ranked] == ["2"] and ranked[0].eligible


def test_open_part_of_a_shift_after_a_mid_day_sick_call():
    assert open_part(TUE, 7 * 60 + 45, 16 * 60 + 30, 45, 11 * 60) == (11 * 60, 16 * 60 + 30, 0)  # 5.5 h: no break needed
    assert open_part(TUE, 7 * 60 + 45, 16 * 60 + 30, 45, 0) == (7 * 60 + 45, 16 * 60 + 30, 45)
    assert open_part(TUE, 7 * 60 + 45, 13 * 60 + 45, 0, 14 * 60) is None
