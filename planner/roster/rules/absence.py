"""Absence: nobody works on a day they are absent (leave, sickness, other unavailability).

Model: no decision variable exists for an absent person's day (``allows``, applied by
variables.RosterVars), the cheapest encoding of a fact that is never relaxed; ``add`` has
nothing left to do. Check: reads the plan itself, not the filter.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from ..findings import Finding
from ..groups import ABSENCE
from ..model import Person

if TYPE_CHECKING:
    from ..variables import BuildContext
    from ..worked import Worked

RULES = (ABSENCE,)


def allows(person: Person, day: int) -> bool:
    return day not in person.absences


def add(ctx: BuildContext) -> None:
    """Encoded by the variable filter (``allows``)."""


def check(worked: Worked) -> Iterator[Finding]:
    for (pid, day), shift in worked.grid.items():
        reason = worked.problem.person(pid).absences.get(day)
        if reason is not None:
            yield Finding(ABSENCE, (pid,), _place(shift), (day,), values={"shift": shift.id, "reason": reason})


def _place(shift) -> tuple[str, ...]:
    return (shift.place,) if shift.place else ()
