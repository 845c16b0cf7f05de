"""Forecast against actuals, and the re-forecast of the rest of today."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from planner.forecast import forecast_arrivals
from planner.forecast.actuals import compare_with_actuals, reforecast_rest_of_day
from tests.forecast.synthetic import synthetic_visits

DAY = pd.Timestamp("2026-07-01")


def plan(expected: float = 4.0) -> pd.DataFrame:
    starts = [DAY + pd.Timedelta(hours=8, minutes=30 * i) for i in range(16)]
    return pd.DataFrame(
        {"location": "a", "slot_start": starts, "expected": expected, "lo80": expected - 1, "hi80": expected + 1,
         "lo95": expected - 2, "hi95": expected + 2}
    )


def arrivals(per_slot: dict[int, int]) -> pd.DataFrame:
    times = [DAY + pd.Timedelta(hours=8, minutes=30 * i + 1) for i, n in per_slot.items() for _ in range(n)]
    return pd.DataFrame({"arrived_at": times, "location": "a"})


def test_perfect_forecast_has_no_error():
    joined, summary = compare_with_actuals(plan(), arrivals({i: 4 for i in range(16)}))
    assert len(joined) == 16
    row = summary.set_index("level").loc["slot"]
    assert row["mae"] == 0 and row["bias"] == 0 and row["coverage80"] == 1.0
    assert summary.set_index("level").loc["daily", "n"] == 1


def test_errors_bias_and_coverage():
    # slots 0-7 get 6 (outside the 80 % band 3..5), slots 8-15 get 4; slot 15 has none
    counts = {i: (6 if i < 8 else 4) for i in range(15)}
    joined, summary = compare_with_actuals(plan(), arrivals(counts))
    slot = summary.set_index("level").loc["slot"]
    assert slot["mae"] == pytest.approx((8 * 2 + 4) / 16)
    assert slot["bias"] == pytest.approx((8 * -2 + 4) / 16)
    assert slot["coverage80"] == pytest.approx(7 / 16)
    assert slot["coverage95"] == pytest.approx(15 / 16)


def test_real_forecast_against_following_weeks(visits):
    result = forecast_arrivals(visits, 2)
    later = synthetic_visits(dt.date(2026, 7, 1), dt.date(2026, 7, 14), seed=7)
    joined, summary = compare_with_actuals(result, later)
    assert set(summary["location"]) == {"a", "b"}
    daily = summary[summary["level"] == "daily"].set_index("location")
    assert (daily["n"] == 10).all()
    assert (daily["coverage80"] >= 0.5).all()
    assert (summary["mae"] > 0).all()


def test_busy_morning_raises_the_rest_of_the_day():
    now = DAY + pd.Timedelta(hours=10)
    out = reforecast_rest_of_day(plan(), arrivals({0: 8, 1: 8, 2: 8, 3: 8}), now)
    ratio = (32 + 10) / (16 + 10)
    assert out["ratio"].iloc[0] == pytest.approx(ratio)
    later = out[out["slot_start"] >= now]
    assert np.allclose(later["expected"], 4 * ratio)
    assert np.allclose(later["hi80"], 5 * ratio)
    earlier = out[out["slot_start"] < now]
    assert np.allclose(earlier["expected"], 4) and np.allclose(earlier["actual"], 8)


def test_no_arrivals_yet_keeps_most_of_the_plan():
    now = DAY + pd.Timedelta(hours=9)
    out = reforecast_rest_of_day(plan(), pd.DataFrame({"arrived_at": pd.to_datetime([]), "location": []}), now)
    assert out["ratio"].iloc[0] == pytest.approx(10 / 18)
    assert (out[out["slot_start"] < now]["actual"] == 0).all()
