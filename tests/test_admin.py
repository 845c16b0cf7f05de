"""The admin page over HTTP: users, device tokens, calendar tokens, audit log; admins only."""

from __future__ import annotations

import json
import re

import pytest

from sqlalchemy import select

from data_access.db import session_scope
from data_access.models import AuditEvent, User
from data_access.repositories import TokenRepository, UserRepository
from planner import clock
from tests.test_api_support import callback_key, own_client, own_db, post_callback  # noqa: F401 - fixtures
from tests.web import login, page_content

ARRIVAL = {"location": "centre", "target_group": "other", "language": "ar", "concern": "residence"}


@pytest.fixture
def app(own_client):
    from app import app as dash_app

    return dash_app


def text_of(response) -> str:
    return json.dumps(response.json, ensure_ascii=False) if response.is_json else response.get_data(as_text=True)


def _create_user(client, app, login_name, role, organisation="", password="geheim-genug-1", staff="none"):
    return post_callback(
        client, callback_key(app, "admin-new-password"),
        outputs=[("admin-message", "children"), ("admin-users", "children"), ("admin-new-password", "value")],
        inputs=[("admin-create-user", "n_clicks", 1)],
        state=[("admin-new-login", "value", login_name), ("admin-new-role", "value", role),
               ("admin-new-organisation", "value", organisation), ("admin-new-password", "value", password),
               ("admin-new-staff", "value", staff)],
    )


def _set_email(client, app, staff, email):
    return post_callback(
        client, callback_key(app, "admin-email-staff.options"),
        outputs=[("admin-message", "children"), ("admin-email-staff", "options")],
        inputs=[("admin-email-save", "n_clicks", 1)],
        state=[("admin-email-staff", "value", str(staff)), ("admin-email-value", "value", email)],
    )


def _switch_active(client, app, user_id, active):
    button = {"active": int(active), "type": "admin-user-active", "user": user_id}
    return post_callback(
        client, callback_key(app, "admin-message.children@", "admin-users.children@"),
        outputs=[("admin-message", "children"), ("admin-users", "children")],
        inputs=[[(button, "n_clicks", 1)]],
        changed=[json.dumps(button, separators=(",", ":")) + ".n_clicks"],
    )


def _create_device(client, app, name, place="none"):
    return post_callback(
        client, callback_key(app, "admin-device-token"),
        outputs=[("admin-device-token", "children"), ("admin-devices", "children"), ("admin-device-name", "value")],
        inputs=[("admin-create-device", "n_clicks", 1)],
        state=[("admin-device-name", "value", name), ("admin-device-place", "value", place)],
    )


def _revoke_device(client, app, device_id):
    button = {"device": device_id, "type": "admin-device-revoke"}
    return post_callback(
        client, callback_key(app, "admin-devices.children@"),
        outputs=[("admin-message", "children"), ("admin-devices", "children")],
        inputs=[[(button, "n_clicks", 1)]],
        changed=[json.dumps(button, separators=(",", ":")) + ".n_clicks"],
    )


def _calendar(client, app, organisation_id, do):
    button = {"do": do, "organisation": organisation_id, "type": "admin-calendar"}
    return post_callback(
        client, callback_key(app, "admin-calendar-url"),
        outputs=[("admin-calendar-url", "children"), ("admin-calendars", "children")],
        inputs=[[(button, "n_clicks", 1)]],
        changed=[json.dumps(button, separators=(",", ":")) + ".n_clicks"],
    )


def _audit(client, app, text):
    return post_callback(client, callback_key(app, "admin-audit"), outputs=[("admin-audit", "children")],
                         inputs=[("admin-audit-filter", "value", text)])


def _user(url, login_name):
    with session_scope(url) as session:
        user = UserRepository(session).by_login(login_name)
        return (user.id, user.role, user.organisation_id, user.active) if user else None


def _actions(url):
    with session_scope(url) as session:
        return [(e.actor, e.action) for e in session.query(AuditEvent).order_by(AuditEvent.id)]


def test_the_admin_page_lists_users_with_role_and_organisation(own_client):
    login(own_client, "admin")
    body = text_of(page_content(own_client, "/admin"))
    for name in ("koordination", "empfang", "jobcenter", "Jobcenter Dortmund", "Partnerorganisation"):
        assert name in body
    assert "admin-devices" in body and "admin-calendars-table" in body and "admin-audit-table" in body


def test_an_admin_creates_a_partner_user_who_can_sign_in(own_client, own_db, app):
    login(own_client, "admin")
    with session_scope(own_db) as session:
        jobcenter = UserRepository(session).by_login("jobcenter").organisation_id
    response = _create_user(own_client, app, "jc.neu", "partner", str(jobcenter))
    assert "Benutzer jc.neu angelegt" in text_of(response)
    assert _user(own_db, "jc.neu")[1:] == ("partner", jobcenter, True)
    assert ("admin", "user_created") in _actions(own_db)
    fresh = own_client.application.test_client()
    assert login(fresh, "jc.neu", "geheim-genug-1").headers["Location"] == "/partner"


@pytest.mark.parametrize(
    ("login_name", "role", "organisation", "password", "message"),
    [
        ("x", "reception", "", "geheim-genug-1", "Format"),
        ("koordination", "reception", "", "geheim-genug-1", "gibt es schon"),
        ("partner.ohne", "partner", "", "geheim-genug-1", "brauchen eine Organisation"),
        ("empfang.2", "reception", "2", "geheim-genug-1", "Nur Partner"),
        ("empfang.3", "superuser", "", "geheim-genug-1", "Rolle wählen"),
        ("empfang.4", "reception", "", "kurz", "zu kurz"),
    ],
)
def test_invalid_new_users_are_refused_with_a_reason(own_client, own_db, app, login_name, role, organisation,
                                                     password, message):
    login(own_client, "admin")
    before = len(_actions(own_db))
    assert message in text_of(_create_user(own_client, app, login_name, role, organisation, password))
    assert len(_actions(own_db)) == before


def test_a_deactivated_user_cannot_sign_in_and_admins_cannot_deactivate_themselves(own_client, own_db, app):
    login(own_client, "admin")
    leitung = _user(own_db, "leitung")[0]
    assert "leitung deaktiviert" in text_of(_switch_active(own_client, app, leitung, False))
    assert _user(own_db, "leitung")[3] is False
    assert login(own_client.application.test_client(), "leitung").status_code == 401
    admin_id = _user(own_db, "admin")[0]
    assert "eigene Konto" in text_of(_switch_active(own_client, app, admin_id, False))
    assert _user(own_db, "admin")[3] is True
    _switch_active(own_client, app, leitung, True)
    assert _user(own_db, "leitung")[3] is True
    assert [a for _, a in _actions(own_db) if a.startswith("user_")][-2:] == ["user_deactivated", "user_activated"]


def test_a_device_token_is_shown_once_works_and_stops_when_revoked(own_client, own_db, app):
    login(own_client, "admin")
    text = text_of(_create_device(own_client, app, "Ticketautomat Friedensplatz"))
    token = re.search(r'"value": "([A-Za-z0-9_-]{40,})"', text).group(1)
    with session_scope(own_db) as session:
        assert session.query(AuditEvent).filter_by(action="device_token_created").count() == 1
        assert token not in json.dumps([e.details for e in session.query(AuditEvent)])  # never stored in plain
    api = own_client.application.test_client()
    headers = {"Authorization": f"Bearer {token}", "Idempotency-Key": "a-1"}
    assert api.post("/api/v1/visits", json=ARRIVAL, headers=headers).status_code == 201
    page = text_of(page_content(own_client, "/admin"))
    assert "Ticketautomat Friedensplatz" in page and token not in page  # listed, but not shown again
    device_id = next(i["device"] for i in re.finditer(r'"device": (?P<device>\d+)', page))
    assert "widerrufen" in text_of(_revoke_device(own_client, app, int(device_id)))
    assert api.post("/api/v1/visits", json=ARRIVAL, headers={**headers, "Idempotency-Key": "a-2"}).status_code == 401
    assert ("admin", "device_token_revoked") in _actions(own_db)


def test_admins_renew_and_revoke_a_partners_calendar_address(own_client, own_db, app):
    login(own_client, "admin")
    with session_scope(own_db) as session:
        organisation = UserRepository(session).by_login("wohlfahrt").organisation_id
    text = text_of(_calendar(own_client, app, organisation, "renew"))
    path = "/" + re.search(r"(calendar/[A-Za-z0-9_-]+\.ics)", text).group(1)
    anonymous = own_client.application.test_client()
    assert anonymous.get(path).status_code == 200
    _calendar(own_client, app, organisation, "revoke")
    assert anonymous.get(path).status_code == 404
    assert {("admin", "calendar_token_created"), ("admin", "calendar_token_revoked")} <= set(_actions(own_db))


def test_the_audit_log_can_be_filtered(own_client, own_db, app):
    login(own_client, "admin")
    _create_device(own_client, app, "Automat 2")
    text = text_of(_audit(own_client, app, "device_token"))  # by the code
    assert "Geräte-Token erzeugt" in text and "Anmeldung" not in text
    assert "Benutzer angelegt" not in text
    text = text_of(_audit(own_client, app, "anmeldung"))  # by the words the log shows
    assert "Anmeldung" in text and "Geräte-Token erzeugt" not in text
    assert re.search(r"Benutzer \d+", text)  # what was acted on, in words


@pytest.mark.parametrize("login_name", ["koordination", "leitung", "empfang", "jobcenter"])
def test_every_admin_callback_is_refused_to_other_roles(own_client, own_db, app, login_name):
    login(own_client, login_name)
    before = _actions(own_db)
    leitung = _user(own_db, "leitung")[0]
    responses = [
        _create_user(own_client, app, "eindringling", "admin"),
        _switch_active(own_client, app, leitung, False),
        _create_device(own_client, app, "Fremdgerät"),
        _revoke_device(own_client, app, 1),
        _calendar(own_client, app, 2, "renew"),
        _audit(own_client, app, ""),
        _set_email(own_client, app, 1, "x@example.org"),
        _create_user(own_client, app, "eindringling.team", "team", staff="1"),
    ]
    assert [r.status_code for r in responses] == [403] * len(responses)
    assert _user(own_db, "eindringling") is None and _user(own_db, "leitung")[3] is True
    assert _actions(own_db) == before
    assert "Kein Zugriff" in text_of(page_content(own_client, "/admin"))


def test_users_are_never_stored_with_a_plain_password(own_client, own_db, app):
    login(own_client, "admin")
    _create_user(own_client, app, "neu.empfang", "reception", "", "Ein'Passwort\"; DROP TABLE app_user;--")
    with session_scope(own_db) as session:
        user = session.query(User).filter_by(login="neu.empfang").one()
        assert "DROP TABLE" not in user.password_hash and user.password_hash.startswith(("scrypt:", "pbkdf2:"))
    assert login(own_client.application.test_client(), "neu.empfang",
                 "Ein'Passwort\"; DROP TABLE app_user;--").status_code == 302


def test_a_device_name_with_markup_and_sql_is_stored_and_shown_verbatim(own_client, own_db, app):
    login(own_client, "admin")
    name = "Automat <img src=x onerror=alert(1)> '; DROP TABLE device_token;--"
    _create_device(own_client, app, name)
    from data_access.repositories import TokenRepository

    with session_scope(own_db) as session:
        assert [d.name for d in TokenRepository(session).device_tokens()] == [name]
    # In the layout the name is a plain string child (React renders it as text, not markup).
    assert f'"children": "{name}"' in text_of(page_content(own_client, "/admin")).replace('\\"', '"')


def test_a_device_created_for_a_place_changes_only_that_places_visits(own_client, own_db, app):
    """The admin binds a ticket machine to its place: it may call any visit there, none elsewhere."""
    from data_access.models import DeviceToken, Location

    login(own_client, "admin")
    with session_scope(own_db) as session:
        places = {code: id_ for id_, code in session.execute(select(Location.id, Location.code))}
    page = json.dumps(page_content(own_client, "/admin").json, ensure_ascii=False)
    assert "admin-device-place" in page and "Servicezentrum" in page
    answer = _create_device(own_client, app, "Aufrufanzeige Servicezentrum", str(places["centre"]))
    token = re.search(r'"value": "([A-Za-z0-9_-]{30,})"', json.dumps(answer.json)).group(1)
    with session_scope(own_db) as session:
        device = session.scalars(select(DeviceToken).where(DeviceToken.name == "Aufrufanzeige Servicezentrum")).one()
        assert device.location_id == places["centre"]
        event = session.scalars(select(AuditEvent).where(AuditEvent.action == "device_token_created")).one()
        assert json.loads(event.details)["place"] == "centre"
    assert "Servicezentrum" in text_of(answer)  # the devices' table names the place
    # Another device (the kiosk) posts one arrival at each place; the bound device calls them.
    other = app.server.test_client()
    with session_scope(own_db) as session:
        kiosk = TokenRepository(session).create_device_token("Kiosk", "admin")[1]
    visits = {}
    for code in ("centre", "infopoint"):
        visits[code] = other.post("/api/v1/visits", json={**ARRIVAL, "location": code},
                                  headers={"Authorization": f"Bearer {kiosk}", "Idempotency-Key": code}).json["id"]
    headers = {"Authorization": f"Bearer {token}"}
    call = {"called_at": clock.now_aware().isoformat()}
    assert other.patch(f"/api/v1/visits/{visits['centre']}", json=call, headers=headers).status_code == 200
    assert other.patch(f"/api/v1/visits/{visits['infopoint']}", json=call, headers=headers).status_code == 404


def test_a_device_for_a_place_that_does_not_exist_is_refused(own_client, own_db, app):
    login(own_client, "admin")
    answer = text_of(_create_device(own_client, app, "Geist", "99999"))
    assert "Diesen Standort gibt es nicht" in answer
    with session_scope(own_db) as session:
        assert TokenRepository(session).device_tokens() == []


def _staff(url):
    """(id, name, e-mail) of the team, and the staff ids that have a login already."""
    from data_access.models import StaffMember, User

    with session_scope(url) as session:
        members = [(m.id, m.display_name, m.email) for m in session.query(StaffMember).order_by(StaffMember.id)]
        bound = {u.staff_id for u in session.query(User) if u.staff_id is not None}
    return members, bound


def test_an_admin_creates_a_team_login_bound_to_a_staff_record(own_client, own_db, app):
    login(own_client, "admin")
    members, bound = _staff(own_db)
    free = next(m for m in members if m[0] not in bound)
    taken = next(iter(bound))
    before = len(_actions(own_db))
    assert "ihren Eintrag im Team" in text_of(_create_user(own_client, app, "team.ohne", "team"))
    assert "schon ein Konto" in text_of(_create_user(own_client, app, "team.doppelt", "team", staff=str(taken)))
    assert "nicht" in text_of(_create_user(own_client, app, "team.fremd", "team", staff="999999"))
    assert "Nur Konten der Rolle Team" in text_of(_create_user(own_client, app, "empf.x", "reception",
                                                               staff=str(free[0])))
    assert len(_actions(own_db)) == before
    assert "Benutzer team.neu angelegt" in text_of(_create_user(own_client, app, "team.neu", "team",
                                                                staff=str(free[0])))
    with session_scope(own_db) as session:
        assert UserRepository(session).by_login("team.neu").staff_id == free[0]
    fresh = own_client.application.test_client()
    assert login(fresh, "team.neu", "geheim-genug-1").headers["Location"].endswith("/meine-schichten")
    assert free[1] in text_of(page_content(fresh, "/meine-schichten"))


def test_an_admin_sets_and_clears_a_staff_members_e_mail_address(own_client, own_db, app):
    login(own_client, "admin")
    members, _ = _staff(own_db)
    ident, name, _email = members[0]
    before = len(_actions(own_db))
    for bad in ("keine-adresse", "a@b", "a b@c.de", "x@y.de,z@w.de"):
        assert "keine gültige E-Mail-Adresse" in text_of(_set_email(own_client, app, ident, bad))
    assert "gibt es im Team nicht" in text_of(_set_email(own_client, app, 999999, "a@b.de"))
    assert len(_actions(own_db)) == before
    assert f"E-Mail-Adresse von {name} gespeichert" in text_of(_set_email(own_client, app, ident, " neu@stadt.de "))
    assert _staff(own_db)[0][0][2] == "neu@stadt.de"
    assert f"E-Mail-Adresse von {name} entfernt" in text_of(_set_email(own_client, app, ident, ""))
    assert _staff(own_db)[0][0][2] is None
    assert [a for _, a in _actions(own_db)][-2:] == ["staff_email_set", "staff_email_set"]
