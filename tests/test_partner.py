"""Partner portal over HTTP: a partner sees and answers only its own organisation's shifts.

The Dash callbacks are posted by hand with forged ids, as an attacker would: the
organisation comes from the session, so another organisation's shift is never read or
changed. Also: the iCalendar download and the subscription URL with its token.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from zoneinfo import ZoneInfo

import icalendar
import pytest

from data_access.db import session_scope
from data_access.models import Assignment, AuditEvent, Organisation, StaffMember
from data_access.repositories import AssignmentRepository
from tests.test_api_support import callback_key, own_client, own_db, post_callback  # noqa: F401 - fixtures
from tests.web import login, page_content
from planner import clock

TODAY = clock.today()


def _org_id(url, code):
    with session_scope(url) as session:
        return next(o.id for o in session.query(Organisation) if o.code == code)


def _future_shifts(url, code):
    with session_scope(url) as session:
        return AssignmentRepository(session).published_shifts(TODAY, TODAY + dt.timedelta(weeks=6), _org_id(url, code))


def _members(url, code):
    with session_scope(url) as session:
        org = _org_id(url, code)
        return [m.id for m in session.query(StaffMember).filter(StaffMember.organisation_id == org)]


def text_of(response) -> str:
    """The answer as plain text: JSON decoded, so escapes such as \\u002f do not hide anything."""
    return json.dumps(response.json, ensure_ascii=False) if response.is_json else response.get_data(as_text=True)


def dict_ids(node, found=None) -> list[dict]:
    """Every pattern-matching id in a serialised Dash layout."""
    found = [] if found is None else found
    if isinstance(node, dict):
        if isinstance(node.get("id"), dict):
            found.append(node["id"])
        for value in node.values():
            dict_ids(value, found)
    elif isinstance(node, list):
        for value in node:
            dict_ids(value, found)
    return found


def _answer(client, app, shift_id, action="confirm", person=None, reason=None):
    """action: confirm, decline, or person (the person select changed)."""
    key = callback_key(app, "partner-state")
    changed = "value" if action == "person" else "n_clicks"
    return post_callback(
        client, key,
        outputs=[({"id": shift_id, "type": "partner-state"}, "children")],
        inputs=[({"id": shift_id, "type": "partner-confirm"}, "n_clicks", 1 if action == "confirm" else None),
                ({"id": shift_id, "type": "partner-decline"}, "n_clicks", 1 if action == "decline" else None),
                ({"id": shift_id, "type": "partner-person"}, "value", person)],
        state=[({"id": shift_id, "type": "partner-reason"}, "value", reason)],
        changed=[f'{{"id":{shift_id},"type":"partner-{action}"}}.{changed}'],
    )


@pytest.fixture
def app(own_client):
    from app import app as dash_app

    return dash_app


def _state(url, shift_id):
    with session_scope(url) as session:
        a = session.get(Assignment, shift_id)
        return a.confirmation, a.staff_id, a.confirmed_by, a.decline_reason


def test_the_demo_data_has_published_pending_shifts_for_every_partner(own_db):
    for code in ("jobcenter", "welfare", "citizen_services"):
        shifts = _future_shifts(own_db, code)
        assert shifts and all(s.confirmation == "pending" for s in shifts if s.day > TODAY)
        members = _members(own_db, code)
        assert all(s.staff_id in members for s in shifts)


def test_a_partner_page_shows_only_its_own_organisation(own_client, own_db):
    login(own_client, "jobcenter")
    response = page_content(own_client, "/partner")
    body = text_of(response)
    shown = {i["id"] for i in dict_ids(response.json) if i.get("type") == "partner-confirm"}
    assert shown == {s.id for s in _future_shifts(own_db, "jobcenter")}
    assert "Bürgerdienste" not in body and "Wohlfahrtsverbände" not in body
    assert "partner-counts" not in body  # the coordination overview is not for partners


def test_a_partner_confirms_its_own_shift_by_callback(own_client, own_db, app):
    login(own_client, "jobcenter")
    shift = _future_shifts(own_db, "jobcenter")[0]
    response = _answer(own_client, app, shift.id, person=str(_members(own_db, "jobcenter")[0]))
    assert response.status_code == 200 and "bestätigt" in text_of(response)
    assert _state(own_db, shift.id)[0] == "confirmed"
    with session_scope(own_db) as session:
        assert session.query(AuditEvent).filter_by(action="shift_confirmed", entity_id=shift.id, actor="jobcenter").count() == 1


def test_a_forged_id_of_another_organisation_changes_and_reveals_nothing(own_client, own_db, app):
    login(own_client, "jobcenter")
    foreign = _future_shifts(own_db, "welfare")[0]
    before = _state(own_db, foreign.id)
    for action, person, reason in (("confirm", str(_members(own_db, "welfare")[0]), None),
                                   ("confirm", str(_members(own_db, "jobcenter")[0]), None),
                                   ("person", str(_members(own_db, "jobcenter")[0]), None),
                                   ("person", None, None),
                                   ("decline", None, "kein Personal")):
        response = _answer(own_client, app, foreign.id, action, person, reason)
        text = text_of(response) if response.status_code == 200 else ""
        assert response.status_code in (200, 204)
        assert foreign.staff_name not in text and "Wohlfahrt" not in text and "bestätigt" not in text
        assert _state(own_db, foreign.id) == before


@pytest.mark.parametrize("action", ["confirm", "person"])
def test_a_partner_cannot_name_a_person_of_another_organisation(own_client, own_db, app, action):
    login(own_client, "jobcenter")
    shift = _future_shifts(own_db, "jobcenter")[1]
    before = _state(own_db, shift.id)
    response = _answer(own_client, app, shift.id, action, person=str(_members(own_db, "welfare")[0]))
    assert "gehört nicht zu Ihrer Organisation" in text_of(response)
    assert _state(own_db, shift.id) == before


def test_naming_another_person_after_confirming_asks_for_a_new_confirmation(own_client, own_db, app):
    login(own_client, "wohlfahrt")
    shift = _future_shifts(own_db, "welfare")[0]
    thomas, hanna = sorted(_members(own_db, "welfare"))
    _answer(own_client, app, shift.id, person=str(thomas))
    assert _state(own_db, shift.id)[:2] == ("confirmed", thomas)
    response = _answer(own_client, app, shift.id, "person", person=str(hanna))
    assert "offen" in text_of(response)
    assert _state(own_db, shift.id)[:3] == ("pending", hanna, None)


def test_declining_needs_a_reason_and_keeps_it_verbatim(own_client, own_db, app):
    login(own_client, "buergerdienste")
    shift = _future_shifts(own_db, "citizen_services")[0]
    assert "Grund für die Absage" in text_of(_answer(own_client, app, shift.id, "decline", reason="  "))
    assert _state(own_db, shift.id)[0] == "pending"
    reason = "Urlaub'); DROP TABLE assignment;-- <script>alert(1)</script>"
    response = _answer(own_client, app, shift.id, "decline", reason=reason)
    assert _state(own_db, shift.id)[0::3] == ("declined", reason)
    # Dash sends the reason as a string prop: React shows it as text, never as markup.
    assert f'"children": "Grund: {reason}"' in text_of(response)


@pytest.mark.parametrize("login_name", ["koordination", "admin", "empfang", "leitung"])
def test_other_roles_cannot_answer_for_a_partner(own_client, own_db, app, login_name):
    login(own_client, login_name)
    shift = _future_shifts(own_db, "jobcenter")[0]
    before = _state(own_db, shift.id)
    assert _answer(own_client, app, shift.id, person=str(_members(own_db, "jobcenter")[0])).status_code == 403
    assert _state(own_db, shift.id) == before


def test_partners_cannot_use_the_coordination_overview(own_client, app):
    login(own_client, "jobcenter")
    key = callback_key(app, "partner-all")
    response = post_callback(own_client, key, outputs=[("partner-all", "children"), ("partner-download", "children")],
                             inputs=[("partner-filter", "value", "all")])
    assert response.status_code == 403


def test_coordination_sees_every_organisation_and_filters(own_client, own_db, app):
    login(own_client, "koordination")
    body = text_of(page_content(own_client, "/partner"))
    assert "partner-counts" in body and "Bürgerdienste" in body and "Jobcenter Dortmund" in body
    key = callback_key(app, "partner-all")
    org = _org_id(own_db, "welfare")
    response = post_callback(own_client, key, outputs=[("partner-all", "children"), ("partner-download", "children")],
                             inputs=[("partner-filter", "value", str(org))])
    text = text_of(response)
    assert response.status_code == 200 and "Wohlfahrtsverbände" in text and "Jobcenter Dortmund" not in text
    assert f"/partner/shifts.ics?organisation={org}" in text


# --- iCalendar ------------------------------------------------------------------------------
def _events(ics: bytes):
    return [c for c in icalendar.Calendar.from_ical(ics).walk("VEVENT")]


def test_ical_download_holds_the_own_shifts_in_berlin_time(own_client, own_db):
    login(own_client, "jobcenter")
    response = own_client.get("/partner/shifts.ics?organisation=%d" % _org_id(own_db, "welfare"))
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    assert "attachment" in response.headers["Content-Disposition"]
    events = {str(e["uid"]): e for e in _events(response.data)}
    own = _future_shifts(own_db, "jobcenter")
    assert {f"assignment-{s.id}@migrado-ops" for s in own} <= set(events)
    assert not any(f"assignment-{s.id}@migrado-ops" in events for s in _future_shifts(own_db, "welfare"))
    berlin = ZoneInfo("Europe/Berlin")
    for shift in own:
        event = events[f"assignment-{shift.id}@migrado-ops"]
        start, end = event.decoded("dtstart"), event.decoded("dtend")
        assert start == dt.datetime.combine(shift.day, shift.starts_at, tzinfo=berlin)
        assert end == dt.datetime.combine(shift.day, shift.ends_at, tzinfo=berlin)
        assert event["dtstart"].params["TZID"] == "Europe/Berlin"
        assert "Beratung Jobcenter" in str(event["summary"])
        assert str(event["status"]) == "TENTATIVE"
    assert b"BEGIN:VTIMEZONE" in response.data and b"TZID:Europe/Berlin" in response.data


def test_ical_download_needs_a_role_with_shifts(own_client):
    assert own_client.get("/partner/shifts.ics").status_code in (302, 401)
    login(own_client, "empfang")
    assert own_client.get("/partner/shifts.ics").status_code == 403


def _calendar_callback(client, app, which):
    key = callback_key(app, "partner-cal-status")
    return post_callback(
        client, key, outputs=[("partner-cal-status", "children"), ("partner-cal-output", "children")],
        inputs=[("partner-cal-renew", "n_clicks", 1 if which == "renew" else None),
                ("partner-cal-revoke", "n_clicks", 1 if which == "revoke" else None)],
        changed=[f"partner-cal-{which}.n_clicks"],
    )


def test_calendar_subscription_url_works_until_revoked_or_renewed(own_client, own_db, app):
    login(own_client, "jobcenter")
    text = text_of(_calendar_callback(own_client, app, "renew"))
    url = re.search(r"http://localhost/(calendar/[A-Za-z0-9_-]+\.ics)", text).group(1)
    anonymous = own_client.application.test_client()  # a calendar program: no session
    feed = anonymous.get("/" + url)
    assert feed.status_code == 200 and "attachment" not in feed.headers.get("Content-Disposition", "")
    uids = {str(e["uid"]) for e in _events(feed.data)}
    assert {f"assignment-{s.id}@migrado-ops" for s in _future_shifts(own_db, "jobcenter")} <= uids

    second = re.search(r"(calendar/[A-Za-z0-9_-]+\.ics)", text_of(_calendar_callback(own_client, app, "renew"))).group(1)
    assert anonymous.get("/" + url).status_code == 404  # the old address stopped working
    assert anonymous.get("/" + second).status_code == 200
    _calendar_callback(own_client, app, "revoke")
    assert anonymous.get("/" + second).status_code == 404
    assert anonymous.get("/calendar/made-up-token.ics").status_code == 404
    with session_scope(own_db) as session:
        actions = [e.action for e in session.query(AuditEvent).filter(AuditEvent.actor == "jobcenter")]
    assert actions.count("calendar_token_created") == 2 and "calendar_token_revoked" in actions


@pytest.mark.parametrize("action", ["confirm", "person"])
def test_naming_a_colleague_who_is_absent_that_day_is_refused_naming_rule_and_person(own_client, own_db, app,
                                                                                     action):
    """A partner's change of the person on its turn is checked against the hard rules (here:
    an absence entered for that day); it is refused with the rule and the person, nothing written."""
    from data_access.repositories.planning import PlanningRepository

    login(own_client, "wohlfahrt")
    shift = next(s for s in _future_shifts(own_db, "welfare") if s.day > TODAY)
    other = next(m for m in sorted(_members(own_db, "welfare")) if m != shift.staff_id)
    with session_scope(own_db) as session:
        PlanningRepository(session).add_absence(other, shift.day, shift.day, "vacation")
        name = session.get(StaffMember, other).display_name
    before = _state(own_db, shift.id)
    response = _answer(own_client, app, shift.id, action, person=str(other))
    text = text_of(response)
    assert "bräche eine feste Regel" in text and name in text and "abwesend" in text
    assert _state(own_db, shift.id) == before
    with session_scope(own_db) as session:
        assert session.query(AuditEvent).filter(AuditEvent.entity_id == shift.id,
                                                AuditEvent.action.like("shift_%")).count() == 0
