"""Signing in and staying signed in: the use cases behind dashboard/web/auth.py.

`sign_in` checks a password, counts failures towards the lock-out and writes the audit
line of a login or a failed one in the same transaction. `standing` is asked on every
request of a signed-in user, so it runs one statement on the statement engine (no ORM
session, on PostgreSQL without BEGIN and COMMIT round trips).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from werkzeug.security import check_password_hash

from dashboard.services.unit_of_work import UnitOfWork
from data_access.db import statement_engine
from data_access.repositories.users import standing as _standing

OK, WRONG, LOCKED = "ok", "wrong", "locked"
# A hash of nothing anyone knows: an unknown login costs as much as a wrong password.
_DUMMY_HASH = "scrypt:32768:8:1$cXZ2bVhrbVJlY0JH$" + "0" * 128


@dataclass(frozen=True)
class SignedIn:
    id: int
    login: str
    role: str
    organisation_id: int | None


def sign_in(login: str, password: str, now: dt.datetime | None = None,
            *, uow: UnitOfWork | None = None) -> tuple[str, SignedIn | None]:
    """(OK, the user) or (WRONG or LOCKED, None). An unknown or inactive login is WRONG too."""
    now = now or dt.datetime.now()
    with uow or UnitOfWork() as work:
        users = work.users
        user = users.by_login(login.strip())
        if user is None or not user.active:
            # Same answer and similar cost as a wrong password: logins are not revealed.
            check_password_hash(_DUMMY_HASH, password)
            return WRONG, None
        if user.locked_until and user.locked_until > now:
            return LOCKED, None
        if not check_password_hash(user.password_hash, password):
            users.record_failed_login(user, now)
            work.audit.record(user.login, "login_failed", "user", user.id)
            locked = user.locked_until is not None and user.locked_until > now
            work.commit()
            return (LOCKED if locked else WRONG), None
        users.record_login(user)
        work.audit.record(user.login, "login", "user", user.id)
        signed_in = SignedIn(user.id, user.login, user.role, user.organisation_id)
        work.commit()
        return OK, signed_in


def standing(user_id: int) -> tuple[bool, str] | None:
    """(active, role) of a user now, or None if the user is gone."""
    with statement_engine().begin() as connection:
        return _standing(connection, user_id)
