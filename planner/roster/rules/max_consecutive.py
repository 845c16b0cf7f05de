"""At most ``max_consecutive_days`` worked days in a row: every window one day longer has
an off day."""

from ..groups import MAX_CONSECUTIVE, RuleGroup
from ..variables import BuildContext


def add(ctx: BuildContext) -> None:
    problem, v = ctx.problem, ctx.vars
    for p, person in enumerate(problem.people):
        k = person.contract.max_consecutive_days
        if k is None or k >= problem.days:
            continue
        guard = ctx.guard(RuleGroup(MAX_CONSECUTIVE, person=person.id))
        for start in range(problem.days - k):
            window = [v.work[p, d] for d in range(start, start + k + 1)]
            ctx.model.add(sum(window) <= k).only_enforce_if(guard)
