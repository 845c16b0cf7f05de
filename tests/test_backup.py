"""Backups: `python -m data_access.backup dump|restore` round trips on SQLite and PostgreSQL."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from data_access import backup
from data_access.db import PROJECT_ROOT, dispose_engines
from data_access.migrate import upgrade
from tests.conftest import _drop_postgres_schema, _fresh_postgres_schema, _postgres_base_url, private_copy

CHECKED_TABLES = ("visit", "schedule", "assignment", "app_user")


def fingerprint(url: str) -> dict[str, tuple[int, str]]:
    """Row count and a checksum of every row (in id order) per checked table."""
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            result = {}
            for table in CHECKED_TABLES:
                digest = hashlib.sha256()
                count = 0
                for row in connection.execute(text(f"SELECT * FROM {table} ORDER BY id")):
                    digest.update(repr(tuple(row)).encode())
                    count += 1
                result[table] = (count, digest.hexdigest())
            revision = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
            return {**result, "alembic_version": (1, revision)}
    finally:
        engine.dispose()


def mess_up(url: str) -> None:
    """What a restore must undo: deleted visits, a deleted plan, a changed user, a new table."""
    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            connection.execute(text("DELETE FROM visit WHERE id % 3 = 0"))
            connection.execute(text("DELETE FROM assignment"))
            connection.execute(text("DELETE FROM schedule"))
            connection.execute(text("UPDATE app_user SET active = false"))
            connection.execute(text("CREATE TABLE stray_after_backup (x integer)"))
    finally:
        engine.dispose()


def cli(*args: str, url: str, backups: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": url, "MIGRADO_BACKUP_DIR": str(backups)}
    return subprocess.run([sys.executable, "-m", "data_access.backup", *args], cwd=PROJECT_ROOT, env=env,
                          capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=300)


def written_path(done: subprocess.CompletedProcess) -> Path:
    assert done.returncode == 0, done.stderr
    return Path(done.stdout.strip().splitlines()[-1].rsplit(" written to ", 1)[1])


def assert_clean_error(done: subprocess.CompletedProcess, words: str) -> None:
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert done.stderr.startswith("error: ") and words in done.stderr, done.stderr


def assert_restore_undoes_changes(url: str, path: Path, backups: Path, before: dict) -> None:
    """Change and delete data after the dump, restore it: the database is as it was."""
    mess_up(url)
    assert fingerprint(url) != before
    done = cli("restore", str(path), "--yes", url=url, backups=backups)
    assert done.returncode == 0, done.stderr
    assert fingerprint(url) == before
    assert "stray_after_backup" not in table_names(url)


def table_names(url: str) -> set[str]:
    from sqlalchemy import inspect as sa_inspect

    engine = create_engine(url)
    try:
        return set(sa_inspect(engine).get_table_names())
    finally:
        engine.dispose()


# --- SQLite ----------------------------------------------------------------------------------


@pytest.fixture
def sqlite_db(filled_sqlite_url, tmp_path):
    url = private_copy(filled_sqlite_url, tmp_path)
    with sqlite3.connect(url.split("///", 1)[1]) as connection:
        connection.execute("PRAGMA journal_mode=WAL")  # as the app leaves it
    yield url
    dispose_engines()


def test_sqlite_round_trip_brings_back_every_row(sqlite_db, tmp_path):
    backups = tmp_path / "backups"
    before = fingerprint(sqlite_db)
    assert before["visit"][0] > 1000 and before["schedule"][0] > 0

    path = written_path(cli("dump", url=sqlite_db, backups=backups))
    assert path.parent == backups and path.name.startswith("migrado-") and path.suffix == ".db"

    assert_restore_undoes_changes(sqlite_db, path, backups, before)
    # The database as it was before the restore is kept, and it is the messed-up one.
    safety = [p for p in backups.iterdir() if p.name.startswith("before-restore-")]
    assert len(safety) == 1 and "stray_after_backup" in table_names(f"sqlite:///{safety[0]}")
    with sqlite3.connect(sqlite_db.split("///", 1)[1]) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_a_dump_taken_while_another_connection_writes_is_consistent(sqlite_db, tmp_path):
    path = Path(sqlite_db.split("///", 1)[1])
    columns = [row[1] for row in sqlite3.connect(path).execute("PRAGMA table_info(visit)") if row[1] != "id"]
    copy_row = (f"INSERT INTO visit ({', '.join(columns)}) SELECT {', '.join(columns)} "
                f"FROM visit WHERE id = (SELECT min(id) FROM visit)")
    written, errors, stop = [0], [], threading.Event()

    def writer() -> None:
        connection = sqlite3.connect(path, timeout=10)
        try:
            while not stop.is_set():
                connection.execute(copy_row)
                connection.commit()  # each a transaction of its own, as the app's writes are
                written[0] += 1
        except Exception as error:  # noqa: BLE001 - reported by the test
            errors.append(error)
        finally:
            connection.close()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        while written[0] < 20 and thread.is_alive():
            time.sleep(0.01)
        count_before = _count(path)
        during = written[0]
        result = backup.dump(sqlite_db, tmp_path / "while-writing.db")
        after_dump = written[0]
        time.sleep(0.2)
    finally:
        stop.set()
        thread.join(30)
    assert not errors, errors  # the writer was never locked out
    assert after_dump > during, "no write went through while the dump ran"
    dumped = _count(result.path)
    assert count_before <= dumped <= _count(path)
    with sqlite3.connect(result.path) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # one plain file
    assert not Path(f"{result.path}-wal").exists()


def _count(path: Path) -> int:
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return connection.execute("SELECT count(*) FROM visit").fetchone()[0]
    finally:
        connection.close()


def test_files_that_are_no_backup_are_refused_without_a_traceback(sqlite_db, tmp_path):
    backups = tmp_path / "backups"
    before = fingerprint(sqlite_db)
    text_file = tmp_path / "notes.db"
    text_file.write_text("this is not a database\n" * 100)
    empty_sqlite = tmp_path / "empty.db"
    sqlite3.connect(empty_sqlite).execute("CREATE TABLE t (x)").connection.commit()

    assert_clean_error(cli("restore", str(tmp_path / "missing.db"), "--yes", url=sqlite_db, backups=backups),
                       "backup file not found")
    assert_clean_error(cli("restore", str(text_file), "--yes", url=sqlite_db, backups=backups),
                       "not an SQLite backup")
    assert_clean_error(cli("restore", str(empty_sqlite), "--yes", url=sqlite_db, backups=backups),
                       "not a MigraDo backup")
    # Without --yes and without a terminal to ask at, nothing happens either.
    good = written_path(cli("dump", url=sqlite_db, backups=backups))
    assert_clean_error(cli("restore", str(good), url=sqlite_db, backups=backups), "--yes")
    assert_clean_error(cli("dump", url=f"sqlite:///{tmp_path / 'nowhere.db'}", backups=backups),
                       "database file not found")
    assert_clean_error(cli("dump", "--to", sqlite_db.split("///", 1)[1], url=sqlite_db, backups=backups),
                       "is the live database itself")
    assert fingerprint(sqlite_db) == before
    assert not any(p.name.startswith("before-restore-") for p in backups.iterdir())


def test_a_backup_newer_than_the_code_is_refused(sqlite_db, tmp_path):
    path = backup.dump(sqlite_db, tmp_path / "future.db").path
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    before = fingerprint(sqlite_db)
    done = cli("restore", str(path), "--yes", url=sqlite_db, backups=tmp_path / "backups")
    assert_clean_error(done, "newer version")
    assert fingerprint(sqlite_db) == before


def test_an_older_backup_is_migrated_after_restoring(tmp_path):
    revisions, head = backup.known_revisions()
    from alembic.script import ScriptDirectory

    from data_access.migrate import alembic_config

    older = ScriptDirectory.from_config(alembic_config("sqlite://")).get_revision(head).down_revision
    old_url = f"sqlite:///{tmp_path / 'old.db'}"
    upgrade(old_url, older)
    dispose_engines()
    old_backup = backup.dump(old_url, tmp_path / "old-backup.db").path

    live_url = f"sqlite:///{tmp_path / 'live.db'}"
    upgrade(live_url)
    dispose_engines()
    result = backup.restore(old_backup, live_url)
    assert result.revision == older and result.upgraded_to == head
    assert fingerprint(live_url)["alembic_version"] == (1, head)


# --- PostgreSQL ------------------------------------------------------------------------------


@pytest.fixture
def postgres_db():
    """A schema of its own with a small demo centre (seed 1, a tenth of the visits)."""
    from data_access.db import session_scope
    from data_access.demo.loader import fill
    from tests.conftest import DEMO_NOW

    base = _postgres_base_url()
    url = _fresh_postgres_schema(base)
    try:
        upgrade(url)
        with session_scope(url) as session:
            fill(session, seed=1, scale=0.1, now=DEMO_NOW)
        dispose_engines()
        yield url
    finally:
        _drop_postgres_schema(base, url)


@pytest.mark.postgres
def test_postgres_round_trip_brings_back_every_row(postgres_db, tmp_path):
    backups = tmp_path / "backups"
    before = fingerprint(postgres_db)
    assert before["visit"][0] > 100 and before["schedule"][0] > 0

    path = written_path(cli("dump", url=postgres_db, backups=backups))
    assert path.suffix == ".pgdump" and path.read_bytes()[:5] == b"PGDMP"

    assert_restore_undoes_changes(postgres_db, path, backups, before)
    # Sequences came back too: the next id is beyond every restored one.
    engine = create_engine(postgres_db)
    try:
        with engine.connect() as connection:
            highest = connection.execute(text("SELECT max(id) FROM visit")).scalar()
            assert connection.execute(text("SELECT nextval(pg_get_serial_sequence('visit', 'id'))")).scalar() > highest
    finally:
        engine.dispose()


@pytest.mark.postgres
def test_postgres_refuses_what_is_no_backup_and_leaves_the_database_alone(postgres_db, tmp_path):
    backups = tmp_path / "backups"
    before = fingerprint(postgres_db)
    sqlite_file = tmp_path / "sqlite.db"
    sqlite3.connect(sqlite_file).execute("CREATE TABLE t (x)").connection.commit()
    assert_clean_error(cli("restore", str(sqlite_file), "--yes", url=postgres_db, backups=backups),
                       "not a pg_dump archive")
    assert_clean_error(cli("restore", str(tmp_path / "missing.pgdump"), "--yes", url=postgres_db,
                           backups=backups), "backup file not found")
    # A backup of another schema would land in that schema: refused.
    other = _fresh_postgres_schema(_postgres_base_url())
    try:
        upgrade(other)
        dispose_engines()
        foreign = written_path(cli("dump", url=other, backups=backups))
    finally:
        _drop_postgres_schema(_postgres_base_url(), other)
    assert_clean_error(cli("restore", str(foreign), "--yes", url=postgres_db, backups=backups), "holds schema")
    assert fingerprint(postgres_db) == before


def test_the_libpq_form_of_a_sqlalchemy_url():
    target = backup.postgres_target(
        "postgresql+psycopg://ops:s3cr'et@db.example:5433/migrado?sslmode=require&options=-csearch_path%3Dtenant_a")
    assert target.password == "s3cr'et"
    assert target.schema == "tenant_a"
    assert "s3cr" not in target.conninfo  # the password goes through PGPASSWORD, not the command line
    assert target.conninfo == ("host='db.example' port='5433' user='ops' dbname='migrado' "
                               "sslmode='require' options='-csearch_path=tenant_a'")
    assert backup.postgres_target("postgresql+psycopg://root@127.0.0.1/test").schema == "public"


def test_a_missing_pg_dump_is_reported_clearly(monkeypatch, tmp_path):
    monkeypatch.setattr(backup.shutil, "which", lambda name: None)
    with pytest.raises(backup.BackupError, match="pg_dump not found"):
        backup.dump("postgresql+psycopg://root@127.0.0.1/test", tmp_path / "x.pgdump")
