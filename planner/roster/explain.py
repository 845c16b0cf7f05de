"""Why a roster problem has no plan: a small set of colliding hard-rule groups, in words.

Every relaxable hard rule is switched by one assumption literal per group (per person, per
person and day or week, per cover). CP-SAT's sufficient assumptions give a core; a deletion
pass shrinks it so that each named rule is needed for the collision.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from ortools.sat.python import cp_model

from .builder import build
from .groups import COVER_MINIMUM, RuleGroup
from .law import lawful_shift_ids
from .model import Cover, Problem
from .rules.cover import counts_for, covering_days
from .variables import may_work
from .words import day_de, day_en, describe_group, join, language, place_words


@dataclass(frozen=True)
class Conflict:
    """Rule groups that cannot all hold together, explained in German and English."""

    groups: tuple[RuleGroup, ...]
    german: str
    english: str


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
    """Sentences a coordinator understands, built from the problem's own data."""
    if not core:
        return Conflict(
            (),
            "Der Plan ist schon ohne Vertrags- und Bedarfsregeln unmöglich: Abwesenheiten, "
            "Qualifikationen und feste Vorgaben widersprechen sich.",
            "No plan exists even without contract and cover rules: absences, qualifications "
            "and fixed facts contradict each other.",
        )
    parts_de, parts_en = [], []
    for group in core:
        de, en = describe_group(problem, group)
        if group.rule == COVER_MINIMUM:
            why_de, why_en = _cover_reason(problem, problem.covers[group.cover])
            de, en = f"{de}, aber {why_de}", f"{en}, but {why_en}"
        parts_de.append(de)
        parts_en.append(en)
    if len(core) == 1:
        return Conflict(core, parts_de[0] + ".", _capital(parts_en[0]) + ".")
    return Conflict(
        core,
        "Diese Regeln lassen sich nicht zugleich einhalten: " + "; ".join(parts_de) + ".",
        "These rules cannot all hold together: " + "; ".join(parts_en) + ".",
    )


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _cover_reason(problem: Problem, cover: Cover) -> tuple[str, str]:
    """Who could fill a cover at all, and why they cannot on its day."""
    lawful = lawful_shift_ids(problem)
    candidates = []
    for person in problem.people:
        for shift in problem.shift_types:
            if (counts_for(cover, person, shift) and covering_days(problem, cover, shift)
                    and may_work(problem, person, shift, lawful)):
                candidates.append(person)
                break
    what_de, what_en = _qualifier(problem, cover, max(1, len(candidates)))
    if not candidates:
        return f"niemand {what_de}", f"nobody {what_en}"
    names = [p.label for p in candidates]
    absent = [p.label for p in candidates if cover.day in p.absences]
    only = "nur " if len(candidates) <= max(3, cover.minimum) else ""
    head_de = f"{only}{join(names, 'und')} {what_de}"
    head_en = f"{'only ' if only else ''}{join(names, 'and')} {what_en}"
    day_d, day_e = day_de(problem, cover.day), day_en(problem, cover.day)
    if absent:
        is_de = "ist" if len(absent) == 1 else "sind"
        is_en = "is" if len(absent) == 1 else "are"
        return (f"{head_de}, und {join(absent, 'und')} {is_de} am {day_d} abwesend",
                f"{head_en}, and {join(absent, 'and')} {is_en} absent on {day_e}")
    return (f"{head_de}, und ihre übrigen Regeln lassen den {day_d} nicht zu",
            f"{head_en}, and their other rules do not allow {day_e}")


def _qualifier(problem: Problem, cover: Cover, n: int) -> tuple[str, str]:
    if cover.language:
        de, en = language(cover.language)
        return ("spricht " if n == 1 else "sprechen ") + de, ("speaks " if n == 1 else "speak ") + en
    if cover.skill:
        skill_de, skill_en = problem.label(cover.skill)
        return (("hat" if n == 1 else "haben") + f" die Rolle {skill_de}",
                ("has" if n == 1 else "have") + f" the role {skill_en}")
    where_de, where_en = place_words(problem, cover.place)
    return (("kann" if n == 1 else "können") + f" diese Schicht{where_de} arbeiten",
            f"can work this shift{where_en}")
