"""Independent checker: verifies every hard rule of a plan and recomputes every soft term.

Each hard rule is checked by the ``check`` of its rule module (rules/, by rule id), which
reads the plan and never the model's variables or filters, so a bug in the model shows up
as a disagreement here. Heads in a slot are counted by heads.py, shared with the model's
cover rule and the Planner page on purpose: one definition of who counts. The score shown
to users comes from this module: what is shown is recomputed from the plan.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from . import groups as g
from .findings import Finding
from .groups import RuleGroup
from .model import Assignment, Person, Problem
from .rules import CHECKED_RULES
from .rules.hour_balance import score as hour_terms
from .rules.working_time import unlawful
from .worked import Worked

# A broken hard rule is a finding (rule id, people, places, days, spans, values).
Violation = Finding
# The independent check of each hard rule, by rule id.
CHECKS = {rule: module.check for module in CHECKED_RULES for rule in module.RULES}


@dataclass(frozen=True)
class ScoreRow:
    """One line of the score table. ``weight`` is None when the rule's terms differ in weight."""

    rule: str
    weight: int | None
    violations: int
    penalty: int


@dataclass(frozen=True)
class PersonSummary:
    person: str
    shifts: int
    minutes: int
    weekends: int
    requests_granted: int
    requests_total: int


@dataclass(frozen=True)
class CheckReport:
    hard_violations: tuple[Finding, ...]
    relaxed_violations: tuple[Finding, ...]
    rows: tuple[ScoreRow, ...]
    objective: int
    people: tuple[PersonSummary, ...]

    @property
    def ok(self) -> bool:
        return not self.hard_violations


class _Score:
    def __init__(self) -> None:
        self.weights: dict[str, set[int]] = defaultdict(set)
        self.count: Counter[str] = Counter()
        self.penalty: Counter[str] = Counter()
        self.order: list[str] = []

    def add(self, rule: str, weight: int, amount: int) -> None:
        if rule not in self.weights:
            self.order.append(rule)
        self.weights[rule].add(weight)
        if amount > 0 and weight:
            self.count[rule] += amount
            self.penalty[rule] += weight * amount

    def rows(self) -> tuple[ScoreRow, ...]:
        out = []
        for rule in self.order:
            ws = self.weights[rule]
            out.append(ScoreRow(rule, next(iter(ws)) if len(ws) == 1 else None,
                                self.count[rule], self.penalty[rule]))
        return tuple(out)


def check(
    problem: Problem,
    plan: tuple[Assignment, ...] | list[Assignment],
    relaxed: frozenset[RuleGroup] | set[RuleGroup] = frozenset(),
    relax_weight: int = g.RELAX_WEIGHT,
) -> CheckReport:
    """Check a plan. Violations of groups in ``relaxed`` are not hard violations but cost
    ``relax_weight`` once per violated group (as in the relaxed model)."""
    worked = Worked.of(problem, plan)
    hard: list[Finding] = []
    for module in CHECKED_RULES:
        hard.extend(module.check(worked))
    grid = worked.grid

    score = _Score()
    _score_covers(worked, score)
    _score_requests(problem, grid, score)
    _score_changes(problem, grid, score)
    _score_fairness(problem, grid, score)
    _score_hours(problem, grid, score)

    strict, soft_broken = [], []
    broken_groups = set()
    for v in hard:
        if v.group is not None and v.group in relaxed:
            soft_broken.append(v)
            broken_groups.add(v.group)
        else:
            strict.append(v)
    for group in sorted(relaxed):
        score.add(g.RELAXED_PREFIX + group.rule, relax_weight, int(group in broken_groups))

    rows = score.rows()
    return CheckReport(
        hard_violations=tuple(strict),
        relaxed_violations=tuple(soft_broken),
        rows=rows,
        objective=sum(r.penalty for r in rows),
        people=_summaries(problem, grid),
    )


def check_rule(rule: str, problem: Problem, plan) -> tuple[Finding, ...]:
    """The findings of one hard rule's check alone (by rule id)."""
    return tuple(f for f in CHECKS[rule](Worked.of(problem, plan)) if f.rule == rule)


def _score_covers(worked: Worked, score: _Score) -> None:
    for index, cover in enumerate(worked.problem.covers):
        heads = worked.heads(index)
        under_rule = g.LANGUAGE_UNDER if cover.language else g.UNDER_COVER
        over_rule = g.LANGUAGE_OVER if cover.language else g.OVER_COVER
        score.add(under_rule, cover.under_weight, max(0, cover.required - heads))
        score.add(over_rule, cover.over_weight, max(0, heads - cover.required))


def _score_requests(problem: Problem, grid, score: _Score) -> None:
    for r in problem.requests:
        shift = grid.get((r.person, r.day))
        hit = shift is not None and (r.shift is None or shift.id == r.shift)
        if r.on:
            score.add(g.SHIFT_ON, r.weight, int(not hit))
        else:
            score.add(g.SHIFT_OFF, r.weight, int(hit))


def _score_changes(problem: Problem, grid, score: _Score) -> None:
    if problem.previous_plan is None or not problem.change_weight:
        return
    before = {(a.person, a.day): a.shift for a in problem.previous_plan}
    for person in problem.people:
        for d in range(problem.days):
            now = grid.get((person.id, d))
            changed = (now.id if now else None) != before.get((person.id, d))
            score.add(g.CHANGES, problem.change_weight, int(changed))


def _fair_people(problem: Problem, rule) -> list[Person]:
    if rule.people is not None:
        return [p for p in problem.people if p.id in rule.people]
    out = []
    for person in problem.people:
        for sid in rule.shifts:
            shift = problem.shift(sid)
            if ((shift.task is None or shift.task in person.skills)
                    and (not shift.organisations or person.organisation in shift.organisations)
                    and person.contract.max_shifts.get(sid, 1) > 0
                    and unlawful(problem, shift) is None):
                out.append(person)
                break
    return out


def _score_fairness(problem: Problem, grid, score: _Score) -> None:
    for rule in problem.fairness:
        who = _fair_people(problem, rule)
        if len(who) < 2:
            continue
        counts = []
        for person in who:
            n = rule.carried.get(person.id, 0)
            for d in range(problem.days):
                s = grid.get((person.id, d))
                weekday_ok = rule.weekdays is None or (problem.start_weekday + d) % 7 in rule.weekdays
                if s is not None and s.id in rule.shifts and weekday_ok:
                    n += 1
            counts.append(n)
        score.add(g.fairness_rule(rule.name), rule.weight, max(counts) - min(counts))


def _score_hours(problem: Problem, grid, score: _Score) -> None:
    for weight, amount in hour_terms(problem, grid):
        score.add(g.HOUR_BALANCE, weight, amount)


def _summaries(problem: Problem, grid) -> tuple[PersonSummary, ...]:
    out = []
    for person in problem.people:
        days = [d for d in range(problem.days) if (person.id, d) in grid]
        weekends = {(problem.start_weekday + d) // 7 for d in days
                    if (problem.start_weekday + d) % 7 >= 5}
        mine = [r for r in problem.requests if r.person == person.id]
        granted = 0
        for r in mine:
            s = grid.get((person.id, r.day))
            hit = s is not None and (r.shift is None or s.id == r.shift)
            granted += int(hit == r.on)
        out.append(PersonSummary(
            person.id, len(days),
            sum(grid[person.id, d].length - grid[person.id, d].break_minutes for d in days),
            len(weekends), granted, len(mine)))
    return tuple(out)
