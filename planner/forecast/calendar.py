"""Which future days a place is open: its usual weekdays minus holidays and closures."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import lru_cache

import pandas as pd

from planner.scenario import ClosedDay, Scenario

# Dortmund lies in North Rhine-Westphalia.
DEFAULT_HOLIDAY_REGION: tuple[str, str] = ("DE", "NW")


@lru_cache(maxsize=64)
def _holidays(country: str, subdiv: str | None, year: int) -> dict[dt.date, str]:
    import holidays  # imported late: building the calendar classes is not free

    return dict(holidays.country_holidays(country, subdiv=subdiv, years=year))


def public_holidays(
    start: dt.date, end: dt.date, region: tuple[str, str | None] | None = DEFAULT_HOLIDAY_REGION
) -> dict[dt.date, str]:
    """Public holidays between start and end (inclusive) in `region` (None: none)."""
    if region is None:
        return {}
    country, subdiv = region
    found: dict[dt.date, str] = {}
    for year in range(start.year, end.year + 1):
        for day, name in _holidays(country, subdiv, year).items():
            if start <= day <= end:
                found[day] = name
    return found


def usual_weekdays(open_days: pd.DatetimeIndex, until: dt.date, weeks: int = 8) -> frozenset[int]:
    """Weekdays on which the place was open on at least half of the last `weeks` weeks.

    Half, not all, so that a few holidays do not drop a weekday from the calendar.
    """
    since = pd.Timestamp(until) - pd.Timedelta(weeks=weeks)
    recent = open_days[open_days > since]
    if len(recent) == 0:
        return frozenset()
    span_weeks = min(weeks, max(1.0, (pd.Timestamp(until) - open_days[0]).days / 7))
    counts = pd.Series(recent.day_of_week).value_counts()
    return frozenset(int(w) for w, n in counts.items() if n >= span_weeks / 2)


def normalise_closures(closures: Iterable[ClosedDay | dt.date | str] | None) -> tuple[ClosedDay, ...]:
    """Accept dates (closed everywhere) or `ClosedDay`s."""
    if not closures:
        return ()
    return tuple(c if isinstance(c, ClosedDay) else ClosedDay(day=c) for c in closures)


def future_days(
    location: str,
    first: dt.date,
    last: dt.date,
    weekdays: frozenset[int],
    *,
    closures: tuple[ClosedDay, ...] = (),
    scenario: Scenario | None = None,
    holiday_region: tuple[str, str | None] | None = DEFAULT_HOLIDAY_REGION,
) -> tuple[list[dt.date], list[tuple[dt.date, str]]]:
    """Open days and closed days (with the reason) of one place between first and last."""
    holidays_in_range = public_holidays(first, last, holiday_region)
    open_, closed = [], []
    day = first
    while day <= last:
        reason = None
        if day.weekday() not in weekdays:
            reason = "usually closed"
        elif day in holidays_in_range:
            reason = f"public holiday: {holidays_in_range[day]}"
        else:
            for c in closures:
                if c.applies(location, day):
                    reason = c.reason or "closure"
                    break
            if reason is None and scenario is not None and scenario.is_closed(location, day):
                reason = "closed in scenario"
        if reason is None:
            open_.append(day)
        else:
            closed.append((day, reason))
        day += dt.timedelta(days=1)
    return open_, closed
