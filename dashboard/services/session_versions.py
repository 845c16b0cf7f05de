"""Ending every session of a user at once: a version number in the user row.

A sign-in writes the user's current version into the signed cookie; each request compares
it with the row (the same single statement that already checks `active` and the role). Raising
the number (logout, a password or role change) voids every cookie issued before, on every
device, at the next request instead of when the cookie would have expired.
"""

from __future__ import annotations

from data_access.db import statement_engine
from data_access.repositories.session_versions import standing
from dashboard.services.unit_of_work import UnitOfWork


def is_current(user_id: int, role: str, version: int) -> bool:
    """Whether a session of this user, with this role and version, may still be used."""
    with statement_engine().begin() as connection:
        found = standing(connection, user_id)
    return found is not None and found == (True, role, version)


def current(user_id: int, *, uow: UnitOfWork | None = None) -> int:
    with uow or UnitOfWork() as work:
        return work.session_versions.current(user_id) or 0


def end_all(user_id: int, *, uow: UnitOfWork | None = None) -> int | None:
    """Void every session of the user; the new version, or None if there is no such user."""
    with uow or UnitOfWork() as work:
        version = work.session_versions.advance(user_id)
        work.commit()
        return version
