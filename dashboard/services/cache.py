"""The one cache of the service layer: results kept for a stated number of seconds.

    @cached(seconds=20)
    def figure_rows(filters: VisitFilter) -> list[Row]: ...

Each use names its staleness where it is declared; a change that must show at once calls
`clear_all()` (tests, imports, publishing). Per process: every web worker keeps its own
copy, so a figure may be `seconds` old in one worker and fresh in another. Arguments must
be hashable. Thread-safe: Dash serves callbacks on several threads.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TypeVar

from cachetools import TTLCache

from dashboard.services.fork_safe import ForkSafeLock

T = TypeVar("T")

_CACHES: list[TTLCache] = []


def cached(seconds: float, maxsize: int = 64) -> Callable[[Callable[..., T]], Callable[..., T]]:
    """Keep a function's results per arguments for `seconds` (at most `maxsize` of them)."""

    def wrap(function: Callable[..., T]) -> Callable[..., T]:
        store: TTLCache = TTLCache(maxsize=maxsize, ttl=seconds)
        lock = ForkSafeLock()
        _CACHES.append(store)

        @functools.wraps(function)
        def call(*args, **kwargs) -> T:
            key = (args, tuple(sorted(kwargs.items())))
            with lock:
                if key in store:
                    return store[key]
            value = function(*args, **kwargs)  # outside the lock: a slow query blocks no one else
            with lock:
                store[key] = value
            return value

        call.cache_clear = store.clear  # type: ignore[attr-defined]
        return call

    return wrap


def clear_all() -> None:
    """Forget every cached result (after an import, in tests)."""
    for store in _CACHES:
        store.clear()
