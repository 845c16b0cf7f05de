"""staffing_requirement: roles as queues, reception rules, languages, fractional totals."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.staffing import (
    ReceptionRule,
    ServiceLevel,
    mix_from_history,
    required_agents,
    required_agents_fractional,
    service_minutes_from_history,
    staffing_requirement,
)


def slots(arrivals: list[float], location: str = "a") -> pd.DataFrame:
    start = pd.Timestamp("2026-12-01 08:00")
    return pd.DataFrame(
        {
            "location": location,
            "slot_start": [start + pd.Timedelta(minutes=30 * i) for i in range(len(arrivals))],
            "expected": arrivals,
            "hi80": [a * 1.5 for a in arrivals],
        }
    )


def test_one_concern_is_one_erlang_queue():
    result = staffing_requirement(slots([10.0, 0.0]), {"advice": 20.0}, {"advice": 1.0}, reception=None)
    req = result.requirements
    assert list(req["role"]) == ["counselling", "counselling"]
    assert req["required"].iloc[0] == pytest.approx(required_agents_fractional(10, 20, ServiceLevel(), 30))
    assert req["staff"].iloc[0] == required_agents(10, 20, ServiceLevel(), 30)
    assert req["workload_erlangs"].iloc[0] == pytest.approx(10 * 20 / 30)
    assert req["service_level"].iloc[0] >= 0.8
    assert req["required"].iloc[1] == 0 and req["staff"].iloc[1] == 0


def test_concerns_route_to_roles_with_their_own_service_time():
    result = staffing_requirement(
        slots([20.0]),
        {"registration": 10.0, "housing": 30.0, "work": 20.0},
        {"registration": 0.25, "housing": 0.5, "work": 0.25},
        role_by_concern={"registration": "citizen_services"},
        reception=None,
    )
    req = result.requirements.set_index("role")
    assert req.loc["citizen_services", "arrivals"] == pytest.approx(5.0)
    assert req.loc["counselling", "arrivals"] == pytest.approx(15.0)
    # pooled mean service time of housing and work: (0.5 * 30 + 0.25 * 20) / 0.75
    assert req.loc["counselling", "workload_erlangs"] == pytest.approx(15 * (20 / 0.75) / 30)
    assert req.loc["counselling", "staff"] == required_agents(15, 20 / 0.75, ServiceLevel(), 30)


def test_target_set_by_the_user_changes_the_requirement():
    loose = staffing_requirement(slots([12.0]), {"c": 25.0}, {"c": 1.0}, reception=None)
    strict = staffing_requirement(slots([12.0]), {"c": 25.0}, {"c": 1.0}, reception=None, target=ServiceLevel(0.95, 5))
    assert strict.requirements["staff"].iloc[0] > loose.requirements["staff"].iloc[0]
    assert strict.parameters["within_minutes"] == 5


def test_planning_for_the_upper_bound_needs_more_staff():
    base = staffing_requirement(slots([8.0, 12.0]), {"c": 25.0}, {"c": 1.0}, reception=None)
    busy = staffing_requirement(slots([8.0, 12.0]), {"c": 25.0}, {"c": 1.0}, reception=None, column="hi80")
    assert (busy.requirements["required"].to_numpy() > base.requirements["required"].to_numpy()).all()


def test_reception_minimum_and_ratio():
    rule = ReceptionRule(minimum=1, arrivals_per_staff_hour=20)
    result = staffing_requirement(slots([0.0, 5.0, 25.0]), {"c": 10.0}, {"c": 1.0}, reception=rule)
    rec = result.requirements[result.requirements["role"] == "reception"]
    # 25 arrivals in half an hour = 50 an hour = 2.5 staff at 20 an hour
    assert list(rec["required"]) == [1.0, 1.0, 2.5]
    assert list(rec["staff"]) == [1, 1, 3]


def test_fractional_requirements_are_added_before_rounding():
    result = staffing_requirement(
        slots([3.0]),
        {"a": 15.0, "b": 15.0, "c": 15.0},
        {"a": 1 / 3, "b": 1 / 3, "c": 1 / 3},
        role_by_concern={"a": "r1", "b": "r2", "c": "r3"},
        reception=None,
    )
    req = result.requirements
    total = result.total()
    assert total["required"].iloc[0] == pytest.approx(req["required"].sum())
    assert total["staff"].iloc[0] == math.ceil(req["required"].sum() - 1e-9)
    assert total["staff"].iloc[0] < req["staff"].sum()


def test_per_place_inputs_and_missing_service_time():
    frame = pd.concat([slots([10.0], "a"), slots([10.0], "b")])
    result = staffing_requirement(
        frame, {"a": {"c": 10.0}, "b": {"c": 30.0}}, {"a": {"c": 1.0}, "b": {"c": 1.0}}, reception=None
    )
    req = result.requirements.set_index("location")
    assert req.loc["b", "staff"] > req.loc["a", "staff"]
    with pytest.raises(ValueError, match="no service time"):
        staffing_requirement(slots([1.0]), {"c": 10.0}, {"c": 0.5, "d": 0.5})


def test_language_demand_with_video_fallback():
    result = staffing_requirement(
        slots([10.0] * 16),
        {"c": 10.0},
        {"c": 1.0},
        {"de": 0.3, "uk": 0.5, "ti": 0.19, "so": 0.01},
        staff_languages={"de", "uk", "so"},
        min_daily_visitors_for_staff=2.0,
    )
    langs = result.languages
    cover = langs.groupby("language")["cover"].first()
    assert cover.to_dict() == {"de": "common", "so": "video", "ti": "video", "uk": "staff"}
    # "so": the team speaks it, but 160 visitors a day * 1 % = 1.6 < 2 a day
    per_slot = langs[langs["language"] == "uk"]["expected_visitors"]
    assert np.allclose(per_slot, 5.0)
    assert langs.groupby("slot_start")["expected_visitors"].sum().round(9).eq(10.0).all()


def test_history_helpers():
    visits = pd.DataFrame(
        {
            "location": ["a", "a", "a", "b"],
            "concern": ["x", "x", "y", "x"],
            "language": ["de", "uk", "uk", "ar"],
            "service_minutes": [10.0, 20.0, np.nan, 7.0],
        }
    )
    assert mix_from_history(visits, "language") == {"a": {"de": 1 / 3, "uk": 2 / 3}, "b": {"ar": 1.0}}
    assert service_minutes_from_history(visits) == {"a": {"x": 15.0}, "b": {"x": 7.0}}


def test_works_on_a_forecast_result(visits):
    from planner.forecast import forecast_arrivals

    forecast = forecast_arrivals(visits, 1)
    result = staffing_requirement(forecast, {"c": 15.0}, {"c": 1.0})
    counselling = result.requirements[result.requirements["role"] == "counselling"]
    assert len(counselling) == len(forecast.slots)
    assert (counselling["staff"] >= 1).all()


@settings(max_examples=40, deadline=None)
@given(st.lists(st.floats(min_value=0, max_value=60), min_size=2, max_size=2), st.floats(min_value=2, max_value=40))
def test_more_arrivals_never_need_fewer_staff(pair, minutes):
    low, high = sorted(pair)
    result = staffing_requirement(slots([low, high]), {"c": minutes}, {"c": 1.0}, reception=None)
    req = result.requirements["required"].to_numpy()
    assert req[1] >= req[0] - 1e-9


def test_mixes_per_group_follow_the_groups_forecast_and_scenario(visits):
    import datetime as dt

    from planner.forecast import Multiplier, Scenario, forecast_arrivals

    language_mix = {"a": {"x": {"uk": 1.0}, "y": {"ar": 1.0}}, "b": {"x": {"uk": 1.0}}}
    concern_mix = {"a": {"x": {"c": 1.0}, "y": {"c": 1.0}}, "b": {"x": {"c": 1.0}}}
    base = forecast_arrivals(visits, 1)
    more_y = forecast_arrivals(visits, 1, scenario=Scenario(multipliers=(Multiplier(2.0, dt.date(2026, 7, 1), target_group="y"),)))

    def ar_share(forecast):
        langs = staffing_requirement(forecast, {"c": 10.0}, concern_mix, language_mix).languages
        a = langs[langs["location"] == "a"].groupby("language")["expected_visitors"].sum()
        return a["ar"] / a.sum()

    groups = base.groups[base.groups["location"] == "a"].groupby("target_group")["expected"].sum()
    assert ar_share(base) == pytest.approx(groups["y"] / groups.sum(), rel=1e-6)
    assert ar_share(more_y) == pytest.approx(2 * groups["y"] / (groups["x"] + 2 * groups["y"]), rel=1e-6)
    with pytest.raises(ValueError, match="groups"):
        staffing_requirement(base.slots, {"c": 10.0}, concern_mix)


def test_mix_from_history_by_group():
    visits = pd.DataFrame(
        {"location": ["a", "a", "a"], "target_group": ["x", "x", "y"], "language": ["uk", "ru", "ar"]}
    )
    assert mix_from_history(visits, "language", by_group=True) == {"a": {"x": {"ru": 0.5, "uk": 0.5}, "y": {"ar": 1.0}}}
