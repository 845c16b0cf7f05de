"""Column generation over the people's rows, and a dive to a plan from its LP.

The master LP (GLOP) chooses a mix of rows per person (one unit each) and pays each
cover's shortfall and excess at its weights; a row costs its requests. Its duals price the
covers; each person's cheapest row under those prices (rows.py's walk, ``exact``) enters
when its reduced cost is negative. The LP of rows is far stronger than the model's own LP:
on the shared instance 16 it closes at 3223.5 against a best known plan of 3225, on 8 at
1296.6 against 1300 (2026-12-05), where the full model's bound stays at 3185 and 1252-1274.

The master is one GLOP model kept between solves (new rows enter as columns, GLOP starts
from its last basis), and pricing is partial: the master is solved again as soon as the
people priced since its last solve took as long as the solve itself. With the compiled
walk (walk_jit.py) the LP of instance 16 closes in 1.4 s and that of 8 in 3.2 s, against
about 20 s for each with a new master and a pass over everyone per round (2026-12-05).

The dive turns the LP into a plan: the people whose mix is (nearly) one row are fixed to
it, and at least a tenth of the others by their largest share; the rest are priced again,
until everyone is fixed. It starts from the LP as it stands when generation's share of the
time is gone: on instances 13 and 15 the LP does not close within a minute, and the dive
from it still gave the search its best plans on 15. Every row keeps its person's hard
rules, so the plan does; the model prices it.

Only covers and requests are in the LP: it runs only where they are the whole objective
(``priced_in_full``), not where fairness, hour balances, changes to a previous plan or a
cover's hard minimum would make its plan answer another question than the model's.
"""

from __future__ import annotations

import logging
import math
import time
from collections import Counter
from typing import Callable

import numpy as np
from ortools.linear_solver import pywraplp

from ..builder import BuiltModel
from ..groups import (LANGUAGE_OVER, LANGUAGE_UNDER, OVER_COVER, SHIFT_OFF, SHIFT_ON,
                      UNDER_COVER)
from .rows import INF, RowCosts, best_row
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
# Each step of the dive fixes at least this share of the people still free (the largest
# shares first): one at a time took 120 steps on 120 people.
FIX_FRACTION = 0.1
# Each step of the dive prices the free people again for at most this share of the time
# left to the dive (ending earlier when a whole pass adds no row).
STEP_SHARE = 0.15
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


class Columns:
    def __init__(self, built: BuiltModel, costs: RowCosts) -> None:
        problem = built.problem
        self.built, self.costs = built, costs
        self.n_people, n_days, n_types = len(problem.people), problem.days, len(problem.shift_types)
        self.fixed_table = np.full((self.n_people, n_days, n_types), INF)
        self.const = np.zeros(self.n_people)  # the requests to work a shift, all missed
        empty_plan = dict.fromkeys(built.vars.x, 0)
        for p in range(self.n_people):
            self.fixed_table[p] = costs.table(empty_plan, p)
        # The table above holds the covers' marginal costs of an empty plan: take them
        # out again, the duals price the covers instead.
        self.cover_cells: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
        self.covers_at: list[dict[tuple[int, int], list[int]]] = []
        for p in range(self.n_people):
            days, types, which = [], [], []
            at: dict[tuple[int, int], list[int]] = {}
            for ci, own in costs.covers_of.get(p, ()):
                cover = costs.cover_keys[ci][0]
                empty = -cover.under_weight if cover.required > 0 else cover.over_weight
                for _, d, s in own:
                    if self.fixed_table[p, d, s] < INF / 2:
                        self.fixed_table[p, d, s] -= empty
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
        self.objective = self.solver.Objective()
        self.objective.SetMinimization()
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

    def add(self, p: int, shifts: tuple[int | None, ...]) -> bool:
        if shifts in self.seen[p]:
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
        if self.solver.Solve() != pywraplp.Solver.OPTIMAL:
            return None
        pi = np.asarray([row.dual_value() for row in self.cover_rows])
        mu = np.asarray([row.dual_value() for row in self.person_rows])
        return self.objective.Value(), pi, mu

    def shares(self, p: int) -> list[float]:
        return [var.solution_value() for var in self.row_vars[p]]

    def price_one(self, p: int, pi: np.ndarray, mu: np.ndarray) -> bool:
        """``p``'s cheapest row under the covers' prices, added when its reduced cost is
        negative (whether it was)."""
        row = best_row(self.built, p, self.table(p, pi), exact=True)
        if row is None or row.broken:
            return False
        return self.const[p] + row.cost - mu[p] < -1e-6 and self.add(p, row.shifts)

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
        while not stopped():
            solve_started = time.monotonic()
            solved = self.master()
            if solved is None:
                return False
            self.value, pi, mu = solved
            master_time = time.monotonic() - solve_started
            clean, added, here = 0, 0, 0
            pricing_started = time.monotonic()
            while True:
                now = time.monotonic()
                if now >= until or stopped():
                    return False
                if len(walks) == PROJECTED_WALKS and np.median(walks) * len(free) > budget:
                    return False
                p = free[at % len(free)]
                at += 1
                priced = self.price_one(p, pi, mu)
                here += 1
                if len(walks) < PROJECTED_WALKS:
                    walks.append(time.monotonic() - now)
                if priced:
                    clean, added = 0, added + 1
                else:
                    clean += 1
                if at % len(free) == 0:
                    self.passes += 1
                if clean >= len(free):
                    return True
                # Each person at most once under the same duals (again, it finds the row
                # it just added).
                if added and (here == len(free) or time.monotonic() - pricing_started
                              >= PRICING_PER_MASTER * master_time):
                    break
        return False

    def dive(self, until: float, stopped: Callable[[], bool]) -> Values | None:
        """Fix people to rows until everyone is fixed: those whose mix is (nearly) one
        row, and at least FIX_FRACTION of the free ones by their largest share, pricing
        the rest again in between; the plan (at ``until``, everyone left fixed to the row
        of their largest share), None if stopped or the LP fails."""
        while len(self.fixed) < self.n_people:
            if stopped():
                return None
            now = time.monotonic()
            out_of_time = now >= until
            if not out_of_time:
                self.generate(min(until, now + STEP_SHARE * (until - now)), stopped)
            if self.master() is None:
                return None
            free = []
            for p in range(self.n_people):
                if p not in self.fixed:
                    shares = self.shares(p)
                    j = int(np.argmax(shares))
                    free.append((shares[j], p, j))
            free.sort(reverse=True)
            least = len(free) if out_of_time else max(1, math.ceil(FIX_FRACTION * len(free)))
            for n, (share, p, j) in enumerate(free):
                if n < least or share >= FIXED_SHARE:
                    self.fix(p, j)
        return self.plan()

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
               stopped: Callable[[], bool]) -> Values | None:
    """Column generation from the rows of ``start`` until its LP closes or GENERATE_SHARE
    of the time to ``until`` is gone, then the dive (from the LP as it stands); None when
    generation gives up before a whole pass (``MAX_ROUND_SHARE``), on a stop, or when the
    LP would not price the whole objective (``priced_in_full``)."""
    if not priced_in_full(built):
        return None
    if built.row_costs is None:
        built.row_costs = RowCosts(built)
    columns = Columns(built, built.row_costs)
    columns.add_plan(start)
    began = time.monotonic()
    window = until - began
    closed = columns.generate(began + GENERATE_SHARE * window, stopped,
                              MAX_ROUND_SHARE * window)
    log.debug("columns: LP %s, closed %s after %d passes, %.1fs", columns.value, closed,
              columns.passes, time.monotonic() - began)
    if not closed and columns.passes == 0:
        return None
    plan = columns.dive(until, stopped)
    log.debug("columns: dive ended at LP %s, %.1fs", columns.value, time.monotonic() - began)
    return plan

