"""Stop requests for running solves, shared between the web process and the solve job.

A background job runs in another process (or on a Celery worker); the stop button
writes a flag the job polls, so the solver ends cleanly and its best plan is kept,
instead of the job being killed and the plan lost.
"""

from __future__ import annotations

import threading
from pathlib import Path

import diskcache

_CACHE_DIR = Path(__file__).resolve().parents[2] / "var" / "solve-control"
_TTL_SECONDS = 3600


def _cache() -> diskcache.Cache:
    return diskcache.Cache(str(_CACHE_DIR))


def request_stop(key: str) -> None:
    with _cache() as cache:
        cache.set(f"stop:{key}", True, expire=_TTL_SECONDS)


def clear(key: str) -> None:
    with _cache() as cache:
        cache.delete(f"stop:{key}")


def watch(key: str, poll_seconds: float = 0.5) -> tuple[threading.Event, threading.Event]:
    """An event set once a stop is requested for `key`; set the second event to stop watching."""
    stop, done = threading.Event(), threading.Event()

    def poll() -> None:
        with _cache() as cache:
            while not done.wait(poll_seconds):
                if cache.get(f"stop:{key}"):
                    stop.set()
                    return

    threading.Thread(target=poll, daemon=True).start()
    return stop, done


def remember(key: str, value) -> None:
    """Keep a result (e.g. a rotation) on the server for the next step of the same user."""
    with _cache() as cache:
        cache.set(f"keep:{key}", value, expire=_TTL_SECONDS)


def recall(key: str):
    with _cache() as cache:
        return cache.get(f"keep:{key}")
