"""The LNS loop: free a neighbourhood, re-solve it, keep the result if it is no worse."""

from __future__ import annotations

import logging
import threading
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
    helpers: list[SubSolver] | None = None,
) -> Incumbent:
    """Never returns a plan worse than ``state``: each step is capped at its objective.
    No step starts after ``until``; a step may run on to ``hard_until`` (default
    ``until``), so that rounds of a few seconds do not cut their last step short.

    ``helpers``: further sub-solvers of the same model (sharing ``sub``'s index). With
    ``workers`` >= 2 and helpers, ``min(workers, 1 + len(helpers))`` steps run at once,
    one worker each, on different neighbourhoods of the same incumbent, and the best of
    them is kept (``parallel_steps``)."""
    hard_until = until if hard_until is None else max(until, hard_until)
    subs = [sub] + list(helpers or ())[:max(0, workers - 1)]
    per_step = max(1, workers // len(subs))
    while not should_stop() and not done(state):
        left = until - time.monotonic()
        if left < 0.1:
            break
        limit = min(step_seconds, hard_until - time.monotonic())
        picks = [hoods.pick(state.values, focus(state) if focus else None) for _ in subs]
        seeds = [seed + state.steps + 1 + i for i in range(len(subs))]
        state.steps += len(subs)
        steps = parallel_steps(subs, state, picks, limit, per_step, seeds)
        best = None
        for (op, free), step in zip(picks, steps):
            gain = 0
            if step.objective is not None and step.objective <= state.objective:
                gain = state.objective - step.objective
                if best is None or step.objective < best[2].objective:
                    best = (op, gain, step)
            hoods.reward(op, gain)
            log.debug("step %s cells %d limit %.2f wall %.2f status %s gain %d", op, len(free),
                      limit, step.wall, step.status, gain)
            # Sub-problems should close within the step: grow while they do so quickly,
            # shrink when they do not. The step's time grows only when a step timed out
            # without gain: one that timed out with a better plan still moved on, and
            # longer steps mean fewer of them.
            if step.status == cp_model.OPTIMAL and step.wall < 0.5 * limit:
                hoods.grow(1.15, op)
            elif step.status != cp_model.OPTIMAL:
                hoods.grow(0.8, op)
                if max_step_seconds is not None and (step.objective is None or not gain):
                    # No plan at all: the step could not even load; a plan but no gain:
                    # the neighbourhoods that still close within the step are exhausted.
                    factor = 1.3 if step.objective is None else 1.1
                    step_seconds = min(max_step_seconds, step_seconds * factor)
        if best is not None:
            op, gain, step = best
            state.values, state.violations, state.broken = step.values, step.violations, step.broken
            state.full = step.full
            if gain:
                state.objective = step.objective
                state.improved_at = time.monotonic()
                state.gains[op] = state.gains.get(op, 0) + gain
                on_improve(state)
    state.step_seconds = step_seconds
    return state


def parallel_steps(subs: list[SubSolver], state: Incumbent, picks, limit: float,
                   workers: int, seeds: list[int]) -> list:
    """One step per sub-solver around its own neighbourhood, all from ``state``, each in
    its own thread (CP-SAT releases the interpreter while it solves); the first in the
    calling thread."""
    results: list = [None] * len(subs)
    if len(subs) > 1:
        for sub in subs:
            sub._ensure_index()  # the shared index is built once, before any thread

    def run(i: int) -> None:
        results[i] = subs[i].solve(state.values, picks[i][1], state.objective, limit, workers,
                                   seeds[i], state.full)

    threads = [threading.Thread(target=run, args=(i,), daemon=True) for i in range(1, len(subs))]
    for t in threads:
        t.start()
    try:
        run(0)
    finally:
        for t in threads:
            t.join()
    return results
