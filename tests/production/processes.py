"""Start production mode's processes for a test: gunicorn web servers and a Celery worker."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
REDIS_TEST_URL = os.environ.get("MIGRADO_TEST_REDIS_URL", "redis://127.0.0.1:6379/14")


def redis_reachable(url: str = REDIS_TEST_URL) -> str | None:
    """None when Redis answers, else the reason it does not."""
    try:
        import redis
    except ImportError:
        return "the redis package is not installed (pip install -e '.[prod]')"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except Exception as error:  # noqa: BLE001 - any failure means "not reachable"
        return f"Redis at {url} not reachable: {error.__class__.__name__}"
    return None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def production_env(database_url: str, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url, REDIS_URL=REDIS_TEST_URL,
        MIGRADO_SECRET_KEY="test-" + uuid.uuid4().hex,  # one key for every process
        MIGRADO_CELERY_QUEUE=f"migrado-test-{uuid.uuid4().hex[:8]}",  # no one else's jobs
        MIGRADO_SECURE_COOKIES="0", PYTHONUNBUFFERED="1",
    )
    env.update(extra)
    return env


class Processes:
    """Processes started for one test module, each in a process group of its own."""

    def __init__(self, log_dir: Path) -> None:
        self.log_dir = log_dir
        self.started: list[subprocess.Popen] = []

    def start(self, name: str, argv: list[str], env: dict[str, str]) -> subprocess.Popen:
        log = open(self.log_dir / f"{name}.log", "w")  # noqa: SIM115 - closed with the process
        proc = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                                start_new_session=True)
        self.started.append(proc)
        return proc

    def web(self, name: str, env: dict[str, str], workers: int = 1) -> str:
        port = free_port()
        env = {**env, "MIGRADO_BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": str(workers)}
        self.start(name, [str(BIN / "gunicorn"), "-c", "deploy/gunicorn.conf.py", "app:server"], env)
        return f"http://127.0.0.1:{port}"

    def celery(self, name: str, env: dict[str, str]) -> subprocess.Popen:
        return self.start(name, [str(BIN / "celery"), "-A", "worker", "worker", "--concurrency", "1",
                                 "--loglevel", "info", "--without-mingle", "--without-gossip",
                                 "-Q", env["MIGRADO_CELERY_QUEUE"], "--hostname", f"{name}@%h"], env)

    def log(self, name: str) -> str:
        return (self.log_dir / f"{name}.log").read_text(errors="replace")

    def stop(self) -> None:
        for proc in self.started:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        for proc in self.started:
            try:
                proc.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(5)


def wait_until_up(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if requests.get(url + "/login", timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.3)
    raise TimeoutError(f"{url} did not come up in {seconds} s")


def wait_for_log(processes: Processes, name: str, needle: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if needle in processes.log(name):
            return
        time.sleep(0.3)
    raise TimeoutError(f"{name} did not log {needle!r} in {seconds} s:\n{processes.log(name)[-2000:]}")
