"""Working-time law on a day (Arbeitszeitgesetz): at most 10 h of work, a break of 30 min
beyond 6 h and of 45 min beyond 9 h. (The 11 h of rest between two days are the rest rule,
rules/succession.py.)

Model: no decision variable exists for an unlawful shift type (``allows`` with the lawful ids
of law.py, applied by variables.may_work); ``add`` has nothing left to do. Check: recomputes
the limits from the shift's minutes, without law.py.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from ..findings import Finding
from ..groups import WORKING_TIME
from ..model import Problem, ShiftType

if TYPE_CHECKING:
    from ..variables import BuildContext
    from ..worked import Worked

RULES = (WORKING_TIME,)


def allows(shift: ShiftType, lawful: frozenset[str]) -> bool:
    return shift.id in lawful


def add(ctx: BuildContext) -> None:
    """Encoded by the variable filter (``allows``)."""


def unlawful(problem: Problem, shift: ShiftType) -> dict | None:
    """What of the law a shift type breaks (its values), None if nothing or the law is off."""
    if not problem.working_time_law:
        return None
    work = shift.length - shift.break_minutes
    if work > 600:
        return {"kind": "daily maximum", "shift": shift.id, "work": work, "limit": 600}
    needed = 45 if work > 540 else 30 if work > 360 else 0
    if shift.break_minutes < needed:
        return {"kind": "break", "shift": shift.id, "work": work, "break": shift.break_minutes,
                "needed": needed, "threshold": 540 if needed == 45 else 360}
    return None


def check(worked: Worked) -> Iterator[Finding]:
    for (pid, day), shift in worked.grid.items():
        broken = unlawful(worked.problem, shift)
        if broken is not None:
            yield Finding(WORKING_TIME, (pid,), (shift.place,) if shift.place else (), (day,), values=broken)
