"""Heads in a slot: who counts for a cover, and when a shift is in a time slot.

The one definition used by the cover rule of the model (rules/cover.py), the checker and
the Planner page's coverage chart, so that the three always count the same heads.
"""

from __future__ import annotations

from .model import MINUTES_PER_DAY, Cover, Person, Problem, ShiftType


def in_slot(start: int, end: int, slot: tuple[int, int]) -> bool:
    """Whether work from ``start`` to ``end`` spans the whole slot (minutes on one time axis)."""
    return start <= slot[0] and end >= slot[1]


def counts_for(cover: Cover, person: Person, shift: ShiftType) -> bool:
    """Whether this person on this shift type is one of the cover's heads (day and time aside)."""
    if cover.place is not None and shift.place != cover.place:
        return False
    if cover.language is not None and cover.language not in person.languages:
        return False
    if cover.skill is not None:
        # A shift with a task fixes what its worker does; otherwise the person's skills count.
        if shift.task is not None:
            if shift.task != cover.skill:
                return False
        elif cover.skill not in person.skills:
            return False
    return True


def works_in(cover: Cover, day: int, shift: ShiftType) -> bool:
    """Whether working ``shift`` on ``day`` puts a head into the cover's shift or time slot
    (a shift of the day before that runs past midnight counts for an early slot)."""
    if cover.shift is not None:
        return day == cover.day and shift.id == cover.shift
    if shift.start is None:
        return False
    start = day * MINUTES_PER_DAY + shift.start
    base = cover.day * MINUTES_PER_DAY
    return in_slot(start, start + shift.length, (base + cover.slot[0], base + cover.slot[1]))


def covering_days(problem: Problem, cover: Cover, shift: ShiftType) -> list[int]:
    """Days on which working ``shift`` puts a head into the cover (``problem`` is not needed;
    the parameter stays for the callers of the model and the greedy start)."""
    if cover.shift is not None:
        return [cover.day] if shift.id == cover.shift else []
    if shift.start is None:
        return []
    reach = (shift.start + shift.length) // MINUTES_PER_DAY
    return [d for d in range(max(0, cover.day - reach), cover.day + 1) if works_in(cover, d, shift)]


def is_head(cover: Cover, person: Person, day: int, shift: ShiftType) -> bool:
    """Whether ``person`` working ``shift`` on ``day`` is one of the cover's heads."""
    return works_in(cover, day, shift) and counts_for(cover, person, shift)

