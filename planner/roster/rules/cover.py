"""Cover: required head-count per day and shift type or time slot, with place, skill and
language filters. Under- and over-cover are soft (weighted per person); ``minimum`` is a
hard floor.

The slack variables are exact (under = max(0, required - count), over = max(0, count -
required)) rather than mere bounds, so every intermediate solution reports the same
objective as the independent checker.
"""

from __future__ import annotations

from ortools.sat.python import cp_model

from ..groups import COVER_MINIMUM, LANGUAGE_OVER, LANGUAGE_UNDER, OVER_COVER, UNDER_COVER, RuleGroup
from ..model import MINUTES_PER_DAY, Cover, Person, Problem, ShiftType
from ..variables import BuildContext, RosterVars


def counts_for(cover: Cover, person: Person, shift: ShiftType) -> bool:
    """Whether this person on this shift type is one of the cover's heads (day aside)."""
    if cover.place is not None and shift.place != cover.place:
        return False
    if cover.language is not None and cover.language not in person.languages:
        return False
    if cover.skill is not None:
        # A shift with a task fixes what its worker does; otherwise the person's skills count.
        if shift.task is not None:
            if shift.task != cover.skill:
                return False
        elif cover.skill not in person.skills:
            return False
    return True


def covering_days(problem: Problem, cover: Cover, shift: ShiftType) -> list[int]:
    """Days on which working ``shift`` puts a head into the cover."""
    if cover.shift is not None:
        return [cover.day] if shift.id == cover.shift else []
    if shift.start is None:
        return []
    begin = cover.day * MINUTES_PER_DAY + cover.slot[0]
    end = cover.day * MINUTES_PER_DAY + cover.slot[1]
    days = []
    reach = (shift.start + shift.length) // MINUTES_PER_DAY
    for d in range(max(0, cover.day - reach), cover.day + 1):
        start = d * MINUTES_PER_DAY + shift.start
        if start <= begin and start + shift.length >= end:
            days.append(d)
    return days


def members(problem: Problem, v: RosterVars, cover: Cover) -> list[cp_model.IntVar]:
    out = []
    for s, shift in enumerate(problem.shift_types):
        days = covering_days(problem, cover, shift)
        if not days:
            continue
        for p, person in enumerate(problem.people):
            if not counts_for(cover, person, shift):
                continue
            out.extend(var for d in days if (var := v.get(p, d, s)) is not None)
    return out


def add(ctx: BuildContext) -> None:
    problem, model = ctx.problem, ctx.model
    for index, cover in enumerate(problem.covers):
        heads = members(problem, ctx.vars, cover)
        count = sum(heads)
        if cover.minimum > 0:
            guard = ctx.guard(RuleGroup(COVER_MINIMUM, cover=index))
            model.add(count >= cover.minimum).only_enforce_if(guard)
        under_rule, over_rule = (
            (LANGUAGE_UNDER, LANGUAGE_OVER) if cover.language else (UNDER_COVER, OVER_COVER)
        )
        under, over = _slacks(model, count, len(heads), cover.required, f"c{index}")
        ctx.penalize(under_rule, cover.under_weight, under)
        ctx.penalize(over_rule, cover.over_weight, over)


def _slacks(model: cp_model.CpModel, count, n: int, required: int, name: str):
    """Exact (under, over) of a count of n Booleans against ``required``."""
    if required <= 0:
        return 0, count
    if n <= required:
        return required - count, 0
    under = model.new_int_var(0, required, f"under[{name}]")
    over = model.new_int_var(0, n - required, f"over[{name}]")
    model.add(count - required == over - under)
    short = model.new_bool_var(f"short[{name}]")
    model.add(under == 0).only_enforce_if(short.Not())
    model.add(over == 0).only_enforce_if(short)
    return under, over
