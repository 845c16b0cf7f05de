"""Whether hours are scarce: the covers ask for more hours than the contracts' maxima allow.

Then every hour worked fills a cover that would stay short, and the plans with the fewest
short covers work every contract's hours to the full (instance 13 of the shared benchmark
asks 0.2 % more than its maxima; most ask less). The walk of best responses leans to rows
that work more hours there (responses.hours_lean) and the LNS draws the ``spare``
neighbourhood (neighbourhoods.py).
"""

from __future__ import annotations

from ..model import Problem


def hours_scarce(problem: Problem) -> bool:
    """False where some contract has no maximum or a cover is not of a shift type (the
    hours asked or allowed are not known)."""
    allowed = 0.0
    for person in problem.people:
        contract = person.contract
        if contract.max_minutes is not None:
            allowed += contract.max_minutes
        elif contract.max_minutes_per_week is not None:
            allowed += contract.max_minutes_per_week * problem.days / 7
        else:
            return False
    length = {shift.id: shift.work_minutes for shift in problem.shift_types}
    if any(cover.shift not in length for cover in problem.covers):
        return False
    return sum(cover.required * length[cover.shift] for cover in problem.covers) > allowed
