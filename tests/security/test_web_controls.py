"""The web controls, probed as an attacker would: forged posts, oversized bodies, logout
replay, per-address guessing, missing headers, malformed callbacks, error pages."""

from __future__ import annotations

import io

import pytest

from tests.web import PAGES_OUTPUT, login, page_content

EVIL = "https://evil.example"


class Unreadable(io.BytesIO):
    """A request body that fails the test if anything reads it."""

    def read(self, *args):
        raise AssertionError("the body was read")

    readline = read
    readinto = read


# --- sessions --------------------------------------------------------------------------
def test_logout_voids_the_cookie_even_when_replayed(web_app):
    first, second = web_app.server.test_client(), web_app.server.test_client()
    login(first, "leitung")
    login(second, "leitung")  # the same user on another device
    stolen = first.get_cookie("session").value
    assert first.get("/_dash-layout").status_code == 200
    first.post("/logout")
    # The cookie from before the logout, sent again, no longer works ...
    replay = web_app.server.test_client()
    replay.set_cookie("session", stolen)
    assert replay.get("/_dash-layout").status_code == 401
    # ... and the other device's session ended at the same moment.
    assert second.get("/_dash-layout").status_code == 401
    # Signing in again works.
    login(second, "leitung")
    assert second.get("/_dash-layout").status_code == 200


# --- sizes -----------------------------------------------------------------------------
@pytest.mark.parametrize("path", ["/_dash-update-component", "/login", "/api/v1/visits", "/logout"])
def test_an_oversized_body_is_refused_before_it_is_read(client, path):
    answer = client.post(path, input_stream=Unreadable(), content_type="application/json",
                         environ_overrides={"CONTENT_LENGTH": str(100 * 1024 * 1024)})
    assert answer.status_code == 413
    assert "Traceback" not in answer.get_data(as_text=True)


def test_an_oversized_callback_of_a_signed_in_user_is_refused_unread(client):
    login(client, "leitung")
    answer = client.post("/_dash-update-component", input_stream=Unreadable(), content_type="application/json",
                         environ_overrides={"CONTENT_LENGTH": str(5 * 1024 * 1024)})
    assert answer.status_code == 413 and answer.json["error"]["code"] == "http_413"


# --- cross-site ------------------------------------------------------------------------
@pytest.mark.parametrize("headers", [{"Origin": EVIL}, {"Sec-Fetch-Site": "cross-site"},
                                     {"Sec-Fetch-Site": "same-site"}, {"Origin": "null"}])
def test_a_forged_login_post_is_refused(client, headers):
    answer = client.post("/login", data={"login": "leitung", "password": "migrado-demo"}, headers=headers)
    assert answer.status_code == 403 and "anderen Website" in answer.get_data(as_text=True)
    assert client.get("/_dash-layout").status_code == 401


def test_forged_callback_and_logout_posts_are_refused(client):
    login(client, "leitung")
    forged = {"Origin": EVIL, "Sec-Fetch-Site": "cross-site"}
    callback = client.post("/_dash-update-component", json={"output": PAGES_OUTPUT}, headers=forged)
    assert callback.status_code == 403 and callback.json["error"]["code"] == "cross_site"
    assert client.post("/logout", headers=forged).status_code == 403
    assert client.get("/_dash-layout").status_code == 200  # still signed in: the logout was forged
    assert client.post("/admin/import", headers=forged).status_code == 403


def test_posts_from_our_own_pages_pass(client):
    own = {"Origin": "http://localhost", "Sec-Fetch-Site": "same-origin"}
    assert client.post("/login", data={"login": "leitung", "password": "migrado-demo"},
                       headers=own).status_code == 302
    assert page_content(client, "/").status_code == 200
    assert client.post("/_dash-update-component", json={"output": PAGES_OUTPUT, "outputs": [], "inputs": []},
                       headers=own).status_code != 403


def test_session_cookie_flags(client, monkeypatch):
    cookie = login(client, "leitung").headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


# --- per address -----------------------------------------------------------------------
def test_one_address_cannot_guess_on_and_on(client):
    """Failed sign-ins from one address are limited across names (Flask-Limiter); successful
    ones are not counted, so a busy desk signing in is never refused."""
    statuses = [login(client, f"name-{i}", "falsch").status_code for i in range(21)]
    assert statuses[:20] == [401] * 20 and statuses[20] == 429
    # Another address is not affected.
    elsewhere = client.post("/login", data={"login": "name-x", "password": "falsch"},
                            environ_base={"REMOTE_ADDR": "10.0.0.9"})
    assert elsewhere.status_code == 401


# --- headers ---------------------------------------------------------------------------
@pytest.mark.parametrize("path", ["/login", "/healthz", "/api/v1/openapi.json", "/gibt-es-nicht"])
def test_security_headers_on_every_response(client, path):
    headers = client.get(path).headers
    policy = headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in policy and "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Frame-Options"] == "DENY"
    assert "Server" not in headers
    assert "Strict-Transport-Security" not in headers  # plain HTTP on the embedded default


def test_hsts_in_production(client, monkeypatch):
    monkeypatch.setenv("MIGRADO_SECURE_COOKIES", "1")
    assert client.get("/login").headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_the_policy_hashes_dash_inline_scripts(client):
    login(client, "leitung")
    html = client.get("/").get_data(as_text=True)
    policy = client.get("/").headers["Content-Security-Policy"]
    import base64
    import hashlib
    import re

    html = re.sub(r"<!--.*?-->", "", html, flags=re.S)  # Dash's note for Internet Explorer never runs
    scripts = re.findall(r"<script>(.*?)</script>", html, re.S)
    assert scripts  # the renderer start and the clientside callbacks
    for script in scripts:
        digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in policy


# --- malformed input and errors --------------------------------------------------------
@pytest.mark.parametrize(("body", "field"), [
    ("not json", "body"), ([1, 2], "body"), ({"output": 5, "outputs": [], "inputs": []}, "output"),
    ({"output": PAGES_OUTPUT, "outputs": {}, "inputs": "x"}, "inputs"),
    ({"output": PAGES_OUTPUT, "outputs": {}, "inputs": [{"id": "x"}]}, "inputs"),
    ({"output": PAGES_OUTPUT, "inputs": []}, "outputs"),
])
def test_a_malformed_callback_is_a_400_naming_the_field(client, body, field):
    login(client, "leitung")
    if isinstance(body, str):
        answer = client.post("/_dash-update-component", data=body, content_type="application/json")
    else:
        answer = client.post("/_dash-update-component", json=body)
    assert answer.status_code == 400 and answer.json["error"]["field"] == field


def test_errors_are_german_pages_without_traceback(client):
    login(client, "leitung")
    page = client.get("/assets/gibt-es-nicht.css")
    text = page.get_data(as_text=True)
    assert page.status_code == 404 and '<html lang="de">' in text and "Seite nicht gefunden" in text
    wrong_method = client.put("/login")
    assert wrong_method.status_code == 405 and "GET" in wrong_method.headers["Allow"]
    assert "Werkzeug" not in wrong_method.get_data(as_text=True)


def test_the_log_says_why_the_database_is_unavailable(web_app, caplog):
    from sqlalchemy.exc import OperationalError

    from dashboard.web.unavailable import response_for

    error = OperationalError("INSERT INTO visit VALUES (?)", ("secret-param",), Exception("database is locked"))
    with web_app.server.test_request_context("/checkin"):
        assert response_for(error).status_code == 503
    assert "database is locked" in caplog.text and "secret-param" not in caplog.text
