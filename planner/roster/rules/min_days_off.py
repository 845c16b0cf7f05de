"""Runs of days off last at least ``min_consecutive_days_off`` (edge runs exempt)."""

from ..groups import MIN_DAYS_OFF, RuleGroup
from ..variables import BuildContext
from .runs import forbid_short_runs


def add(ctx: BuildContext) -> None:
    problem, v = ctx.problem, ctx.vars
    for p, person in enumerate(problem.people):
        m = person.contract.min_consecutive_days_off
        if m <= 1:
            continue
        guard = ctx.guard(RuleGroup(MIN_DAYS_OFF, person=person.id))
        off = [v.work[p, d].Not() for d in range(problem.days)]
        forbid_short_runs(ctx.model, off, m, guard)
