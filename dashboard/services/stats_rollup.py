"""Keep the rollup of finished days (visit_day_rollup) current, at most once a minute.

The check costs one indexed count; rolling up a new day a few milliseconds; the first
build on a large history a second or two, once.
"""

from __future__ import annotations

import datetime as dt
import time

from sqlalchemy.exc import IntegrityError

from dashboard.services.fork_safe import ForkSafeLock
from dashboard.services.unit_of_work import UnitOfWork
from data_access.db import database_url
from planner import clock

EVERY_SECONDS = 60.0

_last: dict[str, float] = {}
_lock = ForkSafeLock()


def ensure_rollup(today: dt.date | None = None) -> None:
    url = database_url()
    now = time.monotonic()
    if now - _last.get(url, float("-inf")) < EVERY_SECONDS:
        return
    with _lock:
        if now - _last.get(url, float("-inf")) < EVERY_SECONDS:
            return
        try:
            with UnitOfWork(url) as work:
                work.rollup.refresh(today or clock.today())
                work.commit()
        except IntegrityError:
            pass  # another worker rolled the same days up first; theirs is as good
        _last[url] = time.monotonic()
