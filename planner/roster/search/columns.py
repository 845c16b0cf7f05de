"""Column generation over the people's rows, and a dive to a plan from its LP.

The master LP (GLOP) chooses a mix of rows per person (one unit each) and pays each
cover's shortfall and excess at its weights; a row costs its requests. Its duals price the
covers; each person's cheapest row under those prices (rows.py's walk, ``exact``) enters
when its reduced cost is negative. The LP of rows is far stronger than the model's own LP:
on the shared instance 16 it closes at 3223.5 against a best known plan of 3225, on 8 at
1296.6 against 1300 (2026-12-05), where the full model's bound stays at 3185 and 1252-1274.

The dive turns the LP into a plan: the people whose mix is (nearly) one row are fixed to
it, else the one with the largest share; the rest are priced again, until everyone is
fixed. Every row keeps its person's hard rules, so the plan does; the model prices it.

Only covers and requests are in the LP: it runs only where they are the whole objective
(``priced_in_full``), not where fairness, hour balances, changes to a previous plan or a
cover's hard minimum would make its plan answer another question than the model's.
"""

from __future__ import annotations

import time
from typing import Callable

import numpy as np
from ortools.linear_solver import pywraplp

from ..builder import BuiltModel
from ..groups import (LANGUAGE_OVER, LANGUAGE_UNDER, OVER_COVER, SHIFT_OFF, SHIFT_ON,
                      UNDER_COVER)
from .rows import INF, RowCosts, best_row
from .subproblem import Values

# The soft rules the master LP prices: with any other in the objective (fairness, hour
# balance, changes to a previous plan) or a cover's hard minimum, the dive's plan answers
# a different question than the model's. The centre's 64-person four-week case (fairness,
# reception minimums) ended 1.62 % from its bound at 120 s with the dive in its start
# against 0.27-0.98 % without (2026-12-05).
PRICED_RULES = frozenset({UNDER_COVER, OVER_COVER, LANGUAGE_UNDER, LANGUAGE_OVER, SHIFT_ON,
                          SHIFT_OFF})
# Pricing rounds after each fix of the dive (fewer when no row enters).
DIVE_ROUNDS = 3
# A person whose mix gives one row at least this share is fixed to it.
FIXED_SHARE = 0.99
# Column generation needs tens of rounds (42 on instance 16, 51 on 8): it gives up when one
# round, projected from its first walks, would take more than this share of its window.
MAX_ROUND_SHARE = 1 / 20


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
        for p in range(self.n_people):
            days, types, which = [], [], []
            for ci, own in costs.covers_of.get(p, ()):
                cover = costs.cover_keys[ci][0]
                empty = -cover.under_weight if cover.required > 0 else cover.over_weight
                for _, d, s in own:
                    if self.fixed_table[p, d, s] < INF / 2:
                        self.fixed_table[p, d, s] -= empty
                    days.append(d)
                    types.append(s)
                    which.append(ci)
            self.cover_cells.append((np.asarray(days, dtype=np.int64),
                                     np.asarray(types, dtype=np.int64),
                                     np.asarray(which, dtype=np.int64)))
        for p, requests in costs.requests_of.items():
            self.const[p] = sum(w for _, _, w in requests if w > 0)
        self.rows: list[list[tuple[int | None, ...]]] = [[] for _ in range(self.n_people)]
        self.row_cost: list[list[float]] = [[] for _ in range(self.n_people)]
        self.seen: list[set] = [set() for _ in range(self.n_people)]
        self.fixed: dict[int, int] = {}
        self.value: float | None = None

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
        return True

    def add_plan(self, values: Values) -> None:
        for p in range(self.n_people):
            shifts: list[int | None] = [None] * self.built.problem.days
            for _, d, s in self.costs.keys_of.get(p, ()):
                if values[p, d, s]:
                    shifts[d] = s
            self.add(p, tuple(shifts))

    def table(self, p: int, pi: np.ndarray) -> np.ndarray:
        table = self.fixed_table[p].copy()
        days, types, which = self.cover_cells[p]
        if len(days):
            np.subtract.at(table, (days, types), pi[which])
        return table

    def master(self):
        """The master LP over the rows so far (fixed people: their one row): its value,
        the covers' duals, the people's duals and each person's mix."""
        solver = pywraplp.Solver.CreateSolver("GLOP")
        objective = solver.Objective()
        n_covers = len(self.costs.cover_keys)
        terms: list[list] = [[] for _ in range(n_covers)]
        cover_of = self._cover_of()
        mixes, people = [], []
        for p in range(self.n_people):
            chosen = [self.fixed[p]] if p in self.fixed else range(len(self.rows[p]))
            mix = {j: solver.NumVar(0, 1, "") for j in chosen}
            mixes.append(mix)
            people.append(solver.Add(sum(mix.values()) == 1))
            for j, var in mix.items():
                objective.SetCoefficient(var, self.row_cost[p][j])
                for d, s in enumerate(self.rows[p][j]):
                    if s is not None:
                        for ci in cover_of.get((p, d, s), ()):
                            terms[ci].append(var)
        covers = []
        for ci, (cover, _) in enumerate(self.costs.cover_keys):
            short = solver.NumVar(0, solver.infinity(), "")
            over = solver.NumVar(0, solver.infinity(), "")
            objective.SetCoefficient(short, cover.under_weight)
            objective.SetCoefficient(over, cover.over_weight)
            covers.append(solver.Add(sum(terms[ci]) + short - over == cover.required))
        objective.SetMinimization()
        if solver.Solve() != pywraplp.Solver.OPTIMAL:
            return None
        pi = np.asarray([c.dual_value() for c in covers])
        mu = np.asarray([c.dual_value() for c in people])
        shares = [{j: var.solution_value() for j, var in mix.items()} for mix in mixes]
        return objective.Value(), pi, mu, shares

    def _cover_of(self) -> dict:
        cached = self.__dict__.get("_covers")
        if cached is None:
            cached = {}
            for ci, (_, keys) in enumerate(self.costs.cover_keys):
                for key in keys:
                    cached.setdefault(key, []).append(ci)
            self.__dict__["_covers"] = cached
        return cached

    def price(self, pi: np.ndarray, mu: np.ndarray, until: float,
              budget: float = float("inf")) -> int | None:
        """Each free person's cheapest row under the covers' prices, added where its
        reduced cost is negative; the number added, None if cut short by ``until`` or if
        the round, projected from its walks so far, would take more than ``budget``."""
        added = 0
        free = [p for p in range(self.n_people) if p not in self.fixed]
        started = time.monotonic()
        for done, p in enumerate(free):
            now = time.monotonic()
            if now >= until or (done >= 3 and (now - started) / done * len(free) > budget):
                return None
            row = best_row(self.built, p, self.table(p, pi), exact=True)
            if row is None or row.broken:
                continue
            if self.const[p] + row.cost - mu[p] < -1e-6:
                added += self.add(p, row.shifts)
        return added

    def generate(self, until: float, stopped: Callable[[], bool]) -> bool:
        """Rounds of master and pricing until no row enters (True) or time is up."""
        started = time.monotonic()
        while not stopped():
            solved = self.master()
            if solved is None:
                return False
            self.value, pi, mu, _ = solved
            added = self.price(pi, mu, until, MAX_ROUND_SHARE * (until - started))
            if added is None:
                return False
            if added == 0:
                return True
        return False

    def dive(self, until: float, stopped: Callable[[], bool]) -> Values | None:
        """Fix people to rows until everyone is fixed; the plan (at ``until``, everyone
        left fixed to the row of their largest share), None if stopped."""
        while len(self.fixed) < self.n_people:
            if stopped():
                return None
            out_of_time = time.monotonic() >= until
            for _ in range(0 if out_of_time else DIVE_ROUNDS):
                solved = self.master()
                if solved is None:
                    return None
                _, pi, mu, _ = solved
                if not self.price(pi, mu, until):
                    break
            solved = self.master()
            if solved is None:
                return None
            _, _, _, shares = solved
            free = sorted(((max(shares[p].values()), p, max(shares[p], key=shares[p].get))
                           for p in range(self.n_people) if p not in self.fixed), reverse=True)
            whole = [(p, j) for share, p, j in free if share >= FIXED_SHARE]
            if out_of_time:
                whole = [(p, j) for _, p, j in free]
            elif not whole:
                whole = [(p, j) for _, p, j in free[:1]]
            self.fixed.update(whole)
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
    """Column generation from the rows of ``start``, then the dive; None when the LP does
    not close before ``until`` (or gives up, ``MAX_ROUND_SHARE``), on a stop, or when it
    would not price the whole objective (``priced_in_full``)."""
    if not priced_in_full(built):
        return None
    if built.row_costs is None:
        built.row_costs = RowCosts(built)
    columns = Columns(built, built.row_costs)
    columns.add_plan(start)
    if not columns.generate(until, stopped):
        return None
    return columns.dive(until, stopped)
