"""Worked minutes within the contract: over the horizon and per calendar week.

A weekly minimum applies only to weeks wholly inside the horizon; a partial week cannot be
held to a full week's hours.
"""

from ..groups import TOTAL_MINUTES, WEEKLY_MINUTES, RuleGroup
from ..variables import BuildContext


def _minutes(ctx: BuildContext, p: int, days: list[int]):
    v, shifts = ctx.vars, ctx.problem.shift_types
    return sum(
        var * shifts[s].work_minutes for d in days for s, var in v.shifts_of(p, d)
    )


def add(ctx: BuildContext) -> None:
    problem = ctx.problem
    all_days = list(range(problem.days))
    for p, person in enumerate(problem.people):
        c = person.contract
        if c.min_minutes > 0 or c.max_minutes is not None:
            guard = ctx.guard(RuleGroup(TOTAL_MINUTES, person=person.id))
            total = _minutes(ctx, p, all_days)
            if c.min_minutes > 0:
                ctx.model.add(total >= c.min_minutes).only_enforce_if(guard)
            if c.max_minutes is not None:
                ctx.model.add(total <= c.max_minutes).only_enforce_if(guard)
        if c.min_minutes_per_week is None and c.max_minutes_per_week is None:
            continue
        for week, days in problem.weeks().items():
            full = len(days) == 7
            if c.max_minutes_per_week is None and not full:
                continue
            guard = ctx.guard(RuleGroup(WEEKLY_MINUTES, person=person.id, week=week))
            total = _minutes(ctx, p, days)
            if c.max_minutes_per_week is not None:
                ctx.model.add(total <= c.max_minutes_per_week).only_enforce_if(guard)
            if c.min_minutes_per_week is not None and full:
                ctx.model.add(total >= c.min_minutes_per_week).only_enforce_if(guard)
