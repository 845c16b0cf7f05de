"""A large import's chunks commit without waiting for the disk, its last commit waits (PostgreSQL);
both are no-ops on SQLite."""

from __future__ import annotations

from sqlalchemy import text

from data_access.db import commit_waiting_for_disk, commit_without_waiting_for_disk, session_scope


def test_only_the_transaction_asked_for_skips_the_wait(migrated_url):
    with session_scope(migrated_url) as session:
        if session.bind.dialect.name != "postgresql":
            commit_without_waiting_for_disk(session)  # nothing to switch: SQLite commits as it does
            commit_waiting_for_disk(session)
            return
        before = session.execute(text("SHOW synchronous_commit")).scalar_one()
        commit_without_waiting_for_disk(session)
        assert session.execute(text("SHOW synchronous_commit")).scalar_one() == "off"
        commit_waiting_for_disk(session)
        assert session.execute(text("SHOW synchronous_commit")).scalar_one() == "on"
        commit_without_waiting_for_disk(session)
        session.commit()
        # SET LOCAL ends with its transaction: the next one waits for the disk as configured
        assert session.execute(text("SHOW synchronous_commit")).scalar_one() == before
