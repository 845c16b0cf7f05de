"""Offered weekday: a shift type is worked only on the weekdays it is offered on.

Model: no decision variable exists for a day the shift is not offered (``allows``, applied
by variables.RosterVars); ``add`` has nothing left to do. Check: reads the plan itself.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from ..findings import Finding
from ..groups import OFFERED_DAY
from ..model import Problem, ShiftType

if TYPE_CHECKING:
    from ..variables import BuildContext
    from ..worked import Worked

RULES = (OFFERED_DAY,)


def allows(problem: Problem, shift: ShiftType, day: int) -> bool:
    return shift.weekdays is None or problem.weekday(day) in shift.weekdays


def add(ctx: BuildContext) -> None:
    """Encoded by the variable filter (``allows``)."""


def check(worked: Worked) -> Iterator[Finding]:
    problem = worked.problem
    for (pid, day), shift in worked.grid.items():
        weekday = (problem.start_weekday + day) % 7
        if shift.weekdays is not None and weekday not in shift.weekdays:
            yield Finding(OFFERED_DAY, (pid,), (shift.place,) if shift.place else (), (day,),
                          values={"shift": shift.id, "weekday": weekday,
                                  "offered": tuple(sorted(shift.weekdays))})
