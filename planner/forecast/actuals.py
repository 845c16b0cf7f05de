"""Forecast against what happened: accuracy of a stored forecast, re-forecast of today.

`compare_with_actuals` joins a forecast's slots with the arrivals that came and reports
per place the errors a leadership page shows (MAE, bias, interval coverage).

`reforecast_rest_of_day` scales the remaining slots of today by how today runs so far,
shrunk toward the plan: after two quiet early slots the day is not declared quiet.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from planner.forecast.history import slot_history


def _actual_slots(history: pd.DataFrame | pd.Series, slot_minutes: int, **columns) -> pd.DataFrame:
    hist = slot_history(history, slot_minutes=slot_minutes, **columns)
    counts = hist.counts.groupby(["location", "day", "slot"], as_index=False)["count"].sum()
    counts["slot_start"] = counts["day"] + pd.to_timedelta(counts["slot"] * slot_minutes, unit="min")
    return counts[["location", "slot_start", "count"]].rename(columns={"count": "actual"})


def compare_with_actuals(
    forecast, history: pd.DataFrame | pd.Series, *, slot_minutes: int | None = None, **columns
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(joined slots with an `actual` column, summary per place and level).

    forecast: a `ForecastResult` (daily coverage uses its daily intervals) or a slots table.
    Only days that have arrivals count (a day without any is not yet known, or closed).
    `columns` passes time_col/count_col/location_col/group_col on to the history reader.
    Summary columns: location, level ("slot"/"daily"), n, mae, bias (forecast - actual),
    coverage80, coverage95.
    """
    slots = getattr(forecast, "slots", forecast)
    slot_minutes = slot_minutes or getattr(forecast, "slot_minutes", 30)
    actual = _actual_slots(history, slot_minutes, **columns)
    known_days = set(zip(actual["location"], actual["slot_start"].dt.normalize()))
    joined = slots.merge(actual, on=["location", "slot_start"], how="outer")
    joined = joined[[(loc, ts.normalize()) in known_days for loc, ts in zip(joined["location"], joined["slot_start"])]]
    joined = joined[joined["expected"].notna() | joined["actual"].notna()].copy()
    in_horizon = joined["slot_start"].dt.normalize().isin(slots["slot_start"].dt.normalize().unique())
    joined = joined[in_horizon]
    joined["actual"] = joined["actual"].fillna(0.0)
    joined["expected"] = joined["expected"].fillna(0.0)
    joined = joined.sort_values(["location", "slot_start"], ignore_index=True)

    daily = joined.groupby(["location", joined["slot_start"].dt.normalize().rename("day")])[["expected", "actual"]].sum()
    forecast_daily = getattr(forecast, "daily", None)
    if forecast_daily is not None:
        bounds = forecast_daily.set_index(["location", "day"])[["lo80", "hi80", "lo95", "hi95"]]
        daily = daily.join(bounds, how="left")
    rows = []
    for loc, sub in joined.groupby("location"):
        rows.append(_summary(loc, "slot", sub))
    for loc, sub in daily.reset_index().groupby("location"):
        rows.append(_summary(loc, "daily", sub))
    return joined, pd.DataFrame(rows, columns=["location", "level", "n", "mae", "bias", "coverage80", "coverage95"])


def _summary(loc: str, level: str, frame: pd.DataFrame) -> dict:
    err = frame["expected"] - frame["actual"]
    row = {"location": loc, "level": level, "n": len(frame), "mae": float(err.abs().mean()), "bias": float(err.mean())}
    for pct in ("80", "95"):
        lo, hi = f"lo{pct}", f"hi{pct}"
        if lo in frame and frame[lo].notna().any():
            inside = (frame["actual"] >= frame[lo]) & (frame["actual"] <= frame[hi])
            row[f"coverage{pct}"] = float(inside[frame[lo].notna()].mean())
        else:
            row[f"coverage{pct}"] = np.nan
    return row


def reforecast_rest_of_day(
    slots: pd.DataFrame,
    arrivals_so_far: pd.DataFrame | pd.Series,
    now: dt.datetime,
    *,
    slot_minutes: int = 30,
    prior_arrivals: float = 10.0,
    **columns,
) -> pd.DataFrame:
    """Today's slots from `now` on, scaled by today's actual/expected so far.

    ratio = (actual so far + prior) / (expected so far + prior), per place: `prior_arrivals`
    is how many arrivals' worth of trust the plan keeps. Slots already over are returned
    with their actual count in `actual`, the rest with the scaled forecast.
    """
    today = pd.Timestamp(now).normalize()
    now_ts = pd.Timestamp(now)
    todays = slots[slots["slot_start"].dt.normalize() == today].copy()
    if todays.empty:
        return todays.assign(actual=np.nan, ratio=np.nan)
    try:
        actual = _actual_slots(arrivals_so_far, slot_minutes, **columns)
    except ValueError:  # no arrivals yet today
        actual = pd.DataFrame(
            {"location": pd.Series(dtype=str), "slot_start": pd.Series(dtype="datetime64[ns]"), "actual": pd.Series(dtype=float)}
        )
    actual = actual[(actual["slot_start"].dt.normalize() == today) & (actual["slot_start"] < now_ts)]
    todays = todays.merge(actual, on=["location", "slot_start"], how="left")
    done = todays["slot_start"] + pd.Timedelta(minutes=slot_minutes) <= now_ts
    todays.loc[done, "actual"] = todays.loc[done, "actual"].fillna(0.0)
    out = []
    for loc, sub in todays.groupby("location"):
        sub = sub.copy()
        past = sub["slot_start"] + pd.Timedelta(minutes=slot_minutes) <= now_ts
        ratio = (sub.loc[past, "actual"].sum() + prior_arrivals) / (sub.loc[past, "expected"].sum() + prior_arrivals)
        for col in ("expected", "lo80", "hi80", "lo95", "hi95"):
            if col in sub:
                sub.loc[~past, col] = sub.loc[~past, col] * ratio
        sub["ratio"] = ratio
        out.append(sub)
    return pd.concat(out, ignore_index=True)
