"""Forbidden successors: the problem's own pairs plus those that break the rest rule."""

from ..groups import SUCCESSION, RuleGroup
from ..law import forbidden_successors
from ..variables import BuildContext


def add(ctx: BuildContext) -> None:
    problem, v = ctx.problem, ctx.vars
    banned = forbidden_successors(problem)
    index = v.shift_index
    for p, person in enumerate(problem.people):
        guard = None
        for d in range(problem.days - 1):
            for s, first in v.shifts_of(p, d):
                followers = [
                    var for t in banned[problem.shift_types[s].id]
                    if (var := v.get(p, d + 1, index[t])) is not None
                ]
                if not followers:
                    continue
                if guard is None:
                    guard = ctx.guard(RuleGroup(SUCCESSION, person=person.id))
                # Binary clauses: the strongest form for propagation and local search.
                for follower in followers:
                    ctx.model.add_bool_or([first.Not(), follower.Not()]).only_enforce_if(guard)
