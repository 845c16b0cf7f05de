"""A team member's own view (issue 20, point 1): their published shifts, their calendar,
their leave requests; and the coordination team's decision on leave.

Every function a team member triggers takes their staff id as an argument: the page passes
`current_user().staff_id` from the server-side session, never a browser value, so nobody
reads or changes another person's shifts or requests.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from dashboard.services.unit_of_work import UnitOfWork
from data_access.repositories.after_publishing import PublishedShift
from data_access.repositories.assignments import ShiftRow

WEEKS_AHEAD = 3  # this week and the next three
NOTE_MAX = 200
CALENDAR_DAYS_BACK = 28
CALENDAR_DAYS_AHEAD = 56


@dataclass(frozen=True)
class Problem:
    code: str
    field: str


@dataclass(frozen=True)
class LeaveView:
    id: int
    person: str
    starts_on: dt.date
    ends_on: dt.date
    note: str
    status: str
    decided_by: str | None
    decided_at: dt.datetime | None


def horizon(today: dt.date) -> tuple[dt.date, dt.date]:
    monday = today - dt.timedelta(days=today.weekday())
    return monday, monday + dt.timedelta(weeks=WEEKS_AHEAD + 1, days=-1)


def my_shifts(staff_id: int, today: dt.date, *, uow: UnitOfWork | None = None) -> list[PublishedShift]:
    """The person's shifts in the newest published versions, this week and the next ones."""
    with uow or UnitOfWork() as work:
        return work.after_publishing.published(*horizon(today), staff_id)


def my_name(staff_id: int, *, uow: UnitOfWork | None = None) -> str:
    with uow or UnitOfWork() as work:
        staff = work.after_publishing.staff(staff_id)
        return staff.display_name if staff else ""


def calendar_rows(staff_id: int, today: dt.date, *, uow: UnitOfWork | None = None) -> tuple[str, list[ShiftRow]]:
    """(name, shifts) of one person around today, in the form the iCalendar writer takes."""
    with uow or UnitOfWork() as work:
        repo = work.after_publishing
        staff = repo.staff(staff_id)
        if staff is None:
            return "", []
        rows = repo.published(today - dt.timedelta(days=CALENDAR_DAYS_BACK), today + dt.timedelta(days=CALENDAR_DAYS_AHEAD),
                              staff_id)
        out = [
            ShiftRow(r.id, r.day, r.starts_at, r.ends_at, r.place, r.place_name, r.task, r.organisation_id or 0, "",
                     r.staff_id, r.person, "confirmed" if r.confirmation == "declined" else r.confirmation,
                     None, None, None)
            for r in rows
        ]
        return staff.display_name, out


def _day(value) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


def request_leave(staff_id: int, start, end, note, *, by: str, today: dt.date,
                  uow: UnitOfWork | None = None) -> Problem | None:
    """A leave request of the person in the session; None when saved."""
    first, last = _day(start), _day(end)
    if first is None:
        return Problem("missing" if not start else "invalid", "from")
    if last is None:
        return Problem("missing" if not end else "invalid", "to")
    if last < first:
        return Problem("order", "to")
    if first < today:
        return Problem("past", "from")
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        return Problem("too_long", "note")
    with uow or UnitOfWork() as work:
        row = work.after_publishing.add_leave_request(staff_id, first, last, note or None, by)
        work.audit.record(by, "leave_requested", "leave_request", row.id, staff_id=staff_id, starts_on=first,
                          ends_on=last)
        work.commit()
    return None


def my_leave(staff_id: int, *, uow: UnitOfWork | None = None) -> list[LeaveView]:
    return leave_requests(staff_id=staff_id, uow=uow)


def leave_requests(*, staff_id: int | None = None, status: str | None = None,
                   uow: UnitOfWork | None = None) -> list[LeaveView]:
    """Leave requests (one person's, or everyone's for the coordination team)."""
    with uow or UnitOfWork() as work:
        names = work.after_publishing.staff_names()
        return [LeaveView(r.id, names.get(r.staff_id, ""), r.starts_on, r.ends_on, r.note or "", r.status, r.decided_by,
                          r.decided_at)
                for r in work.after_publishing.leave_requests(staff_id, status)]


def decide_leave(request_id, approve: bool, *, by: str, uow: UnitOfWork | None = None) -> Problem | None:
    """The coordination team approves (the leave becomes an absence) or refuses a request."""
    try:
        ident = int(request_id)
    except (TypeError, ValueError):
        return Problem("missing", "request")
    with uow or UnitOfWork() as work:
        row = work.after_publishing.decide_leave(ident, approve, by)
        if row is None:
            return Problem("not_pending", "request")
        work.audit.record(by, "leave_approved" if approve else "leave_refused", "leave_request", row.id,
                          staff_id=row.staff_id, absence=row.absence_id)
        work.commit()
    return None
