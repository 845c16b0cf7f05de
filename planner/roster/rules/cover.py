"""Cover: required head-count per day and shift type or time slot, with place, skill and
language filters. Under- and over-cover are soft (weighted per person); ``minimum`` is a
hard floor.

The slack variables are exact (under = max(0, required - count), over = max(0, count -
required)) rather than mere bounds, so every intermediate solution reports the same
objective as the independent checker.
"""

from __future__ import annotations

from ortools.sat.python import cp_model

from typing import TYPE_CHECKING, Iterator

from ..findings import Finding
from ..groups import COVER_MINIMUM, LANGUAGE_OVER, LANGUAGE_UNDER, OVER_COVER, UNDER_COVER, RuleGroup
from ..heads import counts_for, covering_days
from ..model import Cover, Problem

if TYPE_CHECKING:
    from ..variables import BuildContext, RosterVars
    from ..worked import Worked

RULES = (COVER_MINIMUM,)


def heads_by_cover(problem: Problem, v: RosterVars) -> list[list[tuple[int, int, int]]]:
    """Each cover's heads (decisions as (person, day, shift) keys of ``v.x``), in shift,
    person, day order. Who counts is asked once per filter and shift type and the covering
    days once per slot and shift type, not per cover: asked per cover, the 64-person
    four-week case spent 1.8 s here."""
    who: dict[tuple, list[int]] = {}
    when: dict[tuple, list[int]] = {}
    out = []
    x = v.x
    for cover in problem.covers:
        heads = []
        for s, shift in enumerate(problem.shift_types):
            slot = (cover.shift, cover.day, cover.slot, s)
            days = when.get(slot)
            if days is None:
                days = when[slot] = covering_days(problem, cover, shift)
            if not days:
                continue
            kind = (cover.place, cover.language, cover.skill, s)
            people = who.get(kind)
            if people is None:
                people = who[kind] = [p for p, person in enumerate(problem.people)
                                      if counts_for(cover, person, shift)]
            heads.extend(key for p in people for d in days if (key := (p, d, s)) in x)
        out.append(heads)
    return out


def add(ctx: BuildContext) -> None:
    problem, model = ctx.problem, ctx.model
    ctx.cover_heads = heads_by_cover(problem, ctx.vars)
    x = ctx.vars.x
    for index, cover in enumerate(problem.covers):
        heads = [x[key] for key in ctx.cover_heads[index]]
        count = cp_model.LinearExpr.sum(heads)
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


def check(worked: Worked) -> Iterator[Finding]:
    """The hard floor of each cover, with the plan's heads counted by heads.py."""
    for index, cover in enumerate(worked.problem.covers):
        have = worked.heads(index)
        if have < cover.minimum:
            yield Finding(COVER_MINIMUM, places=(cover.place,) if cover.place else (), days=(cover.day,),
                          spans=(cover.slot,) if cover.slot is not None else (),
                          values={"minimum": cover.minimum, "heads": have, "shift": cover.shift,
                                  "skill": cover.skill, "language": cover.language},
                          group=RuleGroup(COVER_MINIMUM, cover=index))
