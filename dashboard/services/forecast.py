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
import threading
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

import pandas as pd

from data_access.db import database_url, session_scope
from data_access.repositories.forecasts import ForecastPoint, ForecastRepository
from data_access.repositories.planning import PlanningRepository
from planner import demand as pipeline
from planner.forecast import ClosedDay

CENTRE_TZ = ZoneInfo("Europe/Berlin")
DEMAND = pipeline.DEFAULT
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


_lock = threading.Lock()
_runs: dict[tuple[str, dt.date, int], StoredRun | None] = {}
_daily: dict[tuple[str, dt.date], DailyForecast] = {}


def centre_today() -> dt.date:
    return dt.datetime.now(CENTRE_TZ).date()


def stored_run(history_until: dt.date, horizon_weeks: int = HORIZON_WEEKS) -> StoredRun | None:
    """The run from history up to `history_until` covering `horizon_weeks`; None without history."""
    horizon_weeks = max(horizon_weeks, HORIZON_WEEKS)
    key = (database_url(), history_until, horizon_weeks)
    if key in _runs and _runs[key] is not None:
        return _runs[key]
    with _lock:  # one computation per process, not one per concurrent request
        if _runs.get(key) is None:
            if len(_runs) > 16:
                _runs.clear()
            _runs[key] = _load_or_compute(history_until, horizon_weeks)
        return _runs[key]


def _load_or_compute(until: dt.date, horizon_weeks: int) -> StoredRun | None:
    first = until + dt.timedelta(days=1)
    with session_scope() as session:
        runs = ForecastRepository(session)
        run = runs.latest_covering(until, DEMAND.method_label, horizon_weeks)
        if run is None:
            planning = PlanningRepository(session)
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
            run_id = runs.save(record, result.slots, result.daily, dt.datetime.now(CENTRE_TZ).replace(microsecond=0, tzinfo=None))
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
    today = today or centre_today()
    key = (database_url(), today)
    cached = _daily.get(key)
    if cached is not None:
        return cached
    run = stored_run(today - dt.timedelta(days=1))
    if run is None:
        return None
    until = today - dt.timedelta(days=1)
    with session_scope() as session:
        mixes = PlanningRepository(session).mixes(until - dt.timedelta(days=DEMAND.mix_days), until)
    start = pd.Timestamp(today)
    today_slots = run.slots[(run.slots["slot_start"] >= start) & (run.slots["slot_start"] < start + pd.Timedelta(days=1))]
    requirement = _requirement(today_slots, run.parameters, mixes)
    minutes = {
        place: sum(mixes["concern_mix"][place][c] * m for c, m in per_concern.items())
        / max(sum(mixes["concern_mix"][place].values()), 1e-9)
        for place, per_concern in mixes["service_minutes"].items()
    }
    result = DailyForecast(
        run.run_id, run.created_at, run.history_until, _points(today_slots, "slot_start"), _points(run.daily, "day"),
        requirement, minutes, run.trust, run.chosen,
    )
    _daily.clear()  # yesterday's figures are of no use any more
    _daily[key] = result
    return result


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
    today = today or centre_today()
    since, until = today - dt.timedelta(weeks=weeks), today - dt.timedelta(days=1)
    with session_scope() as session:
        past = ForecastRepository(session).past_days(since, until, DEMAND.method_label)
        if past.empty:
            return {}
        counts = PlanningRepository(session).slot_counts(since, until)
    if counts.empty:
        return {}
    actual = counts.assign(day=pd.to_datetime(counts["slot_start"]).dt.normalize()).groupby(
        ["location", "day"], as_index=False)["count"].sum()
    return pipeline.accuracy(past, actual)


def _time(minutes: int) -> dt.time:
    return dt.time(minutes // 60, minutes % 60)


def clear_cache() -> None:
    """Forget the in-process runs (tests; after an import of history)."""
    _runs.clear()
    _daily.clear()
