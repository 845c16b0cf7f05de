"""Builders of tiny roster problems for the tests, and a solve that always checks."""

from __future__ import annotations

from planner.roster import (
    Contract,
    Cover,
    Person,
    Problem,
    ShiftType,
    SolveOptions,
    SolveResult,
    check,
    solve,
)

DAY = ShiftType("D", 480)


def person(pid: str = "A", **contract) -> Person:
    return Person(pid, contract=Contract(**contract))


def need(day: int, required: int = 1, under: int = 10, over: int = 0, shift: str = "D",
         **kw) -> Cover:
    return Cover(day=day, shift=shift, required=required, under_weight=under,
                 over_weight=over, **kw)


def problem(days: int, people, covers=(), shifts=(DAY,), **kw) -> Problem:
    kw.setdefault("rest_minutes", None)
    kw.setdefault("working_time_law", False)
    return Problem(days=days, shift_types=tuple(shifts), people=tuple(people),
                   covers=tuple(covers), **kw)


def solved(p: Problem, seconds: float = 10.0, **options) -> SolveResult:
    """Solve to optimality and insist the independent checker agrees."""
    result = solve(p, SolveOptions(time_limit_s=seconds, num_workers=2, **options))
    assert result.status == "OPTIMAL", result.status
    report = check(p, result.assignments, {r.group for r in result.relaxed})
    assert report.ok, report.hard_violations
    assert report.objective == result.objective
    assert result.verified
    return result


def worked(result: SolveResult, who: str = "A") -> list[int]:
    return sorted(a.day for a in result.assignments if a.person == who)
