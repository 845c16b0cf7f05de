"""Session versions: a number in the user row that every signed cookie must match."""

from __future__ import annotations

from sqlalchemy import bindparam, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from data_access.models import User
from data_access.driver_statement import DriverStatement

# Asked on every request of a signed-in user: built once, read without ORM objects, and on
# PostgreSQL run on the driver's connection as a prepared statement (SQLAlchemy's own work
# per execution was most of this check's cost in a busy desk's callbacks).
STANDING = select(User.active, User.role, User.session_version).where(User.id == bindparam("user_id"))
STANDING_ON_POSTGRES = DriverStatement(STANDING)


def standing(connection: Connection, user_id: int) -> tuple[bool, str, int] | None:
    """(active, role, session version) of a user, or None if the user is gone."""
    if connection.dialect.name == "postgresql":
        row = STANDING_ON_POSTGRES.first(connection, {"user_id": user_id})
    else:
        row = connection.execute(STANDING, {"user_id": user_id}).first()
    return (bool(row[0]), row[1], int(row[2] or 0)) if row else None


class SessionVersionRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def current(self, user_id: int) -> int | None:
        return self.session.scalar(select(User.session_version).where(User.id == user_id))

    def advance(self, user_id: int) -> int | None:
        """Raise the user's version by one in a single statement: every older cookie is void."""
        return self.session.execute(
            update(User).where(User.id == user_id)
            .values(session_version=User.session_version + 1)
            .returning(User.session_version)
        ).scalar()
