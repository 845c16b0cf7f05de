"""Starting plans for a warm start: the published plan moved in time, or a rotation."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from .model import Assignment


def shifted(plan: Iterable[Assignment], offset: int, days: int) -> tuple[Assignment, ...]:
    """The plan moved ``offset`` days earlier (e.g. 7: last week's plan as this week's start),
    keeping only the days that land inside a horizon of ``days``."""
    return tuple(sorted(
        Assignment(a.person, a.day - offset, a.shift, a.place)
        for a in plan if 0 <= a.day - offset < days
    ))


def rotated(plan: Iterable[Assignment], order: Sequence[str], steps: int = 1) -> tuple[Assignment, ...]:
    """Each person in ``order`` takes over the pattern of the person ``steps`` places before
    them (cyclically), as in a rotation that staff move through week by week. People not in
    ``order`` keep their own pattern."""
    position = {pid: i for i, pid in enumerate(order)}
    out = []
    for a in plan:
        i = position.get(a.person)
        person = a.person if i is None else order[(i + steps) % len(order)]
        out.append(Assignment(person, a.day, a.shift, a.place))
    return tuple(sorted(out))
