"""Few changes against a previous plan: each person-day whose shift differs costs
``change_weight``. Days the previous plan does not mention count as days off in it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..groups import CHANGES

if TYPE_CHECKING:
    from ..variables import BuildContext


def add(ctx: BuildContext) -> None:
    problem, v = ctx.problem, ctx.vars
    if problem.previous_plan is None or problem.change_weight == 0:
        return
    before = {(a.person, a.day): a.shift for a in problem.previous_plan}
    for p, person in enumerate(problem.people):
        for d in range(problem.days):
            shift = before.get((person.id, d))
            if shift is None:
                ctx.penalize(CHANGES, problem.change_weight, v.work[p, d])
                continue
            var = v.get(p, d, v.shift_index[shift])
            ctx.penalize(CHANGES, problem.change_weight, 1 if var is None else 1 - var)
