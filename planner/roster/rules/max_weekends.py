"""At most ``max_weekends`` weekends with any shift (Saturday or Sunday worked)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from ..groups import MAX_WEEKENDS, RuleGroup
from ..findings import Finding

if TYPE_CHECKING:
    from ..variables import BuildContext
    from ..worked import Worked

RULES = (MAX_WEEKENDS,)


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


def check(worked: Worked) -> Iterator[Finding]:
    problem = worked.problem
    for person in problem.people:
        limit = person.contract.max_weekends
        if limit is None:
            continue
        row = worked.row(person)
        weekends = sorted({(problem.start_weekday + d) // 7 for d in range(problem.days)
                           if row[d] is not None and (problem.start_weekday + d) % 7 >= 5})
        if len(weekends) > limit:
            days = tuple(d for d in range(problem.days)
                         if row[d] is not None and (problem.start_weekday + d) % 7 >= 5)
            yield Finding(MAX_WEEKENDS, (person.id,), days=days,
                          values={"limit": limit, "actual": len(weekends)},
                          group=RuleGroup(MAX_WEEKENDS, person=person.id))
