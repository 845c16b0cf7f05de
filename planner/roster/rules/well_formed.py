"""A plan is well formed: each assignment names a known person, shift type and day of the
horizon, at the shift type's place.

Model: holds by construction (builder.BuiltModel.assignments reads only existing variables
and writes the shift type's place). Check: reads each assignment.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from ..findings import Finding
from ..groups import PLACE, UNKNOWN

if TYPE_CHECKING:
    from ..variables import BuildContext
    from ..worked import Worked

RULES = (UNKNOWN, PLACE)


def add(ctx: BuildContext) -> None:
    """Holds by construction of the plan from the variables."""


def check(worked: Worked) -> Iterator[Finding]:
    problem = worked.problem
    shifts = {s.id: s for s in problem.shift_types}
    people = {p.id for p in problem.people}
    for a in worked.assignments:
        if a.person not in people or a.shift not in shifts or not 0 <= a.day < problem.days:
            yield Finding(UNKNOWN, (a.person,), days=(a.day,), values={"shift": a.shift})
        elif a.place != shifts[a.shift].place:
            places = tuple(p for p in (a.place, shifts[a.shift].place) if p)
            yield Finding(PLACE, (a.person,), places, (a.day,), values={"shift": a.shift})
