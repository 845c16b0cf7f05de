"""German working-time law as facts about shift types (Arbeitszeitgesetz).

Used by the working-time rule (rules/working_time.py: the model never assigns an unlawful
shift type) and the rest rule (rules/succession.py: forbidden successors).
"""

from __future__ import annotations

from .findings import Finding
from .groups import WORKING_TIME
from .model import MINUTES_PER_DAY, Problem, ShiftType

MAX_WORK_MINUTES_PER_DAY = 10 * 60
# (more than this many work minutes, at least this many break minutes)
BREAK_RULES = ((9 * 60, 45), (6 * 60, 30))


def working_time_issues(shift: ShiftType) -> tuple[Finding, ...]:
    """How a shift type breaks the daily limits (as findings without person or day); empty
    if it is lawful. ``kind`` is "daily maximum" or "break"."""
    issues = []
    if shift.work_minutes > MAX_WORK_MINUTES_PER_DAY:
        issues.append(Finding(WORKING_TIME, values={
            "kind": "daily maximum", "shift": shift.id, "work": shift.work_minutes,
            "limit": MAX_WORK_MINUTES_PER_DAY}))
    for threshold, needed in BREAK_RULES:
        if shift.work_minutes > threshold:
            if shift.break_minutes < needed:
                issues.append(Finding(WORKING_TIME, values={
                    "kind": "break", "shift": shift.id, "work": shift.work_minutes,
                    "break": shift.break_minutes, "needed": needed, "threshold": threshold}))
            break
    return tuple(issues)


def lawful_shift_ids(problem: Problem) -> frozenset[str]:
    if not problem.working_time_law:
        return frozenset(s.id for s in problem.shift_types)
    return frozenset(s.id for s in problem.shift_types if not working_time_issues(s))


def rest_between(first: ShiftType, second: ShiftType) -> int | None:
    """Minutes of rest when ``second`` is worked the day after ``first``; None if unknown."""
    if first.start is None or second.start is None:
        return None
    return MINUTES_PER_DAY + second.start - (first.start + first.length)


def forbidden_successors(problem: Problem) -> dict[str, frozenset[str]]:
    """Shift types that may not follow each type on the next day.

    The union of the problem's explicit successors and, where start times are known, the
    pairs that leave less than ``problem.rest_minutes`` of rest.
    """
    out = {}
    for first in problem.shift_types:
        banned = set(first.forbidden_next)
        if problem.rest_minutes is not None:
            for second in problem.shift_types:
                rest = rest_between(first, second)
                if rest is not None and rest < problem.rest_minutes:
                    banned.add(second.id)
        out[first.id] = frozenset(banned)
    return out
