"""Today's forecast run: made once a day from history up to yesterday, stored, then reused.

The Overview asks for it every 30 seconds and Trends shows it; neither may refit the model
each time. A run is looked up in memory, then in the database (another worker or an
earlier start may have stored it), and only then computed with the planner and stored.
Alongside it we keep what the live estimate needs: the staffing requirement per slot and
the mean service time per place, both from the same history.
"""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass

import pandas as pd

from dashboard.services.cache import cached
from dashboard.services.unit_of_work import UnitOfWork
from data_access.db import database_url
from data_access.repositories.forecasts import ForecastPoint
from planner import clock
from planner.forecast import ClosedDay, forecast_arrivals
from planner.staffing import ReceptionRule, staffing_requirement

METHOD = "ets"
HORIZON_WEEKS = 6
HISTORY_DAYS = 3 * 365
MIX_DAYS = 91


@dataclass(frozen=True)
class DailyForecast:
    """One stored run and what the pages derive from it for one day."""

    run_id: int
    created_at: dt.datetime
    history_until: dt.date
    slots: list[ForecastPoint]  # today's slots, all places
    days: list[ForecastPoint]  # daily totals of the whole horizon, all places
    requirement: pd.DataFrame  # location, slot_start, role, required (fractional), staff
    service_minutes: dict[str, float]  # mean minutes of advice per place (concern mix weighted)


# A day's run is made from history up to yesterday and never changes during the day: the
# cache keeps it for the day it is keyed by (a day and a database, a couple of entries).
DAY_SECONDS = 24 * 3600
_lock = threading.Lock()


def daily_forecast(today: dt.date | None = None) -> DailyForecast | None:
    """The forecast for `today` (default: the current day); None without any history."""
    today = today or clock.today()
    with _lock:  # one computation (and one stored run) per process, not one per concurrent request
        found = _daily_forecast(database_url(), today)
        if found is None:
            _daily_forecast.cache_clear()  # no history yet: look again next time, an import may bring it
        return found


@cached(seconds=DAY_SECONDS, maxsize=4)
def _daily_forecast(url: str, today: dt.date) -> DailyForecast | None:
    return _load_or_compute(url, today)


def _load_or_compute(url: str, today: dt.date) -> DailyForecast | None:
    until = today - dt.timedelta(days=1)
    with UnitOfWork(url) as work:
        runs = work.forecasts
        run = runs.latest(until, METHOD, HORIZON_WEEKS)
        planning = work.planning
        mixes = planning.mixes(until - dt.timedelta(days=MIX_DAYS), until)
        if run is None:
            history = planning.slot_counts(until - dt.timedelta(days=HISTORY_DAYS), until)
            if history.empty:
                return None
            closures = planning.closures(today, today + dt.timedelta(weeks=HORIZON_WEEKS))
            hours = {
                place: {wd: (_time(o), _time(c)) for wd, (o, c) in days.items()}
                for place, days in planning.opening(today).items()
            }
            result = forecast_arrivals(
                history, HORIZON_WEEKS, count_col="count", time_col="slot_start", history_until=until,
                closures=[ClosedDay(day=d, location=place, reason=reason) for d, place, reason in closures],
                opening_hours=hours, method=METHOD,
            )
            run_id = runs.save(result.run_record(), result.slots, result.daily, clock.now())
            work.commit()  # stored for the other workers and the next start
            run = runs.get(run_id)
        start = dt.datetime.combine(today, dt.time())
        slots = runs.slots(run.id, start, start + dt.timedelta(days=1))
        days = runs.days(run.id)
        created_at, history_until, run_id = run.created_at, run.history_until, run.id
    requirement = _requirement(slots, mixes)
    minutes = {
        place: sum(mixes["concern_mix"][place][c] * m for c, m in per_concern.items())
        / max(sum(mixes["concern_mix"][place].values()), 1e-9)
        for place, per_concern in mixes["service_minutes"].items()
    }
    return DailyForecast(run_id, created_at, history_until, slots, days, requirement, minutes)


def _requirement(slots: list[ForecastPoint], mixes: dict) -> pd.DataFrame:
    columns = ["location", "slot_start", "role", "required", "staff"]
    if not slots or not mixes["concern_mix"]:
        return pd.DataFrame(columns=columns)
    frame = pd.DataFrame(
        {"location": [s.location for s in slots], "slot_start": [pd.Timestamp(s.at) for s in slots],
         "expected": [s.expected for s in slots]}
    )
    frame = frame[frame["location"].isin(mixes["concern_mix"].keys())]
    result = staffing_requirement(
        frame, mixes["service_minutes"], mixes["concern_mix"], reception=ReceptionRule(), slot_minutes=30
    )
    return result.requirements[columns]


def _time(minutes: int) -> dt.time:
    return dt.time(minutes // 60, minutes % 60)


def clear_cache() -> None:
    """Forget the in-process runs (tests; after an import of history)."""
    _daily_forecast.cache_clear()
