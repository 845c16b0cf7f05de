"""Logins of the app's users, and the lock-out after repeated failed logins."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import bindparam, select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from data_access.models import User

# Asked on every request of a signed-in user: built once, read without ORM objects.
STANDING = select(User.active, User.role).where(User.id == bindparam("user_id"))


def standing(connection: Connection, user_id: int) -> tuple[bool, str] | None:
    """(active, role) of a user, or None if the user is gone: one statement on any connection
    (the request guard runs it on an autocommit connection, without a session)."""
    row = connection.execute(STANDING, {"user_id": user_id}).first()
    return (bool(row[0]), row[1]) if row else None


class UserRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, *rows: User) -> None:
        self.session.add_all(rows)
        self.session.flush()

    def create(self, login: str, password_hash: str, role: str, organisation_id: int | None,
               created_at: dt.datetime, staff_id: int | None = None) -> int:
        """A new login; its id."""
        user = User(login=login, password_hash=password_hash, role=role, organisation_id=organisation_id,
                    created_at=created_at, staff_id=staff_id)
        self.add(user)
        return user.id

    def set_active(self, user_id: int, active: bool) -> str | None:
        """Switch a login on or off; its login name, or None if there is no such user."""
        user = self.by_id(user_id)
        if user is None:
            return None
        user.active = active
        self.session.flush()
        return user.login

    def by_login(self, login: str) -> User | None:
        return self.session.scalar(select(User).where(User.login == login))

    def by_staff(self, staff_id: int) -> User | None:
        """The login bound to a staff record, if any."""
        return self.session.scalar(select(User).where(User.staff_id == staff_id).limit(1))

    def staff_logins(self) -> dict[int, str]:
        """Staff id -> the login bound to it."""
        return dict(self.session.execute(select(User.staff_id, User.login).where(User.staff_id.is_not(None))).all())

    def by_id(self, user_id: int) -> User | None:
        return self.session.get(User, user_id)

    def all(self) -> list[User]:
        return list(self.session.scalars(select(User).order_by(User.login)))

    def record_login(self, user: User) -> None:
        user.failed_logins = 0
        user.locked_until = None

    def set_role(self, user_id: int, role: str, organisation_id: int | None) -> None:
        """A new role (and, for a partner, organisation): single sign-on takes them from the groups."""
        user = self.by_id(user_id)
        user.role, user.organisation_id = role, organisation_id
        self.session.flush()
