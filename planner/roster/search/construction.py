"""A first plan without solving the whole model.

The greedy plan (heuristic.py) follows every rule it can check day by day but may break
the minimum rules (minutes, run lengths). It is made valid by LNS on the same model with
the hard-rule groups priced instead of enforced (each broken group costs RELAX_WEIGHT, and a
minimum's shortfall its share of it, so that closing part of one counts):
the greedy plan is a solution of that model, every step is small, and the neighbourhoods
concentrate on the people who still break a rule.

Before any step, the rows of the people who break a rule are replaced by their best row
given everyone else (rows.py, a walk over the days that keeps runs, days off, successions
and minutes exactly): CP-SAT steps cannot repair a half-year row's runs and minutes at
once, the walk can, and on the benchmark's rules the plan keeps every hard rule after it.
A sweep of everyone's best rows follows while its share of the time lasts (on instance 16
stretched to 182 days with 40 staff it took the first plan from 72,582 to 30,064).
"""

from __future__ import annotations

import logging
import random
import time
from typing import Callable

from ..builder import BuiltModel
from .lns import Incumbent, improve
from .neighbourhoods import Neighbourhoods
from .rows import RowCosts, repair_rows, swept
from .subproblem import StepResult, SubSolver, Values

log = logging.getLogger(__name__)

# Rule-breakers' rows replaced by their best rows before any step (off: the construction by
# LNS alone, as before 2026-12-05; bench/roster_long.py's baseline).
ROW_REPAIR = True
# Share of the construction's time left for a sweep of everyone's best rows after the repair.
SWEEP_SHARE = 0.2


def values_of(built: BuiltModel, plan) -> Values:
    chosen = {
        (built.vars.person_index.get(a.person), a.day, built.vars.shift_index.get(a.shift))
        for a in plan
    }
    return {key: int(key in chosen) for key in built.vars.x}


def broken_people(built: BuiltModel, broken) -> list[int]:
    """Positions of the people whose rule groups (positions in ``ctx.assumptions``) are
    broken, in the order of the people."""
    groups = list(built.ctx.assumptions)
    index = built.vars.person_index
    return sorted({index[groups[j].person] for j in broken
                   if groups[j].person is not None and groups[j].person in index})


def rows_repaired(built: BuiltModel, priced: SubSolver, step: StepResult, until: float,
                  workers: int, seed: int) -> StepResult:
    """``step`` (a plan priced on ``priced``) with the rows of the people who break a rule
    replaced by their best rows given everyone else, priced again; ``step`` itself if that
    is not better."""
    people = broken_people(built, step.broken)
    if not ROW_REPAIR or not people or step.values is None:
        return step
    values, replaced = repair_rows(built, step.values, people, until, RowCosts.of(built))
    if not replaced:
        return step
    return _priced_again(built, priced, step, values, until, workers, seed, "repair")


def rows_swept(built: BuiltModel, sub: SubSolver, step: StepResult, until: float,
               workers: int, seed: int) -> StepResult:
    """Everyone's rows in turn replaced by their best rows where those cost less, for
    SWEEP_SHARE of the time to ``until``: the greedy's day-by-day choices leave covers a
    whole row can reach. Priced on ``sub`` and kept only if better (the walk's costs see
    covers and requests, not every soft rule); ``step`` itself otherwise."""
    if not (ROW_REPAIR and SWEEP_SHARE) or step.values is None or step.violations:
        return step
    left = max(0.0, until - time.monotonic())
    values, replaced = swept(built, step.values, seed, time.monotonic() + SWEEP_SHARE * left,
                             passes=1)
    if not replaced:
        return step
    return _priced_again(built, sub, step, values, until, workers, seed,
                         f"sweep of {replaced} rows")


def first_from_rows(built: BuiltModel, strict: SubSolver, priced: SubSolver | None, plan,
                    until: float, seed: int, accept, sweep: bool = True) -> str | None:
    """A first plan without the full model: the greedy plan if it keeps every hard rule
    ("greedy"), else once the rows of the people who break one are replaced by their best
    rows ("rows"; swept afterwards, while the first plan already counts). Each plan goes
    to ``accept(values, objective, part, full)`` as it comes. None: no plan (no ``priced``
    model, or rows that still break a rule)."""
    if priced is None or not ROW_REPAIR:
        step = strict.solve(values_of(built, plan), set(), None,
                            max(0.5, until - time.monotonic()), 1, seed)
        if step.values is None:
            return None
        accept(step.values, step.objective, "construction", step.full)
        return "greedy"
    # Priced once, not first on the strict model: with nothing broken the priced model's
    # objective is the strict one's (no group false, no minimum short), and each solve of
    # a fixed plan costs seconds on large models (240 people over 364 days: 6 s each, two
    # of the four before the first plan).
    step = priced.solve(values_of(built, plan), set(), None,
                        max(0.5, until - time.monotonic()), 1, seed)
    if step.values is not None and not step.violations:
        accept(step.values, step.objective, "construction", step.full)
        return "greedy"
    if step.values is not None:
        step = rows_repaired(built, priced, step, until, 1, seed)
    if step.values is None or step.violations:
        return None
    accept(step.values, step.objective, "construction", step.full)
    if not sweep:
        return "rows"
    better = rows_swept(built, strict, step, until, 1, seed)
    if better is not step:
        accept(better.values, better.objective, "rows", better.full)
    return "rows"


def _priced_again(built: BuiltModel, priced: SubSolver, step: StepResult, values: Values,
                  until: float, workers: int, seed: int, what: str) -> StepResult:
    """``values`` priced on ``priced`` if that is better than ``step``, else ``step``."""
    again = priced.solve(values, set(), None, max(1.0, until - time.monotonic()), workers, seed)
    log.debug("rows: %s, groups broken %d -> %s, objective %s -> %s", what, step.violations,
              again.violations if again.values is not None else "?", step.objective,
              again.objective)
    if again.values is None or (again.violations, again.objective) >= (step.violations,
                                                                       step.objective):
        return step
    return again


def construct(built: BuiltModel, plan, until: float, workers: int, seed: int,
              should_stop: Callable[[], bool], start_cells: float,
              shared: dict | None = None, sub: SubSolver | None = None) -> Incumbent | None:
    """A plan that keeps every hard rule, or None if the time ran out first."""
    priced = sub if sub is not None else SubSolver(built, priced=True, shared=shared)
    values = values_of(built, plan)
    # Evaluate the greedy plan: every decision fixed, only the auxiliaries are solved.
    first = priced.solve(values, set(), None, max(1.0, until - time.monotonic()), workers, seed)
    if first.values is None:
        return None
    if first.violations:
        first = rows_swept(built, priced, rows_repaired(built, priced, first, until, workers,
                                                        seed), until, workers, seed)
    state = Incumbent(first.values, first.objective, first.violations, first.broken,
                      full=first.full)
    log.debug("greedy plan breaks %d groups", state.violations)
    person_of = {lit: group.person for group, lit in built.ctx.assumptions.items()}
    index_of_person = built.vars.person_index
    lit_people = [index_of_person.get(person_of[lit]) for lit in built.ctx.assumptions.values()]

    hoods = Neighbourhoods(built, random.Random(seed), start_cells)
    rng = random.Random(seed + 1)

    def focus(s: Incumbent) -> list[int] | None:
        # Half of the steps on people who break a rule (or everyone near them in time via
        # the other operators): enough pressure without losing diversity.
        if s.violations == 0 or rng.random() < 0.5:
            return None
        people = {lit_people[j] for j in s.broken} - {None}
        return sorted(people) or None

    state = improve(priced, hoods, state, until, workers, seed, should_stop,
                    focus=focus, done=lambda s: s.violations == 0,
                    step_seconds=max(0.5, min(2.0, (until - time.monotonic()) / 30)))
    log.debug("construction: %d groups broken after %d steps", state.violations, state.steps)
    if state.violations:
        return None
    # The strict model's objective: without the shortfalls' price (a step's auxiliaries are
    # not always at their least when it ends on the time limit).
    objective = state.objective
    if state.full is not None:
        objective -= sum(w * state.full[v.index] for v, w in built.ctx.shortfalls)
    return Incumbent(state.values, objective, improved_at=time.monotonic(), full=state.full)
