"""Locked assignments stay: a pinned shift is worked, a pinned day off is kept."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from ..groups import PIN, RuleGroup
from ..findings import Finding

if TYPE_CHECKING:
    from ..variables import BuildContext
    from ..worked import Worked

RULES = (PIN,)


def add(ctx: BuildContext) -> None:
    v = ctx.vars
    for pin in ctx.problem.pins:
        p = v.person_index[pin.person]
        guard = ctx.guard(RuleGroup(PIN, person=pin.person, day=pin.day))
        if pin.shift is None:
            ctx.model.add(v.work[p, pin.day] == 0).only_enforce_if(guard)
            continue
        var = v.get(p, pin.day, v.shift_index[pin.shift])
        if var is None:
            # The pin asks for something the person can never do; only relaxing it helps.
            ctx.model.add_bool_or([]).only_enforce_if(guard)
        else:
            ctx.model.add(var == 1).only_enforce_if(guard)


def check(worked: Worked) -> Iterator[Finding]:
    for pin in worked.problem.pins:
        have = worked.grid.get((pin.person, pin.day))
        if (have.id if have else None) != pin.shift:
            yield Finding(PIN, (pin.person,), days=(pin.day,),
                          values={"shift": pin.shift, "worked": have.id if have else None},
                          group=RuleGroup(PIN, person=pin.person, day=pin.day))
