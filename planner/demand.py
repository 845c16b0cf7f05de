"""One demand pipeline: history -> forecast -> planning figure -> staffing requirement.

The Overview, Trends and the Planner all go through these functions with one
`DemandSettings`, so a day has one forecast wherever it is shown. The service layer
(dashboard/services/forecast.py) computes the run once a day per history, stores it and
reuses it; this module stays pure (no database, no interface).

Where the forecast cannot be trusted (planner/forecast/trust.py: too little history, a
new group, a recent break), the plan uses the safer figure of `settings.fallback` (the upper
80 % bound) for that place, and says so.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

import pandas as pd

from planner.forecast import ClosedDay, ForecastResult, OpeningHours, Scenario, forecast_arrivals
from planner.staffing import ReceptionRule, ServiceLevel, StaffingResult, staffing_requirement


@dataclass(frozen=True)
class DemandSettings:
    """Every choice the demand pipeline makes, in one place (one value for the whole app)."""

    method: str = "auto"  # chosen per place and level by a rolling backtest
    horizon_weeks: int = 6
    history_days: int = 3 * 365
    mix_days: int = 365  # concern, language and service-time mixes
    slot_minutes: int = 30
    holiday_region: tuple[str, str | None] | None = ("DE", "NW")
    role_by_concern: tuple[tuple[str, str], ...] = (("registration", "registration"),)
    reception: ReceptionRule = field(default_factory=ReceptionRule)
    fallback: str = "hi80"  # the planning figure where the forecast is flagged

    @property
    def key(self) -> str:
        """A short fingerprint: a stored run made with other settings is not reused."""
        text = json.dumps(asdict(self), sort_keys=True, default=str)
        return hashlib.sha1(text.encode()).hexdigest()[:12]

    @property
    def method_label(self) -> str:
        """What a stored run's `method` column holds: the method and the settings' fingerprint."""
        return f"{self.method}:{self.key}"


DEFAULT = DemandSettings()


def forecast_demand(
    history: pd.DataFrame,
    until: dt.date,
    settings: DemandSettings = DEFAULT,
    *,
    closures: Iterable[ClosedDay] = (),
    opening_hours: OpeningHours | None = None,
    scenario: Scenario | None = None,
    horizon_weeks: int | None = None,
) -> ForecastResult:
    """The forecast from slot counts (location, target_group, slot_start, count) up to `until`."""
    return forecast_arrivals(
        history,
        horizon_weeks or settings.horizon_weeks,
        slot_minutes=settings.slot_minutes,
        history_until=until,
        closures=list(closures),
        opening_hours=opening_hours,
        scenario=scenario,
        method=settings.method,
        holiday_region=settings.holiday_region,
        time_col="slot_start",
        count_col="count",
    )


def trust(parameters: Mapping[str, Any]) -> dict[str, list[dict]]:
    """Flags per place from a run's parameters (`ForecastResult.parameters` or a stored run's)."""
    return {loc: list(p.get("trust", [])) for loc, p in parameters.get("locations", {}).items()}


def untrusted(parameters: Mapping[str, Any]) -> dict[str, list[dict]]:
    """Only the places with a warning, with their warnings."""
    out = {}
    for loc, flags in trust(parameters).items():
        warnings = [f for f in flags if f.get("severity") == "warning"]
        if warnings:
            out[loc] = warnings
    return out


def chosen(parameters: Mapping[str, Any]) -> dict[str, dict]:
    """Per place: the chosen daily method, slot shape and their backtest errors."""
    return {loc: dict(p["chosen"]) for loc, p in parameters.get("locations", {}).items() if "chosen" in p}


def planning_slots(slots: pd.DataFrame, parameters: Mapping[str, Any], settings: DemandSettings = DEFAULT) -> pd.DataFrame:
    """Slots with a `planned` column: the expectation, or the safer figure where the place is flagged."""
    flagged = set(untrusted(parameters))
    out = slots.copy()
    safer = out[settings.fallback] if settings.fallback in out else out["expected"]
    out["planned"] = out["expected"].where(~out["location"].isin(flagged), safer.fillna(out["expected"]))
    return out


def requirement(
    slots: pd.DataFrame,
    parameters: Mapping[str, Any],
    mixes: Mapping[str, Any],
    settings: DemandSettings = DEFAULT,
    *,
    target: ServiceLevel = ServiceLevel(),
    staff_languages: Iterable[str] | None = None,
) -> StaffingResult:
    """Staffing requirement of `slots` (a stored or fresh forecast) with the settings' rules."""
    planned = planning_slots(slots, parameters, settings)
    return staffing_requirement(
        planned,
        mixes["service_minutes"],
        mixes["concern_mix"],
        mixes.get("language_mix"),
        target=target,
        role_by_concern=dict(settings.role_by_concern),
        reception=settings.reception,
        staff_languages=staff_languages,
        slot_minutes=settings.slot_minutes,
        column="planned",
    )


def accuracy(forecast_days: pd.DataFrame, actual_days: pd.DataFrame) -> dict[str, dict[str, float]]:
    """How good the stored forecast has been, per place: days compared, MAE, bias (forecast
    minus actual, mean) and the share of days inside the 80 % interval.

    forecast_days: location, day, expected, lo80, hi80; actual_days: location, day, count.
    A day without arrivals is a closed or missing day and not compared.
    """
    if forecast_days.empty or actual_days.empty:
        return {}
    f = forecast_days.assign(day=pd.to_datetime(forecast_days["day"]))
    a = actual_days.assign(day=pd.to_datetime(actual_days["day"]))
    joined = f.merge(a[a["count"] > 0], on=["location", "day"], how="inner")
    out = {}
    for loc, rows in joined.groupby("location"):
        err = rows["expected"] - rows["count"]
        has = rows["lo80"].notna() & rows["hi80"].notna()
        inside = (rows["count"] >= rows["lo80"]) & (rows["count"] <= rows["hi80"])
        out[str(loc)] = {
            "days": int(len(rows)),
            "mae": float(err.abs().mean()),
            "bias": float(err.mean()),
            "inside80": float(inside[has].mean()) if has.any() else float("nan"),
        }
    return out
