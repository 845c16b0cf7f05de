"""Organisation slots: a shift reserved for some organisations (a partner's turn) is worked
only by their people.

Model: no decision variable exists for a person of another organisation (``allows``, applied
by variables.may_work); ``add`` has nothing left to do. Check: reads the plan itself.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from ..findings import Finding
from ..groups import ORGANISATION
from ..model import Person, ShiftType

if TYPE_CHECKING:
    from ..variables import BuildContext
    from ..worked import Worked

RULES = (ORGANISATION,)


def allows(person: Person, shift: ShiftType) -> bool:
    return not shift.organisations or person.organisation in shift.organisations


def add(ctx: BuildContext) -> None:
    """Encoded by the variable filter (``allows``)."""


def check(worked: Worked) -> Iterator[Finding]:
    for (pid, day), shift in worked.grid.items():
        person = worked.problem.person(pid)
        if shift.organisations and person.organisation not in shift.organisations:
            yield Finding(ORGANISATION, (pid,), (shift.place,) if shift.place else (), (day,),
                          values={"shift": shift.id, "organisation": person.organisation,
                                  "organisations": tuple(sorted(shift.organisations))})
