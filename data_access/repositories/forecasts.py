"""Stored forecast runs: what was forecast, when, from which history and how.

A run keeps its slot forecast (`forecast`) and its daily totals with their own intervals
(`forecast_day`), so a plan can name the forecast it used and actuals can later be
compared with it.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

import pandas as pd
from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from data_access.models import Forecast, ForecastChoice, ForecastDay, ForecastRun, Location

BOUNDS = ("lo80", "hi80", "lo95", "hi95")


@dataclass(frozen=True)
class ForecastPoint:
    location: str
    at: dt.datetime | dt.date  # slot start, or the day for daily totals
    expected: float
    lo80: float | None
    hi80: float | None
    lo95: float | None
    hi95: float | None


class ForecastRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def save(self, record: dict[str, Any], slots: pd.DataFrame, daily: pd.DataFrame,
             created_at: dt.datetime) -> int:
        """Store a run (`ForecastResult.run_record()`) with its slot and daily tables."""
        run = ForecastRun(
            created_at=created_at,
            history_until=record["history_until"],
            horizon_weeks=record["horizon_weeks"],
            method=record["method"],
            parameters=json.dumps(record.get("parameters", {}), default=str),
            scenario=json.dumps(record.get("scenario", {}), default=str),
        )
        self.session.add(run)
        self.session.flush()
        ids = {code: id_ for id_, code in self.session.execute(select(Location.id, Location.code))}
        slot_rows = [
            {"run_id": run.id, "location_id": ids[r.location], "slot_start": pd.Timestamp(r.slot_start).to_pydatetime(),
             "expected": max(float(r.expected), 0.0), **{b: _num(getattr(r, b)) or 0.0 for b in BOUNDS}}
            for r in slots.itertuples(index=False)
            if r.location in ids
        ]
        day_rows = [
            {"run_id": run.id, "location_id": ids[r.location], "day": pd.Timestamp(r.day).date(),
             "expected": max(float(r.expected), 0.0), **{b: _num(getattr(r, b)) for b in BOUNDS}}
            for r in daily.itertuples(index=False)
            if r.location in ids
        ]
        if slot_rows:
            self.session.execute(insert(Forecast), slot_rows)
        if day_rows:
            self.session.execute(insert(ForecastDay), day_rows)
        choice_rows = [
            {"run_id": run.id, "location_id": ids[loc], "level": level, "method": chosen[level],
             "backtest_mae": float(chosen[f"{level}_backtest_mae"])}
            for loc, p in record.get("parameters", {}).get("locations", {}).items()
            if loc in ids and (chosen := p.get("chosen"))
            for level in ("daily", "slot")
        ]
        if choice_rows:
            self.session.execute(insert(ForecastChoice), choice_rows)
        return run.id

    def choices(self, run_id: int) -> dict[str, dict[str, tuple[str, float]]]:
        """Per place and level: the chosen method and its backtest MAE."""
        stmt = (
            select(Location.code, ForecastChoice.level, ForecastChoice.method, ForecastChoice.backtest_mae)
            .join(Location, Location.id == ForecastChoice.location_id)
            .where(ForecastChoice.run_id == run_id)
        )
        out: dict[str, dict[str, tuple[str, float]]] = {}
        for code, level, method, mae in self.session.execute(stmt):
            out.setdefault(code, {})[level] = (method, mae)
        return out

    def parameters(self, run_id: int) -> dict[str, Any]:
        """The JSON parameters of a run (chosen methods, trust flags per place)."""
        run = self.session.get(ForecastRun, run_id)
        return json.loads(run.parameters) if run and run.parameters else {}

    def latest(self, history_until: dt.date, method: str, horizon_weeks: int) -> ForecastRun | None:
        """The newest run made from history up to `history_until` with this method and horizon."""
        stmt = (
            select(ForecastRun)
            .where(
                ForecastRun.history_until == history_until,
                ForecastRun.method == method,
                ForecastRun.horizon_weeks == horizon_weeks,
            )
            .order_by(ForecastRun.created_at.desc(), ForecastRun.id.desc())
            .limit(1)
        )
        return self.session.scalar(stmt)

    def latest_covering(self, history_until: dt.date, method: str, horizon_weeks: int) -> ForecastRun | None:
        """The newest run from history up to `history_until` with this method and at least this horizon."""
        stmt = (
            select(ForecastRun)
            .where(
                ForecastRun.history_until == history_until,
                ForecastRun.method == method,
                ForecastRun.horizon_weeks >= horizon_weeks,
            )
            .order_by(ForecastRun.created_at.desc(), ForecastRun.id.desc())
            .limit(1)
        )
        return self.session.scalar(stmt)

    def past_days(self, since: dt.date, until: dt.date, method: str) -> pd.DataFrame:
        """For each place and day in [since, until]: the daily forecast of the newest run with
        `method` made before that day (history up to the day before or earlier), as it stood then.
        Columns location, day, expected, lo80, hi80, history_until."""
        stmt = (
            select(Location.code, ForecastDay.day, ForecastDay.expected, ForecastDay.lo80, ForecastDay.hi80,
                   ForecastRun.history_until)
            .join(ForecastRun, ForecastRun.id == ForecastDay.run_id)
            .join(Location, Location.id == ForecastDay.location_id)
            .where(ForecastDay.day >= since, ForecastDay.day <= until, ForecastRun.method == method,
                   ForecastRun.history_until < ForecastDay.day)
        )
        columns = ["location", "day", "expected", "lo80", "hi80", "history_until"]
        frame = pd.DataFrame(list(self.session.execute(stmt)), columns=columns)
        if frame.empty:
            return frame
        frame = frame.sort_values("history_until").drop_duplicates(["location", "day"], keep="last")
        return frame.sort_values(["location", "day"]).reset_index(drop=True)

    def get(self, run_id: int) -> ForecastRun | None:
        return self.session.get(ForecastRun, run_id)

    def slots(self, run_id: int, start: dt.datetime, end: dt.datetime) -> list[ForecastPoint]:
        """Slot forecasts of a run with start <= slot_start < end."""
        stmt = (
            select(Location.code, Forecast.slot_start, Forecast.expected, *(getattr(Forecast, b) for b in BOUNDS))
            .join(Location, Location.id == Forecast.location_id)
            .where(Forecast.run_id == run_id, Forecast.slot_start >= start, Forecast.slot_start < end)
            .order_by(Location.code, Forecast.slot_start)
        )
        return [ForecastPoint(*row) for row in self.session.execute(stmt)]

    def days(self, run_id: int, location: str | None = None) -> list[ForecastPoint]:
        """Daily totals of a run (of one place, or all), oldest first."""
        stmt = (
            select(Location.code, ForecastDay.day, ForecastDay.expected, *(getattr(ForecastDay, b) for b in BOUNDS))
            .join(Location, Location.id == ForecastDay.location_id)
            .where(ForecastDay.run_id == run_id)
            .order_by(Location.code, ForecastDay.day)
        )
        if location:
            stmt = stmt.where(Location.code == location)
        return [ForecastPoint(*row) for row in self.session.execute(stmt)]


def _num(value) -> float | None:
    if value is None or pd.isna(value):
        return None
    return float(value)
