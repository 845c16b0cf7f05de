"""Skill and role fit: a shift with a task is worked only by a person with that skill.

Model: no decision variable exists for a person and a shift type whose task they lack
(``allows``, applied by variables.may_work); ``add`` has nothing left to do. Check: reads the
plan itself.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from ..findings import Finding
from ..groups import QUALIFICATION
from ..model import Person, ShiftType

if TYPE_CHECKING:
    from ..variables import BuildContext
    from ..worked import Worked

RULES = (QUALIFICATION,)


def allows(person: Person, shift: ShiftType) -> bool:
    return shift.task is None or shift.task in person.skills


def add(ctx: BuildContext) -> None:
    """Encoded by the variable filter (``allows``)."""


def check(worked: Worked) -> Iterator[Finding]:
    for (pid, day), shift in worked.grid.items():
        skills = worked.problem.person(pid).skills
        if shift.task is not None and shift.task not in skills:
            yield Finding(QUALIFICATION, (pid,), (shift.place,) if shift.place else (), (day,),
                          values={"shift": shift.id, "skill": shift.task})
