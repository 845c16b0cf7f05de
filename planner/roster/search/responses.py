"""A walk of best responses over people's rows, ties broken at random.

The sweep of best responses (``rows.swept``) ends where no one person's row can be bettered
alone. Covers short on days where no one can take them are then often held by people who
could give them to someone else at no cost and take another short cover themselves: the
plan lies on a plateau of equal cost, and what bettering it needs is two or three people
moving one after the other. This walk takes one person at a time (half of the time one of
those who could work a costly cover, else anyone), gives them their best row (rows.py's
walk) under their marginal costs with a little noise added, and keeps it when it costs no
more than the row they had: a random walk over the plateau that takes every step down.

On instance 13 from a plan of the search at 60 s (29 short covers, 3806) it found 2751 in
60 s of one core (2026-12-06); on ruin and recreate (a few people's rows cleared, then each
given their best row) it found nothing in 20 s from the same plan: the first people back
take the others' covers.

Only where covers and requests are the whole objective (``columns.priced_in_full``): the
change of the objective is then the sum of the rows' marginal costs, so a step is judged
without the model. The model prices the plans this hands on (the caller's part).
"""

from __future__ import annotations

import random
import time
from typing import Callable

import numpy as np

from ..builder import BuiltModel
from .rows import RowCosts, best_row, cover_step
from .subproblem import Values

# Noise on each cell's cost: weights are whole numbers, so a row cheaper by one or more
# is rarely passed over, and rows of equal cost are drawn at random. 0.2 and 0.5 walked
# alike on instance 13 (2961 after 20 s each), 2.0 worse (3075).
NOISE = 0.5
# Share of the steps that take one of those who could work a costly cover (drawn by its
# cost); the rest take anyone. Instance 13, 20 s: 2961 at a half, 3271 with none, 3372 at
# 0.9.
AROUND_COVER = 0.5
# The search's plan is taken in place of the walk's (when better) only after this many
# steps per person in a row that bettered nothing: a plan from elsewhere (the dive's) is
# walked down first.
ADOPT_IDLE = 1
# Seconds between two plans handed on (each is priced on the whole model by the caller).
REPORT_EVERY = 2.0


class RowPlan:
    """A plan as one row per person (shift index per day, -1 off) with its cover counts:
    each person's marginal costs and the plan's objective from them, in numpy."""

    def __init__(self, built: BuiltModel) -> None:
        costs = RowCosts.of(built)
        problem = built.problem
        self.built = built
        self.n_people, self.n_days = len(problem.people), problem.days
        covers = [cover for cover, _ in costs.cover_keys]
        self.required = np.array([c.required for c in covers], dtype=np.int64)
        self.under = np.array([c.under_weight for c in covers], dtype=float)
        self.over = np.array([c.over_weight for c in covers], dtype=float)
        # Per person: the covers their decisions count for, as flat arrays.
        self.member: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
        for p in range(self.n_people):
            ci, dd, ss = [], [], []
            for c, own in costs.covers_of.get(p, ()):
                for _, d, s in own:
                    ci.append(c)
                    dd.append(d)
                    ss.append(s)
            self.member.append((np.array(ci, dtype=np.int64), np.array(dd, dtype=np.int64),
                                np.array(ss, dtype=np.int64)))
        self.base = [costs.base(p) for p in range(self.n_people)]
        # Per cover: the people with a decision on it.
        self.people_of = [sorted({key[0] for key in keys}) for _, keys in costs.cover_keys]
        self.costs = costs
        self.rows = np.full((self.n_people, self.n_days), -1, dtype=np.int64)
        self.count = np.zeros(len(covers), dtype=np.int64)

    def load(self, values: Values) -> RowPlan:
        self.rows[:] = -1
        for (p, d, s), v in values.items():
            if v:
                self.rows[p, d] = s
        self.count[:] = 0
        for p in range(self.n_people):
            self.count += self._own(p)
        return self

    def _own(self, person: int) -> np.ndarray:
        """Per cover, how often ``person``'s row counts for it."""
        ci, dd, ss = self.member[person]
        works = (self.rows[person, dd] == ss).astype(np.int64)
        return np.bincount(ci, weights=works, minlength=len(self.count)).astype(np.int64)

    def table(self, person: int) -> np.ndarray:
        """days x shift types: the marginal cost of ``person`` working each shift given
        everyone else (RowCosts.table, from the counts)."""
        ci, dd, ss = self.member[person]
        cost = self.base[person].copy()
        if len(ci):
            own = (self.rows[person, dd] == ss).astype(np.int64)
            others = self.count[ci] - own
            step = cover_step(others, self.required[ci], self.under[ci], self.over[ci])
            np.add.at(cost, (dd, ss), step)
        return cost

    def row_cost(self, table: np.ndarray, row: np.ndarray) -> float:
        days = np.flatnonzero(row >= 0)
        return float(table[days, row[days]].sum())

    def set_row(self, person: int, row: np.ndarray) -> None:
        self.count -= self._own(person)
        self.rows[person] = row
        self.count += self._own(person)

    def cover_costs(self) -> np.ndarray:
        return (self.under * np.maximum(0, self.required - self.count)
                + self.over * np.maximum(0, self.count - self.required))

    def objective(self) -> int:
        wishes = sum(self.costs.unmet(p, self.rows[p]) for p in range(self.n_people))
        return int(round(self.cover_costs().sum() + wishes))

    def values(self) -> Values:
        return {key: int(self.rows[key[0], key[1]] == key[2]) for key in self.built.vars.x}


def responded(plan: RowPlan, person: int, rng: random.Random) -> float | None:
    """``person``'s best row given everyone else under costs with NOISE added, taken when it
    costs no more than their row; the change of the objective, or None (the plan as it
    was)."""
    table = plan.table(person)
    present = plan.row_cost(table, plan.rows[person])
    noisy = table + NOISE * np.random.default_rng(rng.getrandbits(32)).random(table.shape)
    row = best_row(plan.built, person, noisy)
    if row is None or row.broken:
        return None
    shifts = np.array([-1 if s is None else s for s in row.shifts], dtype=np.int64)
    cost = plan.row_cost(table, shifts)
    if cost > present + 1e-9:
        return None
    plan.set_row(person, shifts)
    return cost - present


def around_costly_cover(plan: RowPlan, rng: random.Random) -> int | None:
    """One of the people with a decision on a cover that costs (drawn by its cost)."""
    weight = plan.cover_costs()
    total = weight.sum()
    if total <= 0:
        return None
    ci = min(int(np.searchsorted(np.cumsum(weight), rng.random() * total, side="right")),
             len(weight) - 1)
    around = plan.people_of[ci]
    return rng.choice(around) if around else None


def walked(built: BuiltModel, values: Values, seed: int, until: float,
           stopped: Callable[[], bool],
           incumbent: Callable[[], tuple[Values | None, int | None]] | None = None,
           on_better: Callable[[Values, int], None] | None = None,
           patience: int | None = None) -> tuple[Values, int]:
    """The walk from ``values`` until ``until``, ``stopped()`` or ``patience`` steps in a
    row that bettered nothing (the search's plan taken on the way counts as nothing); the
    plan it ends on and its objective. ``incumbent`` (the search's best plan and
    objective) is taken in place of the walk's plan when it is better and the walk has
    gone ADOPT_IDLE steps per person without gain; ``on_better`` hears the walk's plan when
    it is better than the last it heard (and than the incumbent), at most every
    REPORT_EVERY seconds, and once more at the end."""
    rng = random.Random(seed)
    plan = RowPlan(built).load(values)
    objective = told = plan.objective()
    told_at = time.monotonic()
    idle = 0

    def tell() -> None:
        nonlocal told, told_at
        theirs = incumbent()[1] if incumbent is not None else None
        if on_better is not None and objective < told and (theirs is None or objective < theirs):
            on_better(plan.values(), objective)
        told, told_at = min(told, objective), time.monotonic()

    while time.monotonic() < until and not stopped() and (patience is None or idle < patience):
        if incumbent is not None and idle >= ADOPT_IDLE * plan.n_people:
            theirs, their_objective = incumbent()
            if theirs is not None and their_objective is not None and their_objective < objective:
                objective = told = plan.load(theirs).objective()
        person = around_costly_cover(plan, rng) if rng.random() < AROUND_COVER else None
        if person is None:
            person = rng.randrange(plan.n_people)
        delta = responded(plan, person, rng)
        idle += 1
        if delta is not None and delta < -1e-9:
            objective = plan.objective()
            idle = 0
        if objective < told and time.monotonic() - told_at >= REPORT_EVERY:
            tell()
    tell()
    return plan.values(), objective
