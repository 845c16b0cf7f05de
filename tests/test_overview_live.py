"""The live Overview through Flask's test client: refresh, new check-ins, plan, stored forecast."""

from __future__ import annotations

import datetime as dt
import math

import pytest
from sqlalchemy import delete, func, select

from bench.dashboard import callback_body, output_key
from dashboard.services.forecast import DEMAND, clear_cache
from dashboard.services import overview_live
from dashboard.services.live_figures import estimate_wait
from dashboard.texts.i18n import fmt_datetime
from data_access.db import session_scope
from data_access.models import Assignment, ForecastDay, ForecastRun, Location, Schedule, StaffMember, Visit
from data_access.repositories.statistics import LiveStatistics
from planner.staffing import expected_wait
from tests.web import login
from planner import clock


def refresh(client, app) -> dict:
    body = callback_body(app, output_key(app, "overview-live.children"), {"overview-interval.n_intervals": 1})
    response = client.post("/_dash-update-component", json=body)
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return response.json["response"]


def texts(node) -> dict[str, str]:
    """id -> text of every component with an id in a serialised layout."""
    found: dict[str, str] = {}

    def text_of(n) -> str:
        if isinstance(n, dict):
            return text_of(n.get("props", {}).get("children"))
        if isinstance(n, list):
            return " ".join(text_of(c) for c in n)
        return "" if n is None else str(n)

    def walk(n):
        if isinstance(n, dict):
            props = n.get("props", {})
            if isinstance(props.get("id"), str):
                found[props["id"]] = text_of(n)
            walk(props.get("children"))
        elif isinstance(n, list):
            for c in n:
                walk(c)

    walk(node)
    return found


def dd_text(node, element_id: str) -> str:
    """The whole <dd> (value and note) that holds the element `element_id`."""
    result = []

    def walk(n):
        if isinstance(n, dict):
            props = n.get("props", {})
            if n.get("type") == "Dd" and element_id in str(props.get("children")):
                result.append(texts_all(n))
            walk(props.get("children"))
        elif isinstance(n, list):
            for c in n:
                walk(c)

    walk(node)
    return result[0]


def texts_all(n) -> str:
    if isinstance(n, dict):
        return texts_all(n.get("props", {}).get("children"))
    if isinstance(n, list):
        return " ".join(texts_all(c) for c in n)
    return "" if n is None else str(n)


def _number(text: str) -> int:
    return int(text.replace(".", "").replace(",", ""))


def test_estimated_wait_follows_the_queue_and_erlang_c():
    # People waiting: everyone is busy, the newcomer waits for waiting + 1 departures.
    assert estimate_wait(waiting=5, staff=3, aht_minutes=18, arrivals_per_slot=4) == pytest.approx(6 * 18 / 3)
    # Nobody waiting: Erlang C's mean wait for this slot's forecast arrivals.
    assert estimate_wait(0, 3, 18, 4) == pytest.approx(expected_wait(3, 4, 18, 30))
    assert estimate_wait(0, 3, 18, 0) == 0.0
    assert math.isinf(estimate_wait(0, 2, 30, 5))  # load 5 Erlang on 2 counsellors: unstable
    assert math.isinf(estimate_wait(3, 0, 18, 2))


def _next_interval(monkeypatch) -> None:
    """Move this worker's clock past the interval its figures were computed in."""
    later = overview_live.monotonic() + overview_live.shared_seconds()
    monkeypatch.setattr(overview_live, "monotonic", lambda: later)


def test_a_new_check_in_shows_up_at_the_next_refresh(client, web_app, filled_sqlite_url, monkeypatch):
    login(client, "empfang")  # reception may watch the Overview
    before = texts(refresh(client, web_app)["overview-live"]["children"])
    now = clock.now().replace(microsecond=0) - dt.timedelta(minutes=1)
    with session_scope(filled_sqlite_url) as session:
        location_id = session.scalar(select(Location.id).where(Location.code == "infopoint"))
        visit = Visit(location_id=location_id, arrived_at=now, day=now.date(), weekday=now.weekday(),
                      slot=now.hour * 2 + now.minute // 30, channel="infopoint", target_group="ukraine",
                      language="uk", concern="housing", video_interpreter=False)
        session.add(visit)
        session.flush()
        visit_id = visit.id
    try:
        _next_interval(monkeypatch)
        after = texts(refresh(client, web_app)["overview-live"]["children"])
        assert _number(after["live-arrivals-infopoint"]) == _number(before["live-arrivals-infopoint"]) + 1
        assert _number(after["live-waiting-infopoint"]) == _number(before["live-waiting-infopoint"]) + 1
        assert after["live-arrivals-centre"] == before["live-arrivals-centre"]
    finally:
        with session_scope(filled_sqlite_url) as session:
            session.execute(delete(Visit).where(Visit.id == visit_id))


def test_without_a_published_plan_staff_on_duty_is_not_invented(client, web_app, filled_url, monkeypatch):
    # The repository says "no plan" (None), not "nobody on duty", for a week without one.
    with session_scope(filled_url) as session:
        assert LiveStatistics(session).on_duty(dt.date(2030, 1, 7), dt.time(10, 0)) is None
    monkeypatch.setattr(LiveStatistics, "on_duty", lambda self, day, at: None)
    login(client, "leitung")
    out = refresh(client, web_app)
    live = out["overview-live"]["children"]
    assert out["overview-as-of"]["children"].startswith("Stand: ")
    assert texts(live)["live-staff-infopoint"] == "nicht geplant"
    assert "Für diese Woche ist kein Dienstplan veröffentlicht." in dd_text(live, "live-staff-infopoint")
    note = dd_text(live, "live-estimate-infopoint")
    if "außerhalb der Öffnungszeit" not in note:
        assert "kein Dienstplan veröffentlicht ist" in note and "Erlang C" in note


def test_a_published_plan_gives_staff_on_duty_against_required(client, web_app, filled_sqlite_url):
    today = clock.today()
    iso_year, iso_week, _ = today.isocalendar()
    with session_scope(filled_sqlite_url) as session:
        location_id = session.scalar(select(Location.id).where(Location.code == "infopoint"))
        counsellors = session.scalars(select(StaffMember.id).where(StaffMember.role == "social_worker").limit(2)).all()
        receptionist = session.scalar(select(StaffMember.id).where(StaffMember.role == "reception").limit(1))
        schedule = Schedule(iso_year=iso_year, iso_week=iso_week, version=99, status="published",
                            created_at=clock.now(), published_at=clock.now())
        session.add(schedule)
        session.flush()
        schedule_id = schedule.id
        for staff_id, task in [(counsellors[0], "advice"), (counsellors[1], "advice"), (receptionist, "reception")]:
            session.add(Assignment(schedule_id=schedule_id, day=today, location_id=location_id, staff_id=staff_id,
                                   starts_at=dt.time(0, 0), ends_at=dt.time(23, 59), task=task))
        # A declined partner shift does not count.
        session.add(Assignment(schedule_id=schedule_id, day=today, location_id=location_id, organisation_id=None,
                               staff_id=counsellors[0], starts_at=dt.time(0, 0), ends_at=dt.time(23, 59),
                               task="advice", confirmation="declined"))
    try:
        login(client, "leitung")
        live = refresh(client, web_app)["overview-live"]["children"]
        staff = dd_text(live, "live-staff-infopoint")
        assert staff.startswith("3") and "nicht geplant" not in staff
        assert texts(live)["live-staff-centre"].startswith("0")
        estimate = dd_text(live, "live-estimate-infopoint")
        if "außerhalb" not in estimate:
            assert "bei 2 Beratenden im Dienst" in estimate
    finally:
        with session_scope(filled_sqlite_url) as session:
            session.execute(delete(Schedule).where(Schedule.id == schedule_id))


def test_the_forecast_is_made_once_a_day_stored_and_reused(client, web_app, filled_sqlite_url):
    yesterday = clock.today() - dt.timedelta(days=1)
    login(client, "leitung")
    refresh(client, web_app)
    clear_cache()  # as after a restart, or in another worker: the stored run is reused
    refresh(client, web_app)
    refresh(client, web_app)
    with session_scope(filled_sqlite_url) as session:
        runs = session.scalars(select(ForecastRun).where(ForecastRun.history_until == yesterday)).all()
        assert len(runs) == 1
        assert runs[0].horizon_weeks == 6 and runs[0].method == DEMAND.method_label
        days = session.scalar(select(func.count()).select_from(ForecastDay).where(ForecastDay.run_id == runs[0].id))
        assert days >= 2 * 5 * 5  # two places, about five open days a week for six weeks


def test_open_overviews_share_one_computation_per_interval(client, web_app, monkeypatch):
    """Several screens refreshing within one interval cost one computation; each shows when
    its figures were made, and the next interval computes them again."""
    computed = []
    real = overview_live.live_overview
    monkeypatch.setattr(overview_live, "live_overview", lambda now: computed.append(now) or real(now))
    # Both refreshes fall in one interval: held still, as a slow machine could cross its end.
    held = overview_live.monotonic()
    monkeypatch.setattr(overview_live, "monotonic", lambda: held)
    login(client, "leitung")
    first, second = refresh(client, web_app), refresh(client, web_app)
    assert len(computed) == 1
    assert first["overview-as-of"] == second["overview-as-of"]
    assert first["overview-as-of"]["children"] == f"Stand: {fmt_datetime(computed[0])}"
    _next_interval(monkeypatch)
    refresh(client, web_app)
    assert len(computed) == 2


def test_partners_may_not_call_the_overview(client, web_app):
    login(client, "jobcenter")
    body = callback_body(web_app, output_key(web_app, "overview-live.children"), {"overview-interval.n_intervals": 1})
    assert client.post("/_dash-update-component", json=body).status_code == 403
