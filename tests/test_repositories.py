"""Repository aggregates agree with the visits they summarise, on both databases."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from data_access.db import session_scope
from data_access.demo.visits import generate_visit_frame
from data_access.repositories import ReferenceRepository, StaffRepository, VisitRepository
from tests.conftest import DEMO_NOW


@pytest.fixture(scope="module")
def visits() -> pd.DataFrame:
    return generate_visit_frame(seed=1, until=DEMO_NOW)


def test_daily_counts_match_the_visits(filled_url, visits):
    start, end = dt.date(2026, 9, 1), dt.date(2026, 9, 30)
    with session_scope(filled_url) as session:
        rows = VisitRepository(session).daily_counts(start, end)
    expected = (
        visits[(visits.day >= start) & (visits.day <= end)].groupby(["day", "location"]).size()
    )
    assert {(d, c): n for d, c, n in rows} == expected.to_dict()
    assert all(isinstance(d, dt.date) for d, _, _ in rows)


def test_counts_until_a_time_of_day(filled_url, visits):
    day = dt.date(2026, 11, 24)
    with session_scope(filled_url) as session:
        got = VisitRepository(session).counts_by_location_until(day, dt.time(11, 0))
    sel = visits[(visits.day == day) & (visits.arrived_at < pd.Timestamp("2026-11-24 11:00"))]
    assert got == sel.groupby("location").size().to_dict()
    assert sum(got.values()) > 0


def test_counts_by_target_group(filled_url, visits):
    start, end = dt.date(2022, 2, 25), dt.date(2023, 2, 24)
    with session_scope(filled_url) as session:
        rows = VisitRepository(session).counts_by_target_group(start, end)
    got = {(c, g): n for c, g, n in rows}
    assert got[("infopoint", "ukraine")] == 20_000
    assert got[("centre", "other")] == 2_000


def test_days_with_visits_finds_no_closed_day(filled_url):
    weekend = [dt.date(2026, 11, 21), dt.date(2026, 11, 22), dt.date(2025, 12, 25)]
    with session_scope(filled_url) as session:
        repo = VisitRepository(session)
        assert repo.days_with_visits(weekend) == []
        assert repo.days_with_visits([dt.date(2026, 11, 23)]) == [dt.date(2026, 11, 23)]


def test_reference_data(filled_url):
    with session_scope(filled_url) as session:
        refs = ReferenceRepository(session)
        assert set(refs.location_ids()) == {"infopoint", "centre"}
        hours = refs.opening_hours(dt.date(2026, 11, 27))
        friday_centre = [h for h in hours if h.weekday == 4 and h.location.code == "centre"]
        assert friday_centre[0].closes_at == dt.time(13, 0)
        assert {o.kind for o in refs.organisations()} == {"city", "partner"}
        templates = refs.shift_templates()
        assert all(t.ends_at > t.starts_at for t in templates)
        assert any(c.rotation for c in refs.partner_commitments())
        counts = StaffRepository(session).count_by_role(DEMO_NOW.date())
    assert counts["coordination"] == 3 and counts["citizen_services"] == 2
