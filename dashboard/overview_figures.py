"""The Overview's figures, read through the visit repository (one hop from page to SQL)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from data_access.db import session_scope
from data_access.demo.reference import OPENED
from data_access.repositories import VisitRepository
from data_access.repositories.statistics import VisitFilter, VisitStatistics

# 52 weeks back lands on the same weekday, which is what a queue office compares with.
LAST_YEAR = dt.timedelta(weeks=52)


@dataclass(frozen=True)
class PlaceFigures:
    location: str
    today: int
    today_last_year: int
    week: int
    week_last_year: int


@dataclass(frozen=True)
class OverviewFigures:
    now: dt.datetime
    places: list[PlaceFigures]
    daily: list[tuple[dt.date, str, int]]
    groups_90: list[tuple[str, str, int]]
    groups_all: list[tuple[str, str, int]]


def overview_figures(now: dt.datetime) -> OverviewFigures:
    today = now.date()
    monday = today - dt.timedelta(days=today.weekday())
    with session_scope() as session:
        visits = VisitRepository(session)
        today_counts = visits.counts_by_location_until(today, now.time())
        last_year_counts = visits.counts_by_location_until(today - LAST_YEAR, now.time())
        # This week: the days before today in full, today up to now.
        week = visits.counts_by_location(monday, today)
        week_ly = visits.counts_by_location(monday - LAST_YEAR, today - LAST_YEAR - dt.timedelta(days=1))
        for code, n in last_year_counts.items():
            week_ly[code] = week_ly.get(code, 0) + n
        places = [
            PlaceFigures(
                code,
                today_counts.get(code, 0),
                last_year_counts.get(code, 0),
                week.get(code, 0),
                week_ly.get(code, 0),
            )
            for code in ("infopoint", "centre")
        ]
        start_90 = today - dt.timedelta(days=89)
        # Through the day-first covering indexes: since opening means every visit.
        stats = VisitStatistics(session)
        return OverviewFigures(
            now=now,
            places=places,
            daily=stats.daily_counts(VisitFilter(start_90, today), by="location"),
            groups_90=stats.totals(VisitFilter(start_90, today)),
            groups_all=stats.totals(VisitFilter(OPENED, today)),
        )
