"""Stop requests for running solves, shared between the web process and the solve job.

A background job runs in another process (or on a Celery worker on another host); the
stop button writes a flag the job polls, so the solver ends cleanly and its best plan is
kept, instead of the job being killed and the plan lost. Kept results (e.g. a rotation
between "build" and "roll out") live here too, as the next request may reach another
web worker.

With REDIS_URL set the store is Redis (shared across hosts); otherwise a disk cache under
var/ (shared by the processes of one machine).
"""

from __future__ import annotations

import os
import pickle
import threading
from pathlib import Path

from dashboard.services.fork_safe import ForkSafeLock

_CACHE_DIR = Path(__file__).resolve().parents[2] / "var" / "solve-control"
_TTL_SECONDS = 3600
_PREFIX = "migrado:solve:"


class _DiskStore:
    def __init__(self) -> None:
        import diskcache

        self.cache = diskcache.Cache(str(_CACHE_DIR))

    def set(self, key: str, value) -> None:
        self.cache.set(key, value, expire=_TTL_SECONDS)

    def get(self, key: str):
        return self.cache.get(key)

    def delete(self, key: str) -> None:
        self.cache.delete(key)


class _RedisStore:
    def __init__(self, url: str) -> None:
        import redis

        self.client = redis.Redis.from_url(url)

    def set(self, key: str, value) -> None:
        # Values are our own objects (a rotation), written and read by this code only.
        self.client.set(_PREFIX + key, pickle.dumps(value), ex=_TTL_SECONDS)

    def get(self, key: str):
        raw = self.client.get(_PREFIX + key)
        return pickle.loads(raw) if raw is not None else None

    def delete(self, key: str) -> None:
        self.client.delete(_PREFIX + key)


_STORES: dict[str, object] = {}  # "pid:REDIS_URL" -> store
_LOCK = ForkSafeLock()


def _store():
    """One store per setting and process (a connection pool for Redis, a handle for disk)."""
    url = os.environ.get("REDIS_URL", "").strip()
    # Keyed by process too: a forked job must not share its parent's connections.
    key = f"{os.getpid()}:{url}"
    with _LOCK:
        store = _STORES.get(key)
        if store is None:
            store = _STORES[key] = _RedisStore(url) if url else _DiskStore()
        return store


def request_stop(key: str) -> None:
    _store().set(f"stop:{key}", True)


def clear(key: str) -> None:
    _store().delete(f"stop:{key}")


def stop_requested(key: str) -> bool:
    return bool(_store().get(f"stop:{key}"))


def watch(key: str, poll_seconds: float = 0.5) -> tuple[threading.Event, threading.Event]:
    """An event set once a stop is requested for `key`; set the second event to stop watching."""
    stop, done = threading.Event(), threading.Event()

    def poll() -> None:
        while not done.wait(poll_seconds):
            if stop_requested(key):
                stop.set()
                return

    threading.Thread(target=poll, daemon=True).start()
    return stop, done


def remember(key: str, value) -> None:
    """Keep a result (e.g. a rotation) on the server for the next step of the same user."""
    _store().set(f"keep:{key}", value)


def recall(key: str):
    return _store().get(f"keep:{key}")
