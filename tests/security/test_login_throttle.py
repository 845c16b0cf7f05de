"""Failed logins are counted atomically per name, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import threading

from dashboard.services import login_throttle
from dashboard.services.login_throttle import LIMIT, LONGEST_BLOCK, block_length, sign_in
from dashboard.services.unit_of_work import UnitOfWork

NOW = dt.datetime(2026, 12, 4, 10, 0)


def _units(url):
    return lambda: UnitOfWork(url)


def test_parallel_guesses_cannot_overtake_the_count(migrated_url):
    """20 guesses at once: at most LIMIT of them get their password checked."""
    checked = []
    lock = threading.Lock()
    start = threading.Barrier(20)

    def wrong(name, password):
        with lock:
            checked.append(password)
        return None

    def guess(i):
        start.wait()
        sign_in("kollegin", f"guess-{i}", wrong, now=NOW, units=_units(migrated_url))

    threads = [threading.Thread(target=guess, args=(i,)) for i in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert 1 <= len(checked) <= LIMIT
    # And while blocked, the right password is not even looked at.
    assert sign_in("kollegin", "right", lambda n, p: "user", now=NOW, units=_units(migrated_url)) is None


def test_a_block_is_short_grows_and_ends(migrated_url):
    units = _units(migrated_url)
    calls = []

    def wrong(name, password):
        calls.append(password)
        return None

    now = NOW
    for _ in range(LIMIT):
        assert sign_in("Kollege", "x", wrong, now=now, units=units) is None
    assert len(calls) == LIMIT
    # Blocked for the first block only (a minute), for every spelling of the name.
    assert sign_in("kollege ", "x", wrong, now=now + dt.timedelta(seconds=30), units=units) is None
    assert len(calls) == LIMIT
    now += block_length(0)
    for _ in range(LIMIT):
        sign_in("kollege", "x", wrong, now=now, units=units)
    assert len(calls) == 2 * LIMIT
    # The second block lasts longer; none lasts longer than LONGEST_BLOCK.
    assert sign_in("kollege", "ok", lambda n, p: "user", now=now + block_length(0), units=units) is None
    assert block_length(1) > block_length(0)
    assert block_length(50) == LONGEST_BLOCK
    later = now + block_length(1)
    assert sign_in("kollege", "ok", lambda n, p: "user", now=later, units=units) == "user"
    # A success clears the count: five more failures are needed for the next block.
    for _ in range(LIMIT - 1):
        sign_in("kollege", "x", wrong, now=later, units=units)
    assert sign_in("kollege", "ok", lambda n, p: "user", now=later, units=units) == "user"


def test_unknown_names_are_counted_like_known_ones(migrated_url):
    units = _units(migrated_url)
    for _ in range(LIMIT):
        sign_in("niemand", "x", lambda n, p: None, now=NOW, units=units)
    seen = []
    sign_in("niemand", "x", lambda n, p: seen.append(p), now=NOW, units=units)
    assert seen == []


def test_a_blocked_attempt_costs_a_password_hash(monkeypatch, migrated_url):
    """Same timing: a blocked name still computes one hash, as a checked one does."""
    units = _units(migrated_url)
    for _ in range(LIMIT):
        sign_in("langsam", "x", lambda n, p: None, now=NOW, units=units)
    hashed = []
    monkeypatch.setattr(login_throttle, "check_password_hash", lambda h, p: hashed.append(p) or False)
    assert sign_in("langsam", "geheim", lambda n, p: "user", now=NOW, units=units) is None
    assert hashed == ["geheim"]
