"""A lock held by another thread when a background job forks is free in the job."""

from __future__ import annotations

import os
import threading

import pytest

from dashboard.services.fork_safe import ForkSafeLock

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")


def _child_can_take(lock) -> bool:
    """Fork while another thread holds `lock`; True when the child acquires it within 2 s."""
    held, release = threading.Event(), threading.Event()

    def hold() -> None:
        with lock:
            held.set()
            release.wait(10)

    holder = threading.Thread(target=hold, daemon=True)
    holder.start()
    held.wait(5)
    pid = os.fork()
    if pid == 0:  # the job: only this thread exists here
        inner = lock._lock if isinstance(lock, ForkSafeLock) else lock
        os._exit(0 if inner.acquire(timeout=2) else 1)
    release.set()
    holder.join(5)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status) == 0


def test_a_fork_safe_lock_is_free_in_the_forked_job():
    assert _child_can_take(ForkSafeLock())


def test_a_plain_lock_would_stay_taken_in_the_forked_job():
    # The failure ForkSafeLock exists for: without it the job waits for ever.
    assert not _child_can_take(threading.Lock())


def test_the_lock_still_excludes_threads_in_one_process():
    lock = ForkSafeLock()
    with lock:
        assert lock.locked()
    assert not lock.locked()
