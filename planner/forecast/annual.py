"""Time-of-year index: how busy a date usually is relative to its year's trend.

Offices have a year: quiet summer holidays and Christmas weeks, a rush in September and
January. Exponential smoothing only follows such a change after it happened; this index
lets the forecast anticipate it. For each past open day, the arrivals (weekday effect
removed) are divided by a centred one-year moving average, which takes out the trend and
level shifts (the spring-2022 surge, a place opening to a new group). The index of a date
is the mean of those ratios within `window_days` of the same date in earlier years.

The model uses it only where it helps: `planner.forecast.model` fits each series with and
without it and keeps the variant with the smaller backtest error.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

MAX_YEARS = 3


def seasonal_ratios(daily_total: pd.Series) -> pd.Series:
    """Ratio to the centred yearly mean per calendar day (NaN where unknown or closed).

    `daily_total`: counts indexed by open day (DatetimeIndex).
    """
    if len(daily_total) == 0:
        return pd.Series(dtype=float)
    wd = daily_total.index.day_of_week
    wd_mean = daily_total.groupby(wd).mean()
    overall = daily_total.mean()
    factor = (wd_mean / overall).reindex(wd).to_numpy() if overall > 0 else np.ones(len(wd))
    deseason = daily_total / np.where(factor > 0, factor, 1.0)
    calendar = deseason.reindex(pd.date_range(daily_total.index[0], daily_total.index[-1], freq="D"))
    trend = calendar.rolling(365, center=True, min_periods=150).mean()
    ratio = calendar / trend
    # The centred mean needs half a year on both sides to be a trend and not the season.
    first, last = calendar.index[0] + pd.Timedelta(days=182), calendar.index[-1] - pd.Timedelta(days=182)
    ratio[(ratio.index < first) | (ratio.index > last)] = np.nan
    return ratio.replace([np.inf, -np.inf], np.nan)


def annual_index(ratios: pd.Series, days: pd.DatetimeIndex, window_days: int = 5) -> np.ndarray:
    """Index for each of `days` from the ratios of the same dates in up to 3 earlier years; 1 when none."""
    if ratios.empty or ratios.isna().all():
        return np.ones(len(days))
    total = np.zeros(len(days))
    count = np.zeros(len(days))
    offsets = range(-window_days, window_days + 1)
    for years in range(1, MAX_YEARS + 1):
        for off in offsets:
            src = days - pd.DateOffset(years=years) + pd.Timedelta(days=off)
            values = ratios.reindex(src).to_numpy()
            ok = np.isfinite(values)
            total[ok] += values[ok]
            count[ok] += 1
    index = np.where(count > 0, total / np.maximum(count, 1), 1.0)
    return np.clip(index, 0.2, 5.0)
