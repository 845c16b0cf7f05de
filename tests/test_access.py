"""Who may do what: every page, callback and route checks the session on the server."""

from __future__ import annotations

import datetime as dt

import pytest
from werkzeug.security import generate_password_hash

from data_access.db import session_scope
from data_access.models import AuditEvent, LoginThrottle, User
from data_access.repositories import UserRepository
from dashboard.web.auth import PAGE_ROLES, PAGES_CALLBACK
from tests.web import login, nav_links, page_content
from planner import clock


def test_without_login_pages_redirect_and_dash_endpoints_refuse(client):
    response = client.get("/")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")
    assert client.get("/_dash-layout").status_code == 401
    assert page_content(client, "/").status_code == 401
    assert client.get("/login").status_code == 200
    assert client.get("/healthz").json == {"status": "ok"}


def test_login_page_is_german_and_labelled(client):
    html = client.get("/login").get_data(as_text=True)
    assert '<html lang="de">' in html
    assert '<label for="login"' in html and '<label for="password"' in html
    assert "Anmelden" in html


def test_wrong_password_is_refused_with_a_clear_message(client):
    response = login(client, "leitung", "falsch")
    assert response.status_code == 401
    assert "Benutzername oder Passwort ist falsch" in response.get_data(as_text=True)
    assert client.get("/_dash-layout").status_code == 401


def test_repeated_failures_lock_the_login(client, filled_sqlite_url):
    with session_scope(filled_sqlite_url) as session:
        UserRepository(session).add(
            User(login="lockme", password_hash=generate_password_hash("richtig-123"),
                 role="leadership", created_at=clock.now())
        )
    try:
        wrong = [login(client, "lockme", "falsch") for _ in range(5)]
        # Blocked: even the right password does not get in now, and the answer is the very
        # one a wrong password or an unknown name gets (no hint which names exist or are blocked).
        right = login(client, "lockme", "richtig-123")
        unknown = login(client, "gibt-es-nicht", "falsch")
        answers = {(r.status_code, r.get_data(as_text=True).replace("lockme", "").replace("gibt-es-nicht", ""))
                   for r in (*wrong, right, unknown)}
        assert len(answers) == 1 and next(iter(answers))[0] == 401
        assert "Location" not in right.headers
    finally:
        _forget(filled_sqlite_url, "lockme")


@pytest.mark.parametrize(
    ("user", "home"),
    [("leitung", "/"), ("empfang", "/checkin"), ("jobcenter", "/partner"), ("admin", "/")],
)
def test_login_leads_each_role_home(client, user, home):
    response = login(client, user)
    assert response.status_code == 302 and response.headers["Location"] == home


def test_login_never_redirects_to_another_site(client):
    response = client.post(
        "/login", data={"login": "leitung", "password": "migrado-demo", "next": "https://evil.example/"}
    )
    assert response.headers["Location"] == "/"


@pytest.mark.parametrize("role_login", ["admin", "koordination", "leitung", "empfang", "jobcenter"])
def test_navigation_lists_only_the_pages_of_the_role(client, role_login):
    login(client, role_login)
    links = set(nav_links(client.get("/_dash-layout").json))
    role = {"admin": "admin", "koordination": "coordination", "leitung": "leadership",
            "empfang": "reception", "jobcenter": "partner"}[role_login]
    assert links == {path for path, roles in PAGE_ROLES.items() if role in roles}


@pytest.mark.parametrize(("role_login", "path"), [("leitung", "/admin"), ("jobcenter", "/trends"),
                                                  ("empfang", "/planner"), ("jobcenter", "/")])
def test_a_page_outside_the_role_shows_no_content(client, role_login, path):
    login(client, role_login)
    body = page_content(client, path).get_data(as_text=True)
    assert "Kein Zugriff" in body
    assert "today-infopoint" not in body


def test_callbacks_are_fail_closed(client, web_app):
    login(client, "admin")
    # A callback that does not exist on the server, or one never declared with @allow.
    response = client.post("/_dash-update-component", json={"output": "made-up.children", "inputs": []})
    assert response.status_code == 403


def test_every_server_callback_declares_its_roles(web_app, client):
    """A new callback without @allow(...) would be refused for everyone: catch it here."""
    client.get("/login")  # Dash registers the callbacks on its first request
    server_side = {o: e["callback"] for o, e in web_app.callback_map.items() if e.get("callback")}
    assert PAGES_CALLBACK in server_side
    undeclared = [o for o, f in server_side.items() if o != PAGES_CALLBACK and not getattr(f, "allowed_roles", None)]
    assert undeclared == []


def test_logout_ends_the_session(client):
    login(client, "leitung")
    assert client.get("/_dash-layout").status_code == 200
    client.post("/logout")
    assert client.get("/_dash-layout").status_code == 401


def test_a_deactivated_user_is_signed_out_at_the_next_request(client, filled_sqlite_url):
    with session_scope(filled_sqlite_url) as session:
        UserRepository(session).add(
            User(login="soon-gone", password_hash=generate_password_hash("richtig-123"),
                 role="leadership", created_at=clock.now())
        )
    try:
        login(client, "soon-gone", "richtig-123")
        assert client.get("/_dash-layout").status_code == 200
        with session_scope(filled_sqlite_url) as session:
            UserRepository(session).by_login("soon-gone").active = False
        assert client.get("/_dash-layout").status_code == 401
    finally:
        _forget(filled_sqlite_url, "soon-gone")


def _forget(url: str, login_name: str) -> None:
    """Remove a test user and its audit rows from the shared demo database."""
    with session_scope(url) as session:
        session.delete(UserRepository(session).by_login(login_name))
        session.query(AuditEvent).filter(AuditEvent.actor == login_name).delete()
        session.query(LoginThrottle).filter(LoginThrottle.login == login_name).delete()


FORBIDDEN_FILES = [
    ("empfang", "get", "/planner/export/2026-W50.xlsx"),
    ("jobcenter", "get", "/planner/export/2026-W50/print"),
    ("koordination", "get", "/admin/import"),
    ("leitung", "post", "/admin/import"),
    ("empfang", "get", "/courses/import"),
    ("koordination", "get", "/reports/month-2026-11.pdf"),
]


@pytest.mark.parametrize(("role_login", "method", "path"), FORBIDDEN_FILES)
@pytest.mark.parametrize(("lang", "title", "back"), [("de", "Kein Zugriff", "Zur Startseite"),
                                                     ("en", "Access denied", "To the start page")])
def test_exports_and_imports_refuse_a_role_with_a_page_in_its_language(client, role_login, method, path, lang,
                                                                      title, back):
    """Not Werkzeug's English "403 Forbidden": the interface's page, in its language, with the way back."""
    login(client, role_login)
    client.set_cookie("lang", lang)
    answer = getattr(client, method)(path, headers={"Origin": "http://localhost"})
    body = answer.get_data(as_text=True)
    assert answer.status_code == 403
    assert f'lang="{lang}"' in body and title in body and f'href="/">{back}' in body
    assert "Forbidden" not in body and "werkzeug" not in body.lower()
