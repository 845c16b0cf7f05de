"""Hour balances carried into the plan: a person with plus hours (over their contract in the
weeks before) costs ``hour_balance[id]`` per half hour worked; a person with minus hours
costs ``-hour_balance[id]`` per half hour their plan stays below their weekly limit. So among
otherwise equal people the one with plus hours gets fewer hours and the one with minus hours
more; the weights are small against cover, so no gap is left open for it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..groups import HOUR_BALANCE

if TYPE_CHECKING:
    from ..variables import BuildContext

HALF_HOUR = 30


def half_hours(shift) -> int:
    """Half hours one shift of this type counts for (its span, rounded down)."""
    return shift.length // HALF_HOUR


def cap(problem, person) -> int | None:
    """Half hours up to the person's weekly limit over the horizon; None without a limit."""
    weekly = person.contract.max_minutes_per_week
    if weekly is None:
        return None
    weeks = -(-problem.days // 7)
    return weekly * weeks // HALF_HOUR


def add(ctx: BuildContext) -> None:
    problem, v, model = ctx.problem, ctx.vars, ctx.model
    for p, person in enumerate(problem.people):
        weight = problem.hour_balance.get(person.id, 0)
        if not weight:
            continue
        terms = [(var, half_hours(shift)) for d in range(problem.days) for s, shift in enumerate(problem.shift_types)
                 if (var := v.get(p, d, s)) is not None]
        worked = sum(var * n for var, n in terms)
        if weight > 0:
            ctx.penalize(HOUR_BALANCE, weight, worked)
            continue
        limit = cap(problem, person)
        if limit is None:
            continue
        short = model.new_int_var(0, limit, f"hours_short[{p}]")
        model.add(short >= limit - worked)
        ctx.penalize(HOUR_BALANCE, -weight, short)


def score(problem, grid) -> list[tuple[int, int]]:
    """(weight, amount) per person, as the checker recomputes them."""
    out = []
    for person in problem.people:
        weight = problem.hour_balance.get(person.id, 0)
        if not weight:
            continue
        worked = sum(half_hours(s) for d in range(problem.days) if (s := grid.get((person.id, d))) is not None)
        if weight > 0:
            out.append((weight, worked))
        elif (limit := cap(problem, person)) is not None:
            out.append((-weight, max(0, limit - worked)))
    return out
