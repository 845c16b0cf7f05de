"""A plan as the rule checks read it: the assignments and who works what on which day."""

from __future__ import annotations

from dataclasses import dataclass, field

from .heads import is_head
from .model import MINUTES_PER_DAY, Assignment, Person, Problem, ShiftType


@dataclass(frozen=True)
class Worked:
    """``grid`` holds the first known assignment of each person and day; assignments that
    name an unknown person, shift type or day are only in ``assignments`` (the structural
    checks flag them)."""

    problem: Problem
    assignments: tuple[Assignment, ...]
    grid: dict[tuple[str, int], ShiftType] = field(default_factory=dict)

    @classmethod
    def of(cls, problem: Problem, plan) -> "Worked":
        shifts = {s.id: s for s in problem.shift_types}
        people = {p.id for p in problem.people}
        grid: dict[tuple[str, int], ShiftType] = {}
        for a in plan:
            if a.person in people and a.shift in shifts and 0 <= a.day < problem.days:
                grid.setdefault((a.person, a.day), shifts[a.shift])
        return cls(problem, tuple(plan), grid)

    def row(self, person: Person) -> list[ShiftType | None]:
        """The shift type worked on each day of the horizon (None: off)."""
        return [self.grid.get((person.id, d)) for d in range(self.problem.days)]

    def heads(self, index: int) -> int:
        """Heads of the problem's cover at ``index`` (heads.is_head over the days whose
        shifts can reach the cover's day; counted once per plan)."""
        cache = self.__dict__.setdefault("_heads", {})
        if index not in cache:
            cover = self.problem.covers[index]
            by_day, reach = self._by_day()
            cache[index] = sum(1 for d in range(max(0, cover.day - reach), cover.day + 1)
                               for person, shift in by_day.get(d, ()) if is_head(cover, person, d, shift))
        return cache[index]

    def _by_day(self) -> tuple[dict[int, list[tuple[Person, ShiftType]]], int]:
        cached = self.__dict__.get("_days")
        if cached is None:
            by_day: dict[int, list[tuple[Person, ShiftType]]] = {}
            for (pid, day), shift in self.grid.items():
                by_day.setdefault(day, []).append((self.problem.person(pid), shift))
            # How many days after its own a shift can still be at work (past midnight).
            reach = max(((s.start or 0) + s.length) // MINUTES_PER_DAY for s in self.problem.shift_types)
            cached = self.__dict__["_days"] = (by_day, reach)
        return cached


def runs(flags: list[bool]) -> list[tuple[int, int, bool]]:
    """(start, length, value) of each maximal run of equal flags."""
    out, start = [], 0
    for i in range(1, len(flags) + 1):
        if i == len(flags) or flags[i] != flags[start]:
            out.append((start, i - start, flags[start]))
            start = i
    return out
