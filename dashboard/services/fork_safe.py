"""Locks that a forked background job does not inherit in the locked state.

The embedded job manager forks a process per solve or rotation while the web server's
other threads keep working. A plain `threading.Lock` held by one of those threads at the
moment of the fork stays locked in the child for ever (the thread that would release it
does not exist there), and the job hangs on its first cached read. These locks are
replaced by fresh ones in every forked child.
"""

from __future__ import annotations

import os
import threading
import weakref


class ForkSafeLock:
    """A `threading.Lock` for `with` blocks, renewed (unlocked) in a forked child."""

    __slots__ = ("_lock", "__weakref__")

    def __init__(self) -> None:
        self._lock = threading.Lock()
        _LOCKS.add(self)

    def __enter__(self) -> bool:
        return self._lock.acquire()

    def __exit__(self, *_exc) -> None:
        self._lock.release()

    def locked(self) -> bool:
        return self._lock.locked()

    def _renew(self) -> None:
        self._lock = threading.Lock()


_LOCKS: weakref.WeakSet[ForkSafeLock] = weakref.WeakSet()


def _renew_all() -> None:
    for lock in list(_LOCKS):
        lock._renew()


os.register_at_fork(after_in_child=_renew_all)
