"""forecast_arrivals on synthetic histories with known structure."""

from __future__ import annotations

import datetime as dt
import json

import numpy as np
import pandas as pd
import pytest

from planner.forecast import ClosedDay, Multiplier, Scenario, forecast_arrivals
from tests.forecast.synthetic import WEEKDAY_FACTOR, synthetic_visits

UNTIL = dt.date(2026, 6, 30)  # a Tuesday


@pytest.fixture(scope="module")
def result(visits):
    return forecast_arrivals(visits, 2)


def test_tables_have_the_documented_columns(result):
    assert list(result.slots.columns) == ["location", "slot_start", "expected", "lo80", "hi80", "lo95", "hi95"]
    assert list(result.daily.columns) == ["location", "day", "expected", "lo80", "hi80", "lo95", "hi95"]
    assert set(result.slots["location"]) == {"a", "b"}
    assert result.method == "auto"
    assert {p["chosen"]["daily"] for p in result.parameters["locations"].values()} <= {"ets", "seasonal_naive", "mean4w", "ets_mean4w"}
    assert result.history_until == UNTIL
    assert result.start == UNTIL + dt.timedelta(days=1)


def test_only_open_days_and_opening_slots(result):
    days = pd.DatetimeIndex(result.daily["day"])
    assert days.min() == pd.Timestamp("2026-07-01") and days.max() <= pd.Timestamp("2026-07-14")
    assert set(days.day_of_week) == {0, 1, 2, 3, 4}
    times = result.slots["slot_start"].dt.time
    assert times.min() == dt.time(8, 0) and times.max() == dt.time(15, 30)
    # 10 open days (no holiday in NRW in early July) x 16 slots x 2 places
    assert len(result.slots) == 10 * 16 * 2
    assert set(result.closed["reason"]) == {"usually closed"}


def test_intervals_are_nested_and_non_negative(result):
    for table in (result.slots, result.daily):
        lo95, lo80, exp, hi80, hi95 = (table[c].to_numpy() for c in ("lo95", "lo80", "expected", "hi80", "hi95"))
        assert (lo95 >= 0).all()
        assert (lo95 <= lo80 + 1e-9).all() and (lo80 <= hi80).all() and (hi80 <= hi95 + 1e-9).all()
    daily = result.daily
    assert ((daily["lo80"] <= daily["expected"]) & (daily["expected"] <= daily["hi80"])).all()
    assert (daily["hi95"] > daily["lo95"]).all()


def test_daily_forecast_is_close_to_the_true_mean(result):
    daily = result.daily.assign(wd=lambda f: f["day"].dt.day_of_week)
    true = {"a": 42.0, "b": 10.0}
    for loc, level in true.items():
        sub = daily[daily["location"] == loc]
        expected_true = level * WEEKDAY_FACTOR[sub["wd"].to_numpy()]
        assert np.abs(sub["expected"].to_numpy() / expected_true - 1).mean() < 0.12


def test_slots_add_up_to_the_day(result):
    slot_sum = result.slots.groupby(["location", result.slots["slot_start"].dt.normalize()])["expected"].sum()
    daily = result.daily.set_index(["location", "day"])["expected"]
    assert np.allclose(slot_sum.reindex(daily.index).to_numpy(), daily.to_numpy())


def test_morning_queue_is_in_the_profile(result):
    a = result.slots[result.slots["location"] == "a"]
    first = a[a["slot_start"].dt.time == dt.time(8, 0)]["expected"].mean()
    late = a[a["slot_start"].dt.time == dt.time(15, 30)]["expected"].mean()
    assert first > 3 * late


def test_level_shift_is_followed():
    shifted = synthetic_visits(shift=(dt.date(2026, 5, 4), 1.6), levels={("a", "x"): 40.0})
    daily = forecast_arrivals(shifted, 1).daily
    mean_factor = WEEKDAY_FACTOR[daily["day"].dt.day_of_week.to_numpy()]
    ratio = daily["expected"].to_numpy() / (40.0 * 1.6 * mean_factor)
    assert 0.85 < ratio.mean() < 1.1


def test_a_group_that_starts_late_is_forecast_from_its_start():
    history = synthetic_visits(
        levels={("a", "x"): 30.0, ("a", "y"): 20.0}, group_starts={("a", "y"): dt.date(2026, 3, 2)}
    )
    result = forecast_arrivals(history, 1)
    groups = result.groups.groupby("target_group")["expected"].mean()
    assert groups["y"] == pytest.approx(20.0 * WEEKDAY_FACTOR[:5].mean(), rel=0.2)
    assert result.parameters["locations"]["a"]["groups"]["y"]["first_day"] == "2026-03-02"


def test_public_holidays_and_closures_are_closed(visits):
    result = forecast_arrivals(
        visits,
        1,
        start=dt.date(2026, 12, 21),
        closures=[ClosedDay(dt.date(2026, 12, 22), location="b", reason="training"), dt.date(2026, 12, 23)],
    )
    days = {loc: set(sub["day"].dt.date) for loc, sub in result.daily.groupby("location")}
    assert days["a"] == {dt.date(2026, 12, 21), dt.date(2026, 12, 22), dt.date(2026, 12, 24)}
    assert days["b"] == {dt.date(2026, 12, 21), dt.date(2026, 12, 24)}
    reasons = result.closed.set_index(["location", "day"])["reason"]
    assert reasons[("a", pd.Timestamp("2026-12-25"))].startswith("public holiday")
    assert reasons[("b", pd.Timestamp("2026-12-22"))] == "training"
    assert not result.slots["slot_start"].dt.date.isin([dt.date(2026, 12, 25), dt.date(2026, 12, 23)]).any()


def test_scenario_multiplier_for_one_group_from_a_date(visits, result):
    scenario = Scenario(multipliers=(Multiplier(1.3, dt.date(2026, 7, 6), location="a", target_group="y"),))
    changed = forecast_arrivals(visits, 2, scenario=scenario)
    key = ["location", "target_group", "day"]
    before = result.groups.set_index(key)["expected"]
    after = changed.groups.set_index(key)["expected"]
    ratio = (after / before).reset_index(name="r")
    hit = (ratio["location"] == "a") & (ratio["target_group"] == "y") & (ratio["day"] >= pd.Timestamp("2026-07-06"))
    assert np.allclose(ratio.loc[hit, "r"], 1.3)
    assert np.allclose(ratio.loc[~hit, "r"], 1.0)
    # The place total and its slots carry the change; place b is untouched.
    day_a = changed.daily[(changed.daily["location"] == "a") & (changed.daily["day"] == pd.Timestamp("2026-07-07"))]
    base_a = result.daily[(result.daily["location"] == "a") & (result.daily["day"] == pd.Timestamp("2026-07-07"))]
    extra = 0.3 * before[("a", "y", pd.Timestamp("2026-07-07"))]
    assert day_a["expected"].iloc[0] == pytest.approx(base_a["expected"].iloc[0] + extra)
    assert changed.slots[changed.slots["location"] == "b"]["expected"].equals(
        result.slots[result.slots["location"] == "b"]["expected"]
    )
    assert changed.run_record()["scenario"]["multipliers"][0]["factor"] == 1.3


def test_scenario_closed_day(visits):
    scenario = Scenario(closed_days=(ClosedDay(dt.date(2026, 7, 2), location="a"),))
    result = forecast_arrivals(visits, 1, scenario=scenario)
    a_days = set(result.daily[result.daily["location"] == "a"]["day"].dt.date)
    b_days = set(result.daily[result.daily["location"] == "b"]["day"].dt.date)
    assert dt.date(2026, 7, 2) not in a_days and dt.date(2026, 7, 2) in b_days


def test_opening_hours_restrict_slots_and_keep_the_day_total(visits, result):
    hours = {"a": {w: (dt.time(9, 0), dt.time(12, 0)) for w in range(5)}}
    short = forecast_arrivals(visits, 2, opening_hours=hours)
    a = short.slots[short.slots["location"] == "a"]
    assert set(a["slot_start"].dt.time) == {dt.time(9, 0), dt.time(9, 30), dt.time(10, 0), dt.time(10, 30), dt.time(11, 0), dt.time(11, 30)}
    assert np.allclose(short.daily["expected"], result.daily["expected"])


def test_slot_counts_give_the_same_forecast_as_arrivals(visits, result):
    counts = (
        visits.assign(slot_start=visits["arrived_at"].dt.floor("30min"))
        .groupby(["location", "target_group", "slot_start"], as_index=False)
        .size()
    )
    from_counts = forecast_arrivals(counts, 2, time_col="slot_start", count_col="size")
    assert np.allclose(from_counts.slots["expected"], result.slots["expected"])


def test_a_series_of_counts_is_one_place():
    history = synthetic_visits(levels={("a", "x"): 25.0})
    series = history.set_index("arrived_at").assign(n=1)["n"].resample("30min").sum()
    series = series[series > 0]
    result = forecast_arrivals(series, 1)
    assert set(result.slots["location"]) == {"all"}
    assert result.daily["expected"].mean() == pytest.approx(25.0 * WEEKDAY_FACTOR[:5].mean(), rel=0.15)


def test_seasonal_naive_repeats_the_last_open_week(visits):
    result = forecast_arrivals(visits, 1, method="seasonal_naive")
    last_week = visits[(visits["arrived_at"] >= "2026-06-24") & (visits["arrived_at"] < "2026-07-01")]
    for day in result.daily["day"].unique():
        source = pd.Timestamp(day) - pd.Timedelta(days=7)
        for loc in ("a", "b"):
            got = result.daily[(result.daily["day"] == day) & (result.daily["location"] == loc)]["expected"].iloc[0]
            want = ((last_week["arrived_at"].dt.normalize() == source) & (last_week["location"] == loc)).sum()
            assert got == pytest.approx(want)
    assert result.daily["lo80"].isna().all()


def test_reproducible_and_storable(visits, result):
    again = forecast_arrivals(visits, 2)
    pd.testing.assert_frame_equal(again.slots, result.slots)
    record = result.run_record()
    json.dumps(record, default=str)
    assert record["method"] == "auto" and record["horizon_weeks"] == 2
    assert set(record["parameters"]["locations"]["a"]["groups"]) == {"x", "y"}


def test_six_week_intervals_widen(visits):
    result = forecast_arrivals(visits, 6)
    a = result.daily[result.daily["location"] == "a"]
    week = (a["day"] - a["day"].min()).dt.days // 7
    rel = (a["hi80"] - a["lo80"]) / a["expected"]
    assert rel[week == 5].mean() >= rel[week == 0].mean() * 0.95
    assert a["day"].max() <= pd.Timestamp(UNTIL + dt.timedelta(days=42))


def test_bad_arguments(visits):
    with pytest.raises(ValueError):
        forecast_arrivals(visits, 0)
    with pytest.raises(ValueError):
        forecast_arrivals(visits, 1, method="prophet")
    with pytest.raises(ValueError):
        forecast_arrivals(visits, 1, start=dt.date(2026, 6, 1))
    with pytest.raises(ValueError):
        forecast_arrivals(visits.iloc[0:0], 1)


def test_a_later_start_gets_the_wider_intervals_of_its_true_horizon(visits):
    later = forecast_arrivals(visits, 1, start=dt.date(2026, 8, 3))
    full = forecast_arrivals(visits, 6)
    week = full.daily[(full.daily["day"] >= pd.Timestamp("2026-08-03")) & (full.daily["day"] <= pd.Timestamp("2026-08-09"))]
    pd.testing.assert_frame_equal(
        later.daily.reset_index(drop=True)[["location", "day", "expected", "lo80", "hi80"]],
        week.reset_index(drop=True)[["location", "day", "expected", "lo80", "hi80"]],
    )
    assert later.daily["day"].min() == pd.Timestamp("2026-08-03")
