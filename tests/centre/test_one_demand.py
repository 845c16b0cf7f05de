"""Issue 18, point 4: the Overview and the Planner show one stored forecast of a day."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import delete, func, select

from dashboard.services import week_planning as planning
from dashboard.services.forecast import DEMAND, clear_cache, daily_forecast
from data_access.db import dispose_engines, session_scope
from data_access.models import ForecastChoice, ForecastRun
from planner import clock


@pytest.fixture
def on_demo(filled_url, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", filled_url)
    dispose_engines()
    clear_cache()
    planning._week_demand.cache_clear()
    with session_scope(filled_url) as session:
        last_run = session.scalar(select(func.max(ForecastRun.id))) or 0
    yield filled_url
    with session_scope(filled_url) as session:
        session.execute(delete(ForecastRun).where(ForecastRun.id > last_run))
    clear_cache()
    planning._week_demand.cache_clear()
    dispose_engines()


def test_planner_week_and_overview_show_the_same_expected_arrivals(on_demo):
    # Other tests' runs may stand in the shared demo database (the workers take files in
    # any order): count the runs this test adds.
    with session_scope() as session:
        before = session.scalar(select(func.max(ForecastRun.id))) or 0
    today = clock.today()
    overview = daily_forecast(today)
    assert overview is not None
    next_monday = today + dt.timedelta(days=7 - today.weekday())
    week = planning.week_demand(next_monday)
    assert week.run_id == overview.run_id  # one stored run, not one per page
    shown = {(p.location, p.at): p.expected for p in overview.days}
    days = week.daily.assign(day=week.daily["day"].dt.date)
    assert len(days) >= 5
    for row in days.itertuples(index=False):
        assert row.expected == pytest.approx(shown[(row.location, row.day)])
    # The week's slots add up to the day the Overview shows.
    by_day = week.arrivals.groupby([week.arrivals["location"], week.arrivals["slot_start"].dt.date])["expected"].sum()
    for row in days.itertuples(index=False):
        assert by_day[(row.location, row.day)] == pytest.approx(row.expected, rel=1e-6)
    with session_scope() as session:
        # One run for both pages, not one per page (none new where one stood already).
        added = session.scalars(select(ForecastRun).where(ForecastRun.id > before)).all()
        assert [run.id for run in added] in ([], [overview.run_id])
        choices = session.scalars(select(ForecastChoice).where(ForecastChoice.run_id == overview.run_id)).all()
    # The choice and its backtest error are stored per place and level.
    assert {(c.level) for c in choices} == {"daily", "slot"}
    assert all(c.backtest_mae > 0 for c in choices)
    assert {c.method for c in choices if c.level == "daily"} <= {"ets", "seasonal_naive", "mean4w", "ets_mean4w"}
