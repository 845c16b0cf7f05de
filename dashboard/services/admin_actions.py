"""What the admin page does, one transaction per action, each with its audit line inside it.

Returns facts and codes; the admin page words them (dashboard/texts/admin.py).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from werkzeug.security import generate_password_hash

from dashboard.services.unit_of_work import UnitOfWork
from data_access.errors import FieldError
from data_access.models import USER_ROLES
from planner import clock

__all__ = ["USER_ROLES", "AdminError", "AuditRow", "CalendarRow", "DeviceRow", "StaffRow", "UserRow"]

LOGIN = re.compile(r"^[a-z0-9._-]{3,64}$")
MIN_PASSWORD = 10
AUDIT_LIMIT = 200


class AdminError(FieldError):
    """An admin action refused because of one input (a taken login, a short password, ...)."""


@dataclass(frozen=True)
class UserRow:
    id: int
    login: str
    role: str
    organisation: str | None
    active: bool
    locked_until: dt.datetime | None


@dataclass(frozen=True)
class DeviceRow:
    id: int
    name: str
    created_at: dt.datetime
    created_by: str
    last_used_at: dt.datetime | None
    revoked_at: dt.datetime | None
    place: str | None = None  # the code of the device's place; None: not bound to one


@dataclass(frozen=True)
class CalendarRow:
    organisation_id: int
    organisation: str
    active_since: dt.datetime | None


@dataclass(frozen=True)
class AuditRow:
    at: dt.datetime
    actor: str
    action: str
    entity: str
    entity_id: int | None


def _now() -> dt.datetime:
    return clock.now().replace(microsecond=0)


# --- users --------------------------------------------------------------------------------
def users(*, uow: UnitOfWork | None = None) -> list[UserRow]:
    with uow or UnitOfWork() as work:
        names = {o.id: o.name for o in work.reference.organisations()}
        return [
            UserRow(u.id, u.login, u.role, names.get(u.organisation_id), u.active, u.locked_until)
            for u in work.users.all()
        ]


def partner_organisations(*, uow: UnitOfWork | None = None) -> list[tuple[int, str]]:
    with uow or UnitOfWork() as work:
        return [(o.id, o.name) for o in work.assignments.partner_organisations()]


def create_user(actor: str, login: str, role: str, organisation_id: int | None, password: str,
                staff_id: int | None = None, *, uow: UnitOfWork | None = None) -> int:
    """A new login (its id); raises AdminError naming the refused input, writing nothing.
    A team member's login is bound to their staff record (`staff_id`), one login per record."""
    login = (login or "").strip()
    if not LOGIN.match(login):
        raise AdminError("login", "format")
    if role not in USER_ROLES:
        raise AdminError("role", "unknown")
    if role == "team" and staff_id is None:
        raise AdminError("staff", "missing")
    if role != "team" and staff_id is not None:
        raise AdminError("staff", "not_allowed")
    if role == "partner" and organisation_id is None:
        raise AdminError("organisation", "missing")
    if role != "partner" and organisation_id is not None:
        raise AdminError("organisation", "not_allowed")
    if len(password or "") < MIN_PASSWORD:
        raise AdminError("password", "short")
    with uow or UnitOfWork() as work:
        if work.users.by_login(login) is not None:
            raise AdminError("login", "taken")
        partners = {o.id for o in work.assignments.partner_organisations()}
        if organisation_id is not None and organisation_id not in partners:
            raise AdminError("organisation", "missing")
        if staff_id is not None:
            if work.staff.get(staff_id) is None:
                raise AdminError("staff", "not_found")
            if work.users.by_staff(staff_id) is not None:
                raise AdminError("staff", "taken")
        user_id = work.users.create(login, generate_password_hash(password), role, organisation_id, _now(),
                                    staff_id=staff_id)
        work.audit.record(actor, "user_created", "user", user_id, login=login, role=role,
                          organisation_id=organisation_id, **({"staff_id": staff_id} if staff_id is not None else {}))
        work.commit()
        return user_id


@dataclass(frozen=True)
class StaffRow:
    id: int
    name: str
    email: str | None
    login: str | None  # the team login bound to the record, if any


def staff(*, uow: UnitOfWork | None = None) -> list[StaffRow]:
    """The team active today with e-mail address and team login, for the admin's forms."""
    with uow or UnitOfWork() as work:
        logins = work.users.staff_logins()
        return [StaffRow(m.id, m.display_name, m.email, logins.get(m.id))
                for m in work.staff.active_on(clock.today())]


EMAIL = re.compile(r"^[^@\s<>\"',;]+@[^@\s<>\"',;]+\.[A-Za-z]{2,}$")
MAX_EMAIL = 200


def set_staff_email(actor: str, staff_id, email: str | None, *, uow: UnitOfWork | None = None) -> str:
    """Set (or, empty, clear) where a staff member's notices are mailed; the person's name.
    Raises AdminError for an unknown person or an address that is not one."""
    try:
        ident = int(staff_id)
    except (TypeError, ValueError):
        raise AdminError("staff", "missing") from None
    address = (email or "").strip()
    if address and (len(address) > MAX_EMAIL or not EMAIL.match(address)):
        raise AdminError("email", "format")
    with uow or UnitOfWork() as work:
        member = work.staff.get(ident)
        if member is None:
            raise AdminError("staff", "not_found")
        before = member.email
        work.staff.set_email(ident, address or None)
        work.audit.record(actor, "staff_email_set", "staff_member", ident, before=before, email=address or None)
        work.commit()
        return member.display_name


def set_active(actor: str, actor_id: int, user_id: int, active: bool, *, uow: UnitOfWork | None = None) -> str:
    """Switch a login on or off; its login name. Admins cannot switch themselves off."""
    if user_id == actor_id and not active:
        raise AdminError("user", "self")
    with uow or UnitOfWork() as work:
        login = work.users.set_active(user_id, active)
        if login is None:
            raise AdminError("user", "not_found")
        work.audit.record(actor, "user_activated" if active else "user_deactivated", "user", user_id, login=login)
        work.commit()
        return login


# --- device tokens ------------------------------------------------------------------------
def devices(*, uow: UnitOfWork | None = None) -> list[DeviceRow]:
    with uow or UnitOfWork() as work:
        codes = {id_: code for code, id_ in work.reference.location_ids().items()}
        return [DeviceRow(d.id, d.name, d.created_at, d.created_by, d.last_used_at, d.revoked_at,
                          codes.get(d.location_id))
                for d in work.tokens.device_tokens()]


def places(*, uow: UnitOfWork | None = None) -> list[tuple[int, str]]:
    """(id, code) of the places a device can be bound to."""
    with uow or UnitOfWork() as work:
        return sorted((id_, code) for code, id_ in work.reference.location_ids().items())


def create_device(actor: str, name: str, location_id: int | None = None,
                  *, uow: UnitOfWork | None = None) -> tuple[str, str]:
    """(device name, plain token): the token is shown once and never stored in plain.

    A device bound to a place may change that place's visits only; one without a place only
    the visits it posted itself (dashboard/services/device_scope.py).
    """
    name = (name or "").strip()[:80]
    if not name:
        raise AdminError("name", "missing")
    with uow or UnitOfWork() as work:
        codes = {id_: code for code, id_ in work.reference.location_ids().items()}
        if location_id is not None and location_id not in codes:
            raise AdminError("place", "unknown")
        row, token = work.tokens.create_device_token(name, actor, location_id)
        work.audit.record(actor, "device_token_created", "device_token", row.id, name=name,
                          place=codes.get(location_id))
        work.commit()
        return name, token


def revoke_device(actor: str, token_id: int, *, uow: UnitOfWork | None = None) -> str | None:
    """Revoke a device's token; its name, or None if there is no such device."""
    with uow or UnitOfWork() as work:
        row = work.tokens.revoke_device_token(token_id)
        if row is None:
            return None
        work.audit.record(actor, "device_token_revoked", "device_token", row.id, name=row.name)
        work.commit()
        return row.name


# --- calendar tokens ----------------------------------------------------------------------
def calendars(*, uow: UnitOfWork | None = None) -> list[CalendarRow]:
    with uow or UnitOfWork() as work:
        return [
            CalendarRow(o.id, o.name, token.created_at if token else None)
            for o, token in work.tokens.calendar_overview()
        ]


# --- audit log ----------------------------------------------------------------------------
def audit(filter_text: str | None, *, words: Callable[[str], str] = str,
          uow: UnitOfWork | None = None) -> list[AuditRow]:
    """The latest AUDIT_LIMIT entries; with a text, only those whose actor or action contains it.

    `words(action)` is what the page shows for an action code (its words in the user's
    language), so the filter finds an entry by what the user reads as well as by its code.
    """
    needle = (filter_text or "").strip().lower()
    with uow or UnitOfWork() as work:
        return [
            AuditRow(e.at, e.actor, e.action, e.entity, e.entity_id)
            for e in work.audit.latest(AUDIT_LIMIT)
            if not needle or any(needle in text.lower() for text in (e.actor, e.action, words(e.action)))
        ]
