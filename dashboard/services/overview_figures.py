"""The Overview's figures, read through the visit repository (one hop from page to SQL)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from dashboard.services.stats_rollup import ensure_rollup
from dashboard.services.unit_of_work import UnitOfWork
from data_access.demo.reference import OPENED
from data_access.repositories.statistics import VisitFilter

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


def place_figures(now: dt.datetime) -> list[PlaceFigures]:
    """Today and this week per place against the same days 52 weeks earlier (cheap: a few days)."""
    today = now.date()
    monday = today - dt.timedelta(days=today.weekday())
    with UnitOfWork() as work:
        visits = work.visits
        today_counts = visits.counts_by_location_until(today, now.time())
        last_year_counts = visits.counts_by_location_until(today - LAST_YEAR, now.time())
        # This week: the days before today in full, today up to now.
        week = visits.counts_by_location(monday, today)
        week_ly = visits.counts_by_location(monday - LAST_YEAR, today - LAST_YEAR - dt.timedelta(days=1))
    for code, n in last_year_counts.items():
        week_ly[code] = week_ly.get(code, 0) + n
    return [
        PlaceFigures(code, today_counts.get(code, 0), last_year_counts.get(code, 0), week.get(code, 0),
                     week_ly.get(code, 0))
        for code in ("infopoint", "centre")
    ]


_ORDER = {"infopoint": 0, "centre": 1}


def overview_figures(now: dt.datetime) -> OverviewFigures:
    today = now.date()
    start_90 = today - dt.timedelta(days=89)
    ensure_rollup(today)
    with UnitOfWork() as work:
        stats = work.statistics
        # One scan of the 90 days by day, place and group gives the chart and the table.
        cells = stats.daily_place_group_counts(VisitFilter(start_90, today))
        # Since opening = every visit: finished days come from the rollup, today from visits.
        groups_all = stats.totals(VisitFilter(OPENED, today))
    per_day: dict[tuple[dt.date, str], int] = {}
    groups: dict[tuple[str, str], int] = {}
    for day, loc, grp, n in cells:
        per_day[(day, loc)] = per_day.get((day, loc), 0) + n
        groups[(loc, grp)] = groups.get((loc, grp), 0) + n
    daily = [(d, loc, n) for (d, loc), n in sorted(per_day.items(), key=lambda kv: (kv[0][0], _ORDER.get(kv[0][1], 9)))]
    groups_90 = [(loc, grp, n) for (loc, grp), n in sorted(groups.items())]
    return OverviewFigures(now=now, places=place_figures(now), daily=daily, groups_90=groups_90,
                           groups_all=groups_all)
