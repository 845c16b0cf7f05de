"""Runs of worked days last at least ``min_consecutive_days`` (edge runs exempt)."""

from ..groups import MIN_CONSECUTIVE, RuleGroup
from ..variables import BuildContext
from .runs import forbid_short_runs


def add(ctx: BuildContext) -> None:
    problem, v = ctx.problem, ctx.vars
    for p, person in enumerate(problem.people):
        m = person.contract.min_consecutive_days
        if m <= 1:
            continue
        guard = ctx.guard(RuleGroup(MIN_CONSECUTIVE, person=person.id))
        worked = [v.work[p, d] for d in range(problem.days)]
        forbid_short_runs(ctx.model, worked, m, guard)
