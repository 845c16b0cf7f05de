"""Statistics from the walk-in queue: the Overview's waiting figures and estimate, and the
Trends page's per-step table with its exports (SQLite and PostgreSQL for the queries)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from base64 import b64decode

import pytest
from openpyxl import load_workbook

from bench.dashboard import callback_body, export_body, output_key, trends_values
from dashboard.services import checkin_desk, queue
from dashboard.services.live_figures import _place, estimate_wait
from dashboard.services.unit_of_work import UnitOfWork
from data_access.db import session_scope
from data_access.repositories.checkin import Arrival
from data_access.repositories.statistics import LiveStatistics, PlaceToday, QueueToday
from planner import clock
from tests.test_api_support import own_client, own_db  # noqa: F401 - fixtures
from tests.test_queue import MONDAY, desk_named, places  # noqa: F401 - fixture
from tests.web import login


def _day_at_centre(url, centre, start):
    """Four arrivals; one served at Beratung 1, one referred on to J, one parked, one waiting."""
    def minutes(n):
        return start + dt.timedelta(minutes=n)

    tickets = [checkin_desk.record("empfang", Arrival(centre, "ukraine", "uk", "housing"), minutes(i),
                                   uow=UnitOfWork(url)) for i in range(4)]
    advice = desk_named(url, centre, "Beratung 1")

    def act(action, at, **kw):
        return queue.desk_action(advice, action, by="x", now=minutes(at), uow=UnitOfWork(url), **kw)

    act("call_next", 10)  # the first waited 10 minutes
    act("finish", 30)  # served for 20
    act("call_next", 31)  # the second waited 30 minutes
    current = queue.desk_board(advice, minutes(32), uow=UnitOfWork(url)).current
    act("refer", 35, ticket_id=current.ticket_id, queue_code="J")  # on to the Jobcenter: waits again from 35
    act("call_next", 36)  # the third waited 34 minutes ...
    current = queue.desk_board(advice, minutes(37), uow=UnitOfWork(url)).current
    act("park", 37, ticket_id=current.ticket_id)  # ... and stepped out
    return tickets


def test_the_queue_today_counts_steps_so_a_referral_waits_again(migrated_url, places):
    centre = places["centre"]
    _day_at_centre(migrated_url, centre, MONDAY)
    with session_scope(migrated_url) as session:
        found = LiveStatistics(session).queue_today(MONDAY.date(), MONDAY)
    day = found["centre"]
    assert (day.tickets, day.waiting, day.served, day.desks_calling) == (4, 2, 1, 1)  # referred + fourth wait
    assert day.oldest_waiting_since == MONDAY + dt.timedelta(minutes=3)  # the fourth, waiting since arrival
    assert day.mean_wait == pytest.approx((10 + 30) / 2)  # the parked one's call was undone
    assert (day.max_wait, day.mean_service) == (30, 20)
    assert "infopoint" not in found
    with session_scope(migrated_url) as session:  # later on: no desk has called since
        assert LiveStatistics(session).queue_today(MONDAY.date(), MONDAY + dt.timedelta(hours=2))[
            "centre"].desks_calling == 0


def test_the_overview_takes_waiting_and_estimate_from_the_queue_where_there_are_tickets():
    now = MONDAY + dt.timedelta(hours=1)
    visits = PlaceToday("centre", 10, 1, MONDAY, 5.0, 9.0)
    queued = QueueToday("centre", 10, 4, MONDAY + dt.timedelta(minutes=20), 12.0, 40.0, 5, 18.0, 2)
    place = _place("centre", visits, None, None, now, queued)
    assert (place.source, place.waiting, place.mean_wait, place.longest_wait) == ("queue", 4, 12.0, 40.0)
    assert (place.estimate_basis, place.estimate_staff, place.estimate_service) == ("desks", 2, 18.0)
    assert place.estimated_wait == estimate_wait(4, 2, 18.0, 0.0) == pytest.approx(45.0)
    # No tickets at this place today: the visits' figures, and no estimate without staff or forecast.
    before = _place("centre", visits, None, None, now, QueueToday("centre", 0, 0, None, None, None, 0, None, 0))
    assert (before.source, before.waiting, before.mean_wait, before.estimated_wait) == ("visits", 1, 5.0, None)
    assert _place("centre", visits, None, None, now, None).source == "visits"


def test_too_few_served_steps_keep_the_forecasts_service_time():
    class Forecast:
        service_minutes = {"centre": 25.0}
        slots, days, trust = [], [], {}

        class requirement:  # noqa: N801 - stands in for the DataFrame's one attribute used
            empty = True

    queued = QueueToday("centre", 3, 2, MONDAY, 5.0, 5.0, 1, 3.0, 1)
    place = _place("centre", PlaceToday("centre", 3, 2, MONDAY, None, None), None, Forecast(),
                   MONDAY + dt.timedelta(minutes=30), queued)
    assert (place.estimate_service, place.estimated_wait) == (25.0, pytest.approx(3 * 25.0))


@pytest.fixture
def today_at_centre(own_db):
    """Today's queue at the demo's service centre, from opening: served, referred, parked, waiting."""
    from data_access.repositories import CheckinRepository

    with session_scope(own_db) as session:
        centre = CheckinRepository(session).location_by_code("centre").id
    start = clock.now().replace(hour=0, minute=1, second=0, microsecond=0)
    return centre, _day_at_centre(own_db, centre, start)


def _trends_values():
    today = clock.today()
    return trends_values(today, today)


def _markdown_rows(component: dict) -> list[list[str]]:
    lines = component["props"]["children"].splitlines()
    return [[c.strip() for c in line.strip("|").split(" | ")] for line in lines if not line.startswith("|:--")]


def test_trends_shows_the_queue_steps_per_desk_and_exports_them_as_shown(own_client, today_at_centre, monkeypatch):
    from app import app

    monkeypatch.setenv("MIGRADO_STATS_CACHE_SECONDS", "0")
    login(own_client, "leitung")
    values = _trends_values()
    answer = own_client.post("/_dash-update-component",
                             json=callback_body(app, output_key(app, "trends-steps-summary.children"), values))
    assert answer.status_code == 200
    out = answer.json["response"]
    rows = _markdown_rows(out["trends-steps-table"]["children"])
    assert rows[0][:4] == ["Standort", "Schalter", "Warteschlange", "Schritte"]
    by_desk = {(r[1], r[2]): r for r in rows[1:]}
    advice = by_desk[("Beratung 1", "B")]
    assert advice[3:7] == ["2", "1", "1", "0"]  # one served, one referred on
    assert by_desk[("noch nicht aufgerufen", "J")][3] == "1"  # the referral waits at the Jobcenter
    assert by_desk[("noch nicht aufgerufen", "B")][3] == "2"  # the parked one (its call undone) and the fourth
    assert "1 weitergeleitet" in out["trends-steps-summary"]["children"]

    exported = own_client.post("/_dash-update-component", json=export_body(app, values, "steps", "csv"))
    download = exported.json["response"]["trends-download"]["data"]
    assert download["filename"].startswith("migrado-steps-")
    lines = list(csv.reader(io.StringIO(b64decode(download["content"]).decode("utf-8-sig")), delimiter=";"))
    assert lines[0] == rows[0] and len(lines) == len(rows)
    xlsx = own_client.post("/_dash-update-component", json=export_body(app, values, "steps", "xlsx"))
    book = load_workbook(io.BytesIO(b64decode(xlsx.json["response"]["trends-download"]["data"]["content"])))
    sheet = [list(r) for r in book.active.iter_rows(values_only=True)]
    assert [str(c) for c in sheet[0]] == rows[0] and len(sheet) == len(rows)
    assert any(isinstance(c, (int, float)) for row in sheet[1:] for c in row)


@pytest.mark.parametrize("login_name", ["empfang", "jobcenter"])
def test_the_steps_and_their_export_are_refused_without_trends(own_client, today_at_centre, login_name):
    from app import app

    login(own_client, login_name)
    values = _trends_values()
    body = callback_body(app, output_key(app, "trends-steps-summary.children"), values)
    assert own_client.post("/_dash-update-component", json=body).status_code == 403
    assert own_client.post("/_dash-update-component", json=export_body(app, values, "steps", "csv")).status_code == 403


def test_the_overview_shows_the_queues_waiting_figures(own_client, today_at_centre):
    from app import app

    login(own_client, "leitung")
    body = callback_body(app, output_key(app, "overview-live.children"), {"overview-interval.n_intervals": 1})
    answer = own_client.post("/_dash-update-component", json=body)
    assert answer.status_code == 200
    text = json.dumps(answer.json["response"], ensure_ascii=False)
    assert "aus den Wartenummern" in text
