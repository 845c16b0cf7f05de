"""Exports of the published plan: who may download, and what the files hold."""

from __future__ import annotations

import csv
import io

import pytest
from icalendar import Calendar

from data_access.db import dispose_engines, session_scope
from data_access.repositories.schedules import ScheduleRepository
from dashboard.services import week_planning as planning
from tests.web import login

YEAR, WEEK = 2026, 52


@pytest.fixture
def published(web_app, filled_sqlite_url):
    outcome = planning.plan_week(YEAR, WEEK, by="test", time_limit_s=5)
    with session_scope() as session:
        ScheduleRepository(session).publish(outcome.schedule_id, by="test")
    yield outcome
    with session_scope(filled_sqlite_url) as session:
        for schedule in ScheduleRepository(session).versions(YEAR, WEEK):
            session.delete(schedule)
    dispose_engines()


def test_csv_has_german_dates_and_every_shift(client, published):
    login(client, "leitung")
    response = client.get(f"/planner/export/{YEAR}-W{WEEK}.csv")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    text = response.get_data(as_text=True).lstrip("\ufeff")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][:3] == ["Datum", "Wochentag", "Standort"]
    assert len(rows) - 1 == len(published.shifts)
    assert all(r[0].count(".") == 2 and r[0].endswith("2026") for r in rows[1:])


def test_ics_per_person_and_per_organisation(client, published):
    login(client, "koordination")
    person = published.shifts[0].person
    ics = client.get(f"/planner/export/{YEAR}-W{WEEK}.ics?person={person}")
    events = [c for c in Calendar.from_ical(ics.data).walk() if c.name == "VEVENT"]
    assert len(events) == sum(1 for s in published.shifts if s.person == person)
    everyone = client.get(f"/planner/export/{YEAR}-W{WEEK}.ics")
    assert len([c for c in Calendar.from_ical(everyone.data).walk() if c.name == "VEVENT"]) == len(published.shifts)
    assert everyone.headers["Content-Type"] == "text/calendar; charset=utf-8"
    # RFC 5545: every event has its stamp; the zone's rules travel with the file.
    assert all(e.get("dtstamp") is not None and e.get("uid") for e in events)
    assert b"BEGIN:VTIMEZONE" in everyone.data and b"TZID:Europe/Berlin" in everyone.data
    first = events[0]
    assert first.decoded("dtstart").tzinfo is not None
    assert str(first.decoded("dtstart").utcoffset()) == "1:00:00"  # 21-27 Dec: winter time


def test_print_view_is_a4_landscape(client, published):
    login(client, "koordination")
    html = client.get(f"/planner/export/{YEAR}-W{WEEK}/print").get_data(as_text=True)
    assert "size: A4 landscape" in html and '<html lang="de">' in html
    assert f"Dienstplan KW {WEEK}/{YEAR}" in html and "Stand: " in html


def test_an_english_user_gets_english_exports(client, published):
    from openpyxl import load_workbook

    login(client, "leitung")
    client.set_cookie("lang", "en")
    base = f"/planner/export/{YEAR}-W{WEEK}"
    text = client.get(base + ".csv").get_data(as_text=True).lstrip("\ufeff")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["Date", "Weekday", "Place", "Start", "End", "Person", "Task", "Organisation", "Confirmation"]
    assert len(rows) - 1 == len(published.shifts)
    assert all(r[0].count("/") == 2 and r[1].endswith("day") for r in rows[1:])  # 21/12/2026, Monday
    assert {r[2] for r in rows[1:]} <= {"Service centre", "Infopoint"} and {r[8] for r in rows[1:]} == {"pending"}

    book = load_workbook(io.BytesIO(client.get(base + ".xlsx").data))
    assert book.sheetnames == ["By person", "By place"]
    assert [c.value for c in book["By person"][1]][:3] == ["Date", "Weekday", "Place"]

    calendar = Calendar.from_ical(client.get(base + ".ics").data)
    assert str(calendar["x-wr-calname"]) == f"MigraDo roster {YEAR}-W{WEEK}"
    summaries = [str(e["summary"]) for e in calendar.walk() if e.name == "VEVENT"]
    assert summaries and all(" – Service centre (" in s or " – Infopoint (" in s for s in summaries)
    assert not any(word in " ".join(summaries) for word in ("Empfang", "Beratung", "Servicezentrum"))

    html = client.get(base + "/print").get_data(as_text=True)
    assert '<html lang="en">' in html and f"roster, week {WEEK}/{YEAR}" in html
    assert "As of " in html and "<th scope=\"col\">Person</th>" in html and "Mon " in html
    assert "Stand:" not in html and "Dienstplan" not in html


@pytest.mark.parametrize("user", ["empfang", "jobcenter"])
def test_exports_are_refused_to_other_roles(client, published, user):
    login(client, user)
    for suffix in (".csv", ".xlsx", ".ics", "/print"):
        assert client.get(f"/planner/export/{YEAR}-W{WEEK}{suffix}").status_code == 403


def test_unknown_or_unpublished_week_is_404(client, web_app):
    login(client, "koordination")
    assert client.get("/planner/export/2026-W53.csv").status_code == 404
    assert client.get("/planner/export/nonsense.csv").status_code == 404


def test_a_name_that_looks_like_a_formula_stays_text():
    from dashboard.web.exports import _cell

    assert _cell("=HYPERLINK(\"http://evil\")") == "'=HYPERLINK(\"http://evil\")"
    assert _cell("@SUM(A1)") == "'@SUM(A1)"
    assert _cell("Olena") == "Olena"
    assert _cell(7) == 7
