"""Dump and restore the configured database: `python -m data_access.backup dump|restore`.

    python -m data_access.backup dump [--to PATH]
    python -m data_access.backup restore PATH [--yes]

The database is the one DATABASE_URL names (data_access.db.database_url), the embedded
SQLite file under var/ by default.

SQLite: the dump is SQLite's online backup API (`sqlite3.Connection.backup`) in one
step, a consistent snapshot taken while the app goes on writing (WAL mode). A restore
checks the file first (an SQLite database holding MigraDo's tables at an Alembic revision
this code knows), then copies it into the live database through the same API, under
the database's own lock, never by copying a file over an open database.

PostgreSQL: `pg_dump --format=custom` of the URL's schema (the first entry of a
`search_path` in its `options`, else `public`); a restore runs `pg_restore --clean
--if-exists --no-owner` into `psql` as one transaction, after dropping whatever else is
in that schema, so a failed restore leaves the database as it was.

Both refuse a backup whose Alembic revision this code does not know (made by a newer
version) and bring an older one up to date with the migrations after restoring it.
Before a restore, the current database is dumped next to the other backups.
Errors end the command with a one-line message and exit status 1, not a traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from sqlalchemy.engine import make_url

from data_access.db import PROJECT_ROOT, database_url, dispose_engines
from planner import clock

DEFAULT_BACKUP_DIR = PROJECT_ROOT / "var" / "backups"
# Tables whose presence marks a MigraDo database (beside Alembic's version table).
MARKER_TABLES = ("alembic_version", "visit", "schedule", "app_user")


class BackupError(Exception):
    """A problem the command reports in one line (file missing, not a backup, tool missing)."""


@dataclass(frozen=True)
class Result:
    path: Path
    revision: str
    upgraded_to: str | None = None
    safety_copy: Path | None = None


# --- shared ----------------------------------------------------------------------------------


def backup_dir() -> Path:
    return Path(os.environ.get("MIGRADO_BACKUP_DIR", "").strip() or DEFAULT_BACKUP_DIR)


def default_path(url: str, label: str = "migrado", now: dt.datetime | None = None) -> Path:
    """var/backups/migrado-YYYYMMDD-HHMMSS.(db|pgdump); never an existing file's name."""
    stamp = (now or clock.now()).strftime("%Y%m%d-%H%M%S")
    suffix = ".db" if _is_sqlite(url) else ".pgdump"
    folder = backup_dir()
    path = folder / f"{label}-{stamp}{suffix}"
    n = 1
    while path.exists():
        n += 1
        path = folder / f"{label}-{stamp}-{n}{suffix}"
    return path


def _is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


def _is_postgres(url: str) -> bool:
    return url.startswith("postgresql")


def shown(url: str) -> str:
    """The URL without its password, for messages."""
    return make_url(url).render_as_string(hide_password=True)


def known_revisions() -> tuple[set[str], str]:
    """Every Alembic revision of this code, and its head."""
    from alembic.script import ScriptDirectory

    from data_access.migrate import alembic_config

    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    return {r.revision for r in script.walk_revisions()}, script.get_current_head()


def _check_revision(revision: str | None, path: Path) -> str:
    revisions, head = known_revisions()
    if not revision:
        raise BackupError(f"{path} holds no Alembic revision: not a MigraDo backup")
    if revision not in revisions:
        raise BackupError(
            f"{path} is at schema revision {revision}, which this code does not know (its newest "
            f"is {head}): the backup was made by a newer version of MigraDo Ops; restore it with that version"
        )
    return revision


def _after_restore(url: str, revision: str) -> str | None:
    """Run the migrations when the restored backup is older than the code."""
    dispose_engines()
    _, head = known_revisions()
    if revision == head:
        return None
    from data_access.migrate import upgrade

    upgrade(url)
    dispose_engines()
    return head


def _move_into_place(partial: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    os.replace(partial, target)


def _partial_path(target: Path) -> Path:
    """A temporary file beside the target, renamed once the dump is complete."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".partial", dir=target.parent)
    os.close(handle)
    return Path(name)


# --- SQLite ----------------------------------------------------------------------------------


def sqlite_path(url: str) -> Path:
    database = make_url(url).database
    if not database or database == ":memory:":
        raise BackupError(f"{shown(url)} is an in-memory database: nothing to back up")
    return Path(database)


def _connect_sqlite(path: Path, read_only: bool) -> sqlite3.Connection:
    if read_only:
        connection = sqlite3.connect(f"file:{quote(str(path.resolve()))}?mode=ro", uri=True, timeout=30)
    else:
        connection = sqlite3.connect(path, timeout=30)
    connection.execute("PRAGMA busy_timeout=30000")
    return connection


def inspect_sqlite(path: Path, name: Path | None = None) -> str:
    """The Alembic revision of an SQLite MigraDo backup; BackupError when it is none.

    `name` is what messages call the file (the database dumped, not its temporary copy).
    """
    if not path.is_file():
        raise BackupError(f"backup file not found: {path}")
    try:
        connection = _connect_sqlite(path, read_only=True)
        try:
            check = connection.execute("PRAGMA quick_check").fetchone()
            tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            revision = None
            if "alembic_version" in tables:
                rows = connection.execute("SELECT version_num FROM alembic_version").fetchall()
                revision = rows[0][0] if len(rows) == 1 else None
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{name or path} is not an SQLite backup ({error})") from None
    if not check or check[0] != "ok":
        raise BackupError(f"{name or path} is damaged (SQLite quick_check: {check[0] if check else '?'})")
    missing = [t for t in MARKER_TABLES if t not in tables]
    if missing:
        kind = "database" if name else "backup"
        raise BackupError(f"{name or path} is not a MigraDo {kind} (no table {', '.join(missing)})")
    return _check_revision(revision, name or path)


def dump_sqlite(url: str, target: Path) -> Result:
    source_path = sqlite_path(url)
    if not source_path.is_file():
        raise BackupError(f"database file not found: {source_path}")
    if target.exists() and target.resolve() == source_path.resolve():
        raise BackupError(f"{target} is the live database itself: dump to another file")
    partial = _partial_path(target)
    try:
        source = _connect_sqlite(source_path, read_only=True)
        try:
            destination = sqlite3.connect(partial)
            try:
                # One step (pages=-1): the whole database under one read transaction, a
                # consistent snapshot; in WAL mode the app's writers are not held up.
                source.backup(destination)
                # The copy takes over the source's WAL flag: make the backup one plain file.
                destination.execute("PRAGMA journal_mode=DELETE")
            finally:
                destination.close()
        finally:
            source.close()
        revision = inspect_sqlite(partial, name=source_path)
        _move_into_place(partial, target)
    except sqlite3.Error as error:
        raise BackupError(f"dump of {source_path} failed: {error}") from None
    finally:
        partial.unlink(missing_ok=True)
    return Result(target, revision)


def restore_sqlite(url: str, source_path: Path) -> Result:
    revision = inspect_sqlite(source_path)
    target_path = sqlite_path(url)
    if target_path.exists() and target_path.resolve() == source_path.resolve():
        raise BackupError(f"{source_path} is the live database itself")
    target_path.parent.mkdir(parents=True, exist_ok=True)
    dispose_engines()
    try:
        source = _connect_sqlite(source_path, read_only=True)
        try:
            destination = _connect_sqlite(target_path, read_only=False)
            try:
                # Into the live file through SQLite itself: it takes the database's lock,
                # so the app's connections wait (busy timeout) and then see the new data.
                source.backup(destination)
                destination.execute("PRAGMA journal_mode=WAL")
            finally:
                destination.close()
        finally:
            source.close()
    except sqlite3.Error as error:
        raise BackupError(f"restore into {target_path} failed: {error}") from None
    return Result(source_path, revision, _after_restore(url, revision))


# --- PostgreSQL ------------------------------------------------------------------------------


@dataclass(frozen=True)
class PgTarget:
    conninfo: str  # libpq keyword/value form, without the password
    password: str | None
    schema: str


def _libpq_quote(value: str) -> str:
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def postgres_target(url: str) -> PgTarget:
    """The SQLAlchemy URL (postgresql+psycopg://...) as libpq connection parameters."""
    parsed = make_url(url)
    params: dict[str, str] = {}
    for key, value in (("host", parsed.host), ("port", parsed.port), ("user", parsed.username),
                       ("dbname", parsed.database)):
        if value not in (None, ""):
            params[key] = str(value)
    for key, value in parsed.query.items():
        # libpq's own parameters (sslmode, options, application_name, ...) pass through.
        params[key] = value[-1] if isinstance(value, tuple) else str(value)
    schema = "public"
    match = re.search(r"search_path\s*=\s*([^\s,]+)", params.get("options", ""))
    if match:
        schema = match.group(1).strip("'\"")
    if not re.fullmatch(r"[a-z_][a-z0-9_$]*", schema):
        raise BackupError(f"schema name {schema!r} is not supported (lower-case letters, digits, _ only)")
    conninfo = " ".join(f"{key}={_libpq_quote(value)}" for key, value in params.items())
    return PgTarget(conninfo, parsed.password, schema)


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"{name} not found: install the PostgreSQL client tools "
                          f"(Debian: apt-get install postgresql-client-15, the server's major version)")
    return path


def _pg_env(target: PgTarget) -> dict[str, str]:
    env = dict(os.environ)
    if target.password:
        env["PGPASSWORD"] = target.password  # not on the command line, where `ps` shows it
    return env


def _run(argv: list[str], env: dict[str, str] | None = None, what: str = "") -> subprocess.CompletedProcess:
    done = subprocess.run(argv, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        message = (done.stderr or done.stdout).strip().splitlines()
        raise BackupError(f"{what or Path(argv[0]).name} failed: {' '.join(message[-3:]) or done.returncode}")
    return done


def dump_postgres(url: str, target: Path) -> Result:
    pg = postgres_target(url)
    pg_dump = _tool("pg_dump")
    partial = _partial_path(target)
    try:
        _run([pg_dump, "--format=custom", f"--schema=\"{pg.schema}\"", f"--file={partial}",
              f"--dbname={pg.conninfo}"], _pg_env(pg), "pg_dump")
        revision, _ = inspect_postgres(partial, pg.schema)
        _move_into_place(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return Result(target, revision)


def _toc(path: Path) -> tuple[list[str], list[tuple[str, str, str]]]:
    """A custom-format archive's table of contents: its lines, and (type, schema, name) per entry."""
    listing = _run([_tool("pg_restore"), "--list", str(path)], what=f"reading {path}").stdout.splitlines()
    entries = []
    for line in listing:
        # e.g. "261; 1259 17897 TABLE bk t root" or "3437; 0 17897 TABLE DATA bk t root"
        match = re.match(r"\s*\d+;\s+\d+\s+\d+\s+(.*)$", line)
        if not match:
            continue
        words = match.group(1).split()
        kind_words = 2 if len(words) > 2 and " ".join(words[:2]) in _TWO_WORD_KINDS else 1
        kind, rest = " ".join(words[:kind_words]), words[kind_words:]
        entries.append((kind, rest[0] if rest else "", rest[1] if len(rest) > 1 else ""))
    return listing, entries


_TWO_WORD_KINDS = {"TABLE DATA", "SEQUENCE SET", "SEQUENCE OWNED", "FK CONSTRAINT", "MATERIALIZED VIEW",
                   "DEFAULT ACL", "INDEX ATTACH", "TABLE ATTACH"}


def inspect_postgres(path: Path, schema: str | None = None) -> tuple[str, str]:
    """(Alembic revision, schema) of a pg_dump archive of a MigraDo database."""
    if not path.is_file():
        raise BackupError(f"backup file not found: {path}")
    with open(path, "rb") as handle:
        if handle.read(5) != b"PGDMP":
            raise BackupError(f"{path} is not a pg_dump archive (custom format)")
    tables = {(s, n) for kind, s, n in _toc(path)[1] if kind == "TABLE"}
    schemas = {s for s, n in tables if n in MARKER_TABLES}
    if len(schemas) != 1 or not all((next(iter(schemas)), t) in tables for t in MARKER_TABLES):
        raise BackupError(f"{path} is not a MigraDo backup (no tables {', '.join(MARKER_TABLES)} in one schema)")
    found = schemas.pop()
    if schema is not None and found != schema:
        raise BackupError(f"{path} holds schema {found!r}, but the database's schema is {schema!r}: "
                          f"restore it into a database whose search_path names {found!r}")
    data = _run([_tool("pg_restore"), "--data-only", f"--schema={found}", "--table=alembic_version",
                 "--file=-", str(path)], what=f"reading {path}").stdout
    revisions, copying = [], False
    for line in data.splitlines():
        if line.startswith("COPY ") and "alembic_version" in line:
            copying = True
        elif copying and line == "\\.":
            copying = False
        elif copying and line:
            revisions.append(line.split("\t")[0])
    return _check_revision(revisions[0] if len(revisions) == 1 else None, path), found


# Drop everything in the target schema first: tables of a newer schema that the backup does
# not hold would otherwise survive and break the migrations after restoring an older backup.
_CLEAR_SCHEMA = """
SET lock_timeout = '60s';
DO $migrado$
DECLARE r record;
BEGIN
  FOR r IN SELECT c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE n.nspname = '{schema}' AND c.relkind IN ('r', 'p', 'v', 'm', 'f') LOOP
    EXECUTE format(CASE r.relkind WHEN 'v' THEN 'DROP VIEW IF EXISTS %I.%I CASCADE'
                                  WHEN 'm' THEN 'DROP MATERIALIZED VIEW IF EXISTS %I.%I CASCADE'
                                  WHEN 'f' THEN 'DROP FOREIGN TABLE IF EXISTS %I.%I CASCADE'
                                  ELSE 'DROP TABLE IF EXISTS %I.%I CASCADE' END, '{schema}', r.relname);
  END LOOP;
  FOR r IN SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE n.nspname = '{schema}' AND c.relkind = 'S' LOOP
    EXECUTE format('DROP SEQUENCE IF EXISTS %I.%I CASCADE', '{schema}', r.relname);
  END LOOP;
  FOR r IN SELECT t.typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
           WHERE n.nspname = '{schema}' AND t.typtype IN ('e', 'd', 'r') LOOP
    EXECUTE format('DROP TYPE IF EXISTS %I.%I CASCADE', '{schema}', r.typname);
  END LOOP;
END
$migrado$;
"""


def restore_postgres(url: str, source_path: Path) -> Result:
    pg = postgres_target(url)
    pg_restore, psql = _tool("pg_restore"), _tool("psql")
    revision, _ = inspect_postgres(source_path, pg.schema)
    dispose_engines()
    with tempfile.TemporaryDirectory(prefix="migrado-restore-") as scratch:
        # Everything but the schema itself: it stays (with its grants), only its content changes.
        use_list = Path(scratch) / "toc.list"
        listing, _ = _toc(source_path)
        use_list.write_text("\n".join(line for line in listing if not _is_schema_entry(line)) + "\n")
        env = _pg_env(pg)
        script = subprocess.Popen(
            [pg_restore, "--clean", "--if-exists", "--no-owner", f"--use-list={use_list}", "--file=-",
             str(source_path)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
        apply = subprocess.Popen(
            [psql, "--no-psqlrc", "--quiet", "--set=ON_ERROR_STOP=1", "--single-transaction", "--file=-",
             f"--dbname={pg.conninfo}"],
            stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
        try:
            apply.stdin.write(_CLEAR_SCHEMA.format(schema=pg.schema).encode())
            shutil.copyfileobj(script.stdout, apply.stdin, 1 << 20)
        except BrokenPipeError:
            pass  # psql stopped at an error: its message follows
        finally:
            try:
                apply.stdin.close()
            except BrokenPipeError:
                pass
        script_err = script.stderr.read().decode(errors="replace")
        script.wait()
        apply_err = apply.stderr.read().decode(errors="replace")
        apply.wait()
    if script.returncode != 0:
        raise BackupError(f"pg_restore failed, nothing was changed: {_last_lines(script_err)}")
    if apply.returncode != 0:
        raise BackupError(f"restore failed and was rolled back, nothing was changed: {_last_lines(apply_err)}")
    return Result(source_path, revision, _after_restore(url, revision))


def _is_schema_entry(line: str) -> bool:
    return re.match(r"\s*\d+;\s+\d+\s+\d+\s+SCHEMA\s", line) is not None


def _last_lines(text: str, n: int = 3) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return " ".join(lines[-n:]) or "(no message)"


# --- commands --------------------------------------------------------------------------------


def dump(url: str | None = None, to: Path | None = None) -> Result:
    url = url or database_url()
    target = Path(to) if to else default_path(url)
    if target.is_dir():
        target = target / default_path(url).name
    if _is_sqlite(url):
        return dump_sqlite(url, target)
    if _is_postgres(url):
        return dump_postgres(url, target)
    raise BackupError(f"no backup for this kind of database: {shown(url)}")


def inspect(path: Path, url: str | None = None) -> str:
    """The revision of a backup that fits the configured database; BackupError if it does not."""
    url = url or database_url()
    if _is_sqlite(url):
        return inspect_sqlite(Path(path))
    if _is_postgres(url):
        return inspect_postgres(Path(path), postgres_target(url).schema)[0]
    raise BackupError(f"no restore for this kind of database: {shown(url)}")


def restore(path: Path, url: str | None = None, safety_copy: bool = True) -> Result:
    """Replace the configured database's content with the backup at `path`.

    With safety_copy the current database is dumped first (label "before-restore"), so a
    wrong file can be undone.
    """
    url = url or database_url()
    path = Path(path)
    inspect(path, url)  # refuse before touching anything
    saved = None
    if safety_copy and _database_exists(url):
        saved = dump(url, default_path(url, label="before-restore")).path
    if _is_sqlite(url):
        result = restore_sqlite(url, path)
    else:
        result = restore_postgres(url, path)
    return Result(result.path, result.revision, result.upgraded_to, saved)


def _database_exists(url: str) -> bool:
    if _is_sqlite(url):
        try:
            inspect_sqlite(sqlite_path(url))
        except BackupError:
            return False  # no file yet, or not (yet) a MigraDo database: nothing to keep
        return True
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return connection.execute(text("SELECT to_regclass('alembic_version')")).scalar() is not None
    finally:
        engine.dispose()


def _confirm(url: str, path: Path) -> bool:
    if not sys.stdin.isatty():
        raise BackupError("restore replaces all data: confirm with --yes when not at a terminal")
    answer = input(f"Replace ALL data of {shown(url)} with {path}? Type 'yes' to go on: ")
    return answer.strip().lower() == "yes"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m data_access.backup",
                                     description="Dump or restore the database named by DATABASE_URL.")
    commands = parser.add_subparsers(dest="command", required=True)
    dump_cmd = commands.add_parser("dump", help="write a backup (default: var/backups/migrado-<time>.*)")
    dump_cmd.add_argument("--to", type=Path, help="file (or folder) to write the backup to")
    restore_cmd = commands.add_parser("restore", help="replace the database's content with a backup")
    restore_cmd.add_argument("path", type=Path)
    restore_cmd.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    restore_cmd.add_argument("--no-safety-copy", action="store_true",
                             help="do not dump the current database before restoring")
    args = parser.parse_args(argv)
    url = database_url()
    try:
        if args.command == "dump":
            result = dump(url, args.to)
            print(f"backup of {shown(url)} (schema revision {result.revision}) written to {result.path}")
            return 0
        revision = inspect(args.path, url)
        if not args.yes and not _confirm(url, args.path):
            print("nothing restored")
            return 1
        result = restore(args.path, url, safety_copy=not args.no_safety_copy)
        if result.safety_copy:
            print(f"the database as it was is kept in {result.safety_copy}")
        print(f"restored {args.path} (schema revision {revision}) into {shown(url)}")
        if result.upgraded_to:
            print(f"schema migrated from {revision} to {result.upgraded_to}")
        return 0
    except BackupError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
