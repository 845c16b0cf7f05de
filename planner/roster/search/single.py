"""The single search's start: a plan from the rows before the full model runs.

The full model alone (``single``) finds its first plan after presolve and a first
solution of its own: on the 64-person four-week centre case 3.8 s from the start, worth
20,020 (2026-12-05). The greedy plan with the rule-breakers' rows replaced by their best
rows (construction.first_from_rows) keeps every hard rule there after 0.6 s, worth 14,866
before the sweep; the full model then starts from it, every variable hinted.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from ..builder import BuiltModel
from .construction import first_from_rows
from .driver import hint_all
from .subproblem import SubSolver

# Off: the full model starts from the greedy plan's hint alone, as before 2026-12-05.
ROWS_START = True
# The most of the time limit the start may take before the full model runs.
START_SHARE = 0.25


@dataclass
class Start:
    values: dict
    objective: int
    full: list[int]
    first: float  # seconds from the solve's start
    best: float
    gains: dict[str, int] = field(default_factory=dict)


def rows_start(built: BuiltModel, options, started: float, deadline: float, plan) -> Start | None:
    """The best plan of the greedy plan and its rows, reported through ``on_progress`` as
    it comes, with the full model hinted with it; None (and the hint left alone) when the
    rows keep no plan."""
    if not ROWS_START or not plan:
        return None
    out: list[Start] = []

    def accept(values, objective: int, part: str, full) -> None:
        elapsed = time.monotonic() - started
        if out and objective >= out[-1].objective:
            return
        gains = dict(out[-1].gains) if out else {}
        if out:
            gains[part] = gains.get(part, 0) + out[-1].objective - objective
        out.append(Start(values, objective, full, out[0].first if out else elapsed, elapsed,
                         gains))
        if options.on_progress is not None:
            options.on_progress(objective, 0.0, elapsed)

    strict = SubSolver(built)
    priced = SubSolver(built, priced=True, shared=strict.shared)
    until = started + START_SHARE * (deadline - started)
    first_from_rows(built, strict, priced, plan, until, options.random_seed, accept)
    if not out:
        return None
    hint_all(built, out[-1].full)
    return out[-1]
