"""The demo's language courses: a plausible Dortmund catalogue, outcomes that belong to
language-course visits, and a gap for children that grows year by year."""

from __future__ import annotations

import datetime as dt

import numpy as np
from sqlalchemy import func, select

from data_access.db import session_scope
from data_access.demo.courses import catalogue
from data_access.models import COURSE_KINDS, Course, CourseOutcome, Visit
from tests.conftest import DEMO_NOW


def test_the_catalogue_is_deterministic_from_the_seed_and_reaches_beyond_today():
    first = catalogue(DEMO_NOW, np.random.default_rng([1, 23]))
    assert first == catalogue(DEMO_NOW, np.random.default_rng([1, 23]))
    assert first != catalogue(DEMO_NOW, np.random.default_rng([2, 23]))
    upcoming = [row for row, _ in first if row["starts_on"] > DEMO_NOW.date()]
    assert len(upcoming) >= 15
    assert {row["kind"] for row, _ in first} <= set(COURSE_KINDS)
    assert all(row["ends_on"] >= row["starts_on"] for row, _ in first)


def test_outcomes_belong_to_language_course_visits_and_hold_no_personal_data(filled_sqlite_url):
    with session_scope(filled_sqlite_url) as session:
        concerns = set(session.scalars(select(Visit.concern).join(CourseOutcome, CourseOutcome.visit_id == Visit.id)
                                       .distinct()))
        assert concerns == {"language_course"}
        counts = dict(session.execute(select(CourseOutcome.result, func.count()).group_by(CourseOutcome.result)).all())
        assert counts["referred"] > counts["unmet"] > 1000
        assert session.scalar(select(func.count()).select_from(Course)) > 200
        providers = set(session.scalars(select(Course.provider).distinct()))
        assert len(providers) >= 8
    columns = set(CourseOutcome.__table__.columns.keys())
    assert columns == {"id", "visit_id", "day", "recorded_at", "result", "course_id", "audience", "needed_kind",
                       "needed_level", "needed_time", "needed_district", "needed_childcare"}


def test_the_gap_for_children_grows_and_only_a_late_small_course_answers_it(filled_sqlite_url):
    with session_scope(filled_sqlite_url) as session:
        year = func.extract("year", CourseOutcome.day)
        per_year = dict(session.execute(
            select(year, func.count()).where(CourseOutcome.result == "unmet", CourseOutcome.audience == "child")
            .group_by(year)).all())
        first_child_course = session.scalar(select(func.min(Course.starts_on)).where(Course.kind == "children"))
    years = [per_year.get(y, 0) for y in (2022, 2023, 2024, 2025)]
    assert years == sorted(years) and years[-1] > 3 * max(years[0], 1)
    assert DEMO_NOW.date() - dt.timedelta(weeks=11) <= first_child_course <= DEMO_NOW.date()
