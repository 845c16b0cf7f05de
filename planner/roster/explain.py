"""Why a roster problem has no plan: a small set of colliding hard-rule groups, as facts.

Every relaxable hard rule is switched by one assumption literal per group (per person, per
person and day or week, per cover). CP-SAT's sufficient assumptions give a core; a deletion
pass shrinks it so that each named rule is needed for the collision. The interface words
a conflict (dashboard/texts/rule_words.py).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from ortools.sat.python import cp_model

from .builder import build
from .findings import Finding, demand
from .groups import COVER_MINIMUM, RuleGroup
from .heads import counts_for, covering_days
from .law import lawful_shift_ids
from .model import Cover, Problem
from .variables import may_work


@dataclass(frozen=True)
class Conflict:
    """Rule groups that cannot all hold together, and what each asks for (``findings``, in
    the order of ``groups``). A minimum cover's finding names in ``people`` who could fill
    it at all, and in its value ``absent`` those of them absent on its day. No groups:
    fixed facts alone (absences, qualifications, one shift a day) make the week impossible."""

    groups: tuple[RuleGroup, ...]
    findings: tuple[Finding, ...] = ()


def find_core(
    problem: Problem,
    relaxed: frozenset[RuleGroup] = frozenset(),
    time_limit_s: float = 10.0,
    random_seed: int = 0,
) -> tuple[RuleGroup, ...] | None:
    """A minimal set of hard-rule groups that collide, given the ``relaxed`` ones.

    None if the rules can all hold; an empty tuple if fixed facts alone (absences,
    qualifications, one shift a day) make the problem impossible or the time ran out.
    """
    deadline = time.monotonic() + time_limit_s
    built = build(problem, assume=True, relaxed=relaxed)
    built.model.clear_objective()
    lits = list(built.ctx.assumptions.values())
    status, core = _solve_with(built.model, lits, max(0.1, deadline - time.monotonic()), random_seed)
    if status != cp_model.INFEASIBLE:
        return None
    by_index = {lit.index: group for group, lit in built.ctx.assumptions.items()}
    core_groups = [by_index[i] for i in core]
    # Deletion filter: drop every group whose absence keeps the rest infeasible.
    needed = list(core_groups)
    for candidate in list(core_groups):
        rest = [k for k in needed if k != candidate]
        if not rest:
            break
        left = deadline - time.monotonic()
        if left <= 0.05:
            break
        status, _ = _solve_with(built.model, [built.ctx.assumptions[k] for k in rest],
                                min(left, 2.0), random_seed)
        if status == cp_model.INFEASIBLE:
            needed = rest
    return tuple(sorted(needed))


def _solve_with(model: cp_model.CpModel, assumptions, seconds: float, seed: int):
    model.clear_assumptions()
    model.add_assumptions(assumptions)
    solver = cp_model.CpSolver()
    # Sufficient assumptions are only reported by the single-threaded core search.
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = seconds
    solver.parameters.random_seed = seed
    status = solver.solve(model)
    core = solver.sufficient_assumptions_for_infeasibility() if status == cp_model.INFEASIBLE else []
    return status, list(core)


def explain(problem: Problem, core: tuple[RuleGroup, ...]) -> Conflict:
    """The facts of a core, from the problem's own data."""
    findings = []
    for group in core:
        found = demand(problem, group)
        if group.rule == COVER_MINIMUM:
            found = _with_candidates(problem, problem.covers[group.cover], found)
        findings.append(found)
    return Conflict(tuple(core), tuple(findings))


def _with_candidates(problem: Problem, cover: Cover, found: Finding) -> Finding:
    """Who could fill a cover at all (any day), and which of them are absent on its day."""
    lawful = lawful_shift_ids(problem)
    candidates = []
    for person in problem.people:
        for shift in problem.shift_types:
            if (counts_for(cover, person, shift) and covering_days(problem, cover, shift)
                    and may_work(problem, person, shift, lawful)):
                candidates.append(person)
                break
    absent = tuple(p.id for p in candidates if cover.day in p.absences)
    return Finding(found.rule, tuple(p.id for p in candidates), found.places, found.days, found.spans,
                   {**dict(found.values), "absent": absent}, found.group)
