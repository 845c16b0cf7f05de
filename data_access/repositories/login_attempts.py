"""Failed logins per login name, counted so that parallel guesses cannot overtake the count.

An attempt is *reserved* before its password is checked: one UPDATE that raises the count
only while the name is neither blocked nor at its limit. Parallel requests therefore each
take a place or are refused; none reads a count that another is about to raise. A failure
needs no further write unless it used the last place (then the name is blocked for a
while); a success clears the row. Names that do not exist are counted the same way, so the
answer and its cost do not reveal which names exist.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import case, delete, insert, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from data_access.models import LoginThrottle

LOGIN_LENGTH = 64


@dataclass(frozen=True)
class Reservation:
    login: str
    attempt: int  # 1 for the first attempt of a run
    lockouts: int  # blocks in a row so far (the next block lasts longer)


class LoginAttemptRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    @staticmethod
    def key(login: str) -> str:
        return login.strip().lower()[:LOGIN_LENGTH]

    def reserve(self, login: str, now: dt.datetime, *, limit: int, stale_after: dt.timedelta,
                forget_after: dt.timedelta) -> Reservation | None:
        """Take one attempt for `login`, or None while it is blocked or at its limit."""
        key = self.key(login)
        self._ensure_row(key, now)
        table = LoginThrottle.__table__
        stale = table.c.last_at < now - stale_after
        statement = (
            update(table)
            .where(table.c.login == key)
            .where((table.c.blocked_until.is_(None)) | (table.c.blocked_until <= now))
            .where((table.c.attempts < limit) | stale)
            .values(
                attempts=case((stale, 1), else_=table.c.attempts + 1),
                lockouts=case((table.c.last_at < now - forget_after, 0), else_=table.c.lockouts),
                last_at=now,
            )
            .returning(table.c.attempts, table.c.lockouts)
        )
        row = self.session.execute(statement).first()
        return Reservation(key, row[0], row[1]) if row else None

    def block(self, reservation: Reservation, until: dt.datetime, *, limit: int) -> bool:
        """The last place failed: block the name until `until` (once, however many failed)."""
        table = LoginThrottle.__table__
        result = self.session.execute(
            update(table)
            .where(table.c.login == reservation.login, table.c.attempts >= limit)
            .values(blocked_until=until, attempts=0, lockouts=table.c.lockouts + 1)
        )
        return result.rowcount == 1

    def clear(self, login: str) -> None:
        self.session.execute(delete(LoginThrottle).where(LoginThrottle.login == self.key(login)))

    def forget_before(self, moment: dt.datetime) -> int:
        """Drop rows untouched since `moment` (names tried once and never again)."""
        table = LoginThrottle.__table__
        return self.session.execute(
            delete(table).where(table.c.last_at < moment,
                                (table.c.blocked_until.is_(None)) | (table.c.blocked_until < moment))
        ).rowcount

    def _ensure_row(self, key: str, now: dt.datetime) -> None:
        values = {"login": key, "attempts": 0, "lockouts": 0, "last_at": now}
        dialect = self.session.get_bind().dialect.name
        if dialect == "postgresql":
            statement = postgresql.insert(LoginThrottle).values(values).on_conflict_do_nothing()
        elif dialect == "sqlite":
            statement = sqlite.insert(LoginThrottle).values(values).on_conflict_do_nothing()
        else:  # pragma: no cover - the project runs on these two
            statement = insert(LoginThrottle).values(values)
        self.session.execute(statement)
