"""Shared fixtures: fresh databases on SQLite and (where reachable) PostgreSQL."""

from __future__ import annotations

import datetime as dt
import os
import uuid

import pytest
from sqlalchemy import create_engine, text

from data_access.db import dispose_engines, session_scope
from data_access.demo.loader import fill
from data_access.migrate import upgrade
from planner import clock

POSTGRES_ENV = "MIGRADO_TEST_POSTGRES_URL"
# This machine's PostgreSQL at its usual address: used when the variable is unset, skipped
# (with the reason) when it does not answer. MIGRADO_TEST_POSTGRES_URL=off skips on purpose.
DEFAULT_POSTGRES_URL = "postgresql+psycopg://root@127.0.0.1:5432/test"
# Fixed so that fills are reproducible; late enough to hold a week of "this week".
DEMO_NOW = dt.datetime(2026, 11, 25, 12, 0)


# The centre's clock in this process shows SUITE_DAY's date at the real time of day: the
# demo fill is fixed at DEMO_NOW and tests name weeks and days around it (a week to plan,
# "next week" published), so the suite must not age with the calendar (by the real clock
# of 2026-12-21, 45 tests failed: published weeks behind "today", week 51 no longer
# ahead). A Monday eleven days after DEMO_NOW, on which the whole suite passed by the real
# clock. Servers the production tests start in processes of their own keep the real
# clock (the same on SUITE_DAY). Tests of the clock itself take ``real_clock``.
SUITE_DAY = dt.date(2026, 12, 7)
_REAL_NOW_AWARE = clock.now_aware
_SUITE_SHIFT = dt.timedelta(days=(SUITE_DAY - _REAL_NOW_AWARE().date()).days)


def _suite_now_aware() -> dt.datetime:
    return _REAL_NOW_AWARE() + _SUITE_SHIFT


clock.now_aware = _suite_now_aware


@pytest.fixture
def real_clock(monkeypatch):
    """The centre's clock by the real time, for the tests of the clock itself."""
    monkeypatch.setattr(clock, "now_aware", _REAL_NOW_AWARE)


def published_demo_week() -> tuple[int, int]:
    """(ISO year, week) of a week the demo fill publishes whatever today is: the one after
    DEMO_NOW's (data_access/demo/schedules.py publishes DEMO_NOW's week and the two after
    it). "Next week" by the clock stops being one of them a fortnight after DEMO_NOW."""
    year, week, _ = (DEMO_NOW.date() + dt.timedelta(days=7)).isocalendar()
    return year, week


def _postgres_base_url() -> str:
    url = os.environ.get(POSTGRES_ENV, "").strip() or DEFAULT_POSTGRES_URL
    if url == "off":
        pytest.skip(f"{POSTGRES_ENV}=off: PostgreSQL tests skipped on request")
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    try:
        engine = create_engine(url)
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        engine.dispose()
    except Exception as error:  # noqa: BLE001 - any failure means "not reachable"
        pytest.skip(f"PostgreSQL at {POSTGRES_ENV} not reachable: {error.__class__.__name__}")
    return url


def _fresh_postgres_schema(base_url: str) -> str:
    """A schema of its own per use, so tests never touch anyone else's tables."""
    schema = f"migrado_test_{uuid.uuid4().hex[:10]}"
    engine = create_engine(base_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine.dispose()
    separator = "&" if "?" in base_url else "?"
    return f"{base_url}{separator}options=-csearch_path%3D{schema}"


def _drop_postgres_schema(base_url: str, url: str) -> None:
    schema = url.rsplit("%3D", 1)[1]
    dispose_engines()
    engine = create_engine(base_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgres"])
def empty_database_url(request, tmp_path):
    """The URL of an empty database, once on SQLite and once on PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'test.db'}"
        dispose_engines()
        return
    base = _postgres_base_url()
    url = _fresh_postgres_schema(base)
    yield url
    _drop_postgres_schema(base, url)


@pytest.fixture
def migrated_url(empty_database_url):
    upgrade(empty_database_url)
    return empty_database_url


def _filled(url: str) -> str:
    upgrade(url)
    with session_scope(url) as session:
        fill(session, seed=1, now=DEMO_NOW)
    return url


@pytest.fixture(scope="session")
def filled_sqlite_url(tmp_path_factory):
    return _filled(f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.db'}")


@pytest.fixture(scope="session")
def filled_postgres_url():
    base = _postgres_base_url()
    url = _fresh_postgres_schema(base)
    yield _filled(url)
    _drop_postgres_schema(base, url)


def private_copy(url: str, folder) -> str:
    """A copy of a filled SQLite demo database, for a test that changes data."""
    import sqlite3

    path = folder / "own-demo.db"
    source, target = sqlite3.connect(url.split("///", 1)[1]), sqlite3.connect(path)
    source.backup(target)
    source.close()
    target.close()
    return f"sqlite:///{path}"


@pytest.fixture(params=["sqlite", "postgres"])
def filled_url(request):
    """A database holding the demo centre (seed 1), on SQLite and on PostgreSQL."""
    return request.getfixturevalue(f"filled_{request.param}_url")


def pytest_sessionfinish(session, exitstatus):
    """End background jobs a failed browser test left running.

    Python joins non-daemon child processes at exit: one job still waiting for its
    browser would keep the whole run from ending.
    """
    import multiprocessing

    try:
        import multiprocess  # Dash's job manager forks through this one
    except ImportError:
        multiprocess = None
    for module in (multiprocessing, multiprocess):
        for child in (module.active_children() if module else []):
            child.kill()
            child.join(5)


def pytest_setup_options():
    """Chromium flags for this closed network (see PITFALLS.md and the machine notes)."""
    from selenium.webdriver.chrome.options import Options

    options = Options()
    for flag in (
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--no-first-run", "--disable-quic", "--window-size=1366,900",
    ):
        options.add_argument(flag)
    return options


@pytest.fixture(autouse=True)
def _fresh_service_cache():
    """Each test starts without the service layer's cached results (dashboard/services/cache.py):
    tests write through repositories directly, which no audit line announces."""
    yield
    from dashboard.services.cache import clear_all

    clear_all()


@pytest.fixture
def web_app(filled_sqlite_url, monkeypatch):
    """The real Dash app, serving the demo database."""
    monkeypatch.setenv("DATABASE_URL", filled_sqlite_url)
    dispose_engines()
    from app import app

    for limiter in app.server.extensions.get("limiter", ()):
        limiter.reset()  # the per-address login limit counts per process: each test starts afresh
    yield app
    dispose_engines()


@pytest.fixture
def client(web_app):
    return web_app.server.test_client()
