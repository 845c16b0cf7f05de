"""Worked minutes within the contract: over the horizon and per calendar week.

A weekly minimum applies only to weeks wholly inside the horizon; a partial week cannot be
held to a full week's hours.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from ortools.sat.python.cp_model import LinearExpr

from ..groups import TOTAL_MINUTES, WEEKLY_MINUTES, RuleGroup
from ..findings import Finding

if TYPE_CHECKING:
    from ..variables import BuildContext
    from ..worked import Worked

RULES = (TOTAL_MINUTES, WEEKLY_MINUTES)


def _minutes(ctx: BuildContext, p: int, days: list[int]):
    v, shifts = ctx.vars, ctx.problem.shift_types
    terms = [(var, shifts[s].work_minutes) for d in days for s, var in v.shifts_of(p, d)]
    return LinearExpr.weighted_sum([var for var, _ in terms], [n for _, n in terms])


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
                ctx.shortfall(total, c.min_minutes, f"minutes {person.id}")
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
                ctx.shortfall(total, c.min_minutes_per_week, f"minutes {person.id} week {week}")


def check(worked: Worked) -> Iterator[Finding]:
    problem = worked.problem
    weeks: dict[int, list[int]] = {}
    for d in range(problem.days):
        weeks.setdefault((problem.start_weekday + d) // 7, []).append(d)
    for person in problem.people:
        c, row = person.contract, worked.row(person)
        total = sum(s.length - s.break_minutes for s in row if s)
        if total < c.min_minutes or (c.max_minutes is not None and total > c.max_minutes):
            yield Finding(TOTAL_MINUTES, (person.id,), values={"min": c.min_minutes, "max": c.max_minutes,
                                                               "actual": total},
                          group=RuleGroup(TOTAL_MINUTES, person=person.id))
        for week, days in weeks.items():
            minutes = sum(row[d].length - row[d].break_minutes for d in days if row[d])
            too_many = c.max_minutes_per_week is not None and minutes > c.max_minutes_per_week
            too_few = (c.min_minutes_per_week is not None and len(days) == 7
                       and minutes < c.min_minutes_per_week)
            if too_many or too_few:
                yield Finding(WEEKLY_MINUTES, (person.id,), days=tuple(days),
                              values={"week": week, "min": c.min_minutes_per_week,
                                      "max": c.max_minutes_per_week, "actual": minutes},
                              group=RuleGroup(WEEKLY_MINUTES, person=person.id, week=week))
