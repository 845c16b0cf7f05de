"""One person's best row over the whole horizon, by dynamic programming.

CP-SAT does not find a row of half a year that keeps one person's minimum minutes, runs and
days off (2026-12-05: instance 16 stretched to 364 days, one person alone, no covers:
UNKNOWN after 20 s), while a walk over the days finds it at once. The walk's state is the
last shift (or a run of days off), the length of the run and the minutes worked so far
(over the horizon, or in the current calendar week for a contract that limits only the
week's minutes, as the centre's do); successions, run lengths (runs touching the horizon's
start or end exempt, as the model has it), days off, pins and the minimum and maximum
minutes hold exactly (tested against CP-SAT on random small rows). Per-type maxima are
priced (Lagrange prices raised while the row breaks them; with ``exact``, counted in the
walk's state where its tables allow and the rest bisected down again); the weekends are
counted in the walk's state where its tables allow, else priced the same way. A row that
still breaks a contract's limit (weekly minutes beside total ones) says so in ``broken``
and is not used;
anything else (fairness, stability) is left to the model the row is priced on afterwards:
the row is a proposal, the model judges it.

Costs per cell come from the plan around the person: working a cover that is short gains
its under-weight, one that is full costs its over-weight, requests count their weight.
"""

from __future__ import annotations

import math
import random
import time
from dataclasses import dataclass, replace
from itertools import groupby
from operator import itemgetter
from typing import Callable

import numpy as np

from ..builder import BuiltModel
from ..law import forbidden_successors
from . import walk_jit
from .subproblem import Values

INF = 1e18
# Most cells of the walk's tables (states x minute units x days) before the minute unit is
# made coarser; keeps a row of a year with many shift types within a few hundred MB.
MAX_TABLE = 2.0e7
PRICE_ROUNDS = 8
# Walks after the first row that keeps every priced limit, to lower the prices again.
REFINE_ROUNDS = 3
# How much larger counting the per-type maxima a row breaks may make the walk's tables
# (each counted maximum multiplies them by its limit plus one), and their most cells
# (the walk's time grows with them: a year's row stays with prices); the others are
# priced. Counting with a growth of 8, 32 and unbounded on 25 people each of instances 8,
# 13 and 15 (2026-12-05): within 0.2 % of CP-SAT's rows at 32 (4e6 cells at most: 1.9 % on
# 15), exact unbounded. At 1e7 cells, under column generation's duals on 15, 16 of 45
# people's rows cost 87-286 more than CP-SAT's (one of their two night maxima priced) and
# the LP closed at 4035 above the best known 3829; at 4e7 every row matched CP-SAT's and
# the LP stood at 3825.7 after 60 s of generation (2026-12-07). Only column generation's
# pricing counts (``exact``).
COUNT_GROWTH = 32
COUNT_TABLE = 4.0e7
# The walk's forward pass compiled (walk_jit.py) when numba is there; off, the numpy pass.
JIT = True


@dataclass(frozen=True)
class Row:
    shifts: tuple[int | None, ...]  # shift index per day, None off
    cost: float
    broken: int  # priced limits the row still breaks (per-type maxima, weekends)
    # No row of the person that keeps their rules costs less under the same costs (-INF:
    # nothing proven; only ``exact`` rows prove one). From each walk with the minutes kept
    # exactly and the weekends not priced: its row's cost with the per-type maxima's
    # prices times (uses - maximum) added, a Lagrangian bound (the walk's row is the
    # cheapest under those prices of all rows that keep the rest, a relaxation of the
    # person's rules).
    floor: float = -INF


def cover_step(others, required, under, over):
    """The marginal cost of one more person on a cover that ``others`` already work: its
    under-weight saved while it is short, its over-weight paid once it is full (scalars or
    numpy arrays alike)."""
    return np.where(others < required, -under, over)


_person = itemgetter(0)


class RowCosts:
    """Marginal cost of each (person, day, shift) decision given everyone else's plan."""

    def __init__(self, built: BuiltModel) -> None:
        self.built = built
        problem = built.problem
        # Grouped by runs of one person (the decisions are made person by person): a
        # million keys one at a time took seconds.
        self.keys_of: dict[int, list[tuple[int, int, int]]] = {}
        for p, run in groupby(built.vars.x, _person):
            self.keys_of.setdefault(p, []).extend(run)
        self.cover_keys = []
        self.covers_of: dict[int, list[tuple[int, list]]] = {}
        for cover, keys in zip(problem.covers, built.ctx.cover_heads):
            if not keys:
                continue
            ci = len(self.cover_keys)
            self.cover_keys.append((cover, keys))
            mine: dict[int, list] = {}
            for key in keys:
                mine.setdefault(key[0], []).append(key)
            for p, own in mine.items():
                self.covers_of.setdefault(p, []).append((ci, own))
        self.pins_of: dict[int, list[tuple[int, int | None]]] = {}
        for pin in problem.pins:
            p = built.vars.person_index.get(pin.person)
            if p is not None and 0 <= pin.day < problem.days:
                s = None if pin.shift is None else built.vars.shift_index.get(pin.shift)
                self.pins_of.setdefault(p, []).append((pin.day, s))
        self.requests_of: dict[int, list] = {}
        for r in problem.requests:
            p = built.vars.person_index.get(r.person)
            s = None if r.shift is None else built.vars.shift_index.get(r.shift)
            if p is not None and 0 <= r.day < problem.days:
                self.requests_of.setdefault(p, []).append(
                    (r.day, s, r.weight if r.on else -r.weight))
        self._bases: dict[int, np.ndarray] = {}

    @classmethod
    def of(cls, built: BuiltModel) -> RowCosts:
        """The model's one index of the covers (made on first use: it walks every
        cover's members once), shared by the construction, the neighbourhoods and column
        generation."""
        if built.row_costs is None:
            built.row_costs = cls(built)
        return built.row_costs

    def base(self, person: int) -> np.ndarray:
        """days x shift types: ``person``'s own costs (requests; INF where the model has no
        decision or a pin rules it out), without the covers. Made once per person."""
        cached = self._bases.get(person)
        if cached is not None:
            return cached
        problem = self.built.problem
        cost = np.full((problem.days, len(problem.shift_types)), INF)
        for _, d, s in self.keys_of.get(person, ()):
            cost[d, s] = 0.0
        for d, s, weight in self.requests_of.get(person, ()):
            # On: working it saves the weight; off: working it costs the weight.
            if s is None:
                cost[d, :] -= weight
            else:
                cost[d, s] -= weight
        for d, s in self.pins_of.get(person, ()):
            keep = cost[d, s] if s is not None else None
            cost[d, :] = INF
            if s is not None:
                cost[d, s] = keep
        self._bases[person] = cost
        return cost

    def table(self, values: Values, person: int) -> np.ndarray:
        """days x shift types: the cost of ``person`` working each shift (INF where the
        model has no decision)."""
        cost = self.base(person).copy()
        for ci, own in self.covers_of.get(person, ()):
            cover, keys = self.cover_keys[ci]
            others = sum(values[k] for k in keys) - sum(values[k] for k in own)
            step = cover_step(others, cover.required, cover.under_weight, cover.over_weight)
            for _, d, s in own:
                cost[d, s] += step
        return cost

    def unmet(self, person: int, row: np.ndarray) -> int:
        """The weight of ``person``'s requests that ``row`` (shift index per day, -1 off)
        leaves unmet."""
        total = 0
        for d, s, weight in self.requests_of.get(person, ()):
            works = row[d] >= 0 if s is None else row[d] == s
            # weight > 0: a wish to work it; < 0: a wish not to.
            if (weight > 0) != bool(works):
                total += abs(weight)
        return total

    def apply(self, values: Values, person: int, row: Row) -> None:
        """Replace ``person``'s decisions in ``values`` by ``row`` (in place)."""
        for key in self.keys_of.get(person, ()):
            values[key] = int(row.shifts[key[1]] == key[2])


def repair_rows(built: BuiltModel, values: Values, people, until: float,
                costs: RowCosts | None = None, only_better: bool = False,
                stopped: Callable[[], bool] | None = None) -> tuple[Values, int]:
    """``values`` with the rows of ``people`` replaced, one after the other, by their best
    row given everyone else (those a row keeps every walked rule for); with the number of
    rows replaced. ``only_better``: only where the best row costs less than the person's
    row under the same marginal costs (a sweep of best responses). Stops at ``until``
    (monotonic clock) or when ``stopped()``."""
    costs = costs if costs is not None else RowCosts(built)
    out = dict(values)
    replaced = 0
    for person in people:
        if time.monotonic() >= until or (stopped is not None and stopped()):
            break
        table = costs.table(out, person)
        row = best_row(built, person, table)
        if (row is None or row.broken) and not only_better:
            row = _kept_row(built, person, table)
        if row is None or row.broken:
            continue
        if only_better:
            present = sum(table[d, s] for (_, d, s) in costs.keys_of.get(person, ())
                          if out[person, d, s])
            if row.cost >= present:
                continue
        costs.apply(out, person, row)
        replaced += 1
    return out, replaced


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

    def offer(self, person: int, table: np.ndarray, row: Row, strictly: bool,
              slack: float = 0.0) -> float | None:
        """``row`` in place of ``person``'s where it costs less under ``table``
        (``strictly``) or no more than ``slack`` more: the change of the objective, or None
        (the plan as it was)."""
        shifts = np.array([-1 if s is None else s for s in row.shifts], dtype=np.int64)
        present = self.row_cost(table, self.rows[person])
        cost = self.row_cost(table, shifts)
        if not (cost < present - 1e-9 if strictly else cost <= present + slack + 1e-9):
            return None
        self.set_row(person, shifts)
        return cost - present

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

    def values(self, rows: np.ndarray | None = None) -> Values:
        """The plan's decisions (of ``rows``, a copy of ``self.rows`` kept aside, if given)."""
        rows = self.rows if rows is None else rows
        return {key: int(rows[key[0], key[1]] == key[2]) for key in self.built.vars.x}


def swept(built: BuiltModel, values: Values, seed: int, until: float,
          passes: int = 3, stopped: Callable[[], bool] | None = None) -> tuple[Values, int]:
    """``values`` after passes of best responses over everyone (in an order drawn from
    ``seed``): each person's row replaced by their best row given everyone else where it
    costs less, until a pass replaces no row, ``passes`` are done, ``until`` or
    ``stopped()``; with the number of rows replaced. On a ``RowPlan`` (the covers counted
    in numpy): a pass over instance 13's 120 people took 2.5 s with each person's costs
    summed from the plan's values, against 0.9 s (2026-12-06)."""
    order = list(range(len(built.problem.people)))
    random.Random(seed).shuffle(order)
    plan = RowPlan(built).load(values)
    total = 0
    for _ in range(passes):
        replaced = 0
        for person in order:
            if time.monotonic() >= until or (stopped is not None and stopped()):
                break
            table = plan.table(person)
            row = best_row(built, person, table)
            if row is None or row.broken:
                continue
            if plan.offer(person, table, row, strictly=True) is not None:
                replaced += 1
        total += replaced
        if not replaced:
            break
    return (plan.values() if total else values), total


def _kept_row(built: BuiltModel, person: int, table: np.ndarray) -> Row | None:
    """A row that keeps the person's rules where the priced one does not: every allowed
    cell at no cost (a row in place of one that breaks a rule, the covers left to the
    search). The prices of the maxima and weekends need not settle within PRICE_ROUNDS:
    on instance 15 stretched to 182 days with 90 staff two of eleven rule-breakers kept a
    row that broke their minutes, and the first plan waited for the full model (31 s);
    with this row it came at 5.5 s and every rule held (2026-12-05). Counting the maxima
    (``exact``) first did not keep them either and took 3 s more on the year-long case."""
    return best_row(built, person, np.where(table < INF / 2, 0.0, table))


def best_row(built: BuiltModel, person: int, cost: np.ndarray, exact: bool = False) -> Row | None:
    """The cheapest row of ``person`` under ``cost`` (days x shift types, INF where not
    allowed) that keeps the contract's runs, days off, successions, pins and minutes;
    weekends counted where the walk's tables allow, else priced like the per-type maxima
    until kept (at most PRICE_ROUNDS walks; ``broken`` says what is left). None if no row
    keeps the walked rules.

    ``exact``: the per-type maxima a row breaks are counted in the walk's state where its
    tables allow and the prices of the rest bisected down again (the cheapest row or
    nearly: column generation's pricing, columns.py). Off, the first price that keeps
    them is taken: quicker, and the search did better with those rows (instance 8 with
    the single search's start from exact rows: 1526-1625 against 1505-1511 over three
    seeds, 2026-12-05)."""
    problem = built.problem
    who = problem.people[person]
    c = who.contract
    n_days, n_types = cost.shape
    types = problem.shift_types
    type_price = np.zeros(n_types)
    weekend_price = 0.0
    scale = float(np.max(np.abs(cost[cost < INF / 2]), initial=1.0)) + 1.0
    best: Row | None = None
    usable = np.flatnonzero((cost < INF / 2).any(axis=0))
    if not len(usable):
        return Row((None,) * n_days, 0.0, 0, 0.0) if c.min_minutes <= 0 else None
    limits = np.array([c.max_shifts.get(shift.id, -1) for shift in types])
    floor = -INF

    def judged(walked: list[int | None]) -> tuple[Row, np.ndarray, int]:
        nonlocal floor
        row = [None if s is None else int(usable[s]) for s in walked]
        used = np.bincount([s for s in row if s is not None], minlength=n_types)
        over = np.where(limits >= 0, np.maximum(0, used - limits), 0).astype(float)
        weekends = sum(1 for days in problem.weekends() if any(row[d] is not None for d in days))
        too_many = 0 if c.max_weekends is None else max(0, weekends - c.max_weekends)
        true_cost = float(sum(cost[d, s] for d, s in enumerate(row) if s is not None))
        broken = int(over.sum()) + too_many + minutes_broken(problem, c, row)
        if exact_minutes and not weekend_price:
            # Prices are only ever raised on types with a maximum (limits >= 0 there).
            floor = max(floor, true_cost + float(type_price @ (used - limits)))
        return Row(tuple(row), true_cost, broken), over, too_many

    def done(row: Row | None) -> Row | None:
        return None if row is None else replace(row, floor=min(floor, row.cost))

    kept_types = [types[i] for i in usable]
    kept_cost = cost[:, usable]
    # The floor is for column generation's bound (``exact``): the walk's other users skip it.
    exact_minutes = exact and minutes_exact(c, kept_cost, kept_types)
    # Weekends counted in the walk's state where its tables allow (exact; a price cannot
    # always split the weekends from the minutes: one weekend more or two fewer), else
    # priced.
    count = (c.max_weekends is not None and len(problem.weekends()) > c.max_weekends
             and _dims(c, kept_cost, kept_types, True) is not None)
    # Prices start at the largest cost and double while the row breaks the limit; once a
    # row keeps it, each price is bisected between the last price that broke its limit
    # and the last that kept it, for at most REFINE_ROUNDS more walks, and the cheapest
    # row that keeps every limit is kept. Stopping at the first row that kept them (a
    # price of the largest cost or more gives up every use of a type where a few were
    # allowed) left rows far from the cheapest: 25 people each of instances 8, 13 and 15
    # under marginal costs with noise were 5446, 330 and 6328 dearer than CP-SAT's rows
    # in total; with three walks of bisection 1624, 45 and 2198, in about twice the time
    # (five walks: 1240, 0 and 1509 in three times the time; 2026-12-05).
    low = np.zeros(n_types)
    high = np.full(n_types, np.inf)
    weekend_low, weekend_high = 0.0, np.inf
    refined = 0
    refine_rounds = REFINE_ROUNDS if exact else 0
    counted: tuple[int, ...] = ()  # positions in kept_types
    for _ in range(PRICE_ROUNDS):
        # The walk over the shift types the person may work at all (its tables are as
        # wide as the types it carries).
        walked = _walk(problem, c, kept_cost + type_price[None, usable], weekend_price,
                       kept_types, count_weekends=count, count_types=counted)
        if walked is None:
            # No row keeps the counted maxima: the rows that broke them are no use either.
            return done(best) if counted == () or (best is not None and best.broken == 0) else None
        row, over, too_many = judged(walked)
        if best is None or (row.broken, row.cost) < (best.broken, best.cost):
            best = row
        if row.broken == 0 and not type_price.any() and not weekend_price:
            return done(best)  # nothing priced: the cheapest row of all
        if best.broken == 0:
            if refined == refine_rounds:
                return done(best)
            refined += 1
        broke = over > 0
        newly = [int(i) for i in np.flatnonzero(broke[usable]) if int(i) not in counted]
        if exact and newly:
            # The maxima this row breaks are counted from the next walk on, with those
            # counted before (as many as the tables allow, smallest first; a count is
            # exact where a price gives all or nothing when the type's days cost alike);
            # only the rest are priced. Counting only the first row's: on instance 15
            # (two small night maxima per person) the walk's row under column
            # generation's duals cost 87-286 more than CP-SAT's for 16 of 45 people, and
            # the LP closed at 4035, above the best known plan's 3829.
            counted = tuple(sorted(set(counted) | set(newly)))
            continue
        low = np.where(broke, type_price, low)
        high = np.where(~broke & (type_price > 0), type_price, high)
        type_price = np.where(np.isinf(high), np.where(broke, np.maximum(scale, 2 * type_price),
                                                       type_price), (low + high) / 2)
        if too_many:
            weekend_low = weekend_price
        elif weekend_price:
            weekend_high = weekend_price
        weekend_price = (max(scale, 2 * weekend_price) if too_many and np.isinf(weekend_high)
                         else (weekend_low + weekend_high) / 2 if not np.isinf(weekend_high)
                         else weekend_price)
    return done(best)


def minutes_broken(problem, c, row) -> int:
    """How many of the contract's minute limits (total, each week's) ``row`` breaks."""
    types = problem.shift_types
    worked = [0 if s is None else types[s].work_minutes for s in row]
    total = sum(worked)
    broken = int(total < c.min_minutes or (c.max_minutes is not None and total > c.max_minutes))
    if c.min_minutes_per_week is None and c.max_minutes_per_week is None:
        return broken
    for days in problem.weeks().values():
        week = sum(worked[d] for d in days)
        broken += int((c.max_minutes_per_week is not None and week > c.max_minutes_per_week)
                      or (c.min_minutes_per_week is not None and len(days) == 7
                          and week < c.min_minutes_per_week))
    return broken


def weekly(c) -> bool:
    """Whether the walk counts the minutes per calendar week: the contract limits only
    the week's minutes. (With total limits as well it counts the total and a row that
    breaks a week's limit is not used.)"""
    return ((c.min_minutes_per_week is not None or c.max_minutes_per_week is not None)
            and c.min_minutes <= 0 and c.max_minutes is None)


def minutes_exact(c, cost: np.ndarray, types) -> bool:
    """Whether the walk counts the minutes in their own unit (the largest that divides
    every usable length), not a coarser one to keep its tables within MAX_TABLE."""
    dims = _dims(c, cost, types, False)
    minutes = dims[0][(cost < INF / 2).any(axis=0)]
    return dims[1] == math.gcd(*(int(m) for m in minutes if m > 0))


def _dims(c, cost: np.ndarray, types, count_weekends: bool, count_types=()):
    """The walk's table dimensions; None when counting weekends would pass MAX_TABLE."""
    n_days = cost.shape[0]
    minutes = np.array([max(0, s.work_minutes) for s in types], dtype=np.int64)
    usable = [int(m) for m in minutes[(cost < INF / 2).any(axis=0)] if m > 0]
    unit = math.gcd(*usable) if usable else 1
    if weekly(c):
        max_minutes = int(minutes.max(initial=0) * 7)
        if c.max_minutes_per_week is not None:
            max_minutes = min(max_minutes, c.max_minutes_per_week)
    else:
        max_minutes = c.max_minutes if c.max_minutes is not None else int(
            minutes.max(initial=0) * n_days)
    min_work = max(1, c.min_consecutive_days)
    # Without a maximum, run lengths are counted up to the minimum (the last one stays).
    capped = c.max_consecutive_days is None
    runs = min_work if capped else max(1, c.max_consecutive_days)
    off_len = max(1, c.min_consecutive_days_off)
    # The resource axis: (blocks, minute units), flattened; a block is a mixed-radix count
    # of the weekends opened (when counted) and of each counted type's uses.
    counting = count_weekends and c.max_weekends is not None
    radix = [c.max_weekends + 1] if counting else []
    states = 2 * runs * len(types) + off_len

    def cells(radix: list[int]) -> int:
        return states * math.prod(radix) * (max_minutes // unit + 1) * n_days

    while cells(radix) > MAX_TABLE:
        if counting:
            return None  # counting weekends is an option, not worth a coarser minute
        unit *= 2
    # The maxima of ``count_types`` (positions in ``types``), smallest first, counted while
    # the tables stay within COUNT_GROWTH of their size without them; the others are
    # priced (best_row).
    binding = sorted((c.max_shifts[types[i].id], i) for i in count_types
                     if types[i].id in c.max_shifts)
    counted: list[int] = []
    plain = cells(radix)
    for limit, i in binding:
        if cells(radix + [limit + 1]) > min(COUNT_TABLE, COUNT_GROWTH * plain):
            break
        radix.append(limit + 1)
        counted.append(i)
    return (minutes, unit, capped, runs, min_work, off_len, counting, tuple(radix),
            tuple(counted), max_minutes)


def _block_moves(radix: tuple[int, ...], counting: bool) -> dict:
    """(weekend opened, digit) -> (source blocks, target blocks) of one step: the weekend
    digit (0, when counted) and ``digit`` (-1: none) up by one, blocks past a limit left
    out; None where nothing moves."""
    shape = radix or (1,)
    digits = np.indices(shape).reshape(len(shape), -1)
    top = np.asarray(shape)[:, None]
    moves: dict = {}
    for weekend in (False, True):
        for digit in range(-1, len(radix)):
            step = np.zeros((len(shape), 1), dtype=np.int64)
            if weekend and counting:
                step[0] += 1
            if digit >= 0:
                step[digit] += 1
            if not step.any():
                moves[(weekend, digit)] = None
                continue
            moved = digits + step
            ok = (moved < top).all(axis=0)
            moves[(weekend, digit)] = (np.flatnonzero(ok),
                                       np.ravel_multi_index(moved[:, ok], shape))
    return moves


def _source_blocks(radix: tuple[int, ...], moves: dict) -> np.ndarray:
    """[weekend opened, digit + 1, target block] -> the block a step came from (-1: no
    step reaches it); ``_block_moves``' ``moves`` in the compiled walk's form."""
    blocks = math.prod(radix) if radix else 1
    out = np.full((2, len(radix) + 1, blocks), -1, dtype=np.int64)
    for (weekend, digit), move in moves.items():
        if move is None:
            out[int(weekend), digit + 1] = np.arange(blocks)
        else:
            out[int(weekend), digit + 1, move[1]] = move[0]
    return out


def _walk(problem, c, cost: np.ndarray, weekend_price: float, types,
          count_weekends: bool = False, count_types=()) -> list[int | None] | None:
    """The cheapest row under ``cost`` (INF: not allowed) keeping runs, days off,
    successions and minutes; weekends priced by ``weekend_price``, or with
    ``count_weekends`` counted in the walk's state and kept exactly. None if no row keeps
    them (or the tables would pass MAX_TABLE even at the coarsest minute unit)."""
    n_days, n_types = cost.shape
    banned = forbidden_successors(problem)
    follow = np.ones((n_types, n_types), dtype=bool)  # follow[prev, next]
    for a, sa in enumerate(types):
        for b, sb in enumerate(types):
            if sb.id in banned.get(sa.id, ()):
                follow[a, b] = False
    allowed = cost < INF / 2
    dims = _dims(c, cost, types, count_weekends, count_types)
    if dims is None:
        return None
    minutes, unit, capped, runs, min_work, off_len, counting, radix, counted, max_minutes = dims
    length = np.rint(minutes / unit).astype(np.int64)
    width = max_minutes // unit + 1
    blocks = math.prod(radix)
    size = blocks * width
    # The block digit each counted type adds one to (-1: not counted); the weekend's is 0.
    digit_of = np.full(n_types, -1, dtype=np.int64)
    for j, i in enumerate(counted):
        digit_of[i] = j + int(counting)
    stride = [math.prod(radix[j + 1:]) for j in range(len(radix))]
    moves = _block_moves(radix, counting)
    by_week = weekly(c)
    low = 0 if by_week else -(-c.min_minutes // unit)
    weekday = [problem.weekday(d) for d in range(n_days)]
    # By week: at each week's last day a full week's minimum is asked, then the minute axis
    # starts again from nothing (``resets``: the minute each state came from, to walk back).
    low_week = -(-(c.min_minutes_per_week or 0) // unit) if by_week else 0
    full_week = {d: len(days) == 7 for days in problem.weeks().values() for d in days}
    week_ends = {days[-1] for days in problem.weeks().values()} if by_week else set()
    short = (np.arange(size) % width) < low_week
    resets: dict[int, tuple[np.ndarray, np.ndarray]] = {}

    def restart(a: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        shape = a.shape
        a = a.reshape(shape[:-1] + (blocks, width))
        arg = a.argmin(axis=-1)
        out = np.full_like(a, INF)
        out[..., 0] = np.take_along_axis(a, arg[..., None], axis=-1)[..., 0]
        return out.reshape(shape), arg
    price = 0.0 if counting else weekend_price

    def later(a: np.ndarray, by: int, fill, weekend: bool = False,
              digit: int = -1) -> np.ndarray:
        """``a`` along its resource axis after ``by`` minute units, a weekend opened and
        one use of a counted type (its block ``digit``); past a count's limit: ``fill``."""
        shape = a.shape
        a = a.reshape(shape[:-1] + (blocks, width))
        out = np.full_like(a, fill)
        move = moves.get((bool(weekend and counting), digit))
        if by < width:
            if move is None:
                out[..., by:] = a[..., :width - by]
            elif len(move[0]):
                out[..., move[1], by:] = a[..., move[0], :width - by]
        return out.reshape(shape)

    # Targets with the same allowed predecessors share one minimum over the predecessors.
    columns, column_of = np.unique(follow.T, axis=0, return_inverse=True)
    column_of = np.asarray(column_of).reshape(-1)
    if JIT and walk_jit.forward is not None:
        src_block = _source_blocks(radix, moves)
        restart_day = np.array([d in week_ends and d < n_days - 1 for d in range(n_days)])
        short_day = np.array([d in week_ends and bool(low_week) and full_week[d]
                              for d in range(n_days)])
        work, off, back_work, back_off, back_cap, reset_work, reset_off = walk_jit.forward(
            np.ascontiguousarray(cost, dtype=np.float64), np.ascontiguousarray(allowed),
            np.ascontiguousarray(columns), np.asarray(column_of, dtype=np.int64), length,
            digit_of, src_block, float(price), np.array([w == 5 for w in weekday]),
            np.array([w == 6 for w in weekday]), int(runs), int(min_work), int(off_len),
            bool(capped), int(blocks), int(width), restart_day, short_day, short)
        resets = {int(d): (reset_work[d], reset_off[d]) for d in np.flatnonzero(restart_day)}
        return _walk_back(work, off, back_work, back_off, back_cap, resets, n_days, n_types,
                          runs, off_len, width, low, length, weekday, counting, stride,
                          digit_of)
    # work[e, k, s, r]: a run of k+1 days ending on shift s (e=1: the run began on day 0,
    # exempt from the minimum), r the resources so far; off[j, r]: j+1 days off (the last
    # index: at least enough).
    work = np.full((2, runs, n_types, size), INF)
    off = np.full((off_len, size), INF)
    back_work = []  # per day: -1 run start, s continued from k-1, s + n_types from k (cap)
    back_off = []  # per day: off[0]'s source, flat (e, k, s) of the run left; -1 stayed off
    back_cap = []  # per day: off[last] came from off[last-1]
    # Shift types that move the resources alike: the same minutes, the same count.
    by_length = [(int(n), int(g), np.flatnonzero((length == n) & (digit_of == g)))
                 for n, g in sorted(set(zip(length.tolist(), digit_of.tolist())))]
    for d in range(n_days):
        saturday, sunday = weekday[d] == 5, weekday[d] == 6
        step = cost[d] + (price if saturday else 0.0)
        # A Sunday's work opens the weekend only when the Saturday was off.
        opening = price if sunday else 0.0
        start = np.full((2, n_types, size), INF)
        cont_val = np.full((2, runs, n_types, size), INF)
        cont_arg = np.full((2, runs, n_types, size), -1, dtype=np.int64)
        if d == 0:
            origin = np.full(size, INF)
            origin[0] = 0.0
            for n, g, idx in by_length:
                start[1, idx] = later(origin, n, INF, saturday or sunday, g)[None, :]
        else:
            vals = np.empty((2, runs, len(columns), size))
            args = np.empty((2, runs, len(columns), size), dtype=np.int64)
            for u, mask in enumerate(columns):
                masked = np.where(mask[None, None, :, None], work, INF)
                arg = masked.argmin(axis=2)
                args[:, :, u] = arg
                vals[:, :, u] = np.take_along_axis(masked, arg[:, :, None, :], axis=2)[:, :, 0]
            val, arg = vals[:, :, column_of], args[:, :, column_of]
            cont_val[:, 1:] = val[:, :-1]
            cont_arg[:, 1:] = arg[:, :-1]
            if capped:
                stay = val[:, -1] < cont_val[:, -1]
                cont_val[:, -1] = np.where(stay, val[:, -1], cont_val[:, -1])
                cont_arg[:, -1] = np.where(stay, arg[:, -1] + n_types, cont_arg[:, -1])
            for n, g, idx in by_length:
                cont_val[:, :, idx] = later(cont_val[:, :, idx], n, INF, saturday, g)
                cont_arg[:, :, idx] = later(cont_arg[:, :, idx], n, -1, saturday, g)
                start[0, idx] = later(off[off_len - 1], n, INF, saturday or sunday, g)[None, :]
        cont_val += step[None, None, :, None]
        start += (step + opening)[None, :, None]
        first = start < cont_val[:, 0]
        cont_val[:, 0] = np.where(first, start, cont_val[:, 0])
        cont_arg[:, 0] = np.where(first, -1, cont_arg[:, 0])
        cont_val[:, :, ~allowed[d]] = INF
        new_work = cont_val
        pred = cont_arg.astype(np.int16)
        new_off = np.full_like(off, INF)
        leave_arg = np.full(size, -1, dtype=np.int64)
        from_prev = np.zeros(size, dtype=bool)
        if d == 0:
            new_off[off_len - 1, 0] = 0.0  # the days before the horizon may be anything
        else:
            leavable = work.copy()
            if min_work > 1:
                leavable[0, :min_work - 1] = INF
            flat = leavable.reshape(-1, size)
            leave_arg = flat.argmin(axis=0)
            leave = flat[leave_arg, np.arange(size)]
            if off_len == 1:
                stayed = off[0] < leave
                new_off[0] = np.where(stayed, off[0], leave)
                leave_arg = np.where(stayed, -1, leave_arg)
            else:
                new_off[0] = leave
                new_off[1:off_len - 1] = off[:off_len - 2]
                from_prev = off[off_len - 2] <= off[off_len - 1]
                new_off[off_len - 1] = np.minimum(off[off_len - 2], off[off_len - 1])
        back_work.append(pred)
        back_off.append(leave_arg)
        back_cap.append(from_prev)
        work, off = new_work, new_off
        if d in week_ends:
            if low_week and full_week[d]:
                work[..., short] = INF
                off[..., short] = INF
            if d < n_days - 1:
                work, work_from = restart(work)
                off, off_from = restart(off)
                resets[d] = (work_from, off_from)

    return _walk_back(work, off, back_work, back_off, back_cap, resets, n_days, n_types,
                      runs, off_len, width, low, length, weekday, counting, stride, digit_of)


def _walk_back(work, off, back_work, back_off, back_cap, resets, n_days, n_types, runs,
               off_len, width, low, length, weekday, counting, stride, digit_of):
    """The row from the walk's last tables back through its pointers (None: no row)."""
    size = work.shape[-1]
    # The end: any run (runs touching the horizon's end are exempt), minutes within limits.
    enough = (np.arange(size) % width) >= low
    end_work = np.where(enough, work, INF)
    end_off = np.where(enough, off, INF)
    best_w, best_o = float(end_work.min()), float(end_off.min())
    if min(best_w, best_o) >= INF / 2:
        return None
    row: list[int | None] = [None] * n_days
    if best_w <= best_o:
        e, k, s, r = (int(i) for i in np.unravel_index(np.argmin(end_work), end_work.shape))
        state = ("w", e, k, s, r)
    else:
        j, r = (int(i) for i in np.unravel_index(np.argmin(end_off), end_off.shape))
        state = ("o", j, r)
    for d in range(n_days - 1, -1, -1):
        if d in resets:  # the state after the week's restart: back to the week's minutes
            if state[0] == "w":
                _, e, k, s, r = state
                state = ("w", e, k, s, r - r % width + int(resets[d][0][e, k, s, r // width]))
            else:
                _, j, r = state
                state = ("o", j, r - r % width + int(resets[d][1][j, r // width]))
        if state[0] == "w":
            _, e, k, s, r = state
            row[d] = s
            p = int(back_work[d][e, k, s, r])
            before = r - int(length[s])
            opened = weekday[d] == 5 or (weekday[d] == 6 and p < 0)
            if counting and opened:
                before -= width * stride[0]
            if digit_of[s] >= 0:
                before -= width * stride[digit_of[s]]
            if p < 0:
                state = ("o", off_len - 1, before)
            elif p >= n_types:
                state = ("w", e, k, p - n_types, before)
            else:
                state = ("w", e, k - 1, p, before)
        else:
            _, j, r = state
            if d == 0:
                break
            if j == 0:
                flat_at = int(back_off[d][r])
                if flat_at < 0:
                    continue  # off_len == 1: the off run went on
                e, k, s = (int(i) for i in np.unravel_index(flat_at, (2, runs, n_types)))
                state = ("w", e, k, s, r)
            elif j < off_len - 1 or back_cap[d][r]:
                state = ("o", j - 1, r)
    return row
