"""The servers of the load benchmark: a fresh database and the app in one of its two modes.

embedded: `python app.py`, one process (Flask's threaded server), as `make run` serves it.
production: gunicorn with its workers (deploy/gunicorn.conf.py), as `make serve-prod` does.
"""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import requests
from sqlalchemy import create_engine, text

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"
BIN = Path(sys.executable).parent
POSTGRES_URL = os.environ.get("MIGRADO_BENCH_POSTGRES_URL", "postgresql+psycopg://root@127.0.0.1:5432/test")
REDIS_URL = os.environ.get("MIGRADO_BENCH_REDIS_URL", "redis://127.0.0.1:6379/15")
# A small history is enough: the load is about today's writes, the Overview reads today.
HISTORY_SCALE = 0.05


@dataclass
class Database:
    kind: str  # "sqlite" or "postgresql"
    url: str
    cleanup: list = field(default_factory=list)
    application_name: str | None = None  # PostgreSQL: names the server's connections

    def backend_cpu_seconds(self) -> float | None:
        """CPU time of the PostgreSQL backends serving this database's server so far (Linux)."""
        if self.application_name is None:
            return None
        engine = create_engine(POSTGRES_URL)
        try:
            with engine.connect() as connection:
                pids = connection.execute(text("SELECT pid FROM pg_stat_activity WHERE application_name = :name"),
                                          {"name": self.application_name}).scalars().all()
        finally:
            engine.dispose()
        return cpu_seconds(pids)

    def drop(self) -> None:
        from data_access.db import dispose_engines

        dispose_engines()
        for step in self.cleanup:
            step()


def cpu_seconds(pids) -> float | None:
    """User and system CPU time of these processes so far, from /proc (None where there is none)."""
    if not os.path.isdir("/proc/self"):
        return None
    total = 0.0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:  # ended meanwhile
            continue
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def process_group(pgid: int) -> list[int]:
    """The processes of a process group (the server's master, workers and their helpers)."""
    found = []
    for entry in os.listdir("/proc") if os.path.isdir("/proc/self") else ():
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    if int(stat.read().rsplit(")", 1)[1].split()[2]) == pgid:
                        found.append(int(entry))
            except (OSError, ValueError, IndexError):
                continue
    return found


def postgres_reachable() -> str | None:
    try:
        engine = create_engine(POSTGRES_URL)
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        engine.dispose()
    except Exception as error:  # noqa: BLE001 - any failure means "not reachable"
        return f"{error.__class__.__name__}"
    return None


def fresh_database(kind: str) -> Database:
    """An empty database of its own, migrated and filled with a small demo history."""
    from data_access.db import session_scope
    from data_access.demo.loader import fill
    from data_access.migrate import upgrade

    if kind == "sqlite":
        BENCH_DIR.mkdir(parents=True, exist_ok=True)
        path = BENCH_DIR / f"load-{uuid.uuid4().hex[:8]}.db"
        database = Database(kind, f"sqlite:///{path}")
        database.cleanup.append(lambda: [p.unlink(missing_ok=True) for p in path.parent.glob(path.name + "*")])
    else:
        schema = f"migrado_load_{uuid.uuid4().hex[:8]}"
        admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        separator = "&" if "?" in POSTGRES_URL else "?"
        database = Database(kind, f"{POSTGRES_URL}{separator}options=-csearch_path%3D{schema}"
                                  f"&application_name={schema}", application_name=schema)

        def drop_schema() -> None:
            with admin.connect() as connection:
                connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
            admin.dispose()

        database.cleanup.append(drop_schema)
    upgrade(database.url)
    with session_scope(database.url) as session:
        fill(session, seed=1, scale=HISTORY_SCALE)
    return database


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """The app in one mode, in a process group of its own (stopped with all its workers)."""

    def __init__(self, mode: str, database_url: str, workers: int) -> None:
        self.mode = mode
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = dict(os.environ, DATABASE_URL=database_url, MIGRADO_SECRET_KEY=secrets.token_hex(16),
                   MIGRADO_SECURE_COOKIES="0", PYTHONUNBUFFERED="1")
        env.pop("REDIS_URL", None)
        if mode == "embedded":
            env.update(MIGRADO_HOST="127.0.0.1", MIGRADO_PORT=str(self.port))
            argv = [str(BIN / "python"), "app.py"]
        else:
            # Production mode as configured: REDIS_URL switches solves to Celery (no solve
            # runs here, so no Celery worker is needed for this load).
            env.update(MIGRADO_BIND=f"127.0.0.1:{self.port}", WEB_CONCURRENCY=str(workers), REDIS_URL=REDIS_URL)
            argv = [str(BIN / "gunicorn"), "-c", "deploy/gunicorn.conf.py", "app:server"]
        BENCH_DIR.mkdir(parents=True, exist_ok=True)
        self.log_path = BENCH_DIR / f"load-{mode}.log"
        self._log = open(self.log_path, "w")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=self._log, stderr=subprocess.STDOUT,
                                        start_new_session=True)

    def wait_ready(self, seconds: float = 90) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.mode} server ended: see {self.log_path}")
            try:
                if requests.get(self.url + "/login", timeout=2).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.3)
        raise TimeoutError(f"{self.mode} server did not start in {seconds} s: see {self.log_path}")

    def cpu_seconds(self) -> float | None:
        """CPU time of the server's processes so far (its own process group; Linux)."""
        return cpu_seconds(process_group(self.process.pid))

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(5)
        self._log.close()
