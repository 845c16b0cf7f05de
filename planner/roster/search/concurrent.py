"""The full model and roster-shaped LNS side by side, each on its own share of the workers.

The full model (tuned portfolio, hinted with the greedy plan) runs once, uninterrupted, in a
background thread with ``num_workers - 1`` workers: it keeps its LP and its bound for the
whole run (slicing it, as driver.py does, restarts presolve and the LP each time and lost the
bound on the larger instances). Meanwhile the calling thread, on one worker:

1. prices the greedy plan on the model; if it keeps every hard rule it is the first plan;
2. otherwise repairs it by LNS on the model with the hard rules priced (construction.py),
   until it keeps every rule or the full model finds a plan first;
3. improves the best plan by roster-shaped LNS steps (neighbourhoods.py: day windows for
   everyone, people over the horizon, blocks around the costliest covers, random blocks;
   adaptive size and operator weights), each step a small sub-model around the freed cells
   (subproblem.py), adopting the full model's plan whenever that one is better.

With ``first_from_full`` (the ``split`` search), where neither the greedy plan nor its rows'
repair keeps every hard rule, the first plan comes from the full model on every worker
instead (``_first_plan``), for at most FIRST_SHARE of the time.

Where the first plan is in hand when the background thread starts (``split``), that thread
first runs column generation over the people's rows and its dive (columns.py; from a
closed LP it dives again while its share lasts, ``REDIVE``) for up to COLUMNS_SHARE of the
time, and only then the full model: on instances 13 and 15 the full
model gave no plan in any run, and there the dive's plan beside the LNS beat the dive in
the LNS thread's place (13: 4789 against 5238-5757, 2026-12-05). While it generates, the LP
tells its leaning to the LNS's neighbourhoods (the ``lp`` neighbourhood). The dive's plan
is swept by best responses (``rows.swept``) before the LNS thread prices it. Then, where
covers and requests are the whole objective, the background thread walks best responses
with ties broken at random (responses.py), handing its better plans to the LNS thread and
taking the LNS's when its own walk stalls, until it stalls on that one too; the full
model runs after it. While column generation prices (its generation and its dive) the
LNS thread lends it its core (``LEND_COLUMNS``); while the walk has paid more per
core-second than the LNS steps, for a round at a time (``_Pays``).

The background model is retired when it stops paying: once it has gone RETIRE_SHARE of
the time limit without giving the incumbent a better plan, it is stopped (its bound kept)
and the LNS steps get every worker. On the largest models its LP never gets going and it
only takes a core from the LNS.

Nothing depends on the instance's name or size beyond what is measured while solving. The
run stops at the time limit, on the caller's stop event, or when the full model proves its
plan optimal.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from dataclasses import replace

from ortools.sat.python import cp_model

from ..builder import BuiltModel
from .columns import dived_plan, priced_in_full
from .construction import construct, first_from_rows, values_of
from .driver import START_FREE_DECISIONS, SearchOutcome, _cells_for, _finish, _forward, hint_all
from .lns import Incumbent, improve
from .neighbourhoods import Neighbourhoods
from .responses import walked
from .rows import swept
from .subproblem import SubSolver, Values

log = logging.getLogger(__name__)

# Seconds of LNS between two looks at the full model's best plan.
ROUND_SECONDS = 1.0
# Share of the time the full model may take for the first plan on every worker (``split``):
# with a quarter, one seed on instance 16 had no plan from the full model by then and the
# construction's first came at 54.6 s; with a half, at 6.5 s.
FIRST_SHARE = 0.5
# The background full model is retired after this share of the time limit without an
# improving plan (counted from its start or its last contribution). Measured 2026-12-05
# at 60 s, seed 0: without a background model and with both workers in every LNS step,
# instance 13 reached 5526 against 5970 beside the background model, 15 reached 5899
# against 6822 (its LP bound still 101 at the end, load 5); on 16 the background model
# gave one plan at 14.4 s (of 60) worth a sixth of the run's gain: the window must be
# longer than that.
RETIRE_SHARE = 0.3
# The first plan from the greedy plan with the rule-breakers' rows replaced (rows.py) before
# the full model is asked for one.
ROWS_FIRST = True
# Whether the full model is still asked for a first plan (on every worker, up to
# FIRST_SHARE) when the rows already gave one. It gave none better on 13, 15 or 16 and
# held column generation back by 5, 7 and 2 s: off, with the walks beside the master
# (columns.WALK_AHEAD), 60 s, 2 workers, seeds 0-3 (2026-12-07): instance 13 2023 / 1894 /
# 2015 / 2059 against 2107 / 2207 / 2449 / 2370 with it, 15 4150 / 4314 / 4017 / 4284
# against 4218 / 4113 / 4103 / 4186; 16 3227 (seed 0).
FULL_FIRST_HELD = False
# The time (share of the limit, from the start) the rows' repair may run to: it is one pass
# over the people who break a rule and ends on its own; cut at FIRST_SHARE, 135 people over
# 364 days had a plan in one run of three (model 4.5 s, greedy 4.5 s, repair 13.5 s).
ROWS_SHARE = 0.8
# Column generation and its dive (columns.py) from the first plan, in the LNS thread, up to
# this share of the time from the start.
COLUMNS = True
COLUMNS_SHARE = 0.6
# The dive's plan is swept by best responses (rows.swept: each person's best row given
# everyone else where it costs less, up to SWEEP_PASSES passes) before the LNS thread
# prices it. 60 s, 2 workers, seeds 0-5 (2026-12-06): instance 13 2912 / 3283 / 3441 /
# 2924 / 3284 / 3367 against 5183 / 4860 / 2872 / 3252 / 3442 / 4936 without (the dive's
# plan beat the LNS's in every run, against three of six); 15 (seeds 0, 3, 4, 5) 4337 /
# 4388 / 4165 / 4268 against 4529 / 4260 / 4098 / 4234.
SWEEP_DIVE = True
SWEEP_PASSES = 3
# After the dive, the background thread walks best responses with ties broken at random
# (responses.py) from the dive's swept plan (the LNS's once the walk stalls and that one is
# better), and hands its better plans to the LNS thread; the full model runs after it.
# 60 s, 2 workers, seeds 3 / 4 / 5 (2026-12-06, WALK_PATIENCE 3; 20 now, figures below):
# instance 13 3328 / 3143 / 3517 against
# 3796 / 3263 / 3653 without (walking to the end, no full model and no bound: 2649 / 3154
# / 2785); 15 4379 / 4448 / 4511 against 4175 / 4297 / 4178 (to the end 4399 / 4267 /
# 4413). On 15 the walk's plans, taken by the LNS, slow it: walking without handing them
# on gave 4140 / 4467 / 4257 (the shared core is not the cause). Retiring the walk once it
# gained less than the LNS beside it: 13 3484 / 3274 / 3342, 15 no better.
WALK = True
# The walk ends after this many steps per person in a row that bettered nothing (the LNS's
# plan taken after the first of them); the full model runs from there as before (its plan
# and its bound). 60 s, 2 workers, seeds 3 / 4 / 5 (2026-12-06): at 20, instance 13 2737 /
# 2722 / 2840 and 15 4278 / 4179 / 4255, against 3328 / 3143 / 3517 and 4379 / 4448 / 4511
# at 3 (on 13 the walk crosses plateaus longer than three steps per person; the full model
# after it found nothing there). Small cases still stall within a second and get the full
# model's bound; 13 and 15 mostly walk to the end and report none (13's was 3 of 1348).
WALK_PATIENCE = 20
# While the walk runs and has paid more per core-second than the LNS steps beside it, the
# LNS thread lends it its core (a second thread of the same walk, responses.walked: 285
# steps a second on instance 13 against 177 alone), but takes every LEND_LOOK-th round
# itself to keep the LNS's rate measured. 60 s, 2 workers, seeds 3 / 4 / 5 (2026-12-06,
# with the sweep on a RowPlan): instance 13 3416 / 3100 / 3049 against 3484 / 3276 / 3381
# without either, 15 4366 / 4290 / 4353 against 4461 / 4292 / 4576 (again: 13 3100 / 3026
# / 3155, 15 4315 / 4390 / 4525). A walk of the LNS thread's own while the background
# thread generates columns (turns by the same rates; the background walk then starting
# from the better of the dive's plan and the search's) did worse: 13 3376 / 3619 / 3550,
# 15 4499 / 4501 / 4297: on 13 it reached 4030 by 38 s, and the walk went on from there,
# not from the dive's plan, which the walks without it took lower.
# Cumulative rates since the walk began kept lending on the year-long 16x364 after the
# walk's first burst (16x364 163745 and 165371 against 155777 and 160566 without lending,
# 2026-12-06); each look's weight now halves over LEND_MEMORY looks.
LEND = True
LEND_LOOK = 4
LEND_MEMORY = 5
# While column generation prices (its generation and its dive), the LNS thread lends it
# its core (a second pricing walk beside the first, columns.py) every round. The LNS's
# plan of that time is not what
# the search goes on from (the dive's swept plan beat it in every run on 13 and 15).
# 60 s, 2 workers, seeds 0-3 run in pairs (2026-12-07): instance 13 2384 / 2258 / 2254 /
# 2256 against 2353 / 2100 / 2406 / 2814 without; 15 4160 / 4335 / 4136 / 4132 against
# 4237 / 4256 / 3925 / 4231 (an earlier batch lent: 13 1947 / 1880 / 1928 / 1905, 15
# 4115 / 4417 / 3919 / 4108: the machine's spread is that wide). Lending three rounds of
# four (2026-12-07, 01:00, older code) did not pay. With it, a larger share for the columns
# (COLUMNS_SHARE 0.7) or for generation before the dive (GENERATE_SHARE 0.5 or 0.7) did
# worse on 13 (2111-2575, 2255-2573, 1890-2432), 15 alike.
LEND_COLUMNS = True
# Off: no column generation and dive, the walk from the first plan: 13 3279 / 3391 (seeds
# 1 / 2), 15 5168 (seed 0; the ``lp`` neighbourhood has no leaning then).
DIVE = True
# From a closed LP the dive goes again while its share lasts (single.REDIVE), as in the
# single search; an open one (13, 15) is dived once. 60 s, 2 workers, seeds 0-2
# (2026-12-08): instance 16 3225 / 3225 / 3225 (its best known) against 3322 / 3227 / 3225.
REDIVE = True


_KEEP = 0.5 ** (1 / LEND_MEMORY)


class _Pays:
    """Which pays more per core-second while the walk runs: the walk or the LNS steps.
    The LNS thread lends the walk its core for a round when the walk has paid more of
    late (each look's weight halves over LEND_MEMORY looks of its kind: a walk's first
    burst must not buy it the rest of the run), but takes every LEND_LOOK-th round
    itself, so that the LNS's rate stays measured."""

    def __init__(self) -> None:
        self.walk_gain = 0.0
        self.walk_seconds = 0.0
        self.lns_gain = 0.0
        self.lns_seconds = 0.0
        self._seen_gain: float | None = None
        self._seen_at: float | None = None

    def walked(self, walking: bool, gain: float, at: float) -> None:
        """The walk's gains so far (the plans of it taken), at ``at``: it has had one core
        since the last look, and the lent ones on top (``lent``)."""
        if walking and self._seen_at is not None:
            self.walk_gain = _KEEP * self.walk_gain + gain - self._seen_gain
            self.walk_seconds = _KEEP * self.walk_seconds + at - self._seen_at
        self._seen_gain, self._seen_at = gain, (at if walking else None)

    def lent(self, seconds: float) -> None:
        self.walk_seconds += seconds

    def searched(self, walking: bool, gain: float, seconds: float) -> None:
        if walking:
            self.lns_gain = _KEEP * self.lns_gain + gain
            self.lns_seconds = _KEEP * self.lns_seconds + seconds

    def lend(self, walking: bool, round_no: int) -> bool:
        if not (LEND and walking) or self.lns_seconds <= 0 or self.walk_seconds <= 0:
            return False
        if round_no % LEND_LOOK == 0:
            return False
        return self.walk_gain / self.walk_seconds > self.lns_gain / self.lns_seconds


class _Full(cp_model.CpSolverSolutionCallback):
    """Keeps the full model's best solution (every variable) for the LNS thread to adopt."""

    def __init__(self, halt: threading.Event) -> None:
        super().__init__()
        self.lock = threading.Lock()
        self.halt = halt
        self.objective: int | None = None
        self.solution: list[int] | None = None
        self.bound: float | None = None
        self.first: float | None = None
        self.version = 0

    def on_solution_callback(self) -> None:
        solution = list(self.response_proto.solution)
        with self.lock:
            self.objective = int(round(self.objective_value))
            self.bound = self.best_objective_bound
            self.solution = solution
            self.version += 1
            if self.first is None:
                self.first = time.monotonic()
        if self.halt.is_set():
            self.stop_search()


def concurrent_search(built: BuiltModel, options, started: float, deadline: float, start_plan,
                      configure, first_from_full: bool = False,
                      retire: bool = True) -> SearchOutcome:
    """``first_from_full``: when the greedy plan breaks a hard rule and the rows' repair
    does not mend it, the first plan comes from the full model on every worker (ended at
    its first solution), not from the construction by LNS; the full model then restarts
    in the background from that plan.
    ``retire``: stop the background model after RETIRE_SHARE of the time without an
    improving plan, and give its workers to the LNS."""
    out = SearchOutcome(cp_model.UNKNOWN)
    workers, seed = options.num_workers, options.random_seed
    halt = threading.Event()

    def stopped() -> bool:
        return halt.is_set() or (options.stop_event is not None and options.stop_event.is_set())

    def now() -> float:
        return time.monotonic()

    def accept(values, objective: int, part: str, full_values) -> bool:
        if out.objective is not None and objective >= out.objective:
            return False
        if out.objective is not None:
            out.gains[part] = out.gains.get(part, 0) + out.objective - objective
        else:
            out.first = now() - started
        out.values, out.objective, out.full = values, objective, full_values
        out.best = now() - started
        out.status = cp_model.FEASIBLE
        log.debug("%.1fs %s: %s", now() - started, part, objective)
        if options.on_progress is not None:
            options.on_progress(objective, out.bound if out.bound is not None else 0.0,
                                now() - started)
        return True

    # Sub-models are cloned before the full model starts reading the shared one (the
    # strict one once the first plan is in hand: the rows' first plan needs only the
    # priced one).
    strict = SubSolver(built, lazy=True)
    priced = SubSolver(built, priced=True, shared=strict.shared) if start_plan else None
    if first_from_full:
        _first_plan(built, options, started, deadline, start_plan, configure, strict, accept,
                    priced)
        if out.full is not None:
            hint_all(built, out.full)

    full = _Full(halt)
    # Set when the background model is stopped for not paying: its end then must not end
    # the LNS (``halt`` does).
    retired = threading.Event()
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = max(1, workers - 1)
    solver.parameters.max_time_in_seconds = max(0.05, deadline - now())
    solver.parameters.random_seed = seed
    solver.parameters.log_search_progress = options.log
    if configure is not None:
        configure(solver.parameters, max(1, workers - 1))
    result: dict = {}

    cells = _cells_for(built, START_FREE_DECISIONS)
    # Made before the background thread starts: column generation tells it the LP's leaning.
    hoods = Neighbourhoods(built, random.Random(seed), cells)
    # Column generation and its dive run first on the background model's worker (where
    # the first plan is in hand): beside the LNS steps, not in their place.
    dive_from = (dict(out.values), out.objective) if COLUMNS and out.values is not None else None
    # "plan": (plan, part) from the dive or the walk, until the LNS thread takes it.
    dive_box: dict = {}
    # The closed LP's bound (columns.py), once it closes.
    lp_bound: list[int] = []
    # Set while the background thread works on the rows (dive, sweep, walk): there is no
    # full model to retire then.
    diving = threading.Event()
    # Set while the walk runs; ``lend`` while the LNS thread lends it its core (LEND).
    walking = threading.Event()
    lend = threading.Event()
    # Set while column generation prices; ``lend_pricing`` while the LNS thread lends it
    # its core (LEND_COLUMNS).
    pricing = threading.Event()
    lend_pricing = threading.Event()
    full_started = [now()]
    total = deadline - started

    def rows_in_background(start: Values) -> None:
        """Column generation and its dive, then the walk of best responses, on the
        background thread's core; their plans handed to the LNS thread through
        ``dive_box``."""
        def done() -> bool:
            return stopped() or retired.is_set()

        walk = WALK and priced_in_full(built)
        plan = None
        # Neither starts past its time: on the largest models (240 people over a year)
        # the first plan can come after the dive's share, and making the walk's plan of
        # rows alone takes seconds.
        if DIVE and now() < started + COLUMNS_SHARE * total:
            pricing.set()
            try:
                plan = dived_plan(built, start, started + COLUMNS_SHARE * total, done,
                                  lambda: out.values, hoods.lean, lp_bound.append,
                                  helping=lend_pricing.is_set, redive=REDIVE, seed=seed)
            finally:
                pricing.clear()
                lend_pricing.clear()
        if plan is not None:
            if SWEEP_DIVE:
                plan, replaced = swept(built, plan, seed, deadline, SWEEP_PASSES, done)
                log.debug("%.1fs dive swept: %d rows", now() - started, replaced)
            dive_box["plan"] = (plan, "columns")
        if walk and now() < deadline - 1.0:
            walking.set()
            try:
                walked(built, plan if plan is not None else start, seed, deadline, done,
                       lambda: (out.values, out.objective),
                       lambda values, _: dive_box.__setitem__("plan", (values, "walk")),
                       WALK_PATIENCE * len(built.problem.people),
                       helping=lend if LEND else None)
            finally:
                walking.clear()
                lend.clear()
            log.debug("%.1fs walk ended", now() - started)

    def run_full() -> None:
        try:
            if dive_from is not None and not stopped():
                diving.set()
                try:
                    rows_in_background(dive_from[0])
                finally:
                    diving.clear()
                solver.parameters.max_time_in_seconds = max(0.05, deadline - now())
                full_started[0] = now()
            # Not started where loading the model alone would run past the time limit
            # (a year of 240 people: seconds, a limit of 0.05 s or not).
            if (not stopped() and not retired.is_set()
                    and deadline - now() > max(1.0, strict.whole_seconds)):
                result["status"] = solver.solve(built.model, full)
        finally:
            if not retired.is_set():
                halt.set()  # the full model ended: proven optimal/infeasible, or out of time

    def watch() -> None:
        # Forward a stop (caller's, deadline reached by the LNS thread) to the solver.
        while not result.get("joined") and not retired.is_set():
            if halt.wait(0.1) or (options.stop_event is not None and options.stop_event.is_set()):
                solver.stop_search()
                return

    strict.ready()
    thread = threading.Thread(target=run_full, daemon=True)
    watcher = threading.Thread(target=watch, daemon=True)
    thread.start()
    watcher.start()
    seen = 0
    paid = now()  # the background model's start, then its last improving plan

    def adopt() -> bool:
        """Take the full model's plan if it is better than the incumbent."""
        nonlocal seen
        with full.lock:
            if full.version == seen or full.solution is None:
                return False
            seen = full.version
            objective, solution = full.objective, full.solution
            out.bound = full.bound if out.bound is None else max(out.bound, full.bound)
        if out.objective is not None and objective >= out.objective:
            return False
        values = {key: solution[var.index] for key, var in built.vars.x.items()}
        nonlocal paid
        paid = now()
        return accept(values, objective, "full model", solution)

    def lent_round(lend: threading.Event, busy: threading.Event) -> None:
        """The LNS thread's core lent (``lend`` set) for a round, or until the borrower
        is done (``busy`` cleared: the dive's plan or the walk's end is the LNS's next)."""
        lend.set()
        until = min(now() + ROUND_SECONDS, deadline)
        while busy.is_set() and now() < until and not halt.wait(0.05):
            pass
        lend.clear()

    step_workers = 1

    def retire_full() -> None:
        nonlocal step_workers
        retired.set()
        solver.stop_search()
        thread.join()
        step_workers = workers
        log.debug("%.1fs background model retired", now() - started)

    try:
        if start_plan and not first_from_full:
            step = strict.solve(values_of(built, start_plan), set(), None,
                                max(0.5, deadline - now()), 1, seed)
            if step.values is not None:
                accept(step.values, step.objective, "construction", step.full)
        if out.values is None and start_plan and not stopped():
            made = construct(built, start_plan, deadline, 1, seed,
                             lambda: stopped() or full.solution is not None, cells,
                             strict.shared, sub=priced)
            if made is not None:
                accept(made.values, made.objective, "construction", made.full)

        def adopt_dive() -> None:
            """The dive's plan, priced on the model, once it is there."""
            handed = dive_box.pop("plan", None)
            if handed is not None:
                plan, part = handed
                step = strict.solve(plan, set(), None, max(0.5, deadline - now()), 1, seed)
                if step.values is not None:
                    accept(step.values, step.objective, part, step.full)
        step_seconds = 0.5
        round_no = 0
        pays = _Pays()
        while not stopped() and now() < deadline - 0.05:
            adopt()
            adopt_dive()
            pays.walked(walking.is_set(), out.gains.get("walk", 0), now())
            if LEND_COLUMNS and pricing.is_set() and out.values is not None:
                round_no += 1
                lent_round(lend_pricing, pricing)
                continue
            if pays.lend(walking.is_set(), round_no):
                round_no += 1
                lent_at = now()
                lent_round(lend, walking)
                pays.lent(now() - lent_at)
                log.debug("%.1fs lent the walk a round (walk %.0f/%.1fs, LNS %.0f/%.1fs)",
                          now() - started, pays.walk_gain, pays.walk_seconds, pays.lns_gain,
                          pays.lns_seconds)
                continue
            if (retire and workers > 1 and not retired.is_set() and not diving.is_set()
                    and out.values is not None
                    and now() - max(paid, full_started[0]) > RETIRE_SHARE * total):
                retire_full()
            if out.values is None:
                halt.wait(min(0.2, max(0.0, deadline - now())))
                continue
            if not strict.prepare(min(deadline - 0.05, now() + ROUND_SECONDS)):
                # The LNS steps' index, a round's time at a time (the dive's plan is
                # taken in between): on the largest models it takes seconds.
                continue
            round_no += 1
            round_began = now()
            state = Incumbent(dict(out.values), out.objective, full=out.full)
            state = improve(strict, hoods, state, min(deadline, now() + ROUND_SECONDS),
                            step_workers, seed + 7919 * round_no, stopped,
                            step_seconds=step_seconds, max_step_seconds=3.0,
                            hard_until=deadline - 0.05)
            step_seconds = state.step_seconds or step_seconds
            pays.searched(walking.is_set(), sum(state.gains.values()), now() - round_began)
            before = out.objective
            if state.objective < before:
                out.values, out.objective, out.full = state.values, state.objective, state.full
                out.best = (state.improved_at or now()) - started
                for op, gain in state.gains.items():
                    out.gains["LNS " + op] = out.gains.get("LNS " + op, 0) + gain
                if options.on_progress is not None:
                    options.on_progress(out.objective,
                                        out.bound if out.bound is not None else 0.0,
                                        now() - started)
    finally:
        halt.set()
        thread.join()
        result["joined"] = True
        watcher.join()
    status = result.get("status", cp_model.UNKNOWN)
    adopt()
    if "status" in result and status in (cp_model.OPTIMAL, cp_model.FEASIBLE, cp_model.UNKNOWN):
        bound = solver.best_objective_bound
        out.bound = bound if out.bound is None else max(out.bound, bound)
    if status == cp_model.OPTIMAL and full.objective is not None \
            and out.objective is not None and full.objective <= out.objective:
        out.status = cp_model.OPTIMAL
    if status == cp_model.INFEASIBLE and out.values is None:
        out.status = cp_model.INFEASIBLE
    if lp_bound:
        out.bound = lp_bound[0] if out.bound is None else max(out.bound, lp_bound[0])
    if full.first is not None and out.first is not None:
        out.first = min(out.first, full.first - started)
    return _finish(out)


def _first_plan(built: BuiltModel, options, started: float, deadline: float, start_plan,
                configure, strict: SubSolver, accept, priced: SubSolver | None = None) -> None:
    """The greedy plan if it keeps every hard rule, or once the rows of the people who
    break one are replaced by their best rows (construction.rows_repaired); where neither
    keeps them, the full model's first solution on every worker (hinted with the greedy
    plan). Measured against the construction by LNS beside a one-worker full model
    (``concurrent``): 7-10 s against 29 s on the 120-person instance 13, 2 s against none
    in 60 s on the 56-day instance 16."""
    from ..solver import run_cp_sat  # the solver module imports this one

    if start_plan:
        until = started + ROWS_SHARE * (deadline - started)
        found = first_from_rows(built, strict, priced if ROWS_FIRST else None, start_plan,
                                until, options.random_seed, accept)
        if found == "greedy" or (found == "rows" and not FULL_FIRST_HELD):
            return
    # The run's own stop event: set at its first solution, or when the caller stops.
    halt = threading.Event()
    forward = None
    if options.stop_event is not None:
        forward = threading.Thread(target=_forward, args=(options.stop_event, halt), daemon=True)
        forward.start()
    first_options = replace(options, stop_event=halt, on_progress=lambda *_: halt.set())
    try:
        # Half of the time at most: without a plan by then the construction by LNS
        # (beside the full model in the background) takes over.
        solver, status, _ = run_cp_sat(built, first_options,
                                       max(0.05, FIRST_SHARE * (deadline - time.monotonic())),
                                       started, configure)
    finally:
        halt.set()
        if forward is not None:
            forward.join()
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        solution = list(solver.response_proto.solution)
        values = {key: solution[var.index] for key, var in built.vars.x.items()}
        accept(values, int(round(solver.objective_value)), "full model", solution)
