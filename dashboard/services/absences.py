"""Absences and wishes of the team: list them for a week, add them, delete them.

The Planner and the Staff page share these use cases (dashboard/components/absences.py
lays out the form and words the outcome). Each write is one transaction with its audit
line; input the browser sent is checked here, and a refusal is a `Problem` (a code and
the field it concerns) that writes nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from dashboard.services.unit_of_work import UnitOfWork
from planner import clock

# The form offers only plausible days (the service refuses others anyway).
FIRST_DAY = dt.date(clock.YEARS[0], 1, 1).isoformat()
LAST_DAY = dt.date(clock.YEARS[-1], 12, 31).isoformat()

ABSENCE_KINDS = ("vacation", "sick", "training", "other")
WISH_KINDS = ("undesired", "desired", "unavailable")
WISH_WEIGHTS = (1, 10)  # the smallest and largest weight a wish may carry
DEFAULT_WISH_WEIGHT = 3


@dataclass(frozen=True)
class Problem:
    """Why nothing was saved: `code` is "missing" or "order"; `field` the input to fix."""

    code: str
    field: str


@dataclass(frozen=True)
class AbsenceRow:
    id: int
    person: str
    starts_on: dt.date
    ends_on: dt.date
    kind: str


@dataclass(frozen=True)
class WishRow:
    id: int
    person: str
    day: dt.date
    kind: str
    weight: int


@dataclass(frozen=True)
class Person:
    id: str
    name: str


@dataclass(frozen=True)
class WeekAbsences:
    absences: list[AbsenceRow]
    wishes: list[WishRow]


def week_bounds(week: str) -> tuple[dt.date, dt.date]:
    """Monday and Sunday of an ISO week written "2026-W51"."""
    year, number = week.split("-W")
    monday = dt.date.fromisocalendar(int(year), int(number), 1)
    return monday, monday + dt.timedelta(days=6)


def parse_day(value) -> dt.date | None:
    """A day the browser sent as "YYYY-MM-DD"; None when empty or not a date."""
    try:
        return dt.date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


def team_of_week(week: str, *, uow: UnitOfWork | None = None) -> list[Person]:
    """Who can be absent or wish in the week: the members active in it."""
    monday, sunday = week_bounds(week)
    with uow or UnitOfWork() as work:
        return [Person(str(m.id), m.name) for m in work.planning.members(monday, sunday)]


def list_week(week: str, *, uow: UnitOfWork | None = None) -> WeekAbsences:
    """The absences and wishes that touch the week."""
    monday, sunday = week_bounds(week)
    with uow or UnitOfWork() as work:
        return WeekAbsences([AbsenceRow(*row) for row in work.planning.absence_rows(monday, sunday)],
                            [WishRow(*row) for row in work.planning.wish_rows(monday, sunday)])


def _person_id(person) -> int | None:
    try:
        return int(person) if person not in (None, "") else None
    except (TypeError, ValueError):
        return None


def add_absence(person, start, end, kind, *, by: str, uow: UnitOfWork | None = None) -> Problem | None:
    """Record an absence from `start` to `end` (both included); None when saved.

    `person`, `start` and `end` come as the form sent them (ids and ISO days as text); an
    unknown kind is saved as "other".
    """
    staff_id, starts_on, ends_on = _person_id(person), parse_day(start), parse_day(end)
    if staff_id is None:
        return Problem("missing", "person")
    if starts_on is None:
        return Problem("missing", "from")
    if ends_on is None:
        return Problem("missing", "to")
    for day, field in ((starts_on, "from"), (ends_on, "to")):
        if not clock.plausible(day):
            return Problem("out_of_range", field)
    if ends_on < starts_on:
        return Problem("order", "to")
    with uow or UnitOfWork() as work:
        absence = work.planning.add_absence(staff_id, starts_on, ends_on, kind if kind in ABSENCE_KINDS else "other")
        work.audit.record(by, "add_absence", "absence", absence.id, staff_id=staff_id, starts_on=starts_on,
                          ends_on=ends_on)
        work.commit()
    return None


def add_wish(person, day, kind, weight, *, by: str, uow: UnitOfWork | None = None) -> Problem | None:
    """Record a wish for one day; None when saved. The weight is held within WISH_WEIGHTS."""
    staff_id, on = _person_id(person), parse_day(day)
    if staff_id is None:
        return Problem("missing", "person")
    if on is None:
        return Problem("missing", "day")
    if not clock.plausible(on):
        return Problem("out_of_range", "day")
    try:
        weight = int(weight or DEFAULT_WISH_WEIGHT)
    except (TypeError, ValueError):
        weight = DEFAULT_WISH_WEIGHT
    weight = min(max(weight, WISH_WEIGHTS[0]), WISH_WEIGHTS[1])
    with uow or UnitOfWork() as work:
        wish = work.planning.add_wish(staff_id, on, kind if kind in WISH_KINDS else "undesired", weight)
        work.audit.record(by, "add_wish", "staff_preference", wish.id, staff_id=staff_id, day=on, kind=kind)
        work.commit()
    return None


def delete(kind: str, ident: int, *, by: str, uow: UnitOfWork | None = None) -> None:
    """Delete an absence (`kind` "absence") or a wish (`kind` "wish")."""
    if kind not in ("absence", "wish"):
        raise ValueError(f"unknown kind {kind!r}")
    with uow or UnitOfWork() as work:
        (work.planning.delete_absence if kind == "absence" else work.planning.delete_wish)(int(ident))
        work.audit.record(by, f"delete_{kind}", kind, int(ident))
        work.commit()
