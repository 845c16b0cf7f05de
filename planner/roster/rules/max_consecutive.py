"""At most ``max_consecutive_days`` worked days in a row: every window one day longer has
an off day."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from ortools.sat.python.cp_model import LinearExpr

from ..groups import MAX_CONSECUTIVE, RuleGroup
from ..worked import runs
from ..findings import Finding

if TYPE_CHECKING:
    from ..variables import BuildContext
    from ..worked import Worked

RULES = (MAX_CONSECUTIVE,)


def add(ctx: BuildContext) -> None:
    problem, v = ctx.problem, ctx.vars
    for p, person in enumerate(problem.people):
        k = person.contract.max_consecutive_days
        if k is None or k >= problem.days:
            continue
        guard = ctx.guard(RuleGroup(MAX_CONSECUTIVE, person=person.id))
        for start in range(problem.days - k):
            window = [v.work[p, d] for d in range(start, start + k + 1)]
            ctx.model.add(LinearExpr.sum(window) <= k).only_enforce_if(guard)


def check(worked: Worked) -> Iterator[Finding]:
    for person in worked.problem.people:
        limit = person.contract.max_consecutive_days
        if limit is None:
            continue
        for start, length, on in runs([s is not None for s in worked.row(person)]):
            if on and length > limit:
                yield Finding(MAX_CONSECUTIVE, (person.id,), days=tuple(range(start, start + length)),
                              values={"limit": limit, "actual": length},
                              group=RuleGroup(MAX_CONSECUTIVE, person=person.id))
