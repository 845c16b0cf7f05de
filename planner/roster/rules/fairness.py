"""Fair rotation: for each fairness rule, weight x (highest - lowest) per-person count of
the counted duties, earlier weeks' counts included."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..groups import fairness_rule
from ..law import lawful_shift_ids

if TYPE_CHECKING:
    from ..variables import BuildContext


def eligible_people(problem, rule) -> list[int]:
    """Positions of the people a fairness rule compares."""
    from ..variables import may_work  # here: variables imports the rule modules

    lawful = lawful_shift_ids(problem)
    out = []
    for p, person in enumerate(problem.people):
        if rule.people is not None:
            if person.id in rule.people:
                out.append(p)
        elif any(may_work(problem, person, problem.shift(s), lawful) for s in rule.shifts):
            out.append(p)
    return out


def add(ctx: BuildContext) -> None:
    problem, v, model = ctx.problem, ctx.vars, ctx.model
    for rule in problem.fairness:
        people = eligible_people(problem, rule)
        if len(people) < 2:
            continue
        counted = [v.shift_index[s] for s in rule.shifts]
        days = [
            d for d in range(problem.days)
            if rule.weekdays is None or problem.weekday(d) in rule.weekdays
        ]
        counts, lo_bound, hi_bound = [], None, None
        for p in people:
            carried = rule.carried.get(problem.people[p].id, 0)
            terms = [var for d in days for s in counted if (var := v.get(p, d, s)) is not None]
            count = model.new_int_var(carried, carried + len(terms), f"fair[{rule.name},{p}]")
            model.add(count == carried + sum(terms))
            counts.append(count)
            lo_bound = carried if lo_bound is None else min(lo_bound, carried)
            hi_bound = max(hi_bound or 0, carried + len(terms))
        high = model.new_int_var(lo_bound, hi_bound, f"fair_high[{rule.name}]")
        low = model.new_int_var(lo_bound, hi_bound, f"fair_low[{rule.name}]")
        model.add_max_equality(high, counts)
        model.add_min_equality(low, counts)
        ctx.penalize(fairness_rule(rule.name), rule.weight, high - low)
