"""What the partner portal does, one transaction per action; the page's callbacks call these.

Every function a partner triggers takes the organisation as an argument: the page passes
`current_user().organisation_id` from the server-side session, never a browser value.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from data_access.db import session_scope
from data_access.models import Organisation
from data_access.repositories import AssignmentRepository, AuditRepository, TokenRepository
from data_access.repositories.assignments import ShiftRow

WEEKS_AHEAD = 6


@dataclass(frozen=True)
class Member:
    id: int
    name: str


def horizon(today: dt.date) -> tuple[dt.date, dt.date]:
    return today, today + dt.timedelta(weeks=WEEKS_AHEAD)


def organisation_name(organisation_id: int) -> str:
    with session_scope() as session:
        organisation = session.get(Organisation, organisation_id)
        return organisation.name if organisation else ""


def shifts(organisation_id: int | None, today: dt.date) -> list[ShiftRow]:
    """Published shifts from today on; organisation None means all (coordination's view)."""
    with session_scope() as session:
        return AssignmentRepository(session).published_shifts(*horizon(today), organisation_id)


def shift(assignment_id: int, organisation_id: int, today: dt.date) -> ShiftRow | None:
    return next((s for s in shifts(organisation_id, today) if s.id == assignment_id), None)


def members(organisation_id: int, today: dt.date) -> list[Member]:
    with session_scope() as session:
        return [Member(m.id, m.display_name) for m in AssignmentRepository(session).members(organisation_id, today)]


def partner_organisations() -> list[tuple[int, str]]:
    with session_scope() as session:
        return [(o.id, o.name) for o in AssignmentRepository(session).partner_organisations()]


def confirmation_counts(today: dt.date) -> dict[int, dict[str, int]]:
    with session_scope() as session:
        return AssignmentRepository(session).open_confirmations(*horizon(today))


def confirm(actor: str, organisation_id: int, assignment_id: int, staff_id: int | None) -> None:
    with session_scope() as session:
        AssignmentRepository(session).confirm(assignment_id, organisation_id, staff_id, actor)
        AuditRepository(session).record(actor, "shift_confirmed", "assignment", assignment_id, staff_id=staff_id)


def name_person(actor: str, organisation_id: int, assignment_id: int, staff_id: int | None) -> None:
    with session_scope() as session:
        AssignmentRepository(session).name_person(assignment_id, organisation_id, staff_id)
        AuditRepository(session).record(actor, "shift_person_named", "assignment", assignment_id, staff_id=staff_id)


def decline(actor: str, organisation_id: int, assignment_id: int, reason: str) -> None:
    with session_scope() as session:
        AssignmentRepository(session).decline(assignment_id, organisation_id, reason, actor)
        AuditRepository(session).record(actor, "shift_declined", "assignment", assignment_id)


# --- calendar subscription -------------------------------------------------------------
def calendar_since(organisation_id: int) -> dt.datetime | None:
    with session_scope() as session:
        token = TokenRepository(session).active_calendar_token(organisation_id)
        return token.created_at if token else None


def renew_calendar(actor: str, organisation_id: int) -> str:
    """A new secret for the organisation's feed (the old one stops working); returns it once."""
    with session_scope() as session:
        row, token = TokenRepository(session).renew_calendar_token(organisation_id, actor)
        AuditRepository(session).record(actor, "calendar_token_created", "organisation", organisation_id,
                                        token_id=row.id)
        return token


def revoke_calendar(actor: str, organisation_id: int) -> int:
    with session_scope() as session:
        revoked = TokenRepository(session).revoke_calendar_tokens(organisation_id)
        AuditRepository(session).record(actor, "calendar_token_revoked", "organisation", organisation_id,
                                        revoked=revoked)
        return revoked
