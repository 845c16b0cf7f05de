"""Forbidden successors: the problem's own pairs plus those that break the rest rule."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from ortools.sat.python.cp_model import LinearExpr

from ..groups import SUCCESSION, RuleGroup
from ..law import forbidden_successors
from ..findings import Finding

if TYPE_CHECKING:
    from ..model import Problem
    from ..variables import BuildContext
    from ..worked import Worked

RULES = (SUCCESSION,)


def add(ctx: BuildContext) -> None:
    problem, v = ctx.problem, ctx.vars
    cliques = successor_cliques(problem, v.shift_index)
    for p, person in enumerate(problem.people):
        guard = None
        following = v.shifts_of(p, 0)
        for d in range(problem.days - 1):
            today, following = following, v.shifts_of(p, d + 1)
            if not today or not following:
                continue
            for firsts, after in cliques:
                first = [var for s, var in today if s in firsts]
                if not first:
                    continue
                followers = [var for t, var in following if t in after]
                if not followers:
                    continue
                if guard is None:
                    guard = ctx.guard(RuleGroup(SUCCESSION, person=person.id))
                # At most one of the day's shifts with these successors and the next
                # day's successors: a person works one shift a day, so this is the same
                # as a clause per forbidden pair, as strong for propagation and a clique
                # for the LP, in a fraction of the constraints.
                if guard:
                    ctx.model.add(LinearExpr.sum(first + followers) <= 1).only_enforce_if(guard)
                else:
                    ctx.model.add_at_most_one(first + followers)


def successor_cliques(problem: Problem,
                      shift_index: dict[str, int]) -> list[tuple[frozenset[int], frozenset[int]]]:
    """The forbidden successions as (shifts, their forbidden successors) with the shifts
    of the same successors together (shift indexes; ordered by their first shift). On the
    benchmark's instance 13 the 14 shift types with forbidden successors have 6 sets of
    them: a year of 240 people went from 1.04 million constraints of one shift and its
    successors (10 s of the model's 22 s to build) to fewer than half as many."""
    groups: dict[frozenset[int], set[int]] = {}
    for first, after in forbidden_successors(problem).items():
        if after:
            groups.setdefault(frozenset(shift_index[b] for b in after), set()).add(
                shift_index[first])
    return sorted(((frozenset(firsts), after) for after, firsts in groups.items()),
                  key=lambda group: min(group[0]))


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
