"""Forbidden successors: the problem's own pairs plus those that break the rest rule."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from ortools.sat.python.cp_model import LinearExpr

from ..groups import SUCCESSION, RuleGroup
from ..law import forbidden_successors
from ..findings import Finding

if TYPE_CHECKING:
    from ..variables import BuildContext
    from ..worked import Worked

RULES = (SUCCESSION,)


def add(ctx: BuildContext) -> None:
    problem, v = ctx.problem, ctx.vars
    banned = forbidden_successors(problem)
    index = v.shift_index
    banned_index = {index[a]: [index[b] for b in after] for a, after in banned.items()}
    for p, person in enumerate(problem.people):
        guard = None
        following = dict(v.shifts_of(p, 0))
        for d in range(problem.days - 1):
            today, following = following, dict(v.shifts_of(p, d + 1))
            for s, first in today.items():
                followers = [var for t in banned_index[s] if (var := following.get(t)) is not None]
                if not followers:
                    continue
                if guard is None:
                    guard = ctx.guard(RuleGroup(SUCCESSION, person=person.id))
                # One at-most-one per shift and day (the shift, or one of its forbidden
                # successors; a person works one shift a day, so this is the same as a
                # clause per pair): as strong for propagation, a clique for the LP, and a
                # model a fraction of the size when many pairs are forbidden (instance 13
                # of the benchmark: the whole model went from 213,600 constraints to
                # 43,700, and presolve no longer has to find the cliques itself).
                ctx.model.add(LinearExpr.sum([first, *followers]) <= 1).only_enforce_if(guard)


def check(worked: Worked) -> Iterator[Finding]:
    """Rest of ``problem.rest_minutes`` (11 h by law) between two days' shifts where both
    start times are known, and no forbidden successor; computed from the plan's times."""
    problem = worked.problem
    for person in problem.people:
        row = worked.row(person)
        for d in range(problem.days - 1):
            first, second = row[d], row[d + 1]
            if first is None or second is None:
                continue
            rest = None
            if first.start is not None and second.start is not None:
                rest = 24 * 60 + second.start - first.start - first.length
            short = problem.rest_minutes is not None and rest is not None and rest < problem.rest_minutes
            if short or second.id in first.forbidden_next:
                yield Finding(SUCCESSION, (person.id,), days=(d, d + 1),
                              values={"first": first.id, "second": second.id, "rest": rest,
                                      "limit": problem.rest_minutes},
                              group=RuleGroup(SUCCESSION, person=person.id))
