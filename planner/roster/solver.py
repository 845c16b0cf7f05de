"""Solve a roster problem with CP-SAT: options in, a checked result out."""

from __future__ import annotations

import math
import threading
import time
from dataclasses import dataclass, field, replace
from typing import Callable

from ortools.sat.python import cp_model

from .builder import BuiltModel, build
from .checker import CheckReport, PersonSummary, ScoreRow, check
from .explain import Conflict, explain, find_core
from .groups import RELAX_WEIGHT, RuleGroup
from .model import Assignment, Problem
from .heuristic import starting_plan
from .params import tuned_parameters, with_plan_in_hand, with_root_lp
from .search import concurrent_search, hybrid_search
from .search.single import Start, rows_start

ProgressFn = Callable[[float, float, float], None]

STATUS_NAMES = {
    cp_model.OPTIMAL: "OPTIMAL",
    cp_model.FEASIBLE: "FEASIBLE",
    cp_model.INFEASIBLE: "INFEASIBLE",
    cp_model.MODEL_INVALID: "MODEL_INVALID",
    cp_model.UNKNOWN: "UNKNOWN",
}
# Rounds of "find a core, relax it" before giving up on an infeasible problem.
MAX_RELAX_ROUNDS = 6
# The search when SolveOptions names none (see docs/benchmarks.md for the evidence).
# "auto" (single or split from the model's size, ``auto_search``): with the background
# model of ``split`` retired when it does not pay (search/concurrent.py), split tied with
# the plain model on the 120-person instance 13 (median of three seeds 5274 against 5248)
# where single lost clearly (6732-8133 against 5642-5882), was better than single on 15
# and tied on 16 (median of three seeds 3955 against 3943; 2026-12-04/05, 60 s). Every
# model of at most four weeks and 10,000 decisions (the centre's week and its 64-person
# four-week case among them) still gets single.
DEFAULT_SEARCH = "auto"
SEARCHES = ("single", "hybrid", "concurrent", "split")
# ``auto``: the full model's maximal LP finds the plans on four-week models of a few
# thousand decisions (it beat the LNS on the shared 28-day instances of 2,000-5,300
# decisions); on longer horizons and on far larger models its plans lag and the LNS of
# ``split`` found better ones on the 120-person instance 13 and the 42-day instance 15
# (2026-12-04; on the 56-day instance 16 better with one seed of three). The limits are
# a horizon of more than four weeks and ten thousand decisions.
AUTO_SPLIT_DAYS = 28
AUTO_SPLIT_DECISIONS = 10_000


def auto_search(problem: Problem, decisions: int) -> str:
    if problem.days > AUTO_SPLIT_DAYS or decisions > AUTO_SPLIT_DECISIONS:
        return "split"
    return "single"


def decisions(problem: Problem) -> int:
    """The model's decision count (one Boolean per person, day and shift type allowed)."""
    from ortools.sat.python import cp_model as _cp

    from .variables import RosterVars
    return len(RosterVars(problem, _cp.CpModel()).x)


@dataclass(frozen=True)
class SolveOptions:
    time_limit_s: float = 10.0
    num_workers: int = 2
    random_seed: int = 0
    stop_event: threading.Event | None = None
    on_progress: ProgressFn | None = None
    # A plan to start from (the published one, or last week's rotated): used as solver hint.
    warm_start: tuple[Assignment, ...] | None = None
    # A greedy start and the tuned portfolio (planner/roster/params.py); off is CP-SAT's
    # defaults.
    tuned: bool = True
    # The hybrid search (planner/roster/search/): a constructed first plan and
    # roster-shaped LNS alternating with full-model slices. Off: one CP-SAT run. Off by
    # default: on the shared machine (load 10-15 on 2 cores) the full benchmark of
    # 2026-12-04 had it behind the plain model on five of the 28-day instances and without
    # a plan on instances 13 and 15 (docs/benchmarks.md).
    neighbourhood_search: bool = False
    # Which search: "single" (one CP-SAT run), "hybrid" (driver.py: full-model slices
    # alternating with LNS), "concurrent" (concurrent.py: the full model in a background
    # thread beside roster-shaped LNS), "split" (concurrent.py with the first plan from
    # the full model on every worker) or "auto" (single or split by the model's size,
    # ``auto_search``). None: "hybrid" if ``neighbourhood_search`` else DEFAULT_SEARCH.
    search: str | None = None
    log: bool = False

    @property
    def search_mode(self) -> str:
        if self.search is not None:
            return self.search
        return "hybrid" if self.neighbourhood_search else DEFAULT_SEARCH


@dataclass(frozen=True)
class RelaxedRule:
    group: RuleGroup
    violated: bool


@dataclass(frozen=True)
class SolveResult:
    status: str
    objective: int | None
    best_bound: float | None
    gap: float | None
    wall_time: float
    seconds_to_first: float | None
    seconds_to_best: float | None
    assignments: tuple[Assignment, ...]
    score: tuple[ScoreRow, ...] = ()
    people: tuple[PersonSummary, ...] = ()
    relaxed: tuple[RelaxedRule, ...] = ()
    conflicts: tuple[Conflict, ...] = ()
    check: CheckReport | None = None
    # Objective gained by each part of the search (construction, full model, LNS operators).
    gains: dict[str, int] = field(default_factory=dict)

    @property
    def feasible(self) -> bool:
        return self.status in ("OPTIMAL", "FEASIBLE")

    @property
    def verified(self) -> bool:
        """The independent checker found no hard violation and the same objective."""
        return (self.check is not None and self.check.ok
                and self.check.objective == self.objective)


class _Progress(cp_model.CpSolverSolutionCallback):
    """Records timing of improving solutions, reports them, and honours a stop request."""

    def __init__(self, started: float, options: SolveOptions) -> None:
        super().__init__()
        self.started = started
        self.options = options
        self.first: float | None = None
        self.best: float | None = None

    def on_solution_callback(self) -> None:
        elapsed = time.monotonic() - self.started
        if self.first is None:
            self.first = elapsed
        self.best = elapsed
        if self.options.on_progress is not None:
            self.options.on_progress(self.objective_value, self.best_objective_bound, elapsed)
        if self.options.stop_event is not None and self.options.stop_event.is_set():
            self.stop_search()


def _watch_stop(solver: cp_model.CpSolver, event: threading.Event, done: threading.Event) -> None:
    # A search that finds no new solution never reaches the callback; this thread stops it.
    while not done.is_set():
        if event.wait(0.1):
            solver.stop_search()
            return


def run_cp_sat(built: BuiltModel, options: SolveOptions, seconds: float, started: float,
               configure=None) -> tuple[cp_model.CpSolver, int, _Progress]:
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = options.num_workers
    solver.parameters.max_time_in_seconds = max(0.01, seconds)
    solver.parameters.random_seed = options.random_seed
    solver.parameters.log_search_progress = options.log
    if configure is not None:
        configure(solver.parameters, options.num_workers)
    progress = _Progress(started, options)
    done = threading.Event()
    watcher = None
    if options.stop_event is not None:
        watcher = threading.Thread(target=_watch_stop, args=(solver, options.stop_event, done),
                                   daemon=True)
        watcher.start()
    try:
        status = solver.solve(built.model, progress)
    finally:
        done.set()
        if watcher is not None:
            watcher.join()
    return solver, status, progress


def exact_objective(built: BuiltModel, plan: tuple[Assignment, ...], seed: int) -> int:
    """The model's objective of a fixed plan, with every auxiliary variable at its best.

    Relaxation literals are only half-reified, so a solution found under a time limit may
    pay for a relaxed group it does not break; fixing the plan and minimising the rest
    removes that slack (it takes milliseconds: all decisions are fixed).
    """
    chosen = {(a.person, a.day, a.shift) for a in plan}
    model = built.model.clone()
    problem = built.problem
    for (p, d, s), var in built.vars.x.items():
        key = (problem.people[p].id, d, problem.shift_types[s].id)
        model.add(model.get_bool_var_from_proto_index(var.index) == int(key in chosen))
    model.clear_hints()
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = 30.0
    solver.parameters.random_seed = seed
    status = solver.solve(model)
    if status != cp_model.OPTIMAL:
        raise RuntimeError(f"evaluating a fixed plan returned {STATUS_NAMES.get(status)}")
    return int(round(solver.objective_value))


@dataclass
class _Outcome:
    status: int
    plan: tuple[Assignment, ...] = ()
    objective: int | None = None
    bound: float | None = None
    first: float | None = None
    best: float | None = None
    gains: dict[str, int] = field(default_factory=dict)


def _search(built: BuiltModel, options: SolveOptions, started: float, deadline: float,
            start: tuple[Assignment, ...] | None = None) -> _Outcome:
    """The engine's search (planner/roster/search/); without ``neighbourhood_search`` one
    CP-SAT run (tuned parameters unless ``tuned`` is off)."""
    configure = tuned_parameters if options.tuned else None
    mode = options.search_mode
    if mode == "auto":
        mode = auto_search(built.problem, len(built.vars.x))
    if mode not in SEARCHES:
        raise ValueError(f"unknown search {mode!r}; one of {', '.join(SEARCHES)}")
    if mode in ("hybrid", "concurrent", "split"):
        if mode == "hybrid":
            found = hybrid_search(built, options, started, deadline, start, configure)
        else:
            found = concurrent_search(built, options, started, deadline, start, configure,
                                      first_from_full=mode == "split")
        if found.values is None:
            return _Outcome(found.status, bound=found.bound)
        return _Outcome(found.status, built.plan_from(found.values), found.objective,
                        found.bound, found.first, found.best, dict(found.gains))
    held = rows_start(built, options, started, deadline, start) if options.tuned else None
    return _legacy_search(built, options, started, deadline, configure, held)


def _legacy_search(built: BuiltModel, options: SolveOptions, started: float, deadline: float,
                   configure, held: Start | None = None) -> _Outcome:
    """One CP-SAT run; ``held``: a plan already in hand (the rows' start), the model
    hinted with it, kept when the run finds nothing better."""
    if held is not None and options.on_progress is not None:
        # The held plan was reported first: report only the run's plans that beat it.
        report = options.on_progress
        options = replace(options, on_progress=lambda objective, bound, elapsed: (
            report(objective, bound, elapsed) if objective < held.objective else None))
    if options.tuned:
        # The tuned run's root LP goes to its optimum; the plain model keeps CP-SAT's cap.
        configure = with_root_lp(configure)
    if held is not None:
        configure = with_plan_in_hand(configure)
    solver, status, progress = run_cp_sat(built, options, deadline - time.monotonic(), started,
                                          configure)
    found = status in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    if held is None:
        return _outcome(built, solver, status, progress) if found else _Outcome(status)
    if not found or solver.objective_value >= held.objective:
        # INFEASIBLE after a plan that keeps every rule can only mean "nothing better".
        bound = max(solver.best_objective_bound,
                    held.bound if held.bound is not None else -math.inf)
        done = (status == cp_model.OPTIMAL or status == cp_model.INFEASIBLE
                or bound >= held.objective - 1e-6)
        return _Outcome(cp_model.OPTIMAL if done else cp_model.FEASIBLE,
                        built.plan_from(held.values), held.objective,
                        float(held.objective) if done else bound, held.first,
                        held.best or held.first, dict(held.gains))
    out = _outcome(built, solver, status, progress)
    out.first = held.first
    out.gains = {**held.gains, "full model": held.objective - out.objective}
    if held.bound is not None and (out.bound is None or held.bound > out.bound):
        out.bound = float(held.bound)
        if out.objective is not None and out.bound >= out.objective - 1e-6:
            out.status = cp_model.OPTIMAL
    return out


def _build(problem: Problem, relaxed: frozenset[RuleGroup] = frozenset()) -> BuiltModel:
    """The model with one enforcement literal per hard-rule group, fixed true: the search's
    construction prices them instead (planner/roster/search/construction.py)."""
    built = build(problem, assume=True, relaxed=relaxed)
    for lit in built.ctx.assumptions.values():
        domain = built.model.proto.variables[lit.index].domain
        domain[0] = domain[1] = 1
    return built


def _stopped(options: SolveOptions) -> bool:
    return options.stop_event is not None and options.stop_event.is_set()


def _outcome(built: BuiltModel, solver, status, progress) -> _Outcome:
    return _Outcome(status, built.assignments(solver.boolean_value),
                    int(round(solver.objective_value)), solver.best_objective_bound,
                    progress.first, progress.best)


def solve(problem: Problem, options: SolveOptions = SolveOptions()) -> SolveResult:
    """Solve; if the hard rules collide, explain the collision and solve with it relaxed."""
    started = time.monotonic()
    deadline = started + options.time_limit_s
    built = _build(problem)
    start = options.warm_start or (starting_plan(problem) if options.tuned else None)
    if start:
        built.hint(start)
    out = _search(built, options, started, deadline, start)
    if out.status != cp_model.INFEASIBLE:
        return _result(built, out, started, frozenset(), (), options)

    relaxed: frozenset[RuleGroup] = frozenset()
    conflicts: list[Conflict] = []
    for _ in range(MAX_RELAX_ROUNDS):
        left = deadline - time.monotonic()
        core = find_core(problem, relaxed, time_limit_s=max(1.0, left / 2),
                         random_seed=options.random_seed)
        if core is None:
            break
        conflicts.append(explain(problem, core))
        if not core:
            return _empty("INFEASIBLE", started, tuple(conflicts))
        relaxed = relaxed | frozenset(core)
    else:
        return _empty("INFEASIBLE", started, tuple(conflicts))
    built = _build(problem, relaxed=relaxed)
    if start:
        built.hint(start)
    out = _search(built, options, started, max(deadline, time.monotonic() + 1.0), start)
    return _result(built, out, started, relaxed, tuple(conflicts), options)


def _empty(status: str, started: float, conflicts: tuple[Conflict, ...]) -> SolveResult:
    return SolveResult(status, None, None, None, time.monotonic() - started, None, None, (),
                       conflicts=conflicts)


def _result(built, out: _Outcome, started, relaxed, conflicts, options) -> SolveResult:
    name = STATUS_NAMES.get(out.status, str(out.status))
    if out.status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return _empty(name, started, conflicts)
    plan, objective = out.plan, out.objective
    if relaxed:
        objective = exact_objective(built, plan, options.random_seed)
    bound = out.bound
    report = check(built.problem, plan, relaxed, RELAX_WEIGHT)
    broken = {v.group for v in report.relaxed_violations}
    # No bound when no full-model run reported one (the background model stopped before
    # it started, as on the longest cases): the gap is then unknown, not zero.
    gap = None if bound is None else abs(objective - bound) / max(1.0, abs(objective))
    return SolveResult(
        status=name,
        objective=objective,
        best_bound=bound,
        gap=gap,
        wall_time=time.monotonic() - started,
        seconds_to_first=out.first,
        seconds_to_best=out.best,
        assignments=plan,
        score=report.rows,
        people=report.people,
        relaxed=tuple(RelaxedRule(g, g in broken) for g in sorted(relaxed)),
        conflicts=conflicts,
        check=report,
        gains=out.gains,
    )
