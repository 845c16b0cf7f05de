"""Secrets that stand in for a login: device tokens of the check-in API, calendar tokens.

Only a SHA-256 of each token is stored. That suffices (no slow password hash needed)
because the tokens are 256-bit random values, not something a person chose: there is
nothing to guess. The plain token is returned once, at creation.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from data_access.models import CalendarToken, DeviceToken, Organisation
from planner import clock


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_token() -> str:
    return secrets.token_urlsafe(32)


def _now() -> dt.datetime:
    return clock.now().replace(microsecond=0)


class TokenRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    # --- device tokens (check-in API) ---------------------------------------------
    def create_device_token(self, name: str, created_by: str,
                            location_id: int | None = None) -> tuple[DeviceToken, str]:
        """(row, plain token): the plain token is shown once and never stored.

        `location_id`: the place the device stands at; it may then change that place's visits
        only (dashboard/services/device_scope.py). Without one, only the visits it posted.
        """
        token = new_token()
        row = DeviceToken(name=name, token_hash=token_hash(token), created_at=_now(), created_by=created_by,
                          location_id=location_id)
        self.session.add(row)
        self.session.flush()
        return row, token

    def device_tokens(self) -> list[DeviceToken]:
        return list(self.session.scalars(select(DeviceToken).order_by(DeviceToken.created_at.desc(), DeviceToken.id.desc())))

    def active_device(self, token: str) -> DeviceToken | None:
        """The device a bearer token belongs to, unless it is unknown or revoked."""
        row = self.session.scalar(select(DeviceToken).where(DeviceToken.token_hash == token_hash(token)))
        if row is None or row.revoked_at is not None:
            return None
        row.last_used_at = _now()
        return row

    def revoke_device_token(self, token_id: int) -> DeviceToken | None:
        row = self.session.get(DeviceToken, token_id)
        if row is not None and row.revoked_at is None:
            row.revoked_at = _now()
            self.session.flush()
        return row

    # --- calendar tokens (subscription URL per organisation) ----------------------
    def renew_calendar_token(self, organisation_id: int, created_by: str) -> tuple[CalendarToken, str]:
        """Revoke the organisation's current token(s) and make a new one."""
        self.revoke_calendar_tokens(organisation_id)
        token = new_token()
        row = CalendarToken(
            organisation_id=organisation_id, token_hash=token_hash(token), created_at=_now(), created_by=created_by
        )
        self.session.add(row)
        self.session.flush()
        return row, token

    def revoke_calendar_tokens(self, organisation_id: int) -> int:
        rows = self.session.scalars(
            select(CalendarToken).where(
                CalendarToken.organisation_id == organisation_id, CalendarToken.revoked_at.is_(None)
            )
        ).all()
        for row in rows:
            row.revoked_at = _now()
        self.session.flush()
        return len(rows)

    def organisation_for_calendar(self, token: str) -> int | None:
        row = self.session.scalar(select(CalendarToken).where(CalendarToken.token_hash == token_hash(token)))
        if row is None or row.revoked_at is not None:
            return None
        return row.organisation_id

    def active_calendar_token(self, organisation_id: int) -> CalendarToken | None:
        stmt = (
            select(CalendarToken)
            .where(CalendarToken.organisation_id == organisation_id, CalendarToken.revoked_at.is_(None))
            .order_by(CalendarToken.created_at.desc())
        )
        return self.session.scalars(stmt).first()

    def calendar_overview(self) -> list[tuple[Organisation, CalendarToken | None]]:
        """Every partner organisation with its active calendar token, if any."""
        organisations = self.session.scalars(
            select(Organisation).where(Organisation.kind == "partner").order_by(Organisation.name)
        ).all()
        return [(o, self.active_calendar_token(o.id)) for o in organisations]
