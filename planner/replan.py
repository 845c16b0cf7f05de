"""Re-planning the rest of a published week after an absence nobody can cover (issue 20, point 2).

Pure functions on the centre's types: what a plan leaves uncovered on given days
(`cover_gaps`), the re-plan itself (`replan`: the week solved again from the published plan,
the days before `keep_until` pinned as they were), and the person-day changes between two
plans (`changes`).

How few changes: the issue's aim is to keep at least 95 % of the other assignments and stay
within 1 % of the best plan. `bench/centre_week.py --replan-tuning` compared, over generated
absences (six people of three roles, from Tuesday, Wednesday or Thursday to Friday; never one
case alone), a fixed price per changed person-day (4, 8, 12, 20, 32) with a tolerance: first
the best plan of the remaining days, then the plan with the fewest changes whose other terms
stay within `REPLAN_TOLERANCE` of it. In four runs no fixed price met both aims on every
case: prices 4 to 12 left some case 1.4 to 5.3 % worse than the fresh plan, 20 and more 5.5
to 10.5 % worse while keeping a few more assignments. The tolerance kept every case within
1 % (at most 0.82 %) and met both aims on 4 of 6 (a fixed 8: 1 to 4 of 6, varying by run),
keeping as much as the 1 % allows for each absence (docs/benchmarks.md, "Re-plan after a
long absence"). The fixed price remains the fallback when the first solve finds nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from planner.centre import LockedShift, PlannedShift, WeekInput, build_week_problem, solve_centre_week
from planner.roster.worked import Worked

# What one changed person-day costs in the fallback re-plan (the Planner's own re-solve uses Weights.change).
REPLAN_CHANGE_WEIGHT = 8
# A re-plan stays within this share of the best plan of the same days (issue 20's aim: 1 %).
REPLAN_TOLERANCE = 0.01
# The share of a re-plan's time that goes to finding that best plan first.
FRESH_SHARE = 0.4


@dataclass(frozen=True)
class Gap:
    """Staff missing for a task at a place on a day from `start` to `end` (minutes)."""

    day: dt.date
    place: str
    task: str
    start: int
    end: int
    missing: int


@dataclass(frozen=True)
class Change:
    """One person-day that a re-plan changes: the shift before and after (None: off)."""

    person: str
    day: dt.date
    before: PlannedShift | None
    after: PlannedShift | None


def cover_gaps(week: WeekInput, shifts, days: set[dt.date] | None = None) -> tuple[Gap, ...]:
    """The half hours a plan (PlannedShifts) leaves short of the required staff per task
    (languages aside), on `days` (all days of the week when None), joined into runs."""
    problem = build_week_problem(week)
    assignments = tuple(_engine(week, shifts))
    worked = Worked.of(problem, assignments)
    short: dict[tuple, list[tuple[int, int]]] = {}
    for i, cover in enumerate(problem.covers):
        if cover.language is not None or cover.skill is None or cover.slot is None:
            continue
        day = week.dates[cover.day]
        if days is not None and day not in days:
            continue
        missing = cover.required - worked.heads(i)
        if missing > 0:
            short.setdefault((day, cover.place, cover.skill, missing), []).append(cover.slot)
    out = []
    for (day, place, task, missing), slots in short.items():
        slots.sort()
        start, end = slots[0]
        for a, b in slots[1:]:
            if a == end:
                end = b
                continue
            out.append(Gap(day, place, task, start, end, missing))
            start, end = a, b
        out.append(Gap(day, place, task, start, end, missing))
    return tuple(sorted(out, key=lambda g: (g.day, g.start, g.place, g.task)))


def _engine(week: WeekInput, shifts):
    from planner.roster import Assignment

    index = {d: i for i, d in enumerate(week.dates)}
    for s in shifts:
        if s.day in index:
            yield Assignment(s.person, index[s.day], s.shift_id, s.place)


def pins_before(week: WeekInput, previous, keep_until: dt.date) -> tuple[LockedShift, ...]:
    """Every person's day before `keep_until` as the previous plan had it (a shift or off)."""
    planned = {(s.person, s.day): s.shift_id for s in previous}
    return tuple(LockedShift(m.id, d, planned.get((m.id, d)))
                 for d in week.dates if d < keep_until for m in week.members)


def replan(week: WeekInput, previous, keep_until: dt.date | None, options,
           change_weight: int = REPLAN_CHANGE_WEIGHT, tolerance: float | None = REPLAN_TOLERANCE):
    """Solve the week again close to `previous` (PlannedShifts), the days before `keep_until`
    pinned as they were (besides the pins `week.locked` has already). Returns what
    planner.centre.solve_centre_week returns: (result, the week solved, relaxed rules).

    With a `tolerance`, the best plan of the remaining days is solved first (`fresh`, a share
    `FRESH_SHARE` of the time), and the re-plan then keeps as many assignments as it can while
    the rest of its objective stays within `tolerance` of that plan's (the fewest changes
    first, then the better plan). Without one, or when that finds nothing, each changed
    person-day costs `change_weight` against the rest of the objective.
    """
    pinned = {(lock.person, lock.day) for lock in week.locked}
    extra = tuple(p for p in (pins_before(week, previous, keep_until) if keep_until else ())
                  if (p.person, p.day) not in pinned)
    again = replace(week, previous=tuple(previous), locked=week.locked + extra,
                    weights=replace(week.weights, change=change_weight))
    warm = build_week_problem(again).previous_plan
    if tolerance is not None:
        from planner.roster import solve

        share = replace(options, time_limit_s=options.time_limit_s * FRESH_SHARE)
        best, best_week, relaxed = fresh(week, previous, keep_until, share)
        if best.feasible and not relaxed and best.objective is not None and best.objective >= 0:
            cap = int(best.objective * (1 + tolerance))
            # One change costs more than any plan within the cap differs: fewest changes first.
            strict = replace(again, weights=replace(week.weights, change=cap + 1))
            problem = replace(build_week_problem(strict), objective_cap=cap)
            rest = replace(options, time_limit_s=options.time_limit_s * (1 - FRESH_SHARE),
                           warm_start=_start(again, best, cap))
            result = solve(problem, rest)
            if result.assignments:
                return result, strict, ()
    return solve_centre_week(again, replace(options, warm_start=warm))


def _start(again: WeekInput, best, cap: int):
    """Where the capped search starts: the previous plan without the absent people's days when
    it holds every hard rule within the cap (then few changes are found at once, even when the
    machine is busy), else the best plan found."""
    from planner.roster import check

    problem = build_week_problem(again)
    kept = tuple(a for a in problem.previous_plan or ()
                 if a.day not in problem.person(a.person).absences)
    report = check(replace(problem, previous_plan=None, change_weight=0), kept)
    return kept if report.ok and report.objective <= cap else best.assignments


def fresh(week: WeekInput, previous, keep_until: dt.date | None, options):
    """The best plan of the same remaining days without regard to the previous plan (the
    re-plan's yardstick): the days before `keep_until` pinned alike, no change penalty."""
    pinned = {(lock.person, lock.day) for lock in week.locked}
    extra = tuple(p for p in (pins_before(week, previous, keep_until) if keep_until else ())
                  if (p.person, p.day) not in pinned)
    return solve_centre_week(replace(week, previous=None, locked=week.locked + extra), options)


def changes(before, after, days: set[dt.date] | None = None) -> tuple[Change, ...]:
    """The person-days whose shift differs between two plans (PlannedShifts), on `days`."""
    old = {(s.person, s.day): s for s in before}
    new = {(s.person, s.day): s for s in after}
    out = []
    for key in sorted(old.keys() | new.keys(), key=lambda k: (k[1], k[0])):
        if days is not None and key[1] not in days:
            continue
        a, b = old.get(key), new.get(key)
        if a is None or b is None or a.shift_id != b.shift_id:
            out.append(Change(key[0], key[1], a, b))
    return tuple(out)


def kept_share(before, after, excluded: set[str] = frozenset()) -> float:
    """Share of `before`'s assignments (people in `excluded` aside) that `after` keeps."""
    old = {(s.person, s.day): s.shift_id for s in before if s.person not in excluded}
    new = {(s.person, s.day): s.shift_id for s in after}
    return sum(new.get(k) == v for k, v in old.items()) / len(old) if old else 1.0
