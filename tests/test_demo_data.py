"""The demo generator reproduces the centre's first year and stays plausible after it."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys

import holidays
import pandas as pd
import pytest

from data_access.db import session_scope
from data_access.demo.reference import STAFF
from data_access.demo.visits import FIRST_YEAR_TOTALS, generate_visit_frame, summarize
from data_access.repositories import StaffRepository, VisitRepository
from tests.conftest import DEMO_NOW

TARGETS = {
    "infopoint_ukraine": 20_000,
    "infopoint_other": 6_000,
    "centre_ukraine": 4_100,
    "centre_other": 2_000,
}


@pytest.fixture(scope="module")
def visits() -> pd.DataFrame:
    return generate_visit_frame(seed=1, until=DEMO_NOW)


@pytest.mark.parametrize("seed", [1, 7, 2024])
def test_first_year_totals_within_one_percent(seed):
    summary = summarize(generate_visit_frame(seed=seed, until=dt.date(2023, 3, 31)))
    for key, target in TARGETS.items():
        assert abs(summary[key] - target) <= 0.01 * target, (key, summary[key])


def test_infopoint_opens_to_other_nationalities_in_december_2022(visits):
    other = visits[(visits.location == "infopoint") & (visits.target_group == "other")]
    first = other.arrived_at.min().date()
    assert dt.date(2022, 12, 1) <= first <= dt.date(2022, 12, 31)
    ukrainian = visits[(visits.location == "infopoint") & (visits.target_group == "ukraine")]
    assert ukrainian.arrived_at.min().date() == dt.date(2022, 2, 25)


def test_no_visits_on_weekends_or_nrw_public_holidays(visits):
    days = pd.Series(pd.to_datetime(visits.arrived_at).dt.date.unique())
    nrw = holidays.country_holidays("DE", subdiv="NW", years=range(2022, 2027))
    assert not any(d.weekday() >= 5 for d in days)
    assert not any(d in nrw for d in days)
    assert dt.date(2025, 12, 24) not in set(days)  # Christmas Eve is a configured closure
    assert summarize(visits)["closed_day_visits"] == 0


def test_arrivals_lie_inside_opening_hours(visits):
    minutes = visits.arrived_at.dt.hour * 60 + visits.arrived_at.dt.minute
    infopoint = visits.location == "infopoint"
    assert minutes[infopoint].between(9 * 60, 15 * 60).all()
    friday_centre = (visits.location == "centre") & (visits.weekday == 4)
    assert minutes[friday_centre].max() < 13 * 60


def test_spring_2022_surge(visits):
    daily = visits.groupby(visits.arrived_at.dt.date).size()
    spring = daily[(daily.index >= dt.date(2022, 3, 7)) & (daily.index <= dt.date(2022, 5, 31))].mean()
    autumn = daily[(daily.index >= dt.date(2022, 9, 1)) & (daily.index <= dt.date(2022, 11, 30))].mean()
    assert spring > 1.5 * autumn


def test_weekday_and_hour_patterns(visits):
    per_weekday = visits.groupby("weekday").size()
    assert per_weekday[0] > per_weekday[2] > per_weekday[4]
    hours = visits[visits.location == "infopoint"].arrived_at.dt.hour.value_counts()
    assert hours[9] > hours[14]


def test_history_goes_on_plausibly_to_today(visits):
    per_year = visits.groupby(visits.arrived_at.dt.year).size()
    for year in (2023, 2024, 2025):
        assert 15_000 < per_year[year] < 60_000
    assert visits.arrived_at.max() <= pd.Timestamp(DEMO_NOW)


def test_mixes_of_language_concern_and_interpreter(visits):
    ukrainian = visits[visits.target_group == "ukraine"]
    assert set(ukrainian.language.value_counts().index[:2]) == {"uk", "ru"}
    assert "registration" not in set(ukrainian.concern)  # registration is for EU citizens
    video_share = visits.groupby("language").video_interpreter.mean()
    assert video_share["ti"] > 0.3 > video_share["uk"]
    served = visits[visits.outcome == "served"]
    assert (served.finished_at >= served.called_at).all()
    assert (served.called_at >= served.arrived_at).all()


def test_visits_still_open_at_the_cut_have_no_end(visits):
    today = visits[visits.arrived_at.dt.date == DEMO_NOW.date()]
    assert len(today) > 0
    open_ = today[today.finished_at.isna() & today.outcome.isna()]
    assert (open_.arrived_at <= pd.Timestamp(DEMO_NOW)).all()


def test_generator_is_deterministic():
    a = generate_visit_frame(seed=3, until=dt.date(2022, 6, 30))
    b = generate_visit_frame(seed=3, until=dt.date(2022, 6, 30))
    c = generate_visit_frame(seed=4, until=dt.date(2022, 6, 30))
    pd.testing.assert_frame_equal(a, b)
    assert not a.arrived_at.equals(c.arrived_at)


def test_scale_multiplies_the_history():
    base = summarize(generate_visit_frame(seed=1, until=dt.date(2023, 6, 30)))
    doubled = summarize(generate_visit_frame(seed=1, until=dt.date(2023, 6, 30), scale=2.0))
    assert doubled["infopoint_ukraine"] == 2 * FIRST_YEAR_TOTALS[("infopoint", "ukraine")]
    assert 1.9 < doubled["visits"] / base["visits"] < 2.1


def test_database_holds_what_the_generator_made(filled_url, visits):
    with session_scope(filled_url) as session:
        repo = VisitRepository(session)
        assert repo.count() == len(visits)
        assert repo.first_day("infopoint", "other") == visits[
            (visits.location == "infopoint") & (visits.target_group == "other")
        ].arrived_at.min().date()
        staff_today = StaffRepository(session).active_on(DEMO_NOW.date())
        staff_start = StaffRepository(session).active_on(dt.date(2022, 2, 25))
    assert len(staff_today) == 16 and len(staff_start) == 13
    assert len(STAFF) == 16


def test_summary_command_prints_one_json_object():
    out = subprocess.run(
        [sys.executable, "-m", "data_access.demo", "--summary", "--seed", "1"],
        capture_output=True, text=True, check=True, timeout=120,
    ).stdout
    summary = json.loads(out)
    assert set(summary) >= set(TARGETS) | {"closed_day_visits", "infopoint_other_first_date", "visits"}
    assert summary["infopoint_other_first_date"].startswith("2022-12")


def test_fill_command_fills_once(tmp_path):
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}", "PATH": ""}
    run = lambda *args: subprocess.run(  # noqa: E731
        [sys.executable, "-m", "data_access.demo", *args], capture_output=True, text=True,
        env=env, timeout=300,
    )
    first = run("--if-empty")
    assert first.returncode == 0, first.stderr
    assert "filled" in first.stderr
    second = run("--if-empty")
    assert second.returncode == 0 and "nothing to do" in second.stderr
    third = run()
    assert third.returncode == 1 and "already holds data" in third.stderr
