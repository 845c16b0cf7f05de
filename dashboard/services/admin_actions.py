"""What the admin page does, one transaction per action, each written to the audit log."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from werkzeug.security import generate_password_hash

from dashboard.texts.i18n import CATALOGUE, t
from data_access.db import session_scope
from data_access.errors import FieldError
from data_access.models import USER_ROLES, AuditEvent, DeviceToken, User
from data_access.repositories import (
    AssignmentRepository,
    AuditRepository,
    ReferenceRepository,
    TokenRepository,
    UserRepository,
)

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
    return dt.datetime.now().replace(microsecond=0)


# --- users --------------------------------------------------------------------------------
def users() -> list[UserRow]:
    with session_scope() as session:
        names = {o.id: o.name for o in ReferenceRepository(session).organisations()}
        return [
            UserRow(u.id, u.login, u.role, names.get(u.organisation_id), u.active, u.locked_until)
            for u in UserRepository(session).all()
        ]


def partner_organisations() -> list[tuple[int, str]]:
    with session_scope() as session:
        return [(o.id, o.name) for o in AssignmentRepository(session).partner_organisations()]


def create_user(actor: str, login: str, role: str, organisation_id: int | None, password: str) -> None:
    login = (login or "").strip()
    if not LOGIN.match(login):
        raise AdminError("login", "format")
    if role not in USER_ROLES:
        raise AdminError("role", "unknown")
    if role == "partner" and organisation_id is None:
        raise AdminError("organisation", "missing")
    if role != "partner" and organisation_id is not None:
        raise AdminError("organisation", "not_allowed")
    if len(password or "") < MIN_PASSWORD:
        raise AdminError("password", "short")
    with session_scope() as session:
        repo = UserRepository(session)
        if repo.by_login(login) is not None:
            raise AdminError("login", "taken")
        if organisation_id is not None and organisation_id not in dict(partner_organisations()):
            raise AdminError("organisation", "missing")
        user = User(login=login, password_hash=generate_password_hash(password), role=role,
                    organisation_id=organisation_id, created_at=_now())
        repo.add(user)
        AuditRepository(session).record(actor, "user_created", "user", user.id, login=login, role=role,
                                        organisation_id=organisation_id)


def set_active(actor: str, actor_id: int, user_id: int, active: bool) -> str:
    if user_id == actor_id and not active:
        raise AdminError("user", "self")
    with session_scope() as session:
        user = UserRepository(session).by_id(user_id)
        if user is None:
            raise AdminError("user", "not_found")
        user.active = active
        AuditRepository(session).record(actor, "user_activated" if active else "user_deactivated", "user",
                                        user.id, login=user.login)
        return user.login


# --- device tokens ------------------------------------------------------------------------
def devices() -> list[DeviceRow]:
    with session_scope() as session:
        return [_device_row(d) for d in TokenRepository(session).device_tokens()]


def _device_row(d: DeviceToken) -> DeviceRow:
    return DeviceRow(d.id, d.name, d.created_at, d.created_by, d.last_used_at, d.revoked_at)


def create_device(actor: str, name: str) -> tuple[str, str]:
    """(device name, plain token): the token is shown once and never stored in plain."""
    name = (name or "").strip()[:80]
    if not name:
        raise AdminError("name", "missing")
    with session_scope() as session:
        row, token = TokenRepository(session).create_device_token(name, actor)
        AuditRepository(session).record(actor, "device_token_created", "device_token", row.id, name=name)
        return name, token


def revoke_device(actor: str, token_id: int) -> str | None:
    with session_scope() as session:
        row = TokenRepository(session).revoke_device_token(token_id)
        if row is None:
            return None
        AuditRepository(session).record(actor, "device_token_revoked", "device_token", row.id, name=row.name)
        return row.name


# --- calendar tokens ----------------------------------------------------------------------
def calendars() -> list[CalendarRow]:
    with session_scope() as session:
        return [
            CalendarRow(o.id, o.name, token.created_at if token else None)
            for o, token in TokenRepository(session).calendar_overview()
        ]


# --- audit log ----------------------------------------------------------------------------
def audit(filter_text: str | None) -> list[AuditRow]:
    """The latest entries, optionally only those whose actor or action (its code or its
    words in the interface's language) contains the text."""
    needle = (filter_text or "").strip().lower()
    with session_scope() as session:
        events: list[AuditEvent] = AuditRepository(session).latest(AUDIT_LIMIT)
        return [
            AuditRow(e.at, e.actor, e.action, e.entity, e.entity_id)
            for e in events
            if not needle or any(needle in text.lower() for text in (e.actor, e.action, audit_words(e.action)))
        ]


def audit_words(code: str, kind: str = "action") -> str:
    """What an audit code means in the interface's language; the code itself when it is new."""
    key = f"audit.{kind}.{code}"
    return t(key) if key in CATALOGUE else code
