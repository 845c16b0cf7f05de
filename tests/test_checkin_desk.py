"""The check-in desk's callbacks over HTTP: who may use them, what they write, what the audit log keeps."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import select

from data_access.db import session_scope
from data_access.models import AuditEvent, Location, Visit
from tests.test_api_support import callback_key, own_client, own_db, post_callback  # noqa: F401 - fixtures
from tests.web import login, page_content
from planner import clock


@pytest.fixture
def app(own_client):
    from app import app as dash_app

    return dash_app


def _location(url, code):
    with session_scope(url) as session:
        return session.scalar(select(Location.id).where(Location.code == code))


LISTS = [("checkin-waiting-table", "rowData"), ("checkin-advice-table", "rowData"), ("checkin-waiting-count", "children")]
RECORD_OUTPUTS = [("checkin-message", "children"), ("checkin-group", "value"),
                  ("checkin-language", "value"), ("checkin-pending", "data"), ("checkin-retry-area", "hidden"),
                  ("checkin-retry-text", "children"), *LISTS]


def _record(client, app, location_id, group="ukraine", language="uk", concern="housing", pending=None):
    button = {"code": concern, "type": "checkin-concern"}
    return post_callback(
        client, callback_key(app, "checkin-message.children..", "checkin-group.value"),
        outputs=RECORD_OUTPUTS,
        inputs=[[(button, "n_clicks", 1)], ("checkin-retry", "n_clicks", None)],
        state=[("checkin-place", "value", location_id), ("checkin-group", "value", group),
               ("checkin-language", "value", language),
               ("checkin-pending", "data", pending or [])],
        changed=[json.dumps(button, separators=(",", ":")) + ".n_clicks"],
    )


def _retry(client, app, pending, location_id):
    """The desk presses "save again" with the entries its page kept."""
    button = {"code": "housing", "type": "checkin-concern"}
    return post_callback(
        client, callback_key(app, "checkin-message.children..", "checkin-group.value"),
        outputs=RECORD_OUTPUTS,
        inputs=[[(button, "n_clicks", None)], ("checkin-retry", "n_clicks", 1)],
        state=[("checkin-place", "value", location_id), ("checkin-group", "value", "ukraine"),
               ("checkin-language", "value", "uk"),
               ("checkin-pending", "data", pending)],
        changed=["checkin-retry.n_clicks"],
    )


def _outputs(response) -> dict:
    return {f"{k}.{p}": v for k, props in response.json["response"].items() for p, v in props.items()}


def _queue(client, app, location_id):
    """The desk's lists as the page fills them after a change."""
    return post_callback(
        client, callback_key(app, "checkin-waiting-table.rowData...", "checkin-waiting-count.children.."),
        outputs=[("checkin-waiting-table", "rowData"), ("checkin-advice-table", "rowData"),
                 ("checkin-waiting-count", "children")],
        inputs=[("checkin-place", "value", location_id), ("checkin-tick", "n_intervals", 1)],
    )


def _latest(url):
    with session_scope(url) as session:
        return session.scalar(select(Visit).order_by(Visit.id.desc()).limit(1))


def test_reception_records_an_arrival_and_the_audit_log_names_only_the_staff_login(own_client, own_db, app):
    login(own_client, "empfang")
    centre = _location(own_db, "centre")
    before = _latest(own_db).id
    response = _record(own_client, app, centre, "other", "ar", "residence")
    assert response.status_code == 200 and "Ankunft erfasst" in json.dumps(response.json, ensure_ascii=False)
    visit = _latest(own_db)
    assert visit.id > before
    assert (visit.location_id, visit.target_group, visit.language, visit.concern) == (centre, "other", "ar", "residence")
    now = clock.now()
    assert visit.day == now.date() and visit.weekday == now.weekday() and visit.slot == visit.arrived_at.hour * 2 + visit.arrived_at.minute // 30
    with session_scope(own_db) as session:
        event = session.scalars(select(AuditEvent).where(AuditEvent.entity == "visit", AuditEvent.entity_id == visit.id)).one()
        assert (event.actor, event.action, event.details) == ("empfang", "visit_arrival", "{}")


def test_a_missing_choice_is_named_and_nothing_is_written(own_client, own_db, app):
    login(own_client, "empfang")
    before = _latest(own_db).id
    text = json.dumps(_record(own_client, app, _location(own_db, "centre"), group=None).json, ensure_ascii=False)
    assert "Zielgruppe" in text
    assert _latest(own_db).id == before


@pytest.mark.parametrize("login_name", ["leitung", "jobcenter"])
def test_roles_without_the_desk_are_refused(own_client, own_db, app, login_name):
    login(own_client, login_name)
    before = _latest(own_db).id
    assert _record(own_client, app, _location(own_db, "centre")).status_code == 403
    assert _latest(own_db).id == before
    assert "Kein Zugriff" in page_content(own_client, "/checkin").get_data(as_text=True)


def test_the_desk_remembers_its_place_in_the_session(own_client, own_db, app):
    login(own_client, "empfang")
    centre = _location(own_db, "centre")
    response = post_callback(own_client, callback_key(app, "checkin-languages"),
                             outputs=[("checkin-languages", "children")], inputs=[("checkin-place", "value", centre)])
    assert response.status_code == 200
    layout = page_content(own_client, "/checkin").json

    def place_value(node):
        if isinstance(node, dict):
            if node.get("props", {}).get("id") == "checkin-place":
                return node["props"]["value"]
            for value in node.values():
                found = place_value(value)
                if found is not None:
                    return found
        elif isinstance(node, list):
            for value in node:
                found = place_value(value)
                if found is not None:
                    return found
        return None

    assert place_value(layout) == centre


def _grid(layout, grid_id):
    if isinstance(layout, dict):
        if layout.get("props", {}).get("id") == grid_id:
            return layout["props"]
        layout = list(layout.values())
    if isinstance(layout, list):
        for value in layout:
            found = _grid(value, grid_id)
            if found is not None:
                return found
    return None


def test_the_waiting_list_holds_no_identifier_of_a_visitor(own_client, own_db, app):
    login(own_client, "empfang")
    centre = _location(own_db, "centre")
    _record(own_client, app, centre)
    response = _queue(own_client, app, centre)
    rows = response.json["response"]["checkin-waiting-table"]["rowData"]
    assert "Wohnen" in json.dumps(rows, ensure_ascii=False) and "Ukrainisch" in json.dumps(rows, ensure_ascii=False)
    # A row holds the visit's number for its buttons and what the desk shows, nothing about the visitor.
    assert {key for row in rows for key in row} == {"visit", "position", "arrived", "minutes", "concern",
                                                   "language", "group"}
    grid = _grid(page_content(own_client, "/checkin").json, "checkin-waiting-table")
    headers = [column["headerName"] for column in grid["columnDefs"]]
    assert headers == ["Nr.", "Ankunft", "Wartet seit", "Anliegen", "Sprache", "Zielgruppe", "Aktion"]


def test_a_long_waiting_list_is_all_in_the_grid_and_counted(own_client, own_db, app):
    """The grid draws only the rows in view (virtualised), so the whole list is in it, in order."""
    login(own_client, "empfang")
    centre = _location(own_db, "centre")
    for _ in range(28):
        _record(own_client, app, centre)
    response = _queue(own_client, app, centre)
    rows = response.json["response"]["checkin-waiting-table"]["rowData"]
    count = response.json["response"]["checkin-waiting-count"]["children"]
    assert len(rows) >= 28 and count == f"{len(rows)} wartend"
    assert [row["position"] for row in rows] == list(range(1, len(rows) + 1))
    actions = _grid(page_content(own_client, "/checkin").json, "checkin-waiting-table")["columnDefs"][-1]
    assert actions["cellRendererParams"]["buttons"][0]["label"] == "Nr. {n} aufrufen"  # the row's number goes in


def test_the_arrival_shows_its_ticket_number_and_the_print_view_at_once(own_client, own_db, app):
    import re

    from data_access.queue_models import Ticket

    login(own_client, "empfang")
    centre = _location(own_db, "centre")
    text = json.dumps(_record(own_client, app, centre, "other", "ar", "residence").json, ensure_ascii=False)
    number = re.search(r"Wartenummer (B-\d{3})", text).group(1)
    token = re.search(r'"href": "/ticket/([A-Za-z0-9_-]+)/druck"', text).group(1)
    assert '"target": "_blank"' in text
    with session_scope(own_db) as session:
        ticket = session.scalar(select(Ticket).where(Ticket.visit_id == _latest(own_db).id))
        assert (ticket.token, ticket.language, f"{ticket.issue_code}-{ticket.number:03d}") == (token, "ar", number)
    printed = own_client.get(f"/ticket/{token}/druck")
    assert printed.status_code == 200 and number in printed.get_data(as_text=True)
    login(own_client, "leitung")  # leadership issues no tickets: no print view
    assert own_client.get(f"/ticket/{token}/druck").status_code == 403


def test_calling_at_the_checkin_page_calls_the_ticket_on_the_display(own_client, own_db, app):
    import re

    login(own_client, "empfang")
    centre = _location(own_db, "centre")
    text = json.dumps(_record(own_client, app, centre).json, ensure_ascii=False)
    token = re.search(r'"href": "/ticket/([A-Za-z0-9_-]+)/druck"', text).group(1)
    visit = _latest(own_db).id
    rows = _queue(own_client, app, centre).json["response"]["checkin-waiting-table"]["rowData"]
    waiting = [row["visit"] for row in rows]
    pressed = {"type": "checkin-call", "visit": visit, "position": waiting.index(visit) + 1}
    answer = post_callback(
        own_client, next(k for k, e in app.callback_map.items() if any(i["id"] == "checkin-call-next" for i in e["inputs"])),
        outputs=[("checkin-message", "children"), *LISTS],
        inputs=[("checkin-call-next", "n_clicks", None),
                ("checkin-waiting-table", "cellRendererData", {"value": pressed, "colId": "actions"})],
        state=[("checkin-place", "value", centre)],
        changed=["checkin-waiting-table.cellRendererData"],
    )
    assert answer.status_code == 200
    called = own_client.get(f"/ticket/{token}/stand").json
    assert called["state"] == "called" and "Empfang 1" in called["message"]


def _call_key(app):
    return next(k for k, e in app.callback_map.items() if any(i["id"] == "checkin-call-next" for i in e["inputs"]))


def _press(client, app, key, table, pressed, place):
    return post_callback(
        client, key, outputs=[("checkin-message", "children"), *LISTS],
        inputs=([("checkin-call-next", "n_clicks", None)] if table == "checkin-waiting-table" else [])
        + [(table, "cellRendererData", {"value": pressed, "colId": "actions"})],
        state=[("checkin-place", "value", place)], changed=[f"{table}.cellRendererData"],
    ).json["response"]


def test_each_desk_action_answers_with_the_lists_it_changed(own_client, own_db, app):
    """Record, call and finish each bring the place's lists back with their answer: the desk
    sees its change in one round trip."""
    login(own_client, "empfang")
    centre = _location(own_db, "centre")
    recorded = _record(own_client, app, centre).json["response"]
    visit = _latest(own_db).id
    waiting = [row["visit"] for row in recorded["checkin-waiting-table"]["rowData"]]
    assert visit in waiting and recorded["checkin-waiting-count"]["children"] == f"{len(waiting)} wartend"

    pressed = {"type": "checkin-call", "visit": visit, "position": waiting.index(visit) + 1}
    called = _press(own_client, app, _call_key(app), "checkin-waiting-table", pressed, centre)
    assert visit not in [row["visit"] for row in called["checkin-waiting-table"]["rowData"]]
    assert visit in [row["visit"] for row in called["checkin-advice-table"]["rowData"]]

    again = _press(own_client, app, _call_key(app), "checkin-waiting-table", pressed, centre)  # called already
    assert again["checkin-message"]["children"]["props"]["color"] == "danger"
    assert visit in [row["visit"] for row in again["checkin-advice-table"]["rowData"]]

    finish_key = next(k for k, e in app.callback_map.items() if any(i["id"] == "checkin-advice-table" for i in e["inputs"]))
    done = {"type": "checkin-finish", "visit": visit, "position": 1, "outcome": "served", "video": False}
    finished = _press(own_client, app, finish_key, "checkin-advice-table", done, centre)
    assert finished["checkin-message"]["children"]["props"]["color"] == "success"
    assert visit not in [row["visit"] for row in finished["checkin-advice-table"]["rowData"]]

    # A forged post without a place: the refusal is said, the lists stay as they are (no 500).
    forged = _press(own_client, app, finish_key, "checkin-advice-table", done, None)
    assert forged["checkin-message"]["children"]["props"]["color"] == "danger"
    assert "checkin-advice-table" not in forged


def test_an_arrival_the_locked_database_refused_is_kept_and_saved_once_on_retry(own_client, own_db, app):
    """A long import holds SQLite's write lock: the desk says so, keeps the entry, and "save again"
    stores it once, with its first arrival time, however often it is sent again."""
    import sqlite3

    login(own_client, "empfang")
    centre = _location(own_db, "centre")
    before = _latest(own_db).id
    lock = sqlite3.connect(own_db.split("///", 1)[1], isolation_level=None)
    lock.execute("BEGIN IMMEDIATE")  # what a large import does to every other writer
    try:
        failed = _record(own_client, app, centre, "other", "fa", "benefits")
    finally:
        lock.execute("ROLLBACK")
        lock.close()
    assert failed.status_code == 200  # an answer the desk shows, not a bare 503
    out = _outputs(failed)
    text = json.dumps(out, ensure_ascii=False)
    assert "NICHT gespeichert" in text and out["checkin-retry-area.hidden"] is False
    assert "checkin-group.value" not in out  # the choice stays selected
    pending = out["checkin-pending.data"]
    assert len(pending) == 1 and pending[0]["concern"] == "benefits"
    assert _latest(own_db).id == before  # nothing stored yet

    saved = _outputs(_retry(own_client, app, pending, centre))
    assert "Nachgetragen" in json.dumps(saved, ensure_ascii=False)
    assert saved["checkin-pending.data"] == [] and saved["checkin-retry-area.hidden"] is True
    visit = _latest(own_db)
    assert visit.id > before and (visit.language, visit.concern) == ("fa", "benefits")
    assert visit.arrived_at == dt.datetime.fromisoformat(pending[0]["at"])  # the first try's time
    # The browser never heard the answer and sends the same entry again: still one visit.
    again = _retry(own_client, app, pending, centre)
    assert again.status_code == 200
    with session_scope(own_db) as session:
        assert session.scalars(select(Visit).where(Visit.idempotency_key == pending[0]["key"])).all() == [
            session.get(Visit, visit.id)]
        audit = session.scalars(select(AuditEvent).where(AuditEvent.entity_id == visit.id,
                                                         AuditEvent.action == "visit_arrival")).all()
        assert len(audit) == 1


def test_kept_entries_from_the_browser_are_checked(own_client, own_db, app):
    login(own_client, "empfang")
    centre = _location(own_db, "centre")
    before = _latest(own_db).id
    forged = [{"key": "not-a-key", "place": centre, "group": "other", "language": "ar", "concern": "work",
               "at": clock.now().isoformat()},
              {"key": "a" * 32, "place": centre, "group": "other", "language": "ar", "concern": "work",
               "at": "2001-01-01T10:00:00"},
              {"key": "b" * 32, "place": centre, "group": "mars", "language": "ar", "concern": "work",
               "at": clock.now().replace(microsecond=0).isoformat()}]
    answer = _retry(own_client, app, forged, centre)
    assert answer.status_code == 200 and "passt nicht" in json.dumps(answer.json, ensure_ascii=False)
    assert _latest(own_db).id == before  # a bad key, a day long gone and an unknown group: nothing stored


def test_with_the_database_away_the_desk_still_keeps_the_entry(own_client, own_db, app, monkeypatch):
    """The database is away before the callback can run (the session check reads it): the answer
    still says "not saved" and keeps the entry, which is saved once when the database is back."""
    login(own_client, "empfang")
    centre = _location(own_db, "centre")
    before = _latest(own_db).id
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://nobody@127.0.0.1:9/none?connect_timeout=2")
    failed = _record(own_client, app, centre, "ukraine", "ru", "registration")
    assert failed.status_code == 200
    out = _outputs(failed)
    assert "NICHT gespeichert" in json.dumps(out, ensure_ascii=False) and out["checkin-retry-area.hidden"] is False
    pending = out["checkin-pending.data"]
    assert [(e["place"], e["language"], e["concern"]) for e in pending] == [(centre, "ru", "registration")]
    still = _outputs(_retry(own_client, app, pending, centre))  # pressed while still away: kept, not lost
    assert still["checkin-pending.data"] == pending
    other = app.server.test_client()
    login_status = None
    monkeypatch.setenv("DATABASE_URL", own_db)
    login_status = login(other, "leitung").status_code
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://nobody@127.0.0.1:9/none?connect_timeout=2")
    assert login_status == 302 and _record(other, app, centre).status_code == 503  # not a desk role: no answer
    monkeypatch.setenv("DATABASE_URL", own_db)
    saved = _outputs(_retry(own_client, app, pending, centre))
    assert saved["checkin-pending.data"] == [] and "Nachgetragen" in json.dumps(saved, ensure_ascii=False)
    _retry(own_client, app, pending, centre)
    with session_scope(own_db) as session:
        assert len(session.scalars(select(Visit).where(Visit.id > before)).all()) == 1
