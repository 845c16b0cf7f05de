"""At most ``contract.max_shifts[s]`` shifts of type s per person over the horizon."""

from ..groups import MAX_SHIFTS, RuleGroup
from ..variables import BuildContext


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
            ctx.model.add(sum(terms) <= limit).only_enforce_if(guard)
