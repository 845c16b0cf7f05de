"""Independent checker: verifies every hard rule of a plan and recomputes every soft term.

It works on the domain types only and shares no code with the CP-SAT model (no rule
modules, no variables), so a bug in the model shows up as a disagreement here. The score
shown to users comes from this module: what is shown is recomputed from the plan.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from . import groups as g
from .groups import RuleGroup
from .model import MINUTES_PER_DAY, Assignment, Cover, Person, Problem, ShiftType


@dataclass(frozen=True)
class Violation:
    rule: str
    message: str
    person: str | None = None
    day: int | None = None
    group: RuleGroup | None = None


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
    hard_violations: tuple[Violation, ...]
    relaxed_violations: tuple[Violation, ...]
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
    shifts = {s.id: s for s in problem.shift_types}
    people = {p.id: p for p in problem.people}
    hard: list[Violation] = []
    grid: dict[tuple[str, int], ShiftType] = {}

    for a in plan:
        if a.person not in people or a.shift not in shifts or not 0 <= a.day < problem.days:
            hard.append(Violation(g.UNKNOWN, f"unknown or out of horizon: {a}", a.person, a.day))
            continue
        shift = shifts[a.shift]
        if a.place != shift.place:
            hard.append(Violation(g.PLACE, f"{a} is not at the shift's place {shift.place}",
                                  a.person, a.day))
        if (a.person, a.day) in grid:
            hard.append(Violation(g.ONE_SHIFT_A_DAY, f"{a.person} has two shifts on day {a.day}",
                                  a.person, a.day))
            continue
        grid[a.person, a.day] = shift

    for (pid, day), shift in grid.items():
        _check_assignment(problem, people[pid], day, shift, hard)

    for person in problem.people:
        row = [grid.get((person.id, d)) for d in range(problem.days)]
        _check_person(problem, person, row, hard)
    for pin in problem.pins:
        have = grid.get((pin.person, pin.day))
        if (have.id if have else None) != pin.shift:
            hard.append(Violation(g.PIN, f"pin {pin} not kept", pin.person, pin.day,
                                  RuleGroup(g.PIN, person=pin.person, day=pin.day)))

    score = _Score()
    _score_covers(problem, grid, people, hard, score)
    _score_requests(problem, grid, score)
    _score_changes(problem, grid, score)
    _score_fairness(problem, grid, shifts, score)

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


def _lawful(problem: Problem, shift: ShiftType) -> bool:
    if not problem.working_time_law:
        return True
    work = shift.length - shift.break_minutes
    if work > 600:
        return False
    if work > 540:
        return shift.break_minutes >= 45
    if work > 360:
        return shift.break_minutes >= 30
    return True


def _check_assignment(problem: Problem, person: Person, day: int, shift: ShiftType,
                      hard: list[Violation]) -> None:
    who = person.id
    if day in person.absences:
        hard.append(Violation(g.ABSENCE, f"{who} is absent on day {day}", who, day))
    if shift.task is not None and shift.task not in person.skills:
        hard.append(Violation(g.QUALIFICATION, f"{who} lacks {shift.task} for {shift.id}", who, day))
    if shift.organisations and person.organisation not in shift.organisations:
        hard.append(Violation(g.ORGANISATION, f"{who}'s organisation may not work {shift.id}",
                              who, day))
    if shift.weekdays is not None and problem.weekday(day) not in shift.weekdays:
        hard.append(Violation(g.OFFERED_DAY, f"{shift.id} is not offered on day {day}", who, day))
    if not _lawful(problem, shift):
        hard.append(Violation(g.WORKING_TIME, f"{shift.id} breaks the working-time law", who, day))


def _runs(flags: list[bool]) -> list[tuple[int, int, bool]]:
    """(start, length, value) of each maximal run."""
    out, start = [], 0
    for i in range(1, len(flags) + 1):
        if i == len(flags) or flags[i] != flags[start]:
            out.append((start, i - start, flags[start]))
            start = i
    return out


def _check_person(problem: Problem, person: Person, row: list[ShiftType | None],
                  hard: list[Violation]) -> None:
    c, who, n = person.contract, person.id, problem.days

    def fail(rule: str, msg: str, day: int | None = None, **key) -> None:
        hard.append(Violation(rule, msg, who, day, RuleGroup(rule, person=who, **key)))

    per_type = Counter(s.id for s in row if s)
    for sid, limit in c.max_shifts.items():
        if per_type[sid] > limit:
            fail(g.MAX_SHIFTS, f"{who} works {per_type[sid]} x {sid}, at most {limit}", shift=sid)

    total = sum(s.length - s.break_minutes for s in row if s)
    if total < c.min_minutes or (c.max_minutes is not None and total > c.max_minutes):
        fail(g.TOTAL_MINUTES, f"{who} works {total} min, allowed {c.min_minutes}..{c.max_minutes}")

    weeks: dict[int, list[int]] = defaultdict(list)
    for d in range(n):
        weeks[(problem.start_weekday + d) // 7].append(d)
    for week, days in weeks.items():
        minutes = sum(row[d].length - row[d].break_minutes for d in days if row[d])
        too_many = c.max_minutes_per_week is not None and minutes > c.max_minutes_per_week
        too_few = (c.min_minutes_per_week is not None and len(days) == 7
                   and minutes < c.min_minutes_per_week)
        if too_many or too_few:
            fail(g.WEEKLY_MINUTES, f"{who} works {minutes} min in week {week}", week=week)

    flags = [s is not None for s in row]
    for start, length, worked in _runs(flags):
        inner = start > 0 and start + length < n
        if worked and c.max_consecutive_days is not None and length > c.max_consecutive_days:
            fail(g.MAX_CONSECUTIVE, f"{who} works {length} days in a row from day {start}", start)
        if worked and inner and length < c.min_consecutive_days:
            fail(g.MIN_CONSECUTIVE, f"{who} works only {length} days in a row from day {start}",
                 start)
        if not worked and inner and length < c.min_consecutive_days_off:
            fail(g.MIN_DAYS_OFF, f"{who} is off only {length} days from day {start}", start)

    if c.max_weekends is not None:
        worked_weekends = {
            (problem.start_weekday + d) // 7 for d in range(n)
            if flags[d] and (problem.start_weekday + d) % 7 >= 5
        }
        if len(worked_weekends) > c.max_weekends:
            fail(g.MAX_WEEKENDS, f"{who} works {len(worked_weekends)} weekends, at most "
                                 f"{c.max_weekends}")

    for d in range(n - 1):
        first, second = row[d], row[d + 1]
        if first is None or second is None:
            continue
        banned = second.id in first.forbidden_next
        if (problem.rest_minutes is not None and first.start is not None
                and second.start is not None):
            rest = MINUTES_PER_DAY + second.start - first.start - first.length
            banned = banned or rest < problem.rest_minutes
        if banned:
            fail(g.SUCCESSION, f"{who}: {second.id} on day {d + 1} may not follow {first.id}", d)


def _heads(problem: Problem, cover: Cover, grid, people) -> int:
    lo = cover.day * MINUTES_PER_DAY
    count = 0
    for (pid, day), shift in grid.items():
        if cover.shift is not None:
            if day != cover.day or shift.id != cover.shift:
                continue
        else:
            if shift.start is None:
                continue
            begin = day * MINUTES_PER_DAY + shift.start
            if not (begin <= lo + cover.slot[0] and begin + shift.length >= lo + cover.slot[1]):
                continue
        if cover.place is not None and shift.place != cover.place:
            continue
        person = people[pid]
        if cover.language is not None and cover.language not in person.languages:
            continue
        if cover.skill is not None:
            role = shift.task if shift.task is not None else None
            if role is not None and role != cover.skill:
                continue
            if role is None and cover.skill not in person.skills:
                continue
        count += 1
    return count


def _score_covers(problem, grid, people, hard, score: _Score) -> None:
    for index, cover in enumerate(problem.covers):
        heads = _heads(problem, cover, grid, people)
        if heads < cover.minimum:
            hard.append(Violation(g.COVER_MINIMUM, f"cover {index}: {heads} < minimum "
                                  f"{cover.minimum}", None, cover.day,
                                  RuleGroup(g.COVER_MINIMUM, cover=index)))
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
                    and _lawful(problem, shift)):
                out.append(person)
                break
    return out


def _score_fairness(problem: Problem, grid, shifts, score: _Score) -> None:
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
