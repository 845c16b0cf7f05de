"""The LNS loop: free a neighbourhood, re-solve it, keep the result if it is no worse."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from typing import Callable

from ortools.sat.python import cp_model

from .neighbourhoods import Neighbourhoods
from .subproblem import SubSolver, Values

log = logging.getLogger(__name__)


@dataclass
class Incumbent:
    values: Values
    objective: int
    violations: int = 0
    broken: tuple[int, ...] = ()
    full: list[int] | None = None
    step_seconds: float | None = None
    improved_at: float | None = None
    steps: int = 0
    # Improvement per operator over the run, for the benchmark's account of what each adds.
    gains: dict[str, int] = field(default_factory=dict)


def improve(
    sub: SubSolver,
    hoods: Neighbourhoods,
    state: Incumbent,
    until: float,
    workers: int,
    seed: int,
    should_stop: Callable[[], bool],
    on_improve: Callable[[Incumbent], None] = lambda s: None,
    step_seconds: float = 1.0,
    max_step_seconds: float | None = None,
    focus: Callable[[Incumbent], list[int] | None] | None = None,
    done: Callable[[Incumbent], bool] = lambda s: False,
    hard_until: float | None = None,
) -> Incumbent:
    """Never returns a plan worse than ``state``: each step is capped at its objective.
    No step starts after ``until``; a step may run on to ``hard_until`` (default
    ``until``), so that rounds of a few seconds do not cut their last step short."""
    hard_until = until if hard_until is None else max(until, hard_until)
    while not should_stop() and not done(state):
        left = until - time.monotonic()
        if left < 0.1:
            break
        state.steps += 1
        op, free = hoods.pick(state.values, focus(state) if focus else None)
        limit = min(step_seconds, hard_until - time.monotonic())
        step = sub.solve(state.values, free, state.objective, limit, workers, seed + state.steps,
                         state.full, hoods.take_hint())
        gain = 0
        if step.objective is not None and step.objective <= state.objective:
            gain = state.objective - step.objective
            state.values, state.violations, state.broken = step.values, step.violations, step.broken
            state.full = step.full
            if gain:
                state.objective = step.objective
                state.improved_at = time.monotonic()
                state.gains[op] = state.gains.get(op, 0) + gain
                on_improve(state)
        hoods.reward(op, gain)
        log.debug("step %s cells %d limit %.2f wall %.2f status %s gain %d", op, len(free),
                  limit, step.wall, step.status, gain)
        # Sub-problems should close within the step: grow while they do so quickly, shrink
        # when they do not. The step's time grows only when a step timed out without
        # gain: one that timed out with a better plan still moved on, and longer steps
        # mean fewer of them.
        if step.status == cp_model.OPTIMAL and step.wall < 0.5 * limit:
            hoods.grow(1.15, op)
        elif step.status != cp_model.OPTIMAL:
            hoods.grow(0.8, op)
            if max_step_seconds is not None and (step.objective is None or not gain):
                # No plan at all: the step could not even load; a plan but no gain: the
                # neighbourhoods that still close within the step are exhausted.
                factor = 1.3 if step.objective is None else 1.1
                step_seconds = min(max_step_seconds, step_seconds * factor)
    state.step_seconds = step_seconds
    return state
