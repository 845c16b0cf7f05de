"""Properties that must hold for any history: short, sparse, with gaps."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.forecast import forecast_arrivals
from tests.forecast.synthetic import synthetic_visits


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    weeks=st.integers(min_value=3, max_value=60),
    level=st.floats(min_value=0.5, max_value=80),
    horizon=st.integers(min_value=1, max_value=6),
    seed=st.integers(min_value=0, max_value=10_000),
)
def test_any_history_gives_a_sane_forecast(weeks, level, horizon, seed):
    end = dt.date(2026, 6, 30)
    history = synthetic_visits(end - dt.timedelta(weeks=weeks), end, levels={("p", "g"): level}, seed=seed)
    if history.empty:
        return
    result = forecast_arrivals(history, horizon)
    if result.daily.empty:
        # So sparse that no weekday had arrivals in half of the last weeks: days without
        # rows count as closed, so nothing is open. Say so rather than guess.
        assert set(result.closed["reason"]) == {"usually closed"}
        assert result.slots.empty
        return
    for table in (result.slots, result.daily):
        values = table[["expected", "lo80", "hi80", "lo95", "hi95"]].to_numpy()
        assert np.isfinite(values).all()
        assert (values >= 0).all()
        assert (table["lo95"] <= table["lo80"] + 1e-9).all()
        assert (table["lo80"] <= table["hi80"]).all()
        assert (table["hi80"] <= table["hi95"] + 1e-9).all()
    days = result.daily["day"]
    assert days.min() > pd.Timestamp(history["arrived_at"].max().normalize()) or result.daily.empty
    assert (days <= pd.Timestamp(end + dt.timedelta(days=7 * horizon))).all()
    # Daily expectation stays within a plausible band around the history's mean.
    past = history.groupby(history["arrived_at"].dt.normalize()).size()
    assert result.daily["expected"].max() <= 4 * past.max() + 5


def test_a_history_of_days_not_weeks_still_forecasts():
    history = synthetic_visits(dt.date(2026, 6, 22), dt.date(2026, 6, 30), levels={("p", "g"): 20.0})
    result = forecast_arrivals(history, 1)
    assert len(result.daily) == 5
    assert 5 < result.daily["expected"].mean() < 40
