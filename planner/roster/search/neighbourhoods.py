"""Roster-shaped neighbourhoods: which (person, day) cells an LNS step frees.

- ``days``: a window of days for everyone (local shortages, successions, runs);
- ``people``: a few people over the whole horizon (minutes, weekends, per-type limits);
- ``cover``: around the day and shift type with the largest cover penalty (chosen with
  probability by penalty), the people who could fill it, over a window of days;
- ``block``: random people over a random window;
- ``cover_day``: everyone on the days around a costly cover (drawn by penalty) together
  with a few of the people who could fill it over the whole horizon: a short cover is
  filled by someone who works one shift less elsewhere, and the day's others re-shuffle;
- ``transfer``: a short cover (drawn by penalty) and the people who could fill it and who
  work on an over-full cover elsewhere, over the days around both: a shift moves from
  where it is one too many to where one is missing (everyone on the short day may
  re-shuffle too);
- ``row``: one of the people who could fill a costly cover, over the days where their best
  row given everyone else (rows.py) differs from theirs, with that row as the step's hint:
  the only neighbourhood that moves a whole row of a long horizon at once (CP-SAT does not
  find one person's half-year row within a step);
- ``lp``: where the plan disagrees with the leaning of column generation's LP (columns.py:
  per person and day the shift with the largest share of their mix of rows), the cells
  nearest in days to one such cell drawn at random, with the LP's leaning as the step's
  hint (relaxation-induced neighbourhoods); drawn once the LP has told its leaning;
- ``weekends``: the weekend days of two or more weekends for everyone, where contracts cap
  the weekends worked: a person gives up one weekend and takes another, someone else the
  reverse (short weekend covers held by people at their cap);
- ``spare``: where hours are scarce, whole rows of a few people with hours left under
  their maximum (drawn by how many) and of people who could fill a short cover: CP-SAT
  repacks their hours so that a short cover is filled where the walk, one person at a
  time, sees only ties;
- ``focus``: people named by the caller (those who break a priced rule in construction).

Each operator has its own target number of freed cells; it grows while its steps are
solved to optimality quickly and shrinks when they time out, so the sub-problems keep a
size CP-SAT closes within the step limit on this instance. One size for all operators let
the smallest shapes (two days for everyone, two people over the horizon, which cannot
shrink further) drag the others down to a handful of cells that never gain anything.
Operators are drawn by weights that follow their recent success (adaptive LNS).
"""

from __future__ import annotations

import math
import random

import numpy as np

from ..builder import BuiltModel
from .rows import RowCosts, best_row
from .scarcity import HoursLeft, hours_scarce

Cells = set[tuple[int, int]]
OPERATORS = ("days", "people", "cover", "block")
# ``cover_day`` is drawn only with this switch on. On its own (three seeds on every shared
# instance that takes the LNS, docs/benchmarks.md 2026-12-05) it lowered the median on all of
# them.
COVER_DAY = True
# ``transfer`` is drawn only with this switch on (see docs/benchmarks.md for its evidence).
TRANSFER = True
# ``row`` is drawn only with this switch on (measured only together with the rows' first
# plan and sweep, docs/benchmarks.md 2026-12-05 09:15; its share shows in "gained by").
ROW = True
# ``lp`` is drawn only with this switch on, once the LP has told its leaning (``lean``).
# 60 s, 2 workers, `split`, 2026-12-06: instance 15 seeds 0 / 1 / 2 4462 / 4289 / 4309 with
# it against 4792 / 4416 / 4410 without; 13 (five runs each, its runs spread 3260-5695
# either way) median 4916 against 5153.
LP = True
# A cell counts as a disagreement when the LP leans to another choice by at least this share.
LP_SHARE = 0.5
# ``weekends`` is drawn only with this switch on, where a contract caps the weekends worked.
# 60 s, 2 workers, seeds 3 / 4 / 5 (2026-12-06): instance 13 2864 / 2448 / 2529 against
# 2737 / 2722 / 2840 without (its short covers are mostly on weekends); 15 4160 / 4357 /
# 4259 against 4278 / 4179 / 4255; 16 at its best known (seeds 0, 1).
WEEKENDS = True
# ``spare`` is drawn only with this switch on, where hours are scarce (scarcity.py): with
# the walk's lean to more hours, instance 13 (60 s, 2 workers, seeds 0 / 2, 2026-12-07)
# 2344 / 2020 against 2639 / 3132 with neither; drawn on instance 15 too, where hours are
# not scarce, it did not pay (seeds 0 / 1 / 2 4533 / 4518 / 4115 against 4342 / 4310 / 4336).
SPARE = True


class Neighbourhoods:
    def __init__(self, built: BuiltModel, rng: random.Random, cells: float) -> None:
        problem = built.problem
        self.n_people = len(problem.people)
        self.n_days = problem.days
        self.rng = rng
        self.weekend_days = problem.weekends()
        capped = any(p.contract.max_weekends is not None for p in problem.people)
        weekends = WEEKENDS and capped and len(self.weekend_days) >= 2
        operators = (OPERATORS + (("cover_day",) if COVER_DAY else ())
                     + (("transfer",) if TRANSFER else ()) + (("row",) if ROW else ())
                     + (("weekends",) if weekends else ())
                     + (("spare",) if SPARE and hours_scarce(problem) else ()))
        self.sizes = dict.fromkeys(operators + ("focus", "cover_day", "transfer", "row", "lp",
                                                "spare"),
                                   float(cells))
        self.built = built
        self.hint: dict[int, int] | None = None
        # Only where ``spare`` is drawn: on a year's model it reads a million decisions.
        self.hours_left = HoursLeft(built) if "spare" in operators else None
        self.weights = dict.fromkeys(operators, 1.0)
        self.leaning = None
        # The covers' members come from the model's one index (rows.py), shared with the
        # construction's walk.
        self.row_costs = RowCosts.of(built)
        self.covers = self.row_costs.cover_keys

    def lean(self, lean, share) -> None:
        """The LP's leaning (columns.Columns.leaning): per person and day a shift type's
        index (-1: off) and its share. Safe to call from another thread (one assignment)."""
        self.leaning = (lean, share)
        if LP and "lp" not in self.weights:
            self.weights["lp"] = 1.0

    @property
    def total(self) -> int:
        return self.n_people * self.n_days

    @property
    def cells(self) -> float:
        """The largest target size (for logs and tests)."""
        return max(self.sizes.values())

    def grow(self, factor: float, op: str | None = None) -> None:
        """Scale the target size of ``op`` (of every operator if None)."""
        for name in (self.sizes if op is None else (op,)):
            if name in self.sizes:
                self.sizes[name] = min(float(self.total), max(4.0, self.sizes[name] * factor))

    def reward(self, op: str, gain: float) -> None:
        # Exponential recency: an operator that stops paying off fades within ~10 uses.
        if op not in self.weights:
            return
        score = 1.0 if gain > 0 else 0.0
        self.weights[op] = max(0.05, 0.9 * self.weights[op] + 0.1 * (0.2 + score))

    def take_hint(self) -> dict[int, int] | None:
        """The last pick's proposal for its cells (variable index to value), once."""
        hint, self.hint = self.hint, None
        return hint

    def pick(self, values: dict, focus: list[int] | None = None) -> tuple[str, Cells]:
        self.hint = None
        if focus:
            return "focus", self._focus(focus)
        ops = list(self.weights)
        op = self.rng.choices(ops, weights=[self.weights[o] for o in ops])[0]
        make = {"days": self._days, "people": self._people, "cover": self._cover,
                "block": self._block, "cover_day": self._cover_day,
                "transfer": self._transfer, "row": self._row, "lp": self._lp,
                "weekends": self._weekends, "spare": self._spare}[op]
        cells = make(values)
        if not cells:
            # An operator that finds nothing to free has not paid either (a best row that
            # is the person's row already, no costly cover).
            self.reward(op, 0.0)
            op, cells = "block", self._block(values)
        # An operator at its smallest shape does not shrink further (its steps take the
        # time they need instead).
        self.sizes[op] = max(self.sizes[op], min(float(self.total), float(len(cells))))
        return op, cells

    def _window(self, width: int, centre: int | None = None) -> range:
        width = max(1, min(self.n_days, width))
        if centre is None:
            start = self.rng.randrange(0, self.n_days - width + 1)
        else:
            start = min(max(0, centre - width // 2), self.n_days - width)
        return range(start, start + width)

    def _days(self, values: dict) -> Cells:
        width = max(2, round(self.sizes["days"] / self.n_people))
        # One window for everyone (drawn once: inside the set expression it would be drawn
        # anew for each person, freeing scattered cells instead of whole days).
        days = self._window(width)
        return {(p, d) for p in range(self.n_people) for d in days}

    def _weekends(self, values: dict) -> Cells:
        # Cells per weekend as the horizon has them (one cut by the horizon has one day).
        per_weekend = self.n_people * sum(map(len, self.weekend_days)) / len(self.weekend_days)
        k = max(2, round(self.sizes["weekends"] / per_weekend))
        chosen = self.rng.sample(self.weekend_days, min(len(self.weekend_days), k))
        return {(p, d) for p in range(self.n_people) for days in chosen for d in days}

    def _people(self, values: dict) -> Cells:
        k = max(2, round(self.sizes["people"] / self.n_days))
        chosen = self.rng.sample(range(self.n_people), min(self.n_people, k))
        return {(p, d) for p in chosen for d in range(self.n_days)}

    def _focus(self, focus: list[int]) -> Cells:
        """Some of ``focus`` and one other person over a window of days. The window
        shrinks with the operator's size: two whole rows of a half-year horizon did not
        close within a step (2026-12-05, instance 11 stretched to 182 days), while a
        shortfall (priced, subproblem.py) can be closed a window at a time."""
        k = min(len(focus), max(1, round(self.rng.uniform(1.0, 3.0))))
        chosen = set(self.rng.sample(sorted(focus), k))
        rest = [p for p in range(self.n_people) if p not in chosen]
        chosen |= set(self.rng.sample(rest, min(len(rest), 1)))
        width = max(2, round(self.sizes["focus"] / len(chosen)))
        days = self._window(width)
        return {(p, d) for p in chosen for d in days}

    def _loads(self, values: dict) -> list[tuple]:
        """Each cover with its candidates' decision keys and how many of them work."""
        return [(cover, keys, sum(values[k] for k in keys)) for cover, keys in self.covers]

    def _costly(self, values: dict, short_only: bool = False, loads: list | None = None):
        """A cover with a penalty in ``values`` (``short_only``: an under-cover), drawn with
        probability by its penalty, with its candidates' decision keys; None if there is
        none."""
        costly = []
        for cover, keys, have in loads if loads is not None else self._loads(values):
            cost = cover.under_weight * max(0, cover.required - have)
            if not short_only:
                cost += cover.over_weight * max(0, have - cover.required)
            if cost > 0:
                costly.append((cost, cover, keys))
        if not costly:
            return None
        _, cover, keys = self.rng.choices(costly, weights=[c for c, _, _ in costly])[0]
        return cover, keys

    def _cover_day(self, values: dict) -> Cells:
        found = self._costly(values)
        if found is None:
            return set()
        cover, keys = found
        size = self.sizes["cover_day"]
        # Half of the cells for the days around the cover, half for people over the horizon.
        width = max(1, min(self.n_days, round(0.5 * size / self.n_people)))
        k = max(1, round(0.5 * size / self.n_days))
        candidates = sorted({key[0] for key in keys})
        chosen = self.rng.sample(candidates, min(k, len(candidates)))
        days = self._window(width, cover.day)
        cells = {(p, d) for p in range(self.n_people) for d in days}
        cells |= {(p, d) for p in chosen for d in range(self.n_days)}
        return cells

    def _transfer(self, values: dict) -> Cells:
        loads = self._loads(values)
        found = self._costly(values, short_only=True, loads=loads)
        if found is None:
            return set()
        cover, keys = found
        candidates = {key[0] for key in keys}
        # Where each candidate works a shift that is one too many: the days it could give.
        spare: dict[int, list[int]] = {}
        for other, other_keys, have in loads:
            if other.over_weight > 0 and have > other.required:
                for p, d, _ in (k for k in other_keys if values[k]):
                    if p in candidates and d != cover.day:
                        spare.setdefault(p, []).append(d)
        if not spare:
            return set()
        size = self.sizes["transfer"]
        width = max(1, min(self.n_days, round(self.rng.uniform(1.0, 3.0))))
        day_cells = self.n_people * width
        k = max(1, round(max(0.0, size - day_cells) / (2 * (width + 2))))
        chosen = self.rng.sample(sorted(spare), min(k, len(spare)))
        short_days = self._window(width, cover.day)
        cells = {(p, d) for p in range(self.n_people) for d in short_days}
        for p in chosen:
            days = set(self._window(width + 2, cover.day))
            days |= set(self._window(width + 2, self.rng.choice(spare[p])))
            cells |= {(p, d) for d in days}
        return cells

    def _row(self, values: dict) -> Cells:
        found = self._costly(values)
        if found is None:
            return set()
        _, keys = found
        person = self.rng.choice(sorted({key[0] for key in keys}))
        table = self.row_costs.table(values, person)
        row = best_row(self.built, person, table)
        if row is None or row.broken:
            return set()
        now: dict[int, int] = {}
        for p, d, s in self.row_costs.keys_of.get(person, ()):
            if values[p, d, s]:
                now[d] = s
        if row.cost >= sum(table[d, s] for d, s in now.items()):
            return set()  # the person's row is as good as it gets with everyone else fixed
        days = {d for d in range(self.n_days) if now.get(d) != row.shifts[d]}
        self.hint = self._proposal({(person, d): row.shifts[d] for d in days})
        return {(person, d) for d in days}

    def _proposal(self, shift_of: dict[tuple[int, int], int | None]) -> dict[int, int]:
        """A step's hint (variable index to value) putting each (person, day) cell of
        ``shift_of`` on its shift (None: off)."""
        x, work = self.built.vars.x, self.built.vars.work
        hint: dict[int, int] = {}
        for p in {p for p, _ in shift_of}:
            for key in self.row_costs.keys_of.get(p, ()):
                if (p, key[1]) in shift_of:
                    hint[x[key].index] = int(shift_of[p, key[1]] == key[2])
        for cell, shift in shift_of.items():
            if cell in work:
                hint[work[cell].index] = int(shift is not None)
        return hint

    def _lp(self, values: dict) -> Cells:
        if self.leaning is None:
            return set()
        lean, share = self.leaning
        now = np.full(lean.shape, -1, dtype=np.int64)
        for (p, d, s), v in values.items():
            if v:
                now[p, d] = s
        apart = np.argwhere((now != lean) & (share >= LP_SHARE))
        if not len(apart):
            return set()
        anchor = int(apart[self.rng.randrange(len(apart)), 1])
        # Nearest in days to the anchor, ties in random order.
        order = sorted(range(len(apart)),
                       key=lambda i: (abs(int(apart[i, 1]) - anchor), self.rng.random()))
        chosen = [tuple(int(v) for v in apart[i]) for i in order[:max(1, round(self.sizes["lp"]))]]
        self.hint = self._proposal({(p, d): int(lean[p, d]) if lean[p, d] >= 0 else None
                                    for p, d in chosen})
        return set(chosen)

    def _spare(self, values: dict) -> Cells:
        if self.hours_left is None:
            return set()
        spare = self.hours_left(values)
        spare_people = [p for p in range(self.n_people) if spare[p] > 0]
        found = self._costly(values, short_only=True)
        if not spare_people or found is None:
            return set()
        cover, keys = found
        size = self.sizes["spare"]
        k = max(2, round(size / self.n_days))
        n_spare = max(1, k // 2)
        chosen: set[int] = set()
        while len(chosen) < min(n_spare, len(spare_people)):
            chosen.add(self.rng.choices(spare_people, weights=[spare[p] for p in spare_people])[0])
        could_fill = sorted({key[0] for key in keys if key[0] not in chosen})
        chosen |= set(self.rng.sample(could_fill, min(len(could_fill), k - len(chosen))))
        # Whole rows where the size allows; on a long horizon the days around the short
        # cover (two whole rows of a year made steps that did not pay: instance 13 over
        # 364 days, 197,933 against 192,995 without ``spare``).
        days = self._window(max(2, round(size / len(chosen))), cover.day)
        return {(p, d) for p in chosen for d in days}

    def _cover(self, values: dict) -> Cells:
        found = self._costly(values)
        if found is None:
            return set()
        cover, keys = found
        candidates = sorted({k[0] for k in keys})
        # Aspect of the block drawn at random: from a short window with many people to a
        # long one with few.
        size = self.sizes["cover"]
        width = max(1, min(self.n_days, round(math.sqrt(size) * self.rng.uniform(0.3, 1.5))))
        k = max(2, round(size / width))
        chosen = set(self.rng.sample(candidates, min(k, len(candidates))))
        if len(chosen) < k:
            rest = [p for p in range(self.n_people) if p not in chosen]
            chosen |= set(self.rng.sample(rest, min(len(rest), k - len(chosen))))
        days = self._window(width, cover.day)
        return {(p, d) for p in chosen for d in days}

    def _block(self, values: dict) -> Cells:
        size = self.sizes["block"]
        width = max(2, min(self.n_days, round(math.sqrt(size) * self.rng.uniform(0.5, 2.0))))
        k = max(2, min(self.n_people, round(size / width)))
        chosen = self.rng.sample(range(self.n_people), k)
        days = self._window(width)
        return {(p, d) for p in chosen for d in days}
