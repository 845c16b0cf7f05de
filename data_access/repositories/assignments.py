"""Published shifts of partner organisations: naming the person, confirming, declining.

Every method that a partner triggers takes the organisation as an argument and filters
by it in SQL: an assignment of another organisation is simply not found. The caller
passes the organisation from the server-side session, never from the browser.

The rule "a change to a published shift sets its confirmation back to pending" lives in
`change`, the one place where an assignment's time, place or task is changed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from data_access.errors import FieldError
from data_access.models import Assignment, Location, Organisation, Schedule, StaffMember
from planner import clock

# Changing any of these on a published shift needs the partner to confirm again.
CHANGES_NEEDING_CONFIRMATION = ("day", "location_id", "starts_at", "ends_at", "task", "organisation_id")
DECLINE_REASON_MAX = 300


@dataclass(frozen=True)
class ShiftRow:
    """One shift of an organisation as the portal shows it."""

    id: int
    day: dt.date
    starts_at: dt.time
    ends_at: dt.time
    location_code: str
    location_name: str
    task: str
    organisation_id: int
    organisation_name: str
    staff_id: int | None
    staff_name: str | None
    confirmation: str
    confirmed_by: str | None
    confirmed_at: dt.datetime | None
    decline_reason: str | None


class AssignmentError(FieldError):
    """A partner's answer to a shift that cannot be taken (unknown shift, not theirs, ...)."""


def _now() -> dt.datetime:
    return clock.now().replace(microsecond=0)


class AssignmentRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add_schedule(self, schedule: Schedule) -> Schedule:
        self.session.add(schedule)
        self.session.flush()
        return schedule

    # --- reading -----------------------------------------------------------------
    def published_shifts(
        self, start: dt.date, end: dt.date, organisation_id: int | None = None
    ) -> list[ShiftRow]:
        """Partner organisations' shifts of the latest published version of each week, start <= day <= end.

        organisation_id=None means every partner organisation (coordination's view). The
        city's own staff also carry an organisation but confirm nothing: they are left out.
        """
        latest = (
            select(Schedule.iso_year, Schedule.iso_week, func.max(Schedule.version).label("version"))
            .where(Schedule.status == "published")
            .group_by(Schedule.iso_year, Schedule.iso_week)
            .subquery()
        )
        stmt = (
            select(Assignment, Location, Organisation, StaffMember)
            .join(Schedule, Schedule.id == Assignment.schedule_id)
            .join(
                latest,
                (latest.c.iso_year == Schedule.iso_year)
                & (latest.c.iso_week == Schedule.iso_week)
                & (latest.c.version == Schedule.version),
            )
            .join(Location, Location.id == Assignment.location_id)
            .join(Organisation, Organisation.id == Assignment.organisation_id)
            .outerjoin(StaffMember, StaffMember.id == Assignment.staff_id)
            .where(Schedule.status == "published", Assignment.day.between(start, end))
            .where(Organisation.kind == "partner")
            .order_by(Assignment.day, Assignment.starts_at, Organisation.name, Assignment.id)
        )
        if organisation_id is not None:
            stmt = stmt.where(Assignment.organisation_id == organisation_id)
        return [_row(a, loc, org, staff) for a, loc, org, staff in self.session.execute(stmt)]

    def open_confirmations(self, start: dt.date, end: dt.date) -> dict[int, dict[str, int]]:
        """organisation id -> {confirmation state: number of shifts} for published shifts."""
        counts: dict[int, dict[str, int]] = {}
        for row in self.published_shifts(start, end):
            per_state = counts.setdefault(row.organisation_id, {"pending": 0, "confirmed": 0, "declined": 0})
            per_state[row.confirmation] += 1
        return counts

    def members(self, organisation_id: int, on: dt.date) -> list[StaffMember]:
        """Active staff of an organisation: the people a partner can name for a shift."""
        stmt = (
            select(StaffMember)
            .where(StaffMember.organisation_id == organisation_id, StaffMember.active_from <= on)
            .where((StaffMember.active_to.is_(None)) | (StaffMember.active_to >= on))
            .order_by(StaffMember.display_name)
        )
        return list(self.session.scalars(stmt))

    def organisation_name(self, organisation_id: int) -> str | None:
        return self.session.scalar(select(Organisation.name).where(Organisation.id == organisation_id))

    def partner_organisations(self) -> list[Organisation]:
        stmt = select(Organisation).where(Organisation.kind == "partner").order_by(Organisation.name)
        return list(self.session.scalars(stmt))

    # --- a partner's answers -------------------------------------------------------
    def _own(self, assignment_id: int, organisation_id: int) -> Assignment:
        """The assignment if it is a published shift of this organisation; else not found."""
        stmt = (
            select(Assignment)
            .join(Schedule, Schedule.id == Assignment.schedule_id)
            .where(
                Assignment.id == assignment_id,
                Assignment.organisation_id == organisation_id,
                Schedule.status == "published",
            )
        )
        assignment = self.session.scalar(stmt)
        if assignment is None:
            raise AssignmentError("assignment", "not_found")
        return assignment

    def _member(self, staff_id: int | None, organisation_id: int) -> StaffMember | None:
        if staff_id is None:
            return None
        staff = self.session.get(StaffMember, staff_id)
        if staff is None or staff.organisation_id != organisation_id:
            raise AssignmentError("staff", "not_member")
        return staff

    def confirm(self, assignment_id: int, organisation_id: int, staff_id: int | None, actor: str) -> Assignment:
        """Confirm a shift, naming the person who takes it (required)."""
        assignment = self._own(assignment_id, organisation_id)
        staff = self._member(staff_id if staff_id is not None else assignment.staff_id, organisation_id)
        if staff is None:
            raise AssignmentError("staff", "missing")
        assignment.staff_id = staff.id
        assignment.confirmation = "confirmed"
        assignment.confirmed_by = actor
        assignment.confirmed_at = _now()
        assignment.decline_reason = None
        self.session.flush()
        return assignment

    def decline(self, assignment_id: int, organisation_id: int, reason: str, actor: str) -> Assignment:
        reason = (reason or "").strip()
        if not reason:
            raise AssignmentError("reason", "missing")
        if len(reason) > DECLINE_REASON_MAX:
            raise AssignmentError("reason", "too_long")
        assignment = self._own(assignment_id, organisation_id)
        assignment.confirmation = "declined"
        assignment.confirmed_by = actor
        assignment.confirmed_at = _now()
        assignment.decline_reason = reason
        self.session.flush()
        return assignment

    def name_person(self, assignment_id: int, organisation_id: int, staff_id: int | None) -> Assignment:
        """Name who takes a shift; a different person than the confirmed one needs a new answer."""
        assignment = self._own(assignment_id, organisation_id)
        staff = self._member(staff_id, organisation_id)
        new_id = staff.id if staff else None
        if new_id != assignment.staff_id:
            assignment.staff_id = new_id
            if assignment.confirmation == "confirmed":
                _reset(assignment)
        self.session.flush()
        return assignment

    # --- coordination's edits ------------------------------------------------------
    def change(self, assignment_id: int, **changes) -> Assignment:
        """Change a shift's day, place, time, task or organisation.

        On a published schedule the partner's answer no longer fits the shift, so its
        confirmation goes back to pending.
        """
        unknown = set(changes) - set(CHANGES_NEEDING_CONFIRMATION) - {"staff_id", "locked"}
        if unknown:
            raise AssignmentError(sorted(unknown)[0], "unknown")
        assignment = self.session.get(Assignment, assignment_id)
        if assignment is None:
            raise AssignmentError("assignment", "not_found")
        changed = {k for k, v in changes.items() if getattr(assignment, k) != v}
        for key in changed:
            setattr(assignment, key, changes[key])
        needs_answer = changed & (set(CHANGES_NEEDING_CONFIRMATION) | {"staff_id"})
        if needs_answer and assignment.schedule.status == "published":
            _reset(assignment)
        self.session.flush()
        return assignment


def _reset(assignment: Assignment) -> None:
    assignment.confirmation = "pending"
    assignment.confirmed_by = None
    assignment.confirmed_at = None
    assignment.decline_reason = None


def _row(a: Assignment, loc: Location, org: Organisation, staff: StaffMember | None) -> ShiftRow:
    return ShiftRow(
        id=a.id, day=a.day, starts_at=a.starts_at, ends_at=a.ends_at, location_code=loc.code,
        location_name=loc.name, task=a.task, organisation_id=org.id, organisation_name=org.name,
        staff_id=a.staff_id, staff_name=staff.display_name if staff else None,
        confirmation=a.confirmation, confirmed_by=a.confirmed_by, confirmed_at=a.confirmed_at,
        decline_reason=a.decline_reason,
    )
