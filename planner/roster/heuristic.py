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


def _offered(problem: Problem, shift, day: int) -> bool:
    return shift.weekdays is None or problem.weekday(day) in shift.weekdays


def starting_plan(problem: Problem) -> tuple[Assignment, ...]:
    lawful = lawful_shift_ids(problem)
    banned = forbidden_successors(problem)
    people = {p.id: p for p in problem.people}
    shifts = {s.id: s for s in problem.shift_types}
    grid: dict[tuple[str, int], str] = {}
    # The same assignments by day: counting a day's cover walked the whole grid before.
    on_day: dict[int, dict[str, str]] = {}
    able = {(pid, sid): may_work(problem, person, shift, lawful)
            for pid, person in people.items() for sid, shift in shifts.items()}
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

    # The checks that depend on the person and the day only (runs and weekends so far),
    # kept for the day being filled: the day's own assignments do not change them (a
    # person assigned today is out by the grid). Recomputing them for every shift and
    # unit of cover took most of the greedy plan's time on a year of 240 people (12 s).
    today: dict[str, tuple[bool, int]] = {}

    def day_allows(pid: str, day: int) -> tuple[bool, int]:
        """Whether ``pid`` may work at all on ``day`` given the days before, and the run
        of work before it (run_before's sign)."""
        cached = today.get(pid)
        if cached is not None:
            return cached
        person = people[pid]
        c = person.contract
        worked = run_before(pid, day, True)
        ok = day not in person.absences
        if ok and c.max_consecutive_days is not None and abs(worked) + 1 > c.max_consecutive_days:
            ok = False
        if ok:
            off = run_before(pid, day, False)
            ok = not 0 < off < c.min_consecutive_days_off
        if ok and c.max_weekends is not None and problem.weekday(day) >= 5:
            week = problem.week(day)
            ok = week in weekends[pid] or len(weekends[pid]) < c.max_weekends
        today[pid] = (ok, worked)
        return ok, worked

    def allowed(pid: str, day: int, sid: str) -> bool:
        if (pid, day) in grid or not day_allows(pid, day)[0]:
            return False
        if pinned.get((pid, day), sid) != sid or not able[pid, sid]:
            return False
        shift = shifts[sid]
        if not _offered(problem, shift, day):
            return False
        c = people[pid].contract
        if per_type[pid].get(sid, 0) >= c.max_shifts.get(sid, problem.days):
            return False
        if c.max_minutes is not None and minutes[pid] + shift.work_minutes > c.max_minutes:
            return False
        prev = grid.get((pid, day - 1))
        return prev is None or sid not in banned[prev]

    def assign(pid: str, day: int, sid: str) -> None:
        grid[pid, day] = sid
        on_day.setdefault(day, {})[pid] = sid
        minutes[pid] += shifts[sid].work_minutes
        per_type[pid][sid] = per_type[pid].get(sid, 0) + 1
        if problem.weekday(day) >= 5:
            weekends[pid].add(problem.week(day))

    def rank(pid: str, day: int, sid: str) -> tuple:
        c = people[pid].contract
        wish = wishes.get((pid, day, sid), 0) + wishes.get((pid, day, None), 0)
        short_run = 0 < day_allows(pid, day)[1] < c.min_consecutive_days
        target = max(c.min_minutes, 1)
        return (-wish, not short_run, minutes[pid] / target)

    covers_on: dict[int, list] = {}
    for c in problem.covers:
        if c.required > 0:
            covers_on.setdefault(c.day, []).append(c)
    for day in range(problem.days):
        today.clear()
        for (pid, d), sid in pinned.items():
            if d == day and sid is not None and allowed(pid, day, sid):
                assign(pid, day, sid)
        todo = sorted(covers_on.get(day, ()), key=lambda c: -c.under_weight)
        for cover in todo:
            options = [s.id for s in problem.shift_types
                       if day in covering_days(problem, cover, s)]
            have = sum(
                1 for pid, sid in on_day.get(day, {}).items()
                if sid in options and counts_for(cover, people[pid], shifts[sid])
            )
            if cover.required <= have:
                continue
            # Assigning one person changes no one else's rules or rank: the candidates
            # are found once per cover, not once per unit of it (the first of the least
            # rank, as before).
            candidates = [(rank(pid, day, sid), pid, sid) for sid in options for pid in people
                          if counts_for(cover, people[pid], shifts[sid])
                          and allowed(pid, day, sid)]
            for _ in range(cover.required - have):
                best = None
                for candidate in candidates:
                    if (best is None or candidate[0] < best[0]) and (candidate[1], day) not in grid:
                        best = candidate
                if best is None:
                    break
                assign(best[1], day, best[2])
    _repair(problem, grid, people, shifts, banned, able, minutes, per_type, weekends, pinned)
    return tuple(sorted(Assignment(pid, d, sid, shifts[sid].place) for (pid, d), sid in grid.items()))


def _repair(problem, grid, people, shifts, banned, able, minutes, per_type, weekends, pinned):
    """Second pass for the minimum rules the day-by-day pass cannot see coming: extend
    short runs of work and add shifts for people below their minimum minutes, always next
    to an existing run and only where every rule of the whole row still holds."""
    n = problem.days
    need: dict[tuple[int, str], int] = {}
    for c in problem.covers:
        if c.shift is not None:
            need[c.day, c.shift] = need.get((c.day, c.shift), 0) + c.required
    for (pid, d), sid in grid.items():
        need[d, sid] = need.get((d, sid), 0) - 1

    def run_len(pid, day, step, working):
        k, d = 0, day + step
        while 0 <= d < n and ((pid, d) in grid) == working:
            k, d = k + 1, d + step
        return k, (0 <= d < n)  # length, whether the run is closed on that side

    def can_work(pid, day, sid):
        person, shift = people[pid], shifts[sid]
        c = person.contract
        if (pid, day) in grid or day in person.absences or (pid, day) in pinned:
            return False
        if not able[pid, sid] or not _offered(problem, shift, day):
            return False
        if per_type[pid].get(sid, 0) >= c.max_shifts.get(sid, n):
            return False
        if c.max_minutes is not None and minutes[pid] + shift.work_minutes > c.max_minutes:
            return False
        before, after = grid.get((pid, day - 1)), grid.get((pid, day + 1))
        if (before is not None and sid in banned[before]) or (after is not None and after in banned[sid]):
            return False
        left, _ = run_len(pid, day, -1, True)
        right, _ = run_len(pid, day, 1, True)
        if c.max_consecutive_days is not None and left + 1 + right > c.max_consecutive_days:
            return False
        for step in (-1, 1):
            if grid.get((pid, day + step)) is None and 0 <= day + step < n:
                off, closed = run_len(pid, day, step, False)
                if closed and off < c.min_consecutive_days_off:
                    return False
        if c.max_weekends is not None and problem.weekday(day) >= 5:
            week = problem.week(day)
            if week not in weekends[pid] and len(weekends[pid]) >= c.max_weekends:
                return False
        return True

    def best_shift(pid, day):
        options = [s for s in shifts if can_work(pid, day, s)]
        return max(options, key=lambda s: need.get((day, s), 0), default=None)

    def remove(pid, day):
        sid = grid.pop((pid, day))
        minutes[pid] -= shifts[sid].work_minutes
        per_type[pid][sid] -= 1
        need[day, sid] = need.get((day, sid), 0) + 1
        if problem.weekday(day) >= 5 and not any(
                (pid, x) in grid for x in range(n)
                if problem.week(x) == problem.week(day) and problem.weekday(x) >= 5):
            weekends[pid].discard(problem.week(day))

    def add(pid, day, sid):
        grid[pid, day] = sid
        minutes[pid] += shifts[sid].work_minutes
        per_type[pid][sid] = per_type[pid].get(sid, 0) + 1
        need[day, sid] = need.get((day, sid), 0) - 1
        if problem.weekday(day) >= 5:
            weekends[pid].add(problem.week(day))

    def _new_run(pid, length) -> bool:
        """Open a run of ``length`` days where the shortage is largest."""
        best = None
        for start in range(0, n - length + 1):
            placed = []
            for day in range(start, start + length):
                sid = best_shift(pid, day)
                if sid is None:
                    break
                add(pid, day, sid)
                placed.append((day, sid))
            gain = sum(need.get((day, sid), 0) + 1 for day, sid in placed)
            ok = len(placed) == length
            for day, _ in placed:
                remove(pid, day)
            if ok and (best is None or gain > best[0]):
                best = (gain, placed)
        if best is None:
            return False
        for day, sid in best[1]:
            add(pid, day, sid)
        return True

    for pid, person in people.items():
        c = person.contract
        # Extend inner runs that are too short, at the end with the larger shortage.
        for _ in range(n):
            short = None
            d = 0
            while d < n:
                if (pid, d) in grid:
                    e = d
                    while e + 1 < n and (pid, e + 1) in grid:
                        e += 1
                    if d > 0 and e < n - 1 and e - d + 1 < c.min_consecutive_days:
                        short = (d, e)
                        break
                    d = e + 1
                else:
                    d += 1
            if short is None:
                break
            d, e = short
            grown = False
            for day in sorted((d - 1, e + 1), key=lambda x: -max(
                    (need.get((x, s), 0) for s in shifts), default=0)):
                sid = best_shift(pid, day) if 0 <= day < n else None
                if sid is not None:
                    add(pid, day, sid)
                    grown = True
                    break
            if not grown:
                # A run that cannot grow goes: the minutes pass below puts the work elsewhere.
                for day in range(d, e + 1):
                    if (pid, day) in pinned:
                        return
                    remove(pid, day)
        # Below the minimum: grow runs where the shortage is largest.
        while minutes[pid] < c.min_minutes:
            candidates = []
            for day in range(n):
                if (pid, day) in grid:
                    continue
                touches = (pid, day - 1) in grid or (pid, day + 1) in grid
                if not touches and c.min_consecutive_days > 1:
                    continue
                sid = best_shift(pid, day)
                if sid is not None:
                    candidates.append((need.get((day, sid), 0), day, sid))
            if not candidates:
                if not _new_run(pid, c.min_consecutive_days):
                    break
                continue
            _, day, sid = max(candidates)
            add(pid, day, sid)
