"""What the partner portal does, one transaction per action; the page's callbacks call these.

Every function a partner triggers takes the organisation as an argument: the page passes
`current_user().organisation_id` from the server-side session, never a browser value. A
shift of another organisation is simply not found (AssignmentError "not_found").
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from dashboard.services.unit_of_work import UnitOfWork
from dashboard.services.week_planning import new_violations, rule_check_key
from data_access.repositories.assignments import DECLINE_REASON_MAX, AssignmentError, ShiftRow

__all__ = ["DECLINE_REASON_MAX", "AssignmentError", "Member", "RuleBreach", "ShiftRow"]

WEEKS_AHEAD = 6


@dataclass(frozen=True)
class Member:
    id: int
    name: str


def horizon(today: dt.date) -> tuple[dt.date, dt.date]:
    return today, today + dt.timedelta(weeks=WEEKS_AHEAD)


def organisation_name(organisation_id: int, *, uow: UnitOfWork | None = None) -> str:
    with uow or UnitOfWork() as work:
        return work.assignments.organisation_name(organisation_id) or ""


def shifts(organisation_id: int | None, today: dt.date, *, uow: UnitOfWork | None = None) -> list[ShiftRow]:
    """Published shifts from today on; organisation None means all (coordination's view)."""
    with uow or UnitOfWork() as work:
        return work.assignments.published_shifts(*horizon(today), organisation_id)


def shift(assignment_id: int, organisation_id: int, today: dt.date, *, uow: UnitOfWork | None = None) -> ShiftRow | None:
    return next((s for s in shifts(organisation_id, today, uow=uow) if s.id == assignment_id), None)


def members(organisation_id: int, today: dt.date, *, uow: UnitOfWork | None = None) -> list[Member]:
    with uow or UnitOfWork() as work:
        return [Member(m.id, m.display_name) for m in work.assignments.members(organisation_id, today)]


def partner_organisations(*, uow: UnitOfWork | None = None) -> list[tuple[int, str]]:
    with uow or UnitOfWork() as work:
        return [(o.id, o.name) for o in work.assignments.partner_organisations()]


def confirmation_counts(today: dt.date, *, uow: UnitOfWork | None = None) -> dict[int, dict[str, int]]:
    with uow or UnitOfWork() as work:
        return work.assignments.open_confirmations(*horizon(today))


class RuleBreach(AssignmentError):
    """A partner's change of the person on its turn that would break a hard rule for that
    person (an absence, rest time, ...): refused and written nowhere. `findings`, `problem`
    and `names` for the page's words (as schedule_changes.RuleRefusal)."""

    def __init__(self, findings: tuple, problem: object, names: dict) -> None:
        super().__init__("staff", "hard_rule")
        self.findings, self.problem, self.names = findings, problem, names


def confirm(actor: str, organisation_id: int, assignment_id: int, staff_id: int | None,
            *, uow: UnitOfWork | None = None) -> None:
    """Confirm a shift of the organisation, naming who takes it (raises AssignmentError,
    RuleBreach when the person named may not take it)."""
    with uow or UnitOfWork() as work:
        checked = _before_change(work, assignment_id)
        work.assignments.confirm(assignment_id, organisation_id, staff_id, actor)
        _refuse_breaches(work, checked, staff_id)
        work.audit.record(actor, "shift_confirmed", "assignment", assignment_id, staff_id=staff_id)
        work.commit()


def name_person(actor: str, organisation_id: int, assignment_id: int, staff_id: int | None,
                *, uow: UnitOfWork | None = None) -> None:
    """Name who takes a shift (raises AssignmentError, RuleBreach as confirm)."""
    with uow or UnitOfWork() as work:
        checked = _before_change(work, assignment_id)
        work.assignments.name_person(assignment_id, organisation_id, staff_id)
        _refuse_breaches(work, checked, staff_id)
        work.audit.record(actor, "shift_person_named", "assignment", assignment_id, staff_id=staff_id)
        work.commit()


def _before_change(work, assignment_id: int):
    """(the version, its week's check key, its rows) before a partner changes a shift: the week
    is loaded before anything is written."""
    schedules = getattr(work, "schedules", None)
    schedule = schedules.schedule_of(assignment_id) if schedules is not None else None
    if schedule is None:
        return None
    key = rule_check_key(work, schedule.iso_year, schedule.iso_week)
    return schedule.id, schedule.iso_year, schedule.iso_week, key, schedules.rows(schedule.id)


def _refuse_breaches(work, checked, staff_id: int | None) -> None:
    if checked is None or staff_id is None:
        return
    schedule_id, iso_year, iso_week, key, before = checked
    problem, broken = new_violations(key, before, work.schedules.rows(schedule_id), {str(staff_id)})
    if broken:  # raised before the commit: the unit of work writes nothing
        monday = dt.date.fromisocalendar(iso_year, iso_week, 1)
        names = {m.id: m.name for m in work.planning.members(monday, monday + dt.timedelta(days=6))}
        raise RuleBreach(broken, problem, names)


def decline(actor: str, organisation_id: int, assignment_id: int, reason: str,
            *, uow: UnitOfWork | None = None) -> None:
    """Decline a shift of the organisation with a reason (raises AssignmentError)."""
    with uow or UnitOfWork() as work:
        work.assignments.decline(assignment_id, organisation_id, reason, actor)
        work.audit.record(actor, "shift_declined", "assignment", assignment_id)
        work.commit()


# --- calendar subscription -------------------------------------------------------------
def calendar_since(organisation_id: int, *, uow: UnitOfWork | None = None) -> dt.datetime | None:
    with uow or UnitOfWork() as work:
        token = work.tokens.active_calendar_token(organisation_id)
        return token.created_at if token else None


def renew_calendar(actor: str, organisation_id: int, *, uow: UnitOfWork | None = None) -> str:
    """A new secret for the organisation's feed (the old one stops working); returns it once."""
    with uow or UnitOfWork() as work:
        row, token = work.tokens.renew_calendar_token(organisation_id, actor)
        work.audit.record(actor, "calendar_token_created", "organisation", organisation_id, token_id=row.id)
        work.commit()
        return token


def revoke_calendar(actor: str, organisation_id: int, *, uow: UnitOfWork | None = None) -> int:
    with uow or UnitOfWork() as work:
        revoked = work.tokens.revoke_calendar_tokens(organisation_id)
        work.audit.record(actor, "calendar_token_revoked", "organisation", organisation_id, revoked=revoked)
        work.commit()
        return revoked
