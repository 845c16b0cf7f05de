"""Signing in and staying signed in: the use cases behind dashboard/web/auth.py.

`sign_in` checks a password and writes the audit line of a login or a failed one in the
same transaction (failures are throttled before it: dashboard/services/login_throttle.py). `standing` is asked on every
request of a signed-in user, so it runs one statement on the statement engine (no ORM
session, on PostgreSQL without BEGIN and COMMIT round trips).
"""

from __future__ import annotations

from dataclasses import dataclass

from werkzeug.security import check_password_hash

from dashboard.services.unit_of_work import UnitOfWork
from data_access.db import statement_engine
from data_access.repositories.users import standing as _standing

OK, WRONG = "ok", "wrong"
# A hash of nothing anyone knows: an unknown login costs as much as a wrong password.
_DUMMY_HASH = "scrypt:32768:8:1$cXZ2bVhrbVJlY0JH$" + "0" * 128


@dataclass(frozen=True)
class SignedIn:
    id: int
    login: str
    role: str
    organisation_id: int | None
    staff_id: int | None = None  # a team member's own staff record


def sign_in(login: str, password: str, *, uow: UnitOfWork | None = None) -> tuple[str, SignedIn | None]:
    """(OK, the user) or (WRONG, None). An unknown or inactive login is WRONG too."""
    with uow or UnitOfWork() as work:
        users = work.users
        user = users.by_login(login.strip())
        if user is None or not user.active:
            # Same answer and similar cost as a wrong password: logins are not revealed.
            check_password_hash(_DUMMY_HASH, password)
            return WRONG, None
        # Failures are counted and blocked by dashboard.services.login_throttle, atomically
        # and per name (existing or not); no per-row lock here (it was neither atomic nor fair).
        if not check_password_hash(user.password_hash, password):
            work.audit.record(user.login, "login_failed", "user", user.id)
            work.commit()
            return WRONG, None
        users.record_login(user)
        work.audit.record(user.login, "login", "user", user.id)
        signed_in = SignedIn(user.id, user.login, user.role, user.organisation_id, user.staff_id)
        work.commit()
        return OK, signed_in


def standing(user_id: int) -> tuple[bool, str] | None:
    """(active, role) of a user now, or None if the user is gone."""
    with statement_engine().begin() as connection:
        return _standing(connection, user_id)
