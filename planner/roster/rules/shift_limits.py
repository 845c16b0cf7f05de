"""At most ``contract.max_shifts[s]`` shifts of type s per person over the horizon."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from ortools.sat.python.cp_model import LinearExpr

from ..groups import MAX_SHIFTS, RuleGroup
from collections import Counter

from ..model import Person, ShiftType
from ..findings import Finding

if TYPE_CHECKING:
    from ..variables import BuildContext
    from ..worked import Worked

RULES = (MAX_SHIFTS,)


def add(ctx: BuildContext) -> None:
    v, problem = ctx.vars, ctx.problem
    for p, person in enumerate(problem.people):
        for s, shift in enumerate(problem.shift_types):
            limit = person.contract.max_shifts.get(shift.id)
            if limit is None:
                continue
            terms = [var for d in range(problem.days) if (var := v.get(p, d, s)) is not None]
            if len(terms) <= limit:
                continue
            guard = ctx.guard(RuleGroup(MAX_SHIFTS, person=person.id, shift=shift.id))
            ctx.model.add(LinearExpr.sum(terms) <= limit).only_enforce_if(guard)


def allows(person: Person, shift: ShiftType) -> bool:
    """A limit of zero is encoded by the variable filter (variables.may_work): no variable."""
    return person.contract.max_shifts.get(shift.id, 1) > 0


def check(worked: Worked) -> Iterator[Finding]:
    for person in worked.problem.people:
        count = Counter(s.id for s in worked.row(person) if s)
        for sid, limit in person.contract.max_shifts.items():
            if count[sid] > limit:
                yield Finding(MAX_SHIFTS, (person.id,), values={"shift": sid, "limit": limit, "actual": count[sid]},
                              group=RuleGroup(MAX_SHIFTS, person=person.id, shift=sid))
