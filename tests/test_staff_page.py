"""Staff page: the team, and absences entered with clear messages for bad input."""

from __future__ import annotations

import datetime as dt

import pytest

from data_access.db import session_scope
from data_access.models import Absence
from tests.web import call, login, page_content


def test_staff_page_lists_the_team(client):
    login(client, "koordination")
    body = page_content(client, "/staff").get_data(as_text=True)
    assert "16 Personen im Team, davon 5 von Partnerorganisationen" in body
    assert "Olena" in body and "Bürgerdienste (Anmeldung EU)" in body


def test_absence_with_end_before_start_is_refused_and_nothing_is_written(client, web_app, filled_sqlite_url):
    login(client, "koordination")
    before = _absences(filled_sqlite_url)
    response = call(client, web_app, "staff-absence-save.n_clicks", {
        "staff-absence-save.n_clicks": 1, "staff-absence-person.value": "4",
        "staff-absence-from.value": "2026-12-10", "staff-absence-to.value": "2026-12-08",
        "staff-absence-kind.value": "vacation"})
    assert response.status_code == 200
    assert "„bis“ liegt vor „von“" in response.get_data(as_text=True)
    assert _absences(filled_sqlite_url) == before


def test_absence_is_saved_and_listed(client, web_app, filled_sqlite_url):
    login(client, "koordination")
    response = call(client, web_app, "staff-absence-save.n_clicks", {
        "staff-absence-save.n_clicks": 1, "staff-absence-person.value": "4",
        "staff-absence-from.value": "2026-12-14", "staff-absence-to.value": "2026-12-15",
        "staff-absence-kind.value": "training"})
    assert "Gespeichert" in response.get_data(as_text=True)
    try:
        listing = call(client, web_app, "staff-week.value", {"staff-week.value": "2026-W51", "staff-refresh.data": 1},
                       output="staff-absence-list")
        text = listing.get_data(as_text=True)
        assert "Olena" in text and "Fortbildung" in text and "14.12.2026" in text
    finally:
        with session_scope(filled_sqlite_url) as session:
            session.query(Absence).filter(Absence.starts_on == dt.date(2026, 12, 14)).delete()


@pytest.mark.parametrize("user", ["leitung", "empfang", "jobcenter"])
def test_only_the_coordination_team_enters_absences(client, web_app, filled_sqlite_url, user):
    login(client, user)
    before = _absences(filled_sqlite_url)
    response = call(client, web_app, "staff-absence-save.n_clicks", {
        "staff-absence-save.n_clicks": 1, "staff-absence-person.value": "4",
        "staff-absence-from.value": "2026-12-14", "staff-absence-to.value": "2026-12-15",
        "staff-absence-kind.value": "training"})
    assert response.status_code == 403
    assert _absences(filled_sqlite_url) == before


def _absences(url) -> int:
    with session_scope(url) as session:
        return session.query(Absence).count()
