"""A cyclic rotation of N weeks: one pattern per person that repeats every N weeks.

Built from a typical week's demand under the same rules as a weekly plan, solved over N
consecutive weeks at once so that the fairness rules spread late shifts, Infopoint duty
and Friday afternoons evenly over the cycle. Rolled out, week k of the calendar takes
pattern k mod N; each week's own solve then starts from it and changes little.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from planner.centre import PlannedShift, WeekInput, build_week_problem, planned_shifts
from planner.roster import SolveOptions, SolveResult, solve


@dataclass(frozen=True)
class Rotation:
    weeks: int
    # Shifts of the cycle, dated in the cycle's own first weeks (see `for_week`).
    shifts: tuple[PlannedShift, ...]
    monday: dt.date
    result: SolveResult

    def pattern(self, index: int) -> list[PlannedShift]:
        """The shifts of week `index` of the cycle (0-based), dated in that cycle week."""
        start = self.monday + dt.timedelta(weeks=index % self.weeks)
        return [s for s in self.shifts if start <= s.day < start + dt.timedelta(days=7)]

    def for_week(self, monday: dt.date) -> list[PlannedShift]:
        """The rotation's shifts for the calendar week starting `monday`."""
        index = ((monday - self.monday).days // 7) % self.weeks
        shift = monday - (self.monday + dt.timedelta(weeks=index))
        return [replace(s, day=s.day + shift) for s in self.pattern(index)]


def typical_weeks(week: WeekInput, n_weeks: int) -> WeekInput:
    """The week's demand repeated N times, without its absences, wishes and locks."""
    required, languages = {}, {}
    for k in range(n_weeks):
        step = dt.timedelta(weeks=k)
        for (place, role, day, minute), need in week.required.items():
            required[(place, role, day + step, minute)] = need
        for (place, day, minute), langs in week.languages.items():
            languages[(place, day + step, minute)] = langs
    return replace(week, required=required, languages=languages, weeks=n_weeks, absences={}, wishes=(),
                   locked=(), previous=None, carried={}, closed_days=frozenset())


def build_rotation(week: WeekInput, n_weeks: int, options: SolveOptions) -> Rotation:
    if not 1 <= n_weeks <= 8:
        raise ValueError("a rotation has 1 to 8 weeks")
    cycle = typical_weeks(week, n_weeks)
    result = solve(build_week_problem(cycle), options)
    return Rotation(n_weeks, tuple(planned_shifts(cycle, result.assignments)), week.monday, result)
