"""The request guard's look-up of a signed-in user, on SQLite and on PostgreSQL (where it runs
as a prepared statement on the driver's connection): active, role and session version, and
what ending every session changes."""

from __future__ import annotations

import datetime as dt

from data_access.db import session_scope, statement_engine
from data_access.models import User
from data_access.repositories.session_versions import SessionVersionRepository, standing


def test_the_guard_reads_what_the_user_row_says_and_sees_every_session_ended(migrated_url):
    with session_scope(migrated_url) as session:
        user = User(login="empfang2", password_hash="x", role="reception", active=True,
                    created_at=dt.datetime(2026, 12, 1, 9, 0))
        session.add(user)
        session.flush()
        user_id = user.id
    with statement_engine(migrated_url).begin() as connection:
        assert standing(connection, user_id) == (True, "reception", 0)
        assert standing(connection, user_id + 1000) is None  # a user deleted since signing in
    with session_scope(migrated_url) as session:
        assert SessionVersionRepository(session).advance(user_id) == 1
        session.get(User, user_id).active = False
    with statement_engine(migrated_url).begin() as connection:
        assert standing(connection, user_id) == (False, "reception", 1)
