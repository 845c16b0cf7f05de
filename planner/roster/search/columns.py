"""Column generation over the people's rows, and a dive to a plan from its LP.

The master LP (GLOP) chooses a mix of rows per person (one unit each) and pays each
cover's shortfall and excess at its weights; a row costs its requests. Its duals price the
covers; each person's cheapest row under those prices (rows.py's walk, ``exact``) enters
when its reduced cost is negative. The LP of rows is far stronger than the model's own LP:
on the shared instance 16 it closes at 3223.5 against a best known plan of 3225, on 8 at
1296.6 against 1300 (2026-12-05), where the full model's bound stays at 3185 and 1252-1274.

The master is one GLOP model kept between solves (new rows enter as columns, GLOP starts
from its last basis, its presolve off), and pricing is partial: the master is solved again
as soon as the people priced since its last solve took as long as the solve itself. With the compiled
walk (walk_jit.py) the LP of instance 16 closes in 1.4 s and that of 8 in 3.2 s, against
about 20 s for each with a new master and a pass over everyone per round (2026-12-05).

The dive turns the LP into a plan. From a closed LP (``dive``) the people whose mix is
(nearly) one row are fixed to it, and at least a tenth of the others by their largest
share; the rest are priced again, until everyone is fixed. From an open one
(``dive_cells``; on instances 13 and 15 the LP does not close within a minute) days of
people are fixed instead: per person the days on which the row of the largest share agrees
with most of the mix, pricing keeping them, so a half-decided person keeps the choice of
the days their mix disagrees on. Each step prices at least a pass over those still free.
Every row keeps its person's hard rules, so the plan does; the model prices it. Before each
master solve the search's best plan so far (``incumbent``) enters the pool: whole rows
that fit together, which the duals of an open LP do not lead pricing to.

While the caller lends a core (``helping``: the split search's LNS thread, the single
search's idle worker) two people are priced at once, the second walk on a pool thread
(the compiled walk releases the GIL; the rows enter the master in the calling thread).
From the same first plan (generation alone, 2026-12-07): instance 15's LP at 10 / 20 /
30 s 4202 / 3913 / 3851 against 4416 / 3985 / 3892 one at a time. Late in generation the
master dominates (13: GLOP's warm-started primal simplex, about 500 iterations and 0.28 s
a solve near the close; its dual simplex and CLP were slower), and there the second walk
gains little: 13's LP closed at 1348.0, its best known value, in 54 s either way. So while
a master solve outlasts a walk, the pool thread walks the next people under the last
prices (``WALK_AHEAD``; GLOP lets the GIL go while it solves) and their rows enter under
the new duals: 13's LP at 35 s 1489 against 1519, closed in 52 s against not by 60 s
(2026-12-07, one run each; GLOP's devex and Dantzig pricing were slower, and setting
aside rows long out of the mix did not make its iterations cheaper).

Pricing sees smoothed duals (``SMOOTHING``): half the prices it last used, half the
master's new ones, which swing from one partial solve to the next; a pass that finds
nothing under them is priced again under the true duals, and only such a pass closes the
LP. While it is generated, the LP tells its leaning (per person and day the choice with the
largest share of their mix of rows) to the LNS beside it (``on_leaning``): the ``lp``
neighbourhood frees the cells where the plan disagrees (neighbourhoods.py).

Only covers and requests are in the LP: it runs only where they are the whole objective
(``priced_in_full``), not where fairness, hour balances, changes to a previous plan or a
cover's hard minimum would make its plan answer another question than the model's.
"""

from __future__ import annotations

import logging
import math
import random
import threading
import time
from collections import Counter
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Callable

import numpy as np
from ortools.linear_solver import pywraplp

from ..builder import BuiltModel
from ..groups import (LANGUAGE_OVER, LANGUAGE_UNDER, OVER_COVER, SHIFT_OFF, SHIFT_ON,
                      UNDER_COVER)
from .rows import INF, Row, RowCosts, best_row
from .subproblem import Values

log = logging.getLogger(__name__)

# The soft rules the master LP prices: with any other in the objective (fairness, hour
# balance, changes to a previous plan) or a cover's hard minimum, the dive's plan answers
# a different question than the model's. The centre's 64-person four-week case (fairness,
# reception minimums) ended 1.62 % from its bound at 120 s with the dive in its start
# against 0.27-0.98 % without (2026-12-05).
PRICED_RULES = frozenset({UNDER_COVER, OVER_COVER, LANGUAGE_UNDER, LANGUAGE_OVER, SHIFT_ON,
                          SHIFT_OFF})
# The share of its window column generation may take before the dive starts from the
# LP as it stands (closed or not).
GENERATE_SHARE = 0.6
# A person whose mix gives one row at least this share is fixed to it.
FIXED_SHARE = 0.99
# Each step of the dive fixes at least this share of the people (days) still free (the
# largest shares first; more when the time left asks for it): one at a time took 120 steps
# on 120 people.
FIX_FRACTION = 0.1
# Column generation needs tens of passes over the people (42 on instance 16, 51 on 8,
# 2026-12-05): it gives up when one pass, projected from the median of its first
# PROJECTED_WALKS walks, would take more than this share of its window. (The first walks
# under the start plan's extreme duals are the slowest: 70 ms against 30 ms later on
# instance 15.)
MAX_ROUND_SHARE = 1 / 5
PROJECTED_WALKS = 5
# Partial pricing: the master is solved again once the people priced since its last
# solve took this many times its own time (and something entered). From the first plans
# of instances 13 and 15, LP after 40 s (2026-12-05): 1672 and 3971 at 1, 1872 and 3966
# at 3, 1975 and (36 s) 4041 pricing everyone between solves.
PRICING_PER_MASTER = 1.0
# Seconds between two tellings of the LP's leaning to the LNS (``Columns.leaning``).
LEANING_SECONDS = 1.0
# Dual smoothing (Wentges): pricing sees this share of the last prices it used and the
# rest of the master's new duals, which swing from one partial solve to the next; a pass
# that finds no row under the smoothed prices is priced again under the true ones, and
# only a pass under those closes the LP. From the rows' start, one run each (2026-12-06,
# cgprof): LP after 20 s on 13: 2054 at 0.5 against 2120 without and 2160 at 0.7; 15 after
# 30 s 4098 against 4135; 8 closed at 1296.6 in 3.6 s against 4.0 s (3.7 s at 0.7), 16 at
# 3223.5 in 1.3 s against 1.6 s.
SMOOTHING = 0.5
# While the master solves (longer than a pricing walk) and a core is lent, the pool thread
# walks the next people under the last prices; their rows enter under the new duals.
WALK_AHEAD = True
# Dives again from a closed LP (``dived_plan``'s ``redive``) stop after this many dives in
# a row that found no cheaper plan: where the LP is not tight no plan reaches its bound,
# and the full model after the dive proves the plan optimal in a fraction of a second
# (instance 1: LP 558, optimum 607; 45 s of 60 waiting for the dives' share without this).
REDIVE_PATIENCE = 8
# The closed LP's bound is rounded up to the next whole number after this much is taken
# off (GLOP's duals are exact only to its tolerances).
BOUND_TOLERANCE = 1e-4


@dataclass
class _Priced:
    """A pricing walk's row (None: none keeps the rules), the table its reduced cost is
    judged under, and the walk's seconds."""
    row: Row | None
    table: np.ndarray
    seconds: float


@dataclass
class _Ahead:
    """Walks on the pool thread while the master solves; ``result`` ends them."""
    future: Future
    solving: threading.Event

    def result(self) -> list[tuple[int, _Priced]]:
        self.solving.clear()
        return self.future.result()


class Columns:
    def __init__(self, built: BuiltModel, costs: RowCosts) -> None:
        problem = built.problem
        self.built, self.costs = built, costs
        self.n_people, n_days, n_types = len(problem.people), problem.days, len(problem.shift_types)
        # A row's own cost: its requests (and INF where the model has no decision); the
        # duals price the covers. (Read per person: deriving it from the marginal costs of
        # an empty plan walked every member of every cover once per person, 157 s for 240
        # people over 364 days, and the run overran its time limit by as much.)
        self.const = np.zeros(self.n_people)  # the requests to work a shift, all missed
        self.fixed_table = np.stack([costs.base(p) for p in range(self.n_people)]) \
            if self.n_people else np.full((0, n_days, n_types), INF)
        self.cover_cells: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
        self.covers_at: list[dict[tuple[int, int], list[int]]] = []
        for p in range(self.n_people):
            days, types, which = [], [], []
            at: dict[tuple[int, int], list[int]] = {}
            for ci, own in costs.covers_of.get(p, ()):
                for _, d, s in own:
                    days.append(d)
                    types.append(s)
                    which.append(ci)
                    at.setdefault((d, s), []).append(ci)
            self.cover_cells.append((np.asarray(days, dtype=np.int64),
                                     np.asarray(types, dtype=np.int64),
                                     np.asarray(which, dtype=np.int64)))
            self.covers_at.append(at)
        for p, requests in costs.requests_of.items():
            self.const[p] = sum(w for _, _, w in requests if w > 0)
        # The master LP, kept between solves (GLOP starts again from its last basis):
        # one unit of rows per person, each cover's shortfall and excess at its weights.
        self.solver = pywraplp.Solver.CreateSolver("GLOP")
        # Without presolve GLOP goes on from its last basis after new columns (only the
        # model is loaded again): instance 13's LP after 40 s of generation 1536 against
        # 1719 with it, 8 and 16 close 10 % sooner (2026-12-05).
        self.solver.SetSolverSpecificParametersAsString("use_preprocessing: false")
        self.objective = self.solver.Objective()
        self.objective.SetMinimization()
        self.required = np.array([cover.required for cover, _ in costs.cover_keys], dtype=float)
        self.under_weight = np.array([cover.under_weight for cover, _ in costs.cover_keys],
                                     dtype=float)
        self.over_weight = np.array([cover.over_weight for cover, _ in costs.cover_keys],
                                    dtype=float)
        self.cover_rows = []
        for cover, _ in costs.cover_keys:
            row = self.solver.Constraint(cover.required, cover.required)
            short = self.solver.NumVar(0, self.solver.infinity(), "")
            over = self.solver.NumVar(0, self.solver.infinity(), "")
            row.SetCoefficient(short, 1)
            row.SetCoefficient(over, -1)
            self.objective.SetCoefficient(short, cover.under_weight)
            self.objective.SetCoefficient(over, cover.over_weight)
            self.cover_rows.append(row)
        self.person_rows = [self.solver.Constraint(1, 1) for _ in range(self.n_people)]
        self.rows: list[list[tuple[int | None, ...]]] = [[] for _ in range(self.n_people)]
        self.row_cost: list[list[float]] = [[] for _ in range(self.n_people)]
        self.row_vars: list[list] = [[] for _ in range(self.n_people)]
        self.seen: list[set] = [set() for _ in range(self.n_people)]
        self.fixed: dict[int, int] = {}
        self.value: float | None = None
        self.passes = 0  # whole passes of pricing over the free people
        self.walk_time: float | None = None  # seconds of one pricing walk, averaged
        self.last_walk = 0.0  # seconds of the last one
        # The last pricing's floor: no row of the person costs less under its table, const
        # included (rows.Row.floor; -INF: nothing proven).
        self.last_floor = -INF
        # A lower bound on every plan's objective, from the duals of the pass that closed
        # the LP (``lagrangian``); None until one closes.
        self.bound: float | None = None
        # The search's best plan so far (None: none), its rows taken in before each master
        # solve: plans of whole rows that fit together, which pricing alone finds late.
        self.incumbent: Callable[[], Values | None] = lambda: None
        self._taken: Values | None = None
        # The dive's fixed cells: day -> shift (None: off) per person.
        self.forced: list[dict[int, int | None]] = [{} for _ in range(self.n_people)]
        # Told the LP's leaning (``leaning``) after a master solve, at most every
        # LEANING_SECONDS: the LNS's ``lp`` neighbourhood frees where the plan disagrees.
        self.on_leaning: Callable[[np.ndarray, np.ndarray], None] | None = None
        self._leaned = -math.inf
        # While it answers True a second thread walks beside the first (a core the caller
        # lends: the LNS thread's, concurrent.py).
        self.helping: Callable[[], bool] = lambda: False
        self._pool: ThreadPoolExecutor | None = None
        self._solving = threading.Event()  # set while the master solves beside walks

    def add(self, p: int, shifts: tuple[int | None, ...]) -> bool:
        if (p in self.fixed or shifts in self.seen[p]
                or any(shifts[d] != s for d, s in self.forced[p].items())):
            return False
        table = self.fixed_table[p]
        cost = self.const[p] + sum(float(table[d, s]) for d, s in enumerate(shifts)
                                   if s is not None)
        if cost >= INF / 2:
            return False
        self.seen[p].add(shifts)
        self.rows[p].append(shifts)
        self.row_cost[p].append(cost)
        var = self.solver.NumVar(0, 1, "")
        self.row_vars[p].append(var)
        self.objective.SetCoefficient(var, cost)
        self.person_rows[p].SetCoefficient(var, 1)
        uses = Counter(ci for d, s in enumerate(shifts) if s is not None
                       for ci in self.covers_at[p].get((d, s), ()))
        for ci, times in uses.items():
            self.cover_rows[ci].SetCoefficient(var, times)
        return True

    def add_plan(self, values: Values) -> None:
        for p in range(self.n_people):
            shifts: list[int | None] = [None] * self.built.problem.days
            for _, d, s in self.costs.keys_of.get(p, ()):
                if values[p, d, s]:
                    shifts[d] = s
            self.add(p, tuple(shifts))

    def fix(self, p: int, j: int) -> None:
        """``p`` keeps row ``j`` alone from now on."""
        self.fixed[p] = j
        for i, var in enumerate(self.row_vars[p]):
            if i != j:
                var.SetUb(0)

    def table(self, p: int, pi: np.ndarray) -> np.ndarray:
        table = self.fixed_table[p].copy()
        days, types, which = self.cover_cells[p]
        if len(days):
            np.subtract.at(table, (days, types), pi[which])
        return table

    def master(self) -> tuple[float, np.ndarray, np.ndarray] | None:
        """The master LP over the rows so far: its value, the covers' duals and the
        people's duals (None if GLOP does not solve it)."""
        status = self.solver.Solve()
        if status != pywraplp.Solver.OPTIMAL:
            log.debug("master: GLOP status %s, people without an open row %s", status,
                      [p for p in range(self.n_people)
                       if not any(v.ub() > 0.5 for v in self.row_vars[p])])
            return None
        pi = np.asarray([row.dual_value() for row in self.cover_rows])
        mu = np.asarray([row.dual_value() for row in self.person_rows])
        return self.objective.Value(), pi, mu

    def shares(self, p: int) -> list[float]:
        return [var.solution_value() for var in self.row_vars[p]]

    def leaning(self) -> tuple[np.ndarray, np.ndarray]:
        """Per person and day the shift the LP's mix of rows gives the largest share (-1:
        off) and that share, from the last master solve."""
        n_days = self.built.problem.days
        lean = np.full((self.n_people, n_days), -1, dtype=np.int64)
        share = np.zeros((self.n_people, n_days))
        for p in range(self.n_people):
            weight: list[dict[int, float]] = [{} for _ in range(n_days)]
            for v, row in zip(self.shares(p), self.rows[p]):
                if v > 1e-9:
                    for d, s in enumerate(row):
                        key = -1 if s is None else s
                        weight[d][key] = weight[d].get(key, 0.0) + v
            for d, options in enumerate(weight):
                if options:
                    lean[p, d], share[p, d] = max(options.items(), key=lambda kv: kv[1])
        return lean, share

    def _tell_leaning(self) -> None:
        if self.on_leaning is not None and time.monotonic() - self._leaned >= LEANING_SECONDS:
            self._leaned = time.monotonic()
            self.on_leaning(*self.leaning())

    def price_one(self, p: int, pi: np.ndarray, mu: np.ndarray,
                  priced_at: np.ndarray | None = None) -> bool:
        """``p``'s cheapest row under the covers' prices ``priced_at`` (default ``pi``),
        added when its reduced cost under ``pi`` and ``mu`` is negative (whether it was)."""
        return self._take(p, self._walked(p, pi, priced_at), pi, mu)

    def _walked(self, p: int, pi: np.ndarray, priced_at: np.ndarray | None) -> _Priced:
        """The pricing walk of ``p`` alone: nothing of the master is read or written, so
        two people can be walked at once (the compiled walk releases the GIL)."""
        began = time.monotonic()
        table = self.table(p, pi)
        walked = table if priced_at is None else self.table(p, priced_at)
        row = best_row(self.built, p, self._forced_table(p, walked), exact=True)
        return _Priced(row, table, time.monotonic() - began)

    def _take(self, p: int, priced: _Priced, pi: np.ndarray, mu: np.ndarray) -> bool:
        """The walked row of ``p`` into the master when its reduced cost is negative."""
        row, table = priced.row, priced.table
        took = self.last_walk = priced.seconds
        self.walk_time = took if self.walk_time is None else 0.9 * self.walk_time + 0.1 * took
        self.last_floor = -INF if row is None else self.const[p] + row.floor
        if row is None or row.broken:
            return False
        cost = sum(float(table[d, s]) for d, s in enumerate(row.shifts) if s is not None)
        return self.const[p] + cost - mu[p] < -1e-6 and self.add(p, row.shifts)

    def _priced_batch(self, people: list[int], pi: np.ndarray,
                      priced_at: np.ndarray | None) -> list[_Priced]:
        """The walks of ``people``: one, or two at once (the second on the lent core)."""
        if len(people) == 1:
            return [self._walked(people[0], pi, priced_at)]
        other = self._pool_thread().submit(self._walked, people[1], pi, priced_at)
        return [self._walked(people[0], pi, priced_at), other.result()]

    def _walk_ahead(self, free: list[int], at: int, prices: np.ndarray) -> _Ahead | None:
        """While the master solves (GLOP lets the GIL go) and a core is lent, the next
        free people walked on the pool thread under the prices of the last pricing, until
        the solve ends or the pass is through (None: no core lent)."""
        if not WALK_AHEAD or not self.helping() or len(free) < 2:
            return None
        self._solving.set()

        def walk() -> list[tuple[int, _Priced]]:
            out = []
            for k in range(len(free) - at % len(free)):
                if not self._solving.is_set():
                    break
                p = free[(at + k) % len(free)]
                out.append((p, self._walked(p, prices, None)))
            return out

        return _Ahead(self._pool_thread().submit(walk), self._solving)

    def _pool_thread(self) -> ThreadPoolExecutor:
        """The one pool thread beside the caller's (made when first asked for)."""
        if self._pool is None:
            self._pool = ThreadPoolExecutor(max_workers=1)
        return self._pool

    def __enter__(self) -> Columns:
        return self

    def __exit__(self, *_) -> None:
        """The pool's thread ends with the generation that used it."""
        if self._pool is not None:
            self._pool.shutdown()
            self._pool = None

    def _forced_table(self, p: int, table: np.ndarray) -> np.ndarray:
        """``table`` with the dive's fixed cells of ``p`` kept: a day fixed off has no
        shift, a day fixed to a shift no other, and that shift gains more than the whole
        table could (the walk has no price for a day off, so a day to work is bought)."""
        forced = self.forced[p]
        if not forced:
            return table
        out = table.copy()
        big = float(np.abs(table[table < INF / 2]).sum()) + 1.0
        for d, s in forced.items():
            keep = out[d, s] if s is not None else None
            out[d, :] = INF
            if s is not None:
                out[d, s] = keep - big
        return out

    def force(self, p: int, d: int, s: int | None) -> None:
        """``p`` works ``s`` on day ``d`` (None: is off) from now on."""
        self.forced[p][d] = s
        for row, var in zip(self.rows[p], self.row_vars[p]):
            if row[d] != s:
                var.SetUb(0)

    def generate(self, until: float, stopped: Callable[[], bool],
                 budget: float = float("inf")) -> bool:
        """Partial pricing with the master solved in between, until a whole pass over the
        free people under the same duals adds no row (True: the LP is closed) or time is
        up (False). False at once when a pass, projected from its first walks, would take
        more than ``budget`` seconds."""
        free = [p for p in range(self.n_people) if p not in self.fixed]
        if not free:
            return True
        at = 0  # the next person to price, round the free ones
        walks: list[float] = []  # seconds of the first pricing walks
        center: np.ndarray | None = None  # the smoothed covers' prices
        master_time = 0.0  # seconds of the last master solve
        smoothing = SMOOTHING
        while not stopped():
            plan = self.incumbent()
            if plan is not None and plan is not self._taken:
                self._taken = plan
                self.add_plan(plan)
            solve_started = time.monotonic()
            # Only where a solve outlasts a walk: ending the walks waits for the last one.
            ahead = (self._walk_ahead(free, at, center)
                     if center is not None and master_time > (self.walk_time or INF) else None)
            solved = self.master()
            walked_ahead = ahead.result() if ahead is not None else []
            if solved is None:
                return False
            self.value, pi, mu = solved
            master_time = time.monotonic() - solve_started
            self._tell_leaning()
            clean, added, here = 0, 0, 0
            # The rows walked during the solve enter under its duals; their people count
            # as priced in this pass but not as clean (no walk under these prices).
            for p, walked in walked_ahead:
                walked.table = self.table(p, pi)
                at, here = at + 1, here + 1
                added += self._take(p, walked, pi, mu)
                if at % len(free) == 0:
                    self.passes += 1
            center = pi if center is None else smoothing * center + (1 - smoothing) * pi
            floors: dict[int, float] = {}  # under ``pi`` (smoothing off)
            pricing_started = time.monotonic()
            while True:
                now = time.monotonic()
                if now >= until or stopped():
                    return False
                if len(walks) == PROJECTED_WALKS and np.median(walks) * len(free) > budget:
                    return False
                # Never the same person twice in one batch, nor across the end of a pass.
                pair = self.helping() and len(free) > 1 and (at + 1) % len(free) != 0
                batch = [free[(at + k) % len(free)] for k in range(2 if pair else 1)]
                results = self._priced_batch(batch, pi, center if smoothing else None)
                again = False  # the master again, under the true prices
                for p, walked in zip(batch, results):
                    at += 1
                    priced = self._take(p, walked, pi, mu)
                    if not smoothing:
                        floors[p] = self.last_floor
                    here += 1
                    if len(walks) < PROJECTED_WALKS:
                        walks.append(self.last_walk)
                    if priced:
                        clean, added = 0, added + 1
                    else:
                        clean += 1
                    if at % len(free) == 0:
                        self.passes += 1
                    if clean >= len(free):
                        if not smoothing:
                            if not self.fixed and not any(self.forced):
                                self.bound = self.lagrangian(pi, floors)
                            return True
                        # A pass without a row under the smoothed prices: the true ones
                        # decide.
                        smoothing, center, clean = 0.0, pi, 0
                        again = True
                        break
                if again:
                    break
                # Each person at most once under the same duals (again, it finds the row
                # it just added).
                if added and (here >= len(free) or time.monotonic() - pricing_started
                              >= PRICING_PER_MASTER * master_time):
                    break
        return False

    def lagrangian(self, pi: np.ndarray, floors: dict[int, float]) -> float | None:
        """The Lagrangian bound of the covers' prices ``pi`` (the required covers at their
        prices, plus each person's cheapest row under them, here its floor): no plan
        costs less. The prices are first held to what a shortfall and an excess cost (the
        LP's own bounds on them, up to GLOP's tolerance), each row's cost moved by at most
        what that moved. None unless every person's floor is known."""
        if len(floors) < self.n_people or min(floors.values()) <= -INF / 2:
            return None
        held = np.clip(pi, -self.over_weight, self.under_weight)
        moved = float(np.abs(held - pi).sum()) * self.built.problem.days * self.n_people
        return float(self.required @ held) + sum(floors.values()) - moved

    def release(self) -> None:
        """Every fixing of a dive undone: the LP over all rows priced so far again."""
        for p in range(self.n_people):
            for var in self.row_vars[p]:
                var.SetUb(1)
        self.fixed = {}
        self.forced = [{} for _ in range(self.n_people)]

    def dive(self, until: float, stopped: Callable[[], bool],
             rng: random.Random | None = None) -> Values | None:
        """Fix people to rows until everyone is fixed: those whose mix is (nearly) one
        row, and at least FIX_FRACTION of the free ones by their largest share (with
        ``rng``, the share times a draw from 0.5-1.0: another dive's order), pricing
        the rest again in between; the plan (at ``until``, everyone left fixed to the row
        of their largest share), None if stopped or the LP fails."""
        while len(self.fixed) < self.n_people:
            step = self._priced_step(self.n_people - len(self.fixed), until, stopped)
            if step is None:
                return None
            share, out_of_time = step
            free = []
            for p in range(self.n_people):
                if p not in self.fixed:
                    shares = self.shares(p)
                    j = int(np.argmax(shares))
                    largest = shares[j]
                    if rng is not None and largest < FIXED_SHARE:
                        largest *= 0.5 + 0.5 * rng.random()
                    free.append((largest, p, j))
            free.sort(reverse=True)
            least = len(free) if out_of_time else max(1, math.ceil(share * len(free)))
            log.debug("dive: LP %.1f, %d fixed, %d free, %d at one row, %s", self.value,
                      len(self.fixed), len(free), sum(f[0] >= FIXED_SHARE for f in free),
                      "out of time" if out_of_time else "")
            for n, (largest, p, j) in enumerate(free):
                if n < least or largest >= FIXED_SHARE:
                    self.fix(p, j)
        return self.plan()

    def _priced_step(self, n_free: int, until: float,
                     stopped: Callable[[], bool]) -> tuple[float, bool] | None:
        """A dive step's pricing and master solve: the share of the free people (days)
        the step fixes, and whether the time is up (None: stopped, or the LP failed).
        The share is also that of the time left it prices for, at least a pass over the
        free people per step, so that each step's LP answers the fixings before it (with
        a tenth of the time left per step, instance 13's LP went from 1,446 to 8,434 over
        the last 70 fixings, 2026-12-05)."""
        if stopped():
            return None
        now = time.monotonic()
        out_of_time = now >= until
        share = min(1.0, max(FIX_FRACTION,
                             n_free * (self.walk_time or 0.0) / max(until - now, 1e-9)))
        if not out_of_time:
            self.generate(min(until, now + share * (until - now)), stopped)
        if self.master() is None:
            return None
        return share, out_of_time

    def dive_cells(self, until: float, stopped: Callable[[], bool]) -> Values | None:
        """Fix days of people, not whole rows: per person the days on which the row of
        the largest share agrees with most of the mix, the most agreed first (every day
        all of the mix agrees on, and at least a share of the others); a person whose
        mix is (nearly) one row keeps it. Pricing keeps the fixed days. At ``until``
        everyone left keeps the row of their largest share (it keeps their fixed days)."""
        n_days = self.built.problem.days
        while True:
            free_people = [p for p in range(self.n_people) if p not in self.fixed]
            if not free_people:
                return self.plan()
            step = self._priced_step(len(free_people), until, stopped)
            if step is None:
                return None
            share, out_of_time = step
            days = []  # (agreement, person, day, shift of the largest share's row)
            top_of = {}
            # Every share read before anything changes: the LP's values are gone after.
            all_shares = {p: self.shares(p) for p in free_people}
            for p in free_people:
                shares = all_shares[p]
                j = top_of[p] = int(np.argmax(shares))
                if out_of_time or shares[j] >= FIXED_SHARE:
                    self.fix(p, j)
                    continue
                top = self.rows[p][j]
                mix = [(v, row) for v, row in zip(shares, self.rows[p]) if v > 1e-9]
                for d in range(n_days):
                    if d not in self.forced[p]:
                        days.append((sum(v for v, row in mix if row[d] == top[d]), p, d, top[d]))
            days.sort(key=lambda t: -t[0])
            least = max(1, math.ceil(share * sum(1 for t in days if t[0] < FIXED_SHARE)))
            log.debug("dive: LP %.1f, %d people fixed, %d days to fix, %s", self.value,
                      len(self.fixed), len(days), "out of time" if out_of_time else "")
            fixed_now = 0
            for agreement, p, d, s in days:
                if agreement >= FIXED_SHARE or fixed_now < least:
                    fixed_now += agreement < FIXED_SHARE
                    self.force(p, d, s)
            for p in free_people:
                if p not in self.fixed and len(self.forced[p]) == n_days:
                    self.fix(p, top_of[p])

    def plan(self) -> Values:
        values: Values = {}
        for p in range(self.n_people):
            shifts = self.rows[p][self.fixed[p]]
            for key in self.costs.keys_of.get(p, ()):
                values[key] = int(shifts[key[1]] == key[2])
        return values


def priced_in_full(built: BuiltModel) -> bool:
    """Whether the master LP prices the model's whole objective (PRICED_RULES only, no
    hard cover minimum, no cap on the objective)."""
    problem = built.problem
    return (all(rule in PRICED_RULES for rule, _, _ in built.ctx.penalties)
            and not any(cover.minimum > 0 for cover in problem.covers)
            and problem.objective_cap is None)


def dived_plan(built: BuiltModel, start: Values, until: float,
               stopped: Callable[[], bool],
               incumbent: Callable[[], Values | None] | None = None,
               on_leaning: Callable[[np.ndarray, np.ndarray], None] | None = None,
               on_bound: Callable[[int], None] | None = None,
               helping: Callable[[], bool] | None = None,
               redive: bool = False, seed: int = 0) -> Values | None:
    """Column generation from the rows of ``start`` until its LP closes or GENERATE_SHARE
    of the time to ``until`` is gone, then the dive (from the LP as it stands); None when
    generation gives up before a whole pass (``MAX_ROUND_SHARE``), on a stop, or when the
    LP would not price the whole objective (``priced_in_full``). ``on_bound`` hears the
    closed LP's bound (rounded up: every plan's objective is a whole number). While
    ``helping()`` answers True a second thread prices beside the first."""
    if not priced_in_full(built):
        return None
    columns = Columns(built, RowCosts.of(built))
    if helping is not None:
        columns.helping = helping
    with columns:
        columns.add_plan(start)
        if incumbent is not None:
            columns.incumbent = incumbent
        columns.on_leaning = on_leaning
        began = time.monotonic()
        window = until - began
        closed = columns.generate(began + GENERATE_SHARE * window, stopped,
                                  MAX_ROUND_SHARE * window)
        log.debug("columns: LP %s, closed %s after %d passes, %.1fs, bound %s", columns.value,
                  closed, columns.passes, time.monotonic() - began, columns.bound)
        # Every plan's objective is a whole number.
        bound = None if columns.bound is None else math.ceil(columns.bound - BOUND_TOLERANCE)
        if on_bound is not None and bound is not None:
            on_bound(bound)
        # The dive's LPs answer its fixings, not the question: the generation's last one stays.
        if on_leaning is not None and columns.master() is not None:
            on_leaning(*columns.leaning())
        columns.on_leaning = None
        if not closed and columns.passes == 0:
            return None
        # From a closed LP the dive by rows ends nearer to it; from an open one the dive by
        # days (dive_cells). Both from the same LP, 10 s each, 2026-12-05: closed on 5, 7, 8,
        # 10, 16: rows 1256, 1164, 1317, 4634, 3226 against days 1347, 1362, 1502, 4732,
        # 3424 (11 alike); open on 13 (after 40 s) and 15 (after 20 s): rows 6565 and 5645
        # against days 4480 and 4915.
        plan = (columns.dive if closed else columns.dive_cells)(until, stopped)
        log.debug("columns: dive ended at LP %s, %.1fs", columns.value, time.monotonic() - began)
        if plan is not None and closed and redive:
            plan = _redived(columns, plan, bound, until, stopped, random.Random(seed))
        return plan


def _redived(columns: Columns, plan: Values, floor: int | None, until: float,
             stopped: Callable[[], bool], rng: random.Random) -> Values:
    """Dives again from the LP of every row priced so far, the people fixed in an order
    with noise on their shares, while another dive as long as the last fits before
    ``until``, until a plan is at ``floor`` (the closed LP's bound: nothing is cheaper) or
    after REDIVE_PATIENCE dives without a cheaper plan; the cheapest plan of all."""
    solved = columns.master()
    if solved is None:
        return plan
    best = solved[0]
    took = 0.0
    idle = 0
    while (not stopped() and time.monotonic() + took < until and idle < REDIVE_PATIENCE
           and (floor is None or best > floor + 1e-6)):
        began = time.monotonic()
        columns.release()
        other = columns.dive(until, stopped, rng)
        solved = columns.master() if other is not None else None
        took = time.monotonic() - began
        if solved is None:
            break
        log.debug("columns: dive again: %.1f (best %.1f), %.1fs", solved[0], best, took)
        idle += 1
        if solved[0] < best - 1e-6:
            plan, best, idle = other, solved[0], 0
    return plan
