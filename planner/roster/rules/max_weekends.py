"""At most ``max_weekends`` weekends with any shift (Saturday or Sunday worked)."""

from ..groups import MAX_WEEKENDS, RuleGroup
from ..variables import BuildContext


def add(ctx: BuildContext) -> None:
    problem, v, model = ctx.problem, ctx.vars, ctx.model
    weekends = problem.weekends()
    for p, person in enumerate(problem.people):
        limit = person.contract.max_weekends
        if limit is None or limit >= len(weekends):
            continue
        guard = ctx.guard(RuleGroup(MAX_WEEKENDS, person=person.id))
        worked = []
        for k, days in enumerate(weekends):
            # Exact (weekend == any day worked) rather than a one-sided bound: local search
            # and LNS then never carry a weekend flag that no shift needs.
            weekend = model.new_bool_var(f"weekend[{person.id},{k}]")
            model.add_max_equality(weekend, [v.work[p, d] for d in days])
            worked.append(weekend)
        model.add(sum(worked) <= limit).only_enforce_if(guard)
