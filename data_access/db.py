"""Engine and session handling: one engine per database URL, one session per unit of work."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, exc, text
from sqlalchemy.orm import Session, sessionmaker

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SQLITE_PATH = PROJECT_ROOT / "var" / "migrado.db"


def database_url() -> str:
    """The database named by DATABASE_URL, else the embedded SQLite file under var/."""
    url = os.environ.get("DATABASE_URL", "").strip()
    if url:
        # Heroku-style URLs name the driver-less scheme; we use psycopg 3.
        if url.startswith("postgres://"):
            url = "postgresql+psycopg://" + url[len("postgres://") :]
        elif url.startswith("postgresql://"):
            url = "postgresql+psycopg://" + url[len("postgresql://") :]
        return url
    return f"sqlite:///{DEFAULT_SQLITE_PATH}"


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:  # pragma: no cover - driver hook
        cursor = dbapi_connection.cursor()
        # WAL lets the dashboard read while reception writes; the busy timeout makes a
        # writer wait for the lock instead of failing at once.
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()


_ENGINES: dict[str, Engine] = {}
_FACTORIES: dict[str, sessionmaker[Session]] = {}


def get_engine(url: str | None = None) -> Engine:
    url = url or database_url()
    engine = _ENGINES.get(url)
    if engine is None:
        engine = _ENGINES[url] = _create_engine(url)
    return engine


def statement_engine(url: str | None = None) -> Engine:
    """For work made of statements each atomic by itself (the check-in API's insert, the
    request guard's look-up of a signed-in user).

    On PostgreSQL its pooled connections commit every statement on their own: no BEGIN and
    COMMIT round trips, and no switching of the isolation level at each checkout. On
    SQLite it is the ordinary engine: callers open a transaction (engine.begin()).
    """
    url = url or database_url()
    if url.startswith("sqlite"):
        return get_engine(url)
    key = f"autocommit:{url}"
    engine = _ENGINES.get(key)
    if engine is None:
        # Small: a worker's request threads take one connection each, and only for a moment.
        engine = _ENGINES[key] = _create_engine(url, isolation_level="AUTOCOMMIT", pool_size=5, max_overflow=5)
    return engine


def _create_engine(url: str, **server_options) -> Engine:
    """An engine for the URL; server_options (PostgreSQL) override the pool's defaults."""
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 10, "check_same_thread": False})
        _configure_sqlite(engine)
        return engine
    engine = create_engine(url, **{"pool_size": 10, "max_overflow": 20, **server_options})
    _ping_after_idle(engine)
    return engine


# A pooled connection that has rested longer than this is tested before use (a database
# restarted overnight leaves only dead ones). Testing every checkout, as pool_pre_ping does,
# cost a round trip per request under load, when connections rest for milliseconds.
PING_AFTER_IDLE_SECONDS = 2.0


def _ping_after_idle(engine: Engine) -> None:
    @event.listens_for(engine, "checkin")
    def _rested_since(_dbapi_connection, record) -> None:  # pragma: no cover - driver hook
        record.info["checked_in_at"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _alive_after_rest(dbapi_connection, record, _proxy) -> None:
        rested = time.monotonic() - record.info.get("checked_in_at", float("-inf"))
        if rested < PING_AFTER_IDLE_SECONDS:
            return
        try:
            with dbapi_connection.cursor() as cursor:
                cursor.execute("SELECT 1")
            dbapi_connection.rollback()
        except Exception as error:  # noqa: BLE001 - any failure means "this connection is dead"
            # The pool drops this connection and checks out a fresh one (up to three tries).
            raise exc.DisconnectionError() from error


def _session_factory(url: str) -> sessionmaker[Session]:
    factory = _FACTORIES.get(url)
    if factory is None:
        factory = _FACTORIES[url] = sessionmaker(bind=get_engine(url), expire_on_commit=False)
    return factory


def open_session(url: str | None = None) -> Session:
    """A new session on the database (DATABASE_URL by default); the caller closes it."""
    return _session_factory(url or database_url())()


@contextmanager
def session_scope(url: str | None = None) -> Iterator[Session]:
    """A session that commits when the block succeeds and rolls back when it raises."""
    session = open_session(url)
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def dispose_engines(close: bool = True) -> None:
    """Drop pooled connections (after a fork, or when tests switch databases).

    In a freshly forked worker pass close=False: the inherited connections belong to the
    parent, and closing them from the child would break the parent's sessions.
    """
    for engine in _ENGINES.values():
        engine.dispose(close=close)
    _ENGINES.clear()
    _FACTORIES.clear()


# A forked background job opens its own connections; the pooled ones stay the parent's.
os.register_at_fork(after_in_child=lambda: dispose_engines(close=False))


def commit_without_waiting_for_disk(session: Session) -> None:
    """Let this transaction's commit return before its WAL reaches the disk (PostgreSQL; a
    no-op elsewhere). For a large import's intermediate chunks only: they are written again
    by a re-run (stored rows are skipped), and the import's last commit, which waits as
    usual, flushes everything before it. Each chunk would otherwise queue for the disk
    with the desk's check-ins, whose commits must wait."""
    if session.bind.dialect.name == "postgresql":
        session.execute(text("SET LOCAL synchronous_commit TO OFF"))


def commit_waiting_for_disk(session: Session) -> None:
    """This transaction's commit waits for the disk again (after commit_without_waiting_for_disk)."""
    if session.bind.dialect.name == "postgresql":
        session.execute(text("SET LOCAL synchronous_commit TO ON"))
