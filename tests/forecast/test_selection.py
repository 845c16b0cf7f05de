"""planner/forecast/selection.py and the "auto" forecast: chosen on evidence, calibrated on its own errors."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from planner import demand
from planner.forecast import forecast_arrivals
from planner.forecast import selection
from tests.forecast.synthetic import synthetic_visits


def test_weekday_means_use_only_rows_up_to_each_origin():
    values = np.arange(21, dtype=float)[:, None]  # three weeks of consecutive days
    weekdays = np.arange(21) % 7
    means = selection.weekday_means(values, weekdays, np.array([6, 13, 20]), weeks=4)
    assert means[0, 0, 0] == 0.0  # only day 0 is a Monday up to origin 6
    assert means[1, 0, 0] == 3.5  # days 0 and 7
    assert means[2, 6, 0] == (6 + 13 + 20) / 3
    assert np.isnan(selection.weekday_means(values, weekdays, np.array([2]), weeks=4)[0, 5, 0])


def test_choose_keeps_the_combination_unless_another_is_clearly_better():
    errs = {"ets_mean4w": np.array([10.0]), "ets": np.array([9.8]), "mean4w": np.array([12.0])}
    assert selection.choose(errs, selection.PREFERENCE)[0] == "ets_mean4w"
    errs["ets"] = np.array([8.0])
    assert selection.choose(errs, selection.PREFERENCE)[0] == "ets"


def test_a_seasonless_random_walk_chooses_seasonal_naive_over_the_smoothers():
    # Each weekday is a random walk of its own: the same weekday last week is the best forecast,
    # which neither a common level with weekday factors nor a four-week mean can follow.
    rng = np.random.default_rng(3)
    days = pd.date_range("2024-01-01", periods=7 * 60)
    week = (500 + np.cumsum(rng.normal(0, 60, (60, 7)), axis=0)).ravel()
    frame = pd.DataFrame({"slot_start": days + pd.Timedelta(hours=10), "count": np.maximum(week, 1).round()})
    result = forecast_arrivals(frame, 1, time_col="slot_start", count_col="count", holiday_region=None)
    assert result.parameters["locations"]["all"]["chosen"]["daily"] == "seasonal_naive"


def test_auto_slots_add_up_to_the_day_and_intervals_nest(visits):
    result = forecast_arrivals(visits, 2, history_until=dt.date(2026, 3, 31))
    by_day = result.slots.groupby(["location", result.slots["slot_start"].dt.normalize()])["expected"].sum()
    daily = result.daily.set_index(["location", "day"])["expected"]
    assert np.allclose(by_day.reindex(daily.index).to_numpy(), daily.to_numpy())
    for frame in (result.daily, result.slots):
        assert (frame["lo95"] <= frame["lo80"]).all() and (frame["lo80"] <= frame["expected"]).all()
        assert (frame["expected"] <= frame["hi80"]).all() and (frame["hi80"] <= frame["hi95"]).all()
    # Intervals widen with the horizon week (errors from the chosen model's backtest per week).
    a = result.daily[result.daily["location"] == "a"]
    width = (a["hi80"] - a["lo80"]) / a["expected"]
    week = (a["day"] - a["day"].min()).dt.days // 7
    assert width[week == 1].mean() >= width[week == 0].mean() * 0.95


def test_auto_daily_80_interval_covers_about_80_percent_of_held_out_days(visits):
    inside = []
    for until in pd.date_range("2025-09-01", "2026-05-31", freq="21D"):
        result = forecast_arrivals(visits, 1, history_until=until.date(), draws=10)
        actual = visits.assign(day=visits["arrived_at"].dt.normalize()).groupby(["location", "day"]).size()
        d = result.daily.set_index(["location", "day"])
        ok = d.index.isin(actual.index)
        y = actual.reindex(d.index[ok]).to_numpy()
        inside += ((y >= d["lo80"][ok]) & (y <= d["hi80"][ok])).tolist()
    assert 0.7 <= np.mean(inside) <= 0.9


def test_short_history_and_new_group_are_flagged_not_hidden():
    short = synthetic_visits(dt.date(2026, 1, 5), dt.date(2026, 2, 20))
    result = forecast_arrivals(short, 1)
    codes = {f["code"] for f in result.parameters["locations"]["a"]["trust"]}
    assert {"short_history", "no_yearly"} <= codes
    assert "a" in demand.untrusted(result.parameters)
    grown = synthetic_visits(group_starts={("a", "y"): dt.date(2026, 6, 1)})
    flags = forecast_arrivals(grown, 1).parameters["locations"]["a"]["trust"]
    assert any(f["code"] == "new_group" and f["group"] == "y" for f in flags)


def test_a_level_break_is_flagged():
    broken = synthetic_visits(shift=(dt.date(2026, 6, 10), 1.8))
    flags = forecast_arrivals(broken, 1).parameters["locations"]["a"]["trust"]
    assert any(f["code"] == "structural_break" and f["shift_percent"] > 15 for f in flags)
    steady = forecast_arrivals(synthetic_visits(), 1).parameters["locations"]["a"]["trust"]
    assert not any(f["code"] == "structural_break" for f in steady)


def test_the_plan_uses_the_safer_figure_where_the_forecast_is_flagged():
    slots = pd.DataFrame({"location": ["a", "b"], "slot_start": pd.Timestamp("2026-01-05 08:00"),
                          "expected": [2.0, 2.0], "hi80": [3.0, 3.0]})
    params = {"locations": {"a": {"trust": [{"code": "structural_break", "severity": "warning"}]},
                            "b": {"trust": [{"code": "no_yearly", "severity": "note"}]}}}
    planned = demand.planning_slots(slots, params)
    assert planned["planned"].tolist() == [3.0, 2.0]


def test_settings_fingerprint_changes_with_any_setting():
    assert demand.DemandSettings().key == demand.DEFAULT.key
    assert demand.DemandSettings(mix_days=91).key != demand.DEFAULT.key
    assert demand.DEFAULT.method_label.startswith("auto:")


@pytest.mark.parametrize("weeks", [8, 12])
def test_histories_from_eight_weeks_forecast_without_error(weeks):
    start = dt.date(2026, 1, 5)
    short = synthetic_visits(start, start + dt.timedelta(weeks=weeks))
    result = forecast_arrivals(short, 6)
    assert (result.daily["expected"] > 0).all() and result.daily["hi80"].notna().all()
