"""Runs of worked days last at least ``min_consecutive_days`` (edge runs exempt)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from ..groups import MIN_CONSECUTIVE, RuleGroup
from .runs import forbid_short_runs
from ..worked import runs
from ..findings import Finding

if TYPE_CHECKING:
    from ..variables import BuildContext
    from ..worked import Worked

RULES = (MIN_CONSECUTIVE,)


def add(ctx: BuildContext) -> None:
    problem, v = ctx.problem, ctx.vars
    for p, person in enumerate(problem.people):
        m = person.contract.min_consecutive_days
        if m <= 1:
            continue
        guard = ctx.guard(RuleGroup(MIN_CONSECUTIVE, person=person.id))
        worked = [v.work[p, d] for d in range(problem.days)]
        forbid_short_runs(ctx.model, worked, m, guard)


def check(worked: Worked) -> Iterator[Finding]:
    n = worked.problem.days
    for person in worked.problem.people:
        limit = person.contract.min_consecutive_days
        for start, length, on in runs([s is not None for s in worked.row(person)]):
            # A run that touches the horizon's edge may go on outside it.
            if on and 0 < start and start + length < n and length < limit:
                yield Finding(MIN_CONSECUTIVE, (person.id,), days=tuple(range(start, start + length)),
                              values={"limit": limit, "actual": length},
                              group=RuleGroup(MIN_CONSECUTIVE, person=person.id))
