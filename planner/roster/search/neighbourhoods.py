"""Roster-shaped neighbourhoods: which (person, day) cells an LNS step frees.

- ``days``: a window of days for everyone (local shortages, successions, runs);
- ``people``: a few people over the whole horizon (minutes, weekends, per-type limits);
- ``cover``: around the day and shift type with the largest cover penalty (chosen with
  probability by penalty), the people who could fill it, over a window of days;
- ``block``: random people over a random window;
- ``focus``: people named by the caller (those who break a priced rule in construction).

``cells`` is the target number of freed cells; it grows while steps are solved to
optimality quickly and shrinks when they time out, so the sub-problems keep a size CP-SAT
closes within the step limit on this instance. Operators are drawn by weights that follow
their recent success (adaptive LNS).
"""

from __future__ import annotations

import math
import random

from ..builder import BuiltModel
from ..rules.cover import members

Cells = set[tuple[int, int]]
OPERATORS = ("days", "people", "cover", "block")


class Neighbourhoods:
    def __init__(self, built: BuiltModel, rng: random.Random, cells: float) -> None:
        problem = built.problem
        self.n_people = len(problem.people)
        self.n_days = problem.days
        self.rng = rng
        self.cells = cells
        self.weights = dict.fromkeys(OPERATORS, 1.0)
        index = {var.index: key for key, var in built.vars.x.items()}
        self.covers = []
        for cover in problem.covers:
            keys = [index[v.index] for v in members(problem, built.vars, cover)]
            if keys:
                self.covers.append((cover, keys))

    @property
    def total(self) -> int:
        return self.n_people * self.n_days

    def grow(self, factor: float) -> None:
        self.cells = min(float(self.total), max(4.0, self.cells * factor))

    def reward(self, op: str, gain: float) -> None:
        # Exponential recency: an operator that stops paying off fades within ~10 uses.
        if op not in self.weights:
            return
        score = 1.0 if gain > 0 else 0.0
        self.weights[op] = max(0.05, 0.9 * self.weights[op] + 0.1 * (0.2 + score))

    def pick(self, values: dict, focus: list[int] | None = None) -> tuple[str, Cells]:
        if focus:
            return "focus", self._people(focus)
        ops = list(self.weights)
        op = self.rng.choices(ops, weights=[self.weights[o] for o in ops])[0]
        make = {"days": self._days, "people": self._people_op, "cover": self._cover,
                "block": self._block}[op]
        cells = make(values)
        if not cells:
            op, cells = "block", self._block(values)
        return op, cells

    def _window(self, width: int, centre: int | None = None) -> range:
        width = max(1, min(self.n_days, width))
        if centre is None:
            start = self.rng.randrange(0, self.n_days - width + 1)
        else:
            start = min(max(0, centre - width // 2), self.n_days - width)
        return range(start, start + width)

    def _days(self, values: dict) -> Cells:
        width = max(2, round(self.cells / self.n_people))
        return {(p, d) for p in range(self.n_people) for d in self._window(width)}

    def _people(self, focus: list[int] | None = None) -> Cells:
        k = max(2, round(self.cells / self.n_days))
        chosen = set(focus or ())
        if len(chosen) > k:
            chosen = set(self.rng.sample(sorted(chosen), k))
        rest = [p for p in range(self.n_people) if p not in chosen]
        chosen |= set(self.rng.sample(rest, min(len(rest), k - len(chosen))))
        return {(p, d) for p in chosen for d in range(self.n_days)}

    def _people_op(self, values: dict) -> Cells:
        return self._people()

    def _cover(self, values: dict) -> Cells:
        costly = []
        for cover, keys in self.covers:
            have = sum(values[k] for k in keys)
            cost = (cover.under_weight * max(0, cover.required - have)
                    + cover.over_weight * max(0, have - cover.required))
            if cost > 0:
                costly.append((cost, cover, keys))
        if not costly:
            return set()
        _, cover, keys = self.rng.choices(costly, weights=[c for c, _, _ in costly])[0]
        candidates = sorted({k[0] for k in keys})
        # Aspect of the block drawn at random: from a short window with many people to a
        # long one with few.
        width = max(1, min(self.n_days, round(math.sqrt(self.cells) * self.rng.uniform(0.3, 1.5))))
        k = max(2, round(self.cells / width))
        chosen = set(self.rng.sample(candidates, min(k, len(candidates))))
        if len(chosen) < k:
            rest = [p for p in range(self.n_people) if p not in chosen]
            chosen |= set(self.rng.sample(rest, min(len(rest), k - len(chosen))))
        return {(p, d) for p in chosen for d in self._window(width, cover.day)}

    def _block(self, values: dict) -> Cells:
        width = max(2, min(self.n_days, round(math.sqrt(self.cells) * self.rng.uniform(0.5, 2.0))))
        k = max(2, min(self.n_people, round(self.cells / width)))
        chosen = self.rng.sample(range(self.n_people), k)
        return {(p, d) for p in chosen for d in self._window(width)}
