"""One shift a day: a person works at most one shift on a day.

Model: ``link`` ties a person's shift variables of a day to their ``work`` flag (sum ==
work), called by variables.RosterVars as it creates them; it is structural, never relaxed.
Check: counts the plan's assignments per person and day.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Iterator

from ortools.sat.python import cp_model

from ..findings import Finding
from ..groups import ONE_SHIFT_A_DAY

if TYPE_CHECKING:
    from ..variables import BuildContext
    from ..worked import Worked

RULES = (ONE_SHIFT_A_DAY,)


def link(model: cp_model.CpModel, day_vars: list, work: cp_model.IntVar) -> None:
    model.add(cp_model.LinearExpr.sum(day_vars) == work)


def add(ctx: BuildContext) -> None:
    """Encoded as the variables are made (``link``)."""


def check(worked: Worked) -> Iterator[Finding]:
    problem = worked.problem
    known = {s.id for s in problem.shift_types}
    people = {p.id for p in problem.people}
    count = Counter((a.person, a.day) for a in worked.assignments
                    if a.person in people and a.shift in known and 0 <= a.day < problem.days)
    for (pid, day), n in sorted(count.items()):
        if n > 1:
            shifts = tuple(a.shift for a in worked.assignments if (a.person, a.day) == (pid, day))
            yield Finding(ONE_SHIFT_A_DAY, (pid,), days=(day,), values={"shifts": shifts})
