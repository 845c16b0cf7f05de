"""Large neighbourhood search around CP-SAT, with roster-shaped neighbourhoods.

CP-SAT's own LNS picks neighbourhoods from the constraint graph and, on two cores, gets
half of one. Rosters have a natural structure: freeing every person over a window of
days, or a few people over the whole horizon, leaves a sub-problem that CP-SAT solves to
optimality in a fraction of a second while keeping every coupling rule intact. Each step
fixes all other decisions to the incumbent, solves, and keeps the result if it is no
worse; the neighbourhood grows while steps finish early and shrinks when they time out.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass
from typing import Callable

from ortools.sat.python import cp_model

from .builder import BuiltModel

Incumbent = dict[tuple[int, int, int], int]


@dataclass
class LnsState:
    values: Incumbent
    objective: int
    improved_at: float | None = None


class Neighbourhoods:
    """Free (person, day) cells, in an order that sweeps the horizon.

    Day windows for everyone slide across the horizon in half-window steps, so every local
    shortage is revisited once per sweep; between sweeps come a few people over the whole
    horizon (for rules over the horizon such as minutes and weekends) and random blocks.
    ``size`` in (0, 1] scales how much is freed and adapts to the step times.
    """

    def __init__(self, built: BuiltModel, rng: random.Random) -> None:
        self.n_people = len(built.problem.people)
        self.n_days = built.problem.days
        self.rng = rng
        self.size = 0.25
        self.cursor = 0
        # For each cover: its weight and who could fill it, by (person, day, shift) key.
        self.covers = list(zip(built.problem.covers, built.ctx.cover_heads))

    def around_shortage(self, values: dict) -> set[tuple[int, int]] | None:
        """Some of the people who could fill a short cover, over the whole horizon: filling
        it usually means reshaping their whole roster (minutes, runs, weekends)."""
        short = []
        for cover, keys in self.covers:
            missing = cover.required - sum(values[k] for k in keys)
            if missing > 0 and keys:
                short.append((cover.under_weight * missing, keys))
        if not short:
            return None
        _, keys = self.rng.choices(short, weights=[w for w, _ in short])[0]
        candidates = sorted({k[0] for k in keys})
        k = max(2, round(self.n_people * self.size * 0.5))
        chosen = set(self.rng.sample(candidates, min(k, len(candidates))))
        if len(chosen) < k:
            chosen |= set(self.rng.sample(range(self.n_people), k - len(chosen)))
        return {(p, d) for p in chosen for d in range(self.n_days)}

    def next(self, values: dict) -> set[tuple[int, int]]:
        if self.rng.random() < 0.5:
            hood = self.around_shortage(values)
            if hood is not None:
                return hood
        n_people, n_days, rng, size = self.n_people, self.n_days, self.rng, self.size
        width = max(3, min(n_days, round(n_days * size)))
        if self.cursor < n_days:
            start = min(self.cursor, max(0, n_days - width))
            self.cursor += max(1, width // 2)
            return {(p, d) for p in range(n_people) for d in range(start, start + width)}
        self.cursor += 1
        if self.cursor > n_days + 3:
            self.cursor = 0
        if rng.random() < 0.5:
            k = max(2, round(n_people * size * 0.6))
            chosen = rng.sample(range(n_people), min(k, n_people))
            return {(p, d) for p in chosen for d in range(n_days)}
        k = max(2, round(n_people * min(1.0, 2 * size)))
        width = max(3, round(n_days * min(1.0, 2 * size)))
        chosen = rng.sample(range(n_people), min(k, n_people))
        start = rng.randrange(0, max(1, n_days - width + 1))
        return {(p, d) for p in chosen for d in range(start, start + width)}


def improve(
    built: BuiltModel,
    state: LnsState,
    deadline: float,
    num_workers: int,
    seed: int,
    should_stop: Callable[[], bool],
    on_improve: Callable[[LnsState], None],
    step_seconds: float = 1.0,
) -> LnsState:
    hoods = Neighbourhoods(built, random.Random(seed))
    step = 0
    while not should_stop():
        left = deadline - time.monotonic()
        if left < 0.3:
            break
        step += 1
        free = hoods.next(state.values)
        model = built.model.clone()
        model.clear_hints()
        for key, var in built.vars.x.items():
            value = state.values[key]
            local = model.get_bool_var_from_proto_index(var.index)
            if (key[0], key[1]) in free:
                model.add_hint(local, value)
            else:
                model.add(local == value)
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = num_workers
        solver.parameters.max_time_in_seconds = min(step_seconds, left)
        solver.parameters.random_seed = seed + step
        # The incumbent is a feasible completion: bound the step to be no worse.
        model.add(built.objective <= state.objective)
        status = solver.solve(model)
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            objective = int(round(solver.objective_value))
            if objective <= state.objective:
                better = objective < state.objective
                state = LnsState(
                    {key: int(solver.boolean_value(model.get_bool_var_from_proto_index(var.index)))
                     for key, var in built.vars.x.items()},
                    objective,
                    time.monotonic() if better else state.improved_at,
                )
                if better:
                    on_improve(state)
        # Grow while steps are proven optimal quickly; shrink when they run out of time.
        if status == cp_model.OPTIMAL and solver.wall_time < step_seconds * 0.5:
            hoods.size = min(1.0, hoods.size * 1.1)
        elif status != cp_model.OPTIMAL:
            hoods.size = max(0.05, hoods.size * 0.85)
    return state
