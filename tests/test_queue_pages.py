"""The queue's pages through the app: the call display and the ticket page answer only their
own token, the print view only staff, and every visitor text exists in every language."""

from __future__ import annotations

import datetime as dt

import pytest

from dashboard.services import queue
from dashboard.texts.queue import RTL, VISITOR, VISITOR_LANGUAGES
from planner import clock
from tests.conftest import private_copy
from tests.web import login, page_content


@pytest.fixture
def own_demo(filled_sqlite_url, tmp_path, monkeypatch):
    """The demo database, a copy of its own (the tests add tickets)."""
    from data_access.db import dispose_engines

    url = private_copy(filled_sqlite_url, tmp_path)
    monkeypatch.setenv("DATABASE_URL", url)
    dispose_engines()
    from app import app

    yield app.server.test_client()
    dispose_engines()


def arrival_today(language="uk"):
    """A visit recorded now at the service centre, with its ticket."""
    from dashboard.services.unit_of_work import UnitOfWork
    from data_access.repositories.checkin import Arrival

    with UnitOfWork() as work:
        centre = next(loc.id for loc in work.checkin.locations() if loc.code == "centre")
        visit = work.checkin.record_arrival(Arrival(location_id=centre, target_group="ukraine", language=language,
                                                    concern="housing"), clock.now())
        work.commit()
        visit_id = visit.id
    return queue.issue_ticket(visit_id, language), centre


def test_every_visitor_text_is_there_in_every_language():
    for key, texts in VISITOR.items():
        assert set(texts) == set(VISITOR_LANGUAGES), key
        assert all(text.strip() for text in texts.values()), key
    assert {"ar", "fa"} <= RTL


def test_the_ticket_page_shows_one_ticket_in_its_language_and_right_to_left_where_needed(own_demo):
    ticket, _centre = arrival_today("ar")
    page = own_demo.get(f"/ticket/{ticket.token}")
    assert page.status_code == 200
    body = page.get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in body and ticket.label in body
    assert page.headers["Cache-Control"] == "no-store"
    german = own_demo.get(f"/ticket/{ticket.token}?lang=de").get_data(as_text=True)
    assert '<html lang="de">' in german and "Ihre Wartenummer" in german
    state = own_demo.get(f"/ticket/{ticket.token}/stand?lang=uk").get_json()
    assert state["label"] == ticket.label and state["state"] == "waiting" and "Перед вами" in state["ahead"]
    assert own_demo.get("/ticket/forged-token/stand").status_code == 404
    assert own_demo.get("/ticket/forged-token").status_code == 404


def test_the_display_needs_a_live_token_and_shows_its_place_only(own_demo):
    ticket, centre = arrival_today()
    assert own_demo.get("/anzeige/forged/stand").status_code == 404
    token = queue.create_display_token(centre, "Wartebereich", by="admin")
    desk = next(d for loc, _c, desks in queue.places_and_desks() if loc == centre for d, n in desks if n == "Empfang 1")
    queue.desk_action(desk, "call_next", by="empfang")
    state = own_demo.get(f"/anzeige/{token}/stand").get_json()
    assert state["calls"][0] == {"label": ticket.label, "desk": "Empfang 1", "count": 1}
    assert set(state["texts"]) == set(VISITOR_LANGUAGES)
    page = own_demo.get(f"/anzeige/{token}").get_data(as_text=True)
    assert 'lang="ar" dir="rtl"' in page and "/assets/queue.js" in page
    token_id = next(r.id for r in queue.display_tokens() if r.revoked_at is None)
    queue.revoke_display_token(token_id, by="admin")
    assert own_demo.get(f"/anzeige/{token}/stand").status_code == 404


def test_the_print_view_is_for_the_staff_who_issue_tickets(own_demo):
    ticket, _centre = arrival_today()
    assert own_demo.get(f"/ticket/{ticket.token}/druck").status_code == 403  # nobody signed in
    login(own_demo, "jobcenter")
    assert own_demo.get(f"/ticket/{ticket.token}/druck").status_code == 403
    own_demo.get("/logout")
    login(own_demo, "empfang")
    printed = own_demo.get(f"/ticket/{ticket.token}/druck").get_data(as_text=True)
    assert ticket.label in printed and "<svg" in printed and "Servicezentrum" in printed


def test_the_desk_page_is_for_the_desk_roles_and_calls(own_demo):
    login(own_demo, "leitung")
    assert "queue-desk" not in page_content(own_demo, "/aufruf").get_data(as_text=True)
    own_demo.get("/logout")
    login(own_demo, "empfang")
    assert "queue-desk" in page_content(own_demo, "/aufruf").get_data(as_text=True)


def test_the_ticket_page_lists_the_links_for_its_concern_in_its_language(own_demo):
    ticket, _centre = arrival_today("uk")
    queue.add_link("housing", "uk", "Житло в Дортмунді", "https://integreat.app/dortmund/uk/", by="koordination")
    queue.add_link("housing", "de", "Wohnen in Dortmund", "https://integreat.app/dortmund/de/", by="koordination")
    page = own_demo.get(f"/ticket/{ticket.token}").get_data(as_text=True)
    assert "Житло в Дортмунді" in page and "Wohnen in Dortmund" not in page
    assert 'rel="noopener noreferrer"' in page
    german = own_demo.get(f"/ticket/{ticket.token}?lang=de").get_data(as_text=True)
    assert "Wohnen in Dortmund" in german
