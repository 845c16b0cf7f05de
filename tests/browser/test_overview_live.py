"""The live Overview in a real browser picks up a check-in made during the test."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import delete, select

from data_access.db import session_scope
from data_access.models import Location, Visit
from tests.browser.conftest import sign_in
from planner import clock

pytestmark = pytest.mark.browser


def test_overview_refresh_shows_a_new_check_in(dash_duo, app_on_demo_data, filled_sqlite_url, monkeypatch):
    monkeypatch.setenv("MIGRADO_LIVE_REFRESH_SECONDS", "2")  # the page's interval; 30 s by default
    sign_in(dash_duo, app_on_demo_data, "leitung")
    element = dash_duo.wait_for_element("#live-arrivals-centre", timeout=20)
    before = int(element.text.replace(".", ""))
    stamp = dash_duo.find_element("#overview-as-of").text
    assert stamp.startswith("Stand: ")

    now = clock.now().replace(microsecond=0) - dt.timedelta(minutes=1)
    with session_scope(filled_sqlite_url) as session:
        location_id = session.scalar(select(Location.id).where(Location.code == "centre"))
        visit = Visit(location_id=location_id, arrived_at=now, day=now.date(), weekday=now.weekday(),
                      slot=now.hour * 2 + now.minute // 30, channel="advice", target_group="other",
                      language="ar", concern="work", video_interpreter=False)
        session.add(visit)
        session.flush()
        visit_id = visit.id
    try:
        dash_duo.wait_for_text_to_equal("#live-arrivals-centre", f"{before + 1:,}".replace(",", "."), timeout=15)
        assert dash_duo.get_logs() == []
    finally:
        with session_scope(filled_sqlite_url) as session:
            session.execute(delete(Visit).where(Visit.id == visit_id))
