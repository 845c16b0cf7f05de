"""The visit statistics the Trends page draws: one function per query, briefly cached.

dashboard/trends/data.py turns these into figures (table, summary, points). Results are
at most MIGRADO_STATS_CACHE_SECONDS old (default 20, read at start; 0, even set later,
turns the cache off): less than the Overview's refresh, so a new check-in is never hidden
longer than that. The finished days' rollup is brought up to date before a query.

The filter type, the wait buckets and the demo's dates the page's controls offer are
re-exported here, so the page needs nothing from data_access.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from typing import Any

from dashboard.services.cache import cached
from dashboard.services.stats_rollup import ensure_rollup
from dashboard.services.unit_of_work import UnitOfWork
from data_access.db import database_url
from data_access.demo.reference import OPENED
from data_access.demo.visits import FIRST_YEAR_END
from data_access.imports.cells import FORMULA_PREFIXES
from data_access.repositories.statistics import WAIT_BUCKETS, VisitFilter

__all__ = [
    "FIRST_YEAR_END", "FORMULA_PREFIXES", "OPENED", "WAIT_BUCKETS", "VisitFilter", "cache_seconds", "StepRow",
    "step_figures",
    "daily_counts", "daily_video", "daily_wait_stats", "service_by_concern", "totals", "value_lists",
    "wait_buckets", "weekday_slot_counts",
]

DEFAULT_CACHE_SECONDS = 20.0
VALUE_LIST_SECONDS = 600  # the concerns and languages the selects offer change with imports only


def cache_seconds() -> float:
    try:
        return float(os.environ.get("MIGRADO_STATS_CACHE_SECONDS", str(DEFAULT_CACHE_SECONDS)))
    except ValueError:
        return DEFAULT_CACHE_SECONDS


def _read(url: str, method: str, args: tuple) -> Any:
    ensure_rollup()
    with UnitOfWork(url) as work:
        return getattr(work.statistics, method)(*args)


@cached(seconds=max(cache_seconds(), 0.001), maxsize=512)
def _cached_read(url: str, method: str, args: tuple) -> Any:
    return _read(url, method, args)


def _statistic(method: str, *args, uow: UnitOfWork | None = None) -> Any:
    """VisitStatistics.<method>(*args) on the current database, cached per arguments; on
    `uow` when one is given (uncached: a test's fake, or a caller's own transaction)."""
    if uow is not None:
        with uow as work:
            return getattr(work.statistics, method)(*args)
    read = _cached_read if cache_seconds() > 0 else _read
    return read(database_url(), method, args)


def totals(f: VisitFilter, *, uow: UnitOfWork | None = None) -> list[tuple[str, str, int]]:
    """(place, target group, visits) in the filter's range."""
    return _statistic("totals", f, uow=uow)


def first_day(locations: tuple[str, ...] = (), *, uow: UnitOfWork | None = None) -> dt.date | None:
    """The first day the centre has visits for (at `locations`): before it there is nothing to compare."""
    return _statistic("first_day", locations, uow=uow)


def daily_counts(f: VisitFilter, by: str = "location", *,
                 uow: UnitOfWork | None = None) -> list[tuple[dt.date, str, int]]:
    """(day, value of `by`, visits) per day."""
    return _statistic("daily_counts", f, by, uow=uow)


def weekday_slot_counts(f: VisitFilter, *, uow: UnitOfWork | None = None) -> dict[tuple[int, int], int]:
    """Arrivals per (weekday, half-hour slot of the day)."""
    return _statistic("weekday_slot_counts", f, uow=uow)


def wait_buckets(f: VisitFilter, *, uow: UnitOfWork | None = None) -> list[int]:
    """People seen per wait bucket (WAIT_BUCKETS)."""
    return _statistic("wait_buckets", f, uow=uow)


def daily_wait_stats(f: VisitFilter, *,
                     uow: UnitOfWork | None = None) -> list[tuple[dt.date, int, float, float]]:
    """(day, seen, total minutes waited, 90th percentile wait) per day."""
    return _statistic("daily_wait_stats", f, uow=uow)


def service_by_concern(f: VisitFilter, *, uow: UnitOfWork | None = None) -> list[tuple[str, int, float]]:
    """(concern, served, mean minutes of advice)."""
    return _statistic("service_by_concern", f, uow=uow)


def daily_video(f: VisitFilter, *, uow: UnitOfWork | None = None) -> list[tuple[dt.date, int, int]]:
    """(day, seen, with video interpretation) per day."""
    return _statistic("daily_video", f, uow=uow)


def value_lists() -> tuple[list[str], list[str]]:
    """The concerns and languages recorded, for the page's selects."""
    return _value_lists(database_url())


@cached(seconds=VALUE_LIST_SECONDS, maxsize=8)
def _value_lists(url: str) -> tuple[list[str], list[str]]:
    with UnitOfWork(url) as work:
        return work.statistics.values("concern"), work.statistics.values("language")


@dataclass(frozen=True)
class StepRow:
    """The queue's steps at one place, desk and queue (desk None: steps not called yet)."""

    place: str  # the place's code
    desk: str | None
    queue_code: str
    steps: int
    served: int
    referred: int
    no_show: int
    mean_wait_minutes: float | None
    mean_service_minutes: float | None
    parked_minutes: float


def _steps(url: str, f: VisitFilter) -> list[StepRow]:
    with UnitOfWork(url) as work:
        codes = {loc.id: loc.code for loc in work.checkin.locations()}
        found = work.queue.step_figures(f.start, f.end, location_codes=f.locations, target_groups=f.target_groups,
                                        concerns=f.concerns, languages=f.languages)
    return [StepRow(codes.get(s.location_id, str(s.location_id)), s.desk, s.queue_code, s.steps, s.served,
                    s.referred, s.no_show, s.mean_wait_minutes, s.mean_service_minutes, s.parked_minutes)
            for s in found]


@cached(seconds=max(cache_seconds(), 0.001), maxsize=64)
def _cached_steps(url: str, f: VisitFilter) -> list[StepRow]:
    return _steps(url, f)


def step_figures(f: VisitFilter, *, url: str | None = None) -> list[StepRow]:
    """The walk-in queue's steps of the filter's visits, per place, desk and queue: waiting and
    service minutes, referrals on, no-shows, minutes stepped out (cached as the other figures)."""
    read = _cached_steps if cache_seconds() > 0 else _steps
    return read(url or database_url(), f)
