"""Share the time between the full model and roster-shaped LNS, from measured progress.

1. The greedy plan is priced on the model; if it keeps every hard rule it is the first plan.
2. A slice of the full model (tuned portfolio, hinted with the best plan so far) gives the
   LP bound and often a better plan.
3. Without a plan by then, ``construction`` repairs the greedy plan by LNS.
4. Rounds of LNS and full-model slices follow; each part's share of the next round follows
   its improvement per second in the last one (bounded, so neither is starved), and the
   run ends with a full-model slice so the reported bound is current.
Nothing depends on the instance's name or size beyond what is measured while solving.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from dataclasses import dataclass, field, replace
from typing import Callable

from ortools.sat.python import cp_model

from ..builder import BuiltModel
from .construction import construct, values_of
from .lns import Incumbent, improve
from .neighbourhoods import Neighbourhoods
from .subproblem import SubSolver, Values

log = logging.getLogger(__name__)

# Freed decisions of the first LNS steps; adapts from there (neighbourhoods.py).
START_FREE_DECISIONS = 600


@dataclass
class SearchOutcome:
    status: int
    values: Values | None = None
    objective: int | None = None
    bound: float | None = None
    first: float | None = None
    best: float | None = None
    full: list[int] | None = None
    # Objective gained by each part (construction, full model, each LNS operator).
    gains: dict[str, int] = field(default_factory=dict)


def _cells_for(built: BuiltModel, decisions: int) -> float:
    cells = max(1, len(built.problem.people) * built.problem.days)
    per_cell = len(built.vars.x) / cells
    return max(4.0, decisions / max(per_cell, 1.0))


def hybrid_search(built: BuiltModel, options, started: float, deadline: float, start_plan,
                  configure, lns: bool = True) -> SearchOutcome:
    from ..solver import run_cp_sat  # the solver module imports this one

    def stopped() -> bool:
        return options.stop_event is not None and options.stop_event.is_set()

    def now() -> float:
        return time.monotonic()

    out = SearchOutcome(cp_model.UNKNOWN)
    total = deadline - now()
    workers, seed = options.num_workers, options.random_seed

    def accept(values: Values, objective: int, part: str, full_values) -> None:
        if out.objective is not None and objective >= out.objective:
            return
        out.full = full_values
        if out.objective is not None:
            out.gains[part] = out.gains.get(part, 0) + out.objective - objective
        else:
            out.first = now() - started
        out.values, out.objective, out.best = values, objective, now() - started
        out.status = cp_model.FEASIBLE
        log.debug("%.1fs %s: %s", now() - started, part, objective)
        if options.on_progress is not None:
            options.on_progress(objective, out.bound if out.bound is not None else 0.0,
                                now() - started)

    strict = SubSolver(built)
    if start_plan:
        step = strict.solve(values_of(built, start_plan), set(), None,
                            max(0.5, 0.05 * total), workers, seed)
        if step.values is not None:
            accept(step.values, step.objective, "construction", step.full)

    def full(seconds: float, enough: float | None = None) -> float:
        """A full-model slice hinted with the incumbent; returns the objective gained.
        With ``enough``, the slice ends at the first improving solution after that many
        seconds (the first plan found, the search moves on to LNS)."""
        if out.full is not None:
            hint_all(built, out.full)
        elif out.values is not None:
            built.hint(built.plan_from(out.values))
        before = out.objective
        slice_options = options
        forward = None
        if enough is not None:
            halt = threading.Event()
            soft_end = now() + enough
            user_progress = options.on_progress

            def on_progress(objective, bound, elapsed):
                if user_progress is not None:
                    user_progress(objective, bound, elapsed)
                if now() >= soft_end:
                    halt.set()

            if options.stop_event is not None:
                forward = threading.Thread(target=_forward, args=(options.stop_event, halt),
                                           daemon=True)
                forward.start()
            slice_options = replace(options, stop_event=halt, on_progress=on_progress)
        try:
            solver, status, progress = run_cp_sat(built, slice_options, seconds, started,
                                                  configure)
        finally:
            if forward is not None:
                halt.set()
                forward.join()
        bound = solver.best_objective_bound
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE, cp_model.UNKNOWN):
            out.bound = bound if out.bound is None else max(out.bound, bound)
        if status == cp_model.INFEASIBLE and out.values is None:
            out.status = cp_model.INFEASIBLE
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            values = {key: int(solver.boolean_value(var)) for key, var in built.vars.x.items()}
            first = progress.first
            accept(values, int(round(solver.objective_value)), "full model",
                   list(solver.response_proto.solution))
            if out.first is None or (first is not None and first < out.first):
                out.first = first
        if before is None or out.objective is None:
            return 0.0
        return float(before - out.objective)

    def optimal() -> bool:
        return (out.objective is not None and out.bound is not None
                and out.bound >= out.objective - 1e-6)

    # A full-model slice: the bound, and on small instances often the optimum.
    if not lns:
        full(total)
    else:
        # Up to 70 % of the time for the first plan from the full model; once past 35 %,
        # the next solution ends the slice.
        full(min(max(1.0, 0.7 * total), deadline - now()), enough=0.35 * total)
    if out.status == cp_model.INFEASIBLE or optimal() or stopped() or not lns:
        return _finish(out)

    if out.values is not None and deadline - now() < 0.4 * total:
        # The first plan came late: too little time is left for LNS rounds to pay for
        # their start-up; the full model goes on from its plan.
        full(deadline - now())
        return _finish(out)

    cells = _cells_for(built, START_FREE_DECISIONS)
    step_seconds = max(0.5, min(3.0, total / 40))
    if out.values is None and start_plan:
        made = construct(built, start_plan, deadline - 1.0, workers, seed, stopped, cells,
                         strict.shared)
        if made is not None:
            accept(made.values, made.objective, "construction", made.full)
    if out.values is None:
        return _finish(out)

    hoods = Neighbourhoods(built, random.Random(seed), cells)

    def report(state: Incumbent) -> None:
        if options.on_progress is not None:
            options.on_progress(state.objective, out.bound if out.bound is not None else 0.0,
                                now() - started)

    share_full = 0.4
    while not stopped() and not optimal():
        left = deadline - now()
        if left < 0.5:
            break
        length = left if left < 0.3 * total else max(2.0, min(left, 0.25 * total))
        full_t = share_full * length
        lns_t = length - full_t
        before = out.objective
        state = Incumbent(dict(out.values), out.objective, full=out.full)
        state = improve(strict, hoods, state, now() + lns_t, workers, seed + 7919 * len(out.gains),
                        stopped, report, step_seconds=step_seconds,
                        max_step_seconds=max(3.0, total / 12))
        step_seconds = state.step_seconds or step_seconds
        for op, gain in state.gains.items():
            out.gains["LNS " + op] = out.gains.get("LNS " + op, 0) + gain
        lns_gain = before - state.objective
        log.debug("%.1fs LNS %.1fs: %s -> %s in %d steps, cells %.0f, weights %s", now() - started,
                  lns_t, before, state.objective, state.steps, hoods.cells, hoods.weights)
        if state.objective < out.objective:
            # Gains are booked per operator above, not as one lump.
            out.values, out.objective, out.full = state.values, state.objective, state.full
            out.best = state.improved_at - started
        if stopped():
            break
        left = deadline - now()
        if left < 0.5:
            break
        if left <= full_t * 1.5:
            full_t = left
        full_gain = full(full_t)
        log.debug("%.1fs full %.1fs: gain %s, bound %s", now() - started, full_t, full_gain, out.bound)
        rate_lns, rate_full = lns_gain / max(lns_t, 1e-3), full_gain / max(full_t, 1e-3)
        if rate_lns + rate_full > 0:
            share_full = min(0.6, max(0.1, rate_full / (rate_lns + rate_full)))
        else:
            share_full = max(0.1, share_full * 0.8)
    return _finish(out)


def _forward(source: threading.Event, target: threading.Event) -> None:
    # Pass a caller's stop request on to the slice's own stop event (set when done too).
    while not target.is_set():
        if source.wait(0.1):
            target.set()
            return


def hint_all(built: BuiltModel, full: list[int]) -> None:
    """Hint every variable (auxiliaries too): CP-SAT then starts from the incumbent at once."""
    model = built.model
    model.clear_hints()
    n = min(len(full), len(model.proto.variables))
    model.proto.solution_hint.vars.extend(range(n))
    model.proto.solution_hint.values.extend(full[:n])


def _finish(out: SearchOutcome) -> SearchOutcome:
    if out.objective is not None and out.bound is not None and out.bound >= out.objective - 1e-6:
        out.status = cp_model.OPTIMAL
    return out
