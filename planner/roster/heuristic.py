"""A quick greedy plan used as the solver's starting hint.

Day by day, the most expensive unmet covers are filled with the people whose local rules
still allow the shift (absences, qualification, per-type and minute maxima, run lengths,
successors, weekends), preferring those with a wish for it and those furthest below their
minimum minutes. It ignores nothing it cannot check locally, but it does not guarantee
the minimum rules; CP-SAT repairs the rest. A hint only has to be close, not feasible.
"""

from __future__ import annotations

from .law import forbidden_successors, lawful_shift_ids
from .model import Assignment, Problem
from .rules.cover import counts_for, covering_days
from .variables import may_work


def starting_plan(problem: Problem) -> tuple[Assignment, ...]:
    lawful = lawful_shift_ids(problem)
    banned = forbidden_successors(problem)
    people = {p.id: p for p in problem.people}
    shifts = {s.id: s for s in problem.shift_types}
    grid: dict[tuple[str, int], str] = {}
    minutes = dict.fromkeys(people, 0)
    per_type = {pid: {} for pid in people}
    weekends = {pid: set() for pid in people}
    wishes = {}
    for r in problem.requests:
        key = (r.person, r.day, r.shift)
        wishes[key] = wishes.get(key, 0) + (r.weight if r.on else -r.weight)
    pinned = {(p.person, p.day): p.shift for p in problem.pins}

    def run_before(pid: str, day: int, working: bool) -> int:
        n, d = 0, day - 1
        while d >= 0 and ((pid, d) in grid) == working:
            n, d = n + 1, d - 1
        return n if d >= 0 else -n  # negative: the run touches the horizon start

    def allowed(pid: str, day: int, sid: str) -> bool:
        person, shift = people[pid], shifts[sid]
        if (pid, day) in grid or day in person.absences or pinned.get((pid, day), sid) != sid:
            return False
        if not may_work(problem, person, shift, lawful):
            return False
        c = person.contract
        if per_type[pid].get(sid, 0) >= c.max_shifts.get(sid, problem.days):
            return False
        if c.max_minutes is not None and minutes[pid] + shift.work_minutes > c.max_minutes:
            return False
        worked = run_before(pid, day, True)
        if c.max_consecutive_days is not None and abs(worked) + 1 > c.max_consecutive_days:
            return False
        prev = grid.get((pid, day - 1))
        if prev is not None and sid in banned[prev]:
            return False
        off = run_before(pid, day, False)
        if 0 < off < c.min_consecutive_days_off:
            return False
        if c.max_weekends is not None and problem.weekday(day) >= 5:
            week = problem.week(day)
            if week not in weekends[pid] and len(weekends[pid]) >= c.max_weekends:
                return False
        return True

    def assign(pid: str, day: int, sid: str) -> None:
        grid[pid, day] = sid
        minutes[pid] += shifts[sid].work_minutes
        per_type[pid][sid] = per_type[pid].get(sid, 0) + 1
        if problem.weekday(day) >= 5:
            weekends[pid].add(problem.week(day))

    def rank(pid: str, day: int, sid: str) -> tuple:
        c = people[pid].contract
        wish = wishes.get((pid, day, sid), 0) + wishes.get((pid, day, None), 0)
        short_run = 0 < run_before(pid, day, True) < c.min_consecutive_days
        target = max(c.min_minutes, 1)
        return (-wish, not short_run, minutes[pid] / target)

    for day in range(problem.days):
        for (pid, d), sid in pinned.items():
            if d == day and sid is not None and allowed(pid, day, sid):
                assign(pid, day, sid)
        todo = sorted(
            (c for c in problem.covers if c.day == day and c.required > 0),
            key=lambda c: -c.under_weight,
        )
        for cover in todo:
            options = [s.id for s in problem.shift_types
                       if day in covering_days(problem, cover, s)]
            have = sum(
                1 for (pid, d), sid in grid.items()
                if d == day and sid in options and counts_for(cover, people[pid], shifts[sid])
            )
            for _ in range(cover.required - have):
                best = None
                for sid in options:
                    for pid in people:
                        if counts_for(cover, people[pid], shifts[sid]) and allowed(pid, day, sid):
                            key = rank(pid, day, sid)
                            if best is None or key < best[0]:
                                best = (key, pid, sid)
                if best is None:
                    break
                assign(best[1], day, best[2])
    return tuple(sorted(Assignment(pid, d, sid, shifts[sid].place) for (pid, d), sid in grid.items()))
