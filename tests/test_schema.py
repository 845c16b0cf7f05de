"""Models and migrations on SQLite and PostgreSQL: tables, constraints, foreign keys."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.exc import IntegrityError

from data_access.db import get_engine, session_scope
from data_access.migrate import downgrade, upgrade
from data_access.models import Assignment, Base, Location, Schedule, User, Visit
from planner import clock


def test_migrations_create_every_table_of_the_models(migrated_url):
    tables = set(inspect(get_engine(migrated_url)).get_table_names())
    assert set(Base.metadata.tables) <= tables
    assert "alembic_version" in tables


def test_migrations_match_the_models(migrated_url):
    """Alembic's autogenerate finds nothing to add: models and migrations agree."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    with get_engine(migrated_url).connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert diff == []


def test_downgrade_removes_every_table_and_upgrade_is_repeatable(migrated_url):
    downgrade(migrated_url, "base")
    assert set(inspect(get_engine(migrated_url)).get_table_names()) <= {"alembic_version"}
    upgrade(migrated_url)
    upgrade(migrated_url)  # a second upgrade is a no-op, as on every later start
    assert "visit" in inspect(get_engine(migrated_url)).get_table_names()


def _visit(location_id: int, **changes) -> Visit:
    at = dt.datetime(2026, 11, 23, 9, 10)
    values = dict(
        location_id=location_id, arrived_at=at, day=at.date(), weekday=0, slot=18,
        channel="advice", target_group="ukraine", language="uk", concern="housing",
        video_interpreter=False,
    )
    values.update(changes)
    return Visit(**values)


@pytest.fixture
def location_id(migrated_url):
    with session_scope(migrated_url) as session:
        location = Location(code="centre", name="Servicezentrum", kind="service_centre")
        session.add(location)
        session.flush()
        return location.id


@pytest.mark.parametrize(
    "changes",
    [
        {"target_group": "unknown"},
        {"channel": "phone"},
        {"outcome": "vanished"},
        {"slot": 48},
        {"called_at": dt.datetime(2026, 11, 23, 9, 0)},  # called before arrival
        {"finished_at": dt.datetime(2026, 11, 23, 9, 30)},  # finished but never called
    ],
)
def test_visit_constraints_reject_impossible_rows(migrated_url, location_id, changes):
    with pytest.raises(IntegrityError):
        with session_scope(migrated_url) as session:
            session.add(_visit(location_id, **changes))


def test_valid_visit_is_stored(migrated_url, location_id):
    with session_scope(migrated_url) as session:
        session.add(_visit(location_id, outcome="served"))
    with session_scope(migrated_url) as session:
        assert session.query(Visit).count() == 1


def test_foreign_keys_are_enforced(migrated_url, location_id):
    with pytest.raises(IntegrityError):
        with session_scope(migrated_url) as session:
            session.add(_visit(location_id + 999))


def test_assignment_needs_a_person_or_an_organisation(migrated_url, location_id):
    with pytest.raises(IntegrityError):
        with session_scope(migrated_url) as session:
            schedule = Schedule(iso_year=2026, iso_week=48, version=1, created_at=clock.now())
            session.add(schedule)
            session.flush()
            session.add(
                Assignment(
                    schedule_id=schedule.id, day=dt.date(2026, 11, 23), location_id=location_id,
                    starts_at=dt.time(8), ends_at=dt.time(14), task="reception",
                )
            )


def test_partner_login_needs_an_organisation(migrated_url):
    with pytest.raises(IntegrityError):
        with session_scope(migrated_url) as session:
            session.add(User(login="p", password_hash="x", role="partner", created_at=clock.now()))


def test_sqlite_runs_in_wal_mode_with_foreign_keys(tmp_path):
    url = f"sqlite:///{tmp_path / 'wal.db'}"
    upgrade(url)
    with get_engine(url).connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() >= 5000
