"""A walk of best responses over people's rows, ties broken at random.

The sweep of best responses (``rows.swept``) ends where no one person's row can be bettered
alone. Covers short on days where no one can take them are then often held by people who
could give them to someone else at no cost and take another short cover themselves: the
plan lies on a plateau of equal cost, and what bettering it needs is two or three people
moving one after the other. This walk takes one person at a time (half of the time one of
those who could work a costly cover, else anyone), gives them their best row (rows.py's
walk) under their marginal costs with a little noise added, and keeps it when it costs no
more than the row they had: a random walk over the plateau that takes every step down.
It anneals (``TEMPERATURE``): a row that costs more is still kept with a probability that
falls with what it costs and with the time gone, so the walk leaves the plateau's pits
early on and settles towards its end; what it hands on is the best plan it passed.

On instance 13 from a plan of the search at 60 s (29 short covers, 3806) it found 2751 in
60 s of one core (2026-12-06); on ruin and recreate (a few people's rows cleared, then each
given their best row) it found nothing in 20 s from the same plan: the first people back
take the others' covers.

Only where covers and requests are the whole objective (``columns.priced_in_full``): the
change of the objective is then the sum of the rows' marginal costs, so a step is judged
without the model. The model prices the plans this hands on (the caller's part).
"""

from __future__ import annotations

import math
import random
import threading
import time
from contextlib import nullcontext
from dataclasses import dataclass
from typing import Callable

import numpy as np

from ..builder import BuiltModel
from .rows import RowPlan, best_row
from .scarcity import hours_scarce, shift_minutes
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
# Where the covers ask for more hours than the contracts' maxima allow, every hour worked
# fills a cover that would stay short, and a plan with fewer short covers works the
# contracts' hours full and leaves short the covers of the longest shifts. Among rows of
# about equal cost the walk then leans to those that work more hours: this much per hour
# is taken off a cell's noisy cost (``hours_lean``). Where hours are not scarce it is off:
# an hour more is an over-full cover there (60 s, 2 workers, 2026-12-07: instance 13,
# where the covers ask 0.2 % more hours than the maxima, seeds 0 / 2 2344 / 2020 at 0.3
# against 2639 / 3132 without; 15, with 5 % more hours than asked, 4601 / 4597 at 0.3
# against 4342 / 4336).
HOURS_LEAN = 0.3
# ... and, where weekends worked are capped, this much more per cell on a weekend day:
# a weekend worked on one day spends the cap on half its hours (on instance 13 all 20
# short covers of a plan at 60 s were on weekends, 38 weekends were worked on one day and
# everyone had worked their cap). Seeds 0 / 1 / 2 (2026-12-07): 2216 / 2164 / 2068 at 3,
# 2286 / 2272 / 2030 at 1, 2288 / 2182 / 2134 at 6, 2344 / 2378 / 2020 without.
WEEKEND_LEAN = 3.0
# Annealing: a row that costs more than the person's is still taken with the Metropolis
# probability exp(-increase / T), T falling in a straight line from its start to nothing
# (COLD_SHARE); the walk hands on and returns the best plan it passed. T starts at this
# share of the largest weight of a short cover (one short cover is the unit a plan's cost
# moves in where covers decide it; a request is a few hundredths of it on the Curtois-Qu
# instances). One core, 30 s, from instance 13's first plan (12127, 2026-12-07), seeds
# 1 / 2 / 3: 2866 / 2966 / 2969 without, 2260 / 2550 / 2271 at 0.05, 2138 / 2239 / 2368
# at 0.1, 2552 / 2229 / 2581 at 0.2; 55 s at 0.1: 2037 / 1923.
TEMPERATURE = 0.1
# ... and is nothing over the last COLD_SHARE of the walk's time: steps down only.
# responses.walked, 55 s, seeds 1 / 2: 2138 / 2132 at 0.2 against 2240 / 2254 at 0.
COLD_SHARE = 0.2


def hours_lean(built: BuiltModel) -> np.ndarray | None:
    """Per day and shift type what the walk takes off a cell's noisy cost (HOURS_LEAN per
    hour of the shift, WEEKEND_LEAN more on a weekend day where weekends are capped), or
    None where hours are not scarce (scarcity.hours_scarce)."""
    problem = built.problem
    if not HOURS_LEAN or not hours_scarce(problem):
        return None
    lean = np.tile(HOURS_LEAN * shift_minutes(problem) / 60.0, (problem.days, 1))
    if WEEKEND_LEAN and any(p.contract.max_weekends is not None for p in problem.people):
        for days in problem.weekends():
            lean[list(days), :] += WEEKEND_LEAN
    return lean


def responded(plan: RowPlan, person: int, rng: random.Random,
              lock: threading.Lock | None = None,
              lean: np.ndarray | None = None, slack: float = 0.0) -> float | None:
    """``person``'s best row given everyone else under costs with NOISE added, taken when it
    costs no more than their row (than ``slack`` more); the change of the objective, or
    None (the plan as it was). With ``lock`` (the plan shared by walks on other threads)
    the row is walked outside it and judged again under it against the plan as it is by
    then. ``lean`` (``hours_lean``): taken off each cell's noisy cost, never off the judged
    one."""
    with lock or nullcontext():
        table = plan.table(person)
    noisy = table + NOISE * np.random.default_rng(rng.getrandbits(32)).random(table.shape)
    if lean is not None:
        noisy = noisy - lean
    row = best_row(plan.built, person, noisy)
    if row is None or row.broken:
        return None
    with lock or nullcontext():
        return plan.offer(person, plan.table(person) if lock is not None else table, row,
                          strictly=False, slack=slack)


@dataclass
class _Progress:
    """The best plan the walk passed (its rows and objective), the objective of the plan it
    stands on, and its steps in a row that bettered the best (shared by its threads, under
    the plan's lock)."""
    objective: int
    best: np.ndarray
    current: float
    idle: int = 0

    @classmethod
    def standing_on(cls, plan: RowPlan) -> _Progress:
        objective = plan.objective()
        return cls(objective, plan.rows.copy(), float(objective))

    def stand_on(self, plan: RowPlan, objective: int | None = None) -> None:
        """``plan`` is the best and the current one (``objective``: its objective, known;
        else counted)."""
        self.objective = plan.objective() if objective is None else objective
        self.current = float(self.objective)
        self.best = plan.rows.copy()


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
           patience: int | None = None,
           helping: threading.Event | None = None) -> tuple[Values, int]:
    """The walk from ``values`` until ``until``, ``stopped()`` or ``patience`` steps in a
    row that bettered nothing (the search's plan taken on the way counts as nothing); the
    plan it ends on and its objective. ``incumbent`` (the search's best plan and
    objective) is taken in place of the walk's plan when it is better and the walk has
    gone ADOPT_IDLE steps per person without gain; ``on_better`` hears the walk's plan when
    it is better than the last it heard (and than the incumbent), at most every
    REPORT_EVERY seconds, and once more at the end. While ``helping`` is set a second
    thread takes steps of the same walk (a core lent by the caller): the rows are walked
    outside the plan's lock and judged under it."""
    rng = random.Random(seed)
    lean = hours_lean(built)
    plan = RowPlan(built).load(values)
    lock = threading.Lock() if helping is not None else None
    progress = _Progress.standing_on(plan)
    told = progress.objective
    began = told_at = time.monotonic()
    # The annealing's starting temperature (0: none).
    hot = TEMPERATURE * float(plan.under.max(initial=0.0))
    finished = threading.Event()

    def tell() -> None:
        nonlocal told, told_at
        theirs = incumbent()[1] if incumbent is not None else None
        objective = progress.objective
        if on_better is not None and objective < told and (theirs is None or objective < theirs):
            with lock or nullcontext():
                values = plan.values(progress.best)
            on_better(values, objective)
        told, told_at = min(told, objective), time.monotonic()

    def step(rng: random.Random) -> None:
        with lock or nullcontext():
            person = around_costly_cover(plan, rng) if rng.random() < AROUND_COVER else None
        if person is None:
            person = rng.randrange(plan.n_people)
        # Metropolis: an increase of x is taken with probability exp(-x / T).
        heat = hot * max(0.0, 1.0 - (time.monotonic() - began)
                         / max((1.0 - COLD_SHARE) * (until - began), 1e-9))
        slack = -heat * math.log(1.0 - rng.random()) if heat else 0.0
        delta = responded(plan, person, rng, lock, lean, slack)
        with lock or nullcontext():
            progress.idle += 1
            if delta is not None:
                progress.current += delta
                if progress.current < progress.objective - 0.5:
                    progress.stand_on(plan, round(progress.current))
                    progress.idle = 0

    def helper() -> None:
        own = random.Random(seed * 7919 + 1)
        while not finished.is_set():
            if helping.wait(0.1):
                step(own)

    threads = [threading.Thread(target=helper, daemon=True)] if helping is not None else []
    for thread in threads:
        thread.start()
    try:
        while (time.monotonic() < until and not stopped()
               and (patience is None or progress.idle < patience)):
            if incumbent is not None and progress.idle >= ADOPT_IDLE * plan.n_people:
                theirs, their_objective = incumbent()
                if (theirs is not None and their_objective is not None
                        and their_objective < progress.objective):
                    with lock or nullcontext():
                        progress.stand_on(plan.load(theirs))
                        told = progress.objective
            step(rng)
            if progress.objective < told and time.monotonic() - told_at >= REPORT_EVERY:
                tell()
    finally:
        finished.set()
        for thread in threads:
            thread.join()
    tell()
    return plan.values(progress.best), progress.objective
