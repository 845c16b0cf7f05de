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


# --- availability and wishes for weeks not yet planned ---------------------------------------------
WISH_KINDS = ("unavailable", "undesired", "desired")


@dataclass(frozen=True)
class WishView:
    id: int
    day: dt.date
    kind: str


def add_own_wish(staff_id: int, day, kind, *, by: str, today: dt.date, uow: UnitOfWork | None = None) -> Problem | None:
    """A wish of the person in the session for one day of a week not planned yet (no
    published version): unavailable, rather not (undesired) or gladly (desired)."""
    on = _day(day)
    if on is None:
        return Problem("missing" if not day else "invalid", "day")
    if kind not in WISH_KINDS:
        return Problem("invalid", "kind")
    if on <= today:
        return Problem("past", "day")
    with uow or UnitOfWork() as work:
        if work.after_publishing.week_published(on):
            return Problem("planned", "day")
        wish = work.planning.add_wish(staff_id, on, kind)
        work.audit.record(by, "add_wish", "staff_preference", wish.id, staff_id=staff_id, day=on, kind=kind)
        work.commit()
    return None


def my_wishes(staff_id: int, today: dt.date, *, uow: UnitOfWork | None = None) -> list[WishView]:
    with uow or UnitOfWork() as work:
        return [WishView(w.id, w.day, w.kind) for w in work.after_publishing.wishes_of(staff_id, today)]


# --- hour accounts ----------------------------------------------------------------------------------
ACCOUNT_WEEKS = 8  # the weeks an hour account shows: this one and the ones before


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _accounts(work, staff_ids, today: dt.date):
    """Each person's weeks from their starting balance's day (1 January without one) to this
    week, with the running balance from the imported starting balance."""
    from planner.forecast.calendar import DEFAULT_HOLIDAY_REGION, public_holidays
    from planner.hours import account

    from data_access.repositories.after_publishing import minutes

    repo = work.after_publishing
    members = {i: repo.staff(i) for i in staff_ids}
    this_monday = _monday(today)
    starts = {i: _monday(m.balance_from or dt.date(today.year, 1, 1)) for i, m in members.items()}
    start = min(starts.values(), default=this_monday)
    end = this_monday + dt.timedelta(days=6)
    planned: dict[int, dict[dt.date, int]] = {}
    for r in repo.published(start, end):
        if r.staff_id in staff_ids:
            per = planned.setdefault(r.staff_id, {})
            monday = _monday(r.day)
            per[monday] = per.get(monday, 0) + minutes(r.ends_at) - minutes(r.starts_at) - r.break_minutes
    absent: dict[int, set[dt.date]] = {}
    for a in repo.absences_between(start, end):
        d = max(a.starts_on, start)
        while d <= min(a.ends_on, end):
            absent.setdefault(a.staff_id, set()).add(d)
            d += dt.timedelta(days=1)
    # The centre's state's public holidays (the forecast's region, planner/forecast/calendar.py).
    closed = frozenset(public_holidays(start, end, DEFAULT_HOLIDAY_REGION))
    out = {}
    for staff_id, member in members.items():
        first = min(starts[staff_id], this_monday)
        mondays = [first + dt.timedelta(weeks=k) for k in range((this_monday - first).days // 7 + 1)]
        out[staff_id] = account(member.weekly_contract_minutes, mondays, planned.get(staff_id, {}),
                                absent.get(staff_id, set()), member.balance_minutes or 0, closed)
    return out


def hour_balances(work, staff_ids, today: dt.date) -> dict[int, int]:
    """Each person's running hour balance up to today's week, in an open unit of work."""
    return {i: rows[-1].balance for i, rows in _accounts(work, set(staff_ids), today).items()}


def my_hour_account(staff_id: int, today: dt.date, *, weeks: int = ACCOUNT_WEEKS, uow: UnitOfWork | None = None):
    """The person's last `weeks` weeks (planned against contract, the running balance over
    the year from the starting balance), oldest first."""
    with uow or UnitOfWork() as work:
        return _accounts(work, {staff_id}, today)[staff_id][-weeks:]


@dataclass(frozen=True)
class TeamHours:
    name: str
    contract: int  # weekly minutes
    this_week: int  # planned this week
    balance: int  # running balance over the year, from the starting balance


def team_hours(today: dt.date, *, uow: UnitOfWork | None = None) -> list[TeamHours]:
    """Every active team member's hour balance, for the coordination team."""
    with uow or UnitOfWork() as work:
        members = {int(m.id): m for m in work.planning.members(today, today)}
        accounts = _accounts(work, set(members), today)
        return sorted((TeamHours(m.name, m.weekly_minutes, accounts[i][-1].planned, accounts[i][-1].balance)
                       for i, m in members.items()), key=lambda h: (h.balance, h.name))


# --- the person's calendar subscription ------------------------------------------------------------
def calendar_since(staff_id: int, *, uow: UnitOfWork | None = None) -> dt.datetime | None:
    with uow or UnitOfWork() as work:
        return work.after_publishing.calendar_since(staff_id)


def renew_calendar(staff_id: int, *, by: str, uow: UnitOfWork | None = None) -> str:
    """A new secret for the person's own feed (the old address stops working); returned once."""
    with uow or UnitOfWork() as work:
        token = work.after_publishing.renew_calendar(staff_id)
        work.audit.record(by, "own_calendar_token_created", "staff_member", staff_id)
        work.commit()
        return token


def revoke_calendar(staff_id: int, *, by: str, uow: UnitOfWork | None = None) -> int:
    with uow or UnitOfWork() as work:
        revoked = work.after_publishing.revoke_calendar(staff_id)
        work.audit.record(by, "own_calendar_token_revoked", "staff_member", staff_id, revoked=revoked)
        work.commit()
        return revoked


def feed_rows(token: str, today: dt.date) -> tuple[str, list[ShiftRow]] | None:
    """(name, shifts) of the person a subscription token belongs to; None for an unknown or revoked one."""
    with UnitOfWork() as work:
        staff_id = work.after_publishing.staff_for_calendar(token)
    return None if staff_id is None else calendar_rows(staff_id, today)
