"""Sign-in with a throttle per login name that parallel guesses cannot overtake.

Every attempt first takes a place in the database (one atomic statement, committed before
the password is checked); at most LIMIT attempts per name run in a row without a success.
When the last place fails, the name is blocked: for FIRST_BLOCK, doubling with each block in
a row up to LONGEST_BLOCK. So a guesser gets at most LIMIT tries per LONGEST_BLOCK (20 an
hour), while someone who locks a colleague out on purpose keeps them out only as long as
they keep trying, and a minute after the first five (the limit per address,
dashboard/web/security.py, caps how fast one address can do that).

Unknown names, blocked names and wrong passwords give the same result (None) at the same
cost: a blocked attempt still computes one password hash.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import TypeVar

from werkzeug.security import check_password_hash

from dashboard.services.unit_of_work import UnitOfWork
from planner import clock

LIMIT = 5
FIRST_BLOCK = dt.timedelta(minutes=1)
LONGEST_BLOCK = dt.timedelta(minutes=15)
# A run of failures is forgotten after this much quiet, blocks in a row after a day.
STALE_AFTER = dt.timedelta(minutes=15)
FORGET_AFTER = dt.timedelta(days=1)
# The same kind of hash as the stored ones: a refused attempt costs what a checked one does.
_DUMMY_HASH = "scrypt:32768:8:1$cXZ2bVhrbVJlY0JH$" + "0" * 128

log = logging.getLogger(__name__)
User = TypeVar("User")


def block_length(lockouts: int) -> dt.timedelta:
    """How long the next block lasts after `lockouts` blocks in a row."""
    return min(FIRST_BLOCK * (2 ** min(lockouts, 16)), LONGEST_BLOCK)


def sign_in(login: str, password: str, check: Callable[[str, str], User | None], *,
            now: dt.datetime | None = None, units: Callable[[], UnitOfWork] = UnitOfWork) -> User | None:
    """The user `check` finds for the credentials, or None (wrong, unknown or blocked alike).

    `check` verifies the password (dashboard.web.auth.authenticate); `units` makes the two
    short units of work (tests pass fakes).
    """
    now = now or clock.now()
    with units() as work:
        reservation = work.login_attempts.reserve(login, now, limit=LIMIT, stale_after=STALE_AFTER,
                                                  forget_after=FORGET_AFTER)
        work.commit()  # the place is taken before the password is looked at
    if reservation is None:
        check_password_hash(_DUMMY_HASH, password)
        return None
    user = check(login, password)
    with units() as work:
        if user is not None:
            work.login_attempts.clear(login)
            work.login_attempts.forget_before(now - FORGET_AFTER)
        elif reservation.attempt >= LIMIT:
            until = now + block_length(reservation.lockouts)
            if work.login_attempts.block(reservation, until, limit=LIMIT):
                log.warning("login blocked until %s after %d failed attempts", until.isoformat(), LIMIT)
        work.commit()
    return user
