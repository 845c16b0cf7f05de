"""The stored forecast: one run per history (up to yesterday), made once, reused by every page.

The Overview asks for today's run every 30 seconds, Trends shows it, the Planner plans its
weeks from it: all through `stored_run`, with the one `planner.demand.DEMAND` settings
object, so a day has one forecast wherever it is shown. A run is looked up in memory, then
in the database (another worker or an earlier start may have stored it; the settings'
fingerprint is part of the stored method), and only then computed with the planner and
stored, with the method it chose per place and level and that method's backtest error.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

import pandas as pd

from dashboard.services.cache import cached
from dashboard.services.fork_safe import ForkSafeLock
from dashboard.services.unit_of_work import UnitOfWork
from data_access.db import database_url
from data_access.repositories.forecasts import ForecastPoint
from planner import clock
from planner import demand as pipeline
from planner.forecast import ClosedDay

DEMAND = pipeline.DEFAULT
# A run stays valid for the day it was made for; kept a day in each worker's memory.
DAY_SECONDS = 24 * 3600
HORIZON_WEEKS = DEMAND.horizon_weeks


@dataclass(frozen=True)
class StoredRun:
    """A stored forecast run: its slots and days as tables, and what it says about itself."""

    run_id: int
    created_at: dt.datetime
    history_until: dt.date
    horizon_weeks: int
    slots: pd.DataFrame  # location, slot_start, expected, lo80, hi80, lo95, hi95
    daily: pd.DataFrame  # location, day, expected, lo80, hi80, lo95, hi95
    parameters: dict = field(default_factory=dict)

    @property
    def trust(self) -> dict[str, list[dict]]:
        return pipeline.untrusted(self.parameters)

    @property
    def chosen(self) -> dict[str, dict]:
        return pipeline.chosen(self.parameters)


@dataclass(frozen=True)
class DailyForecast:
    """Today's run and what the pages derive from it for one day."""

    run_id: int
    created_at: dt.datetime
    history_until: dt.date
    slots: list[ForecastPoint]  # today's slots, all places
    days: list[ForecastPoint]  # daily totals of the whole horizon, all places
    requirement: pd.DataFrame  # location, slot_start, role, required (fractional), staff
    service_minutes: dict[str, float]  # mean minutes of advice per place (concern mix weighted)
    trust: dict[str, list[dict]] = field(default_factory=dict)  # warnings per place
    chosen: dict[str, dict] = field(default_factory=dict)  # method per place and level


_lock = ForkSafeLock()


def stored_run(history_until: dt.date, horizon_weeks: int = HORIZON_WEEKS) -> StoredRun | None:
    """The run from history up to `history_until` covering `horizon_weeks`; None without history."""
    horizon_weeks = max(horizon_weeks, HORIZON_WEEKS)
    with _lock:  # one computation per process, not one per concurrent request
        run = _stored_run(database_url(), history_until, horizon_weeks)
        if run is None:
            _stored_run.cache_clear()  # no history yet: look again next time, an import may bring it
        return run


@cached(seconds=DAY_SECONDS, maxsize=16)
def _stored_run(url: str, history_until: dt.date, horizon_weeks: int) -> StoredRun | None:
    return _load_or_compute(url, history_until, horizon_weeks)


def _load_or_compute(url: str, until: dt.date, horizon_weeks: int) -> StoredRun | None:
    first = until + dt.timedelta(days=1)
    with UnitOfWork(url) as work:
        runs = work.forecasts
        run = runs.latest_covering(until, DEMAND.method_label, horizon_weeks)
        if run is None:
            planning = work.planning
            history = planning.slot_counts(until - dt.timedelta(days=DEMAND.history_days), until)
            if history.empty:
                return None
            closures = planning.closures(first, first + dt.timedelta(weeks=horizon_weeks))
            hours = {
                place: {wd: (_time(o), _time(c)) for wd, (o, c) in days.items()}
                for place, days in planning.opening(first).items()
            }
            result = pipeline.forecast_demand(
                history, until, DEMAND, horizon_weeks=horizon_weeks,
                closures=[ClosedDay(day=d, location=place, reason=reason) for d, place, reason in closures],
                opening_hours=hours,
            )
            record = result.run_record() | {"method": DEMAND.method_label}
            run_id = runs.save(record, result.slots, result.daily, clock.now())
            work.commit()  # stored for the other workers and the next start
            run = runs.get(run_id)
        slots = runs.slots(run.id, dt.datetime.combine(first, dt.time()), dt.datetime.combine(first + dt.timedelta(weeks=run.horizon_weeks), dt.time()))
        days = runs.days(run.id)
        return StoredRun(run.id, run.created_at, run.history_until, run.horizon_weeks, _table(slots, "slot_start"),
                         _table(days, "day"), json.loads(run.parameters or "{}"))


def _table(points: list[ForecastPoint], at: str) -> pd.DataFrame:
    frame = pd.DataFrame(
        [(p.location, p.at, p.expected, p.lo80, p.hi80, p.lo95, p.hi95) for p in points],
        columns=["location", at, "expected", "lo80", "hi80", "lo95", "hi95"],
    )
    frame[at] = pd.to_datetime(frame[at])
    return frame


def daily_forecast(today: dt.date | None = None) -> DailyForecast | None:
    """The forecast for `today` (default: the centre's current day); None without any history."""
    today = today or clock.today()
    found = _daily_forecast(database_url(), today)
    if found is None:
        _daily_forecast.cache_clear()
    return found


@cached(seconds=DAY_SECONDS, maxsize=4)
def _daily_forecast(url: str, today: dt.date) -> DailyForecast | None:
    run = stored_run(today - dt.timedelta(days=1))
    if run is None:
        return None
    until = today - dt.timedelta(days=1)
    with UnitOfWork(url) as work:
        mixes = work.planning.mixes(until - dt.timedelta(days=DEMAND.mix_days), until)
    start = pd.Timestamp(today)
    today_slots = run.slots[(run.slots["slot_start"] >= start) & (run.slots["slot_start"] < start + pd.Timedelta(days=1))]
    requirement = _requirement(today_slots, run.parameters, mixes)
    minutes = {
        place: sum(mixes["concern_mix"][place][c] * m for c, m in per_concern.items())
        / max(sum(mixes["concern_mix"][place].values()), 1e-9)
        for place, per_concern in mixes["service_minutes"].items()
    }
    return DailyForecast(
        run.run_id, run.created_at, run.history_until, _points(today_slots, "slot_start"), _points(run.daily, "day"),
        requirement, minutes, run.trust, run.chosen,
    )


def _points(frame: pd.DataFrame, at: str) -> list[ForecastPoint]:
    convert = (lambda v: v.to_pydatetime()) if at == "slot_start" else (lambda v: v.date())
    return [
        ForecastPoint(r.location, convert(getattr(r, at)), r.expected, r.lo80, r.hi80, r.lo95, r.hi95)
        for r in frame.itertuples(index=False)
    ]


def _requirement(slots: pd.DataFrame, parameters: dict, mixes: dict) -> pd.DataFrame:
    columns = ["location", "slot_start", "role", "required", "staff"]
    if slots.empty or not mixes["concern_mix"]:
        return pd.DataFrame(columns=columns)
    frame = slots[slots["location"].isin(mixes["concern_mix"].keys())]
    only = {"service_minutes": mixes["service_minutes"], "concern_mix": mixes["concern_mix"]}
    return pipeline.requirement(frame, parameters, only, DEMAND).requirements[columns]


def forecast_accuracy(today: dt.date | None = None, weeks: int = 8) -> dict[str, dict[str, float]]:
    """Per place: the stored forecasts of the last `weeks` weeks against what came (MAE, bias,
    share inside the 80 % interval); empty while no such runs are stored."""
    today = today or clock.today()
    since, until = today - dt.timedelta(weeks=weeks), today - dt.timedelta(days=1)
    with UnitOfWork() as work:
        past = work.forecasts.past_days(since, until, DEMAND.method_label)
        if past.empty:
            return {}
        counts = work.planning.slot_counts(since, until)
    if counts.empty:
        return {}
    actual = counts.assign(day=pd.to_datetime(counts["slot_start"]).dt.normalize()).groupby(
        ["location", "day"], as_index=False)["count"].sum()
    return pipeline.accuracy(past, actual)


def _time(minutes: int) -> dt.time:
    return dt.time(minutes // 60, minutes % 60)


def clear_cache() -> None:
    """Forget the in-process runs (tests; after an import of history)."""
    _stored_run.cache_clear()
    _daily_forecast.cache_clear()
