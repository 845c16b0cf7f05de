"""Heads in a slot: one definition for the model's cover rule, the checker and the Planner page."""

from __future__ import annotations

from planner.roster import Assignment, Cover, Person, ShiftType, check
from planner.roster.heads import counts_for, covering_days, in_slot, is_head

from .roster_factory import problem, solved

NIGHT = ShiftType("N", 480, start=22 * 60)  # 22:00 to 06:00 the next morning
DESK = ShiftType("R", 240, start=8 * 60, task="reception")


def test_a_shift_counts_for_a_slot_only_if_it_spans_all_of_it():
    assert in_slot(8 * 60, 12 * 60, (8 * 60, 8 * 60 + 30))
    assert in_slot(8 * 60, 12 * 60, (11 * 60 + 30, 12 * 60))
    assert not in_slot(8 * 60, 12 * 60, (11 * 60 + 45, 12 * 60 + 15))  # ends inside the slot
    assert not in_slot(8 * 60 + 15, 12 * 60, (8 * 60, 8 * 60 + 30))  # starts inside the slot


def test_a_night_shift_counts_for_the_next_mornings_early_slot():
    early = Cover(day=1, slot=(5 * 60, 5 * 60 + 30), required=1, under_weight=10)
    assert covering_days(None, early, NIGHT) == [0]
    assert is_head(early, Person("A"), 0, NIGHT) and not is_head(early, Person("A"), 1, NIGHT)
    p = problem(2, [Person("A")], [early], shifts=[NIGHT])
    assert solved(p).objective == 0  # the model puts A on day 0's night shift ...
    assert check(p, (Assignment("A", 0, "N"),)).objective == 0  # ... and the checker counts it
    assert check(p, (Assignment("A", 1, "N"),)).objective == 10


def test_a_task_fixes_the_role_a_person_counts_for():
    reception = Cover(day=0, slot=(8 * 60, 9 * 60), required=1, under_weight=1, skill="reception")
    counselling = Cover(day=0, slot=(8 * 60, 9 * 60), required=1, under_weight=1, skill="counselling")
    both = Person("A", skills={"reception", "counselling"})
    assert counts_for(reception, both, DESK) and not counts_for(counselling, both, DESK)
    untasked = ShiftType("D", 240, start=8 * 60)
    assert counts_for(counselling, both, untasked) and not counts_for(counselling, Person("B"), untasked)
