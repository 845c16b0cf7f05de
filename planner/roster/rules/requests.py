"""Shift-on and shift-off requests: each one not granted costs its weight."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..groups import SHIFT_OFF, SHIFT_ON

if TYPE_CHECKING:
    from ..variables import BuildContext


def add(ctx: BuildContext) -> None:
    v = ctx.vars
    for r in ctx.problem.requests:
        p = v.person_index[r.person]
        if r.shift is None:
            worked = v.work[p, r.day]
        else:
            worked = v.get(p, r.day, v.shift_index[r.shift])
            if worked is None:
                worked = 0
        if r.on:
            ctx.penalize(SHIFT_ON, r.weight, 1 - worked)
        else:
            ctx.penalize(SHIFT_OFF, r.weight, worked)
