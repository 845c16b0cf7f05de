"""Runs of days off last at least ``min_consecutive_days_off`` (edge runs exempt)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from ..groups import MIN_DAYS_OFF, RuleGroup
from .runs import forbid_short_runs
from ..worked import runs
from ..findings import Finding

if TYPE_CHECKING:
    from ..variables import BuildContext
    from ..worked import Worked

RULES = (MIN_DAYS_OFF,)


def add(ctx: BuildContext) -> None:
    problem, v = ctx.problem, ctx.vars
    for p, person in enumerate(problem.people):
        m = person.contract.min_consecutive_days_off
        if m <= 1:
            continue
        guard = ctx.guard(RuleGroup(MIN_DAYS_OFF, person=person.id))
        off = [v.work[p, d].Not() for d in range(problem.days)]
        forbid_short_runs(ctx.model, off, m, guard)


def check(worked: Worked) -> Iterator[Finding]:
    n = worked.problem.days
    for person in worked.problem.people:
        limit = person.contract.min_consecutive_days_off
        for start, length, on in runs([s is not None for s in worked.row(person)]):
            if not on and 0 < start and start + length < n and length < limit:
                yield Finding(MIN_DAYS_OFF, (person.id,), days=tuple(range(start, start + length)),
                              values={"limit": limit, "actual": length},
                              group=RuleGroup(MIN_DAYS_OFF, person=person.id))
