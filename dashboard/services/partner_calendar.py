"""An organisation's published shifts for its calendar: the download and the subscription feed.

Returns the shifts as data; dashboard/web/api/shift_calendar.py writes the iCalendar file
and words it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from dashboard.services.unit_of_work import UnitOfWork
from data_access.repositories.assignments import ShiftRow

DAYS_BACK = 28
DAYS_AHEAD = 56


@dataclass(frozen=True)
class CalendarShifts:
    organisation_id: int
    organisation: str
    shifts: list[ShiftRow]


def organisation_shifts(organisation_id: int, today: dt.date, *, uow: UnitOfWork | None = None) -> CalendarShifts | None:
    """One organisation's shifts around today; None if there is no such organisation."""
    with uow or UnitOfWork() as work:
        return _shifts(work, organisation_id, today)


def feed_shifts(token: str, today: dt.date, *, uow: UnitOfWork | None = None) -> CalendarShifts | None:
    """The shifts of the organisation a calendar token belongs to; None for an unknown or revoked token."""
    with uow or UnitOfWork() as work:
        organisation_id = work.tokens.organisation_for_calendar(token)
        return None if organisation_id is None else _shifts(work, organisation_id, today)


def _shifts(work, organisation_id: int, today: dt.date) -> CalendarShifts | None:
    name = work.assignments.organisation_name(organisation_id)
    if name is None:
        return None
    rows = work.assignments.published_shifts(today - dt.timedelta(days=DAYS_BACK),
                                             today + dt.timedelta(days=DAYS_AHEAD), organisation_id)
    return CalendarShifts(organisation_id, name, rows)
