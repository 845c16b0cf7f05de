"""Signing in with the city's account (issue 22, point 7): OpenID Connect against a local provider.

oidc-provider-mock (0.3.x; 0.4 needs Python 3.12) runs a real OpenID Connect provider on a
loopback port: discovery, authorize, token with an RS256-signed ID token, JWKS, userinfo. The
app talks to it over HTTP as it would to the city's; the browser's part (following the
redirects, the person choosing an account at the provider) is played by Flask's test client
and `requests`.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from oidc_provider_mock import run_server_in_thread
from sqlalchemy import select

from data_access.db import session_scope
from data_access.models import AuditEvent, Organisation, User
from tests.security.databases import fresh_postgres  # noqa: F401 - fixture
from tests.test_api_support import own_db  # noqa: F401 - fixture
from tests.web import login, page_content

GROUPS = "migrado-admins=admin; migrado-empfang=reception; migrado-leitung=leadership; awo-team=partner:welfare"


@pytest.fixture(scope="module")
def provider():
    with run_server_in_thread(require_nonce=True) as server:
        yield f"http://localhost:{server.server_port}"


@pytest.fixture
def sso_app(own_db, provider, monkeypatch):
    monkeypatch.setenv("MIGRADO_OIDC_ISSUER", provider)
    monkeypatch.setenv("MIGRADO_OIDC_CLIENT_ID", "migrado-ops")
    monkeypatch.setenv("MIGRADO_OIDC_CLIENT_SECRET", "geheim")
    monkeypatch.setenv("MIGRADO_OIDC_GROUPS", GROUPS)
    from app import app

    for limiter in app.server.extensions.get("limiter", ()):
        limiter.reset()
    return app


@pytest.fixture
def client(sso_app):
    return sso_app.server.test_client()


def person(provider: str, sub: str, **claims) -> str:
    """The provider's account `sub` with these claims (groups, preferred_username, ...)."""
    requests.put(f"{provider}/users/{sub}", json=claims, timeout=10).raise_for_status()
    return sub


def start(client, next_: str = "/") -> str:
    """Press the button: the app sends the browser to the provider's authorize address."""
    answer = client.get(f"/login/sso?next={next_}")
    assert answer.status_code == 302, answer.get_data(as_text=True)[:300]
    return answer.headers["Location"]


def consent(authorize_url: str, sub: str) -> str:
    """The person picks their account at the provider: the provider's redirect back to the app."""
    answer = requests.post(authorize_url, data={"sub": sub}, allow_redirects=False, timeout=10)
    assert answer.status_code == 302, answer.text[:300]
    return answer.headers["Location"]


def back(client, callback_url: str):
    parts = urlsplit(callback_url)
    return client.get(f"{parts.path}?{parts.query}")


def sign_in_via_city(client, provider, sub, next_="/"):
    return back(client, consent(start(client, next_), sub))


def may_open(client, path: str) -> bool:
    """Whether the signed-in role gets the page (the page callback checks the role)."""
    answer = page_content(client, path)
    assert answer.status_code == 200
    return "Kein Zugriff" not in answer.get_data(as_text=True)


def test_the_login_page_offers_the_city_account_and_still_the_password(client):
    page = client.get("/login").get_data(as_text=True)
    assert "Mit städtischem Konto anmelden" in page and 'href="/login/sso?next=/"' in page
    assert 'name="password"' in page
    assert login(client, "admin").status_code == 302  # local passwords still work
    assert client.get("/admin").status_code == 200


def test_no_button_and_no_route_when_not_configured(own_db, monkeypatch):
    for name in ("MIGRADO_OIDC_ISSUER", "MIGRADO_OIDC_CLIENT_ID"):
        monkeypatch.delenv(name, raising=False)
    from app import app

    client = app.server.test_client()
    assert "städtischem Konto" not in client.get("/login").get_data(as_text=True)
    assert client.get("/login/sso").status_code == 404


def test_the_redirect_carries_state_nonce_and_our_callback(client):
    query = parse_qs(urlsplit(start(client)).query)
    assert query["client_id"] == ["migrado-ops"] and query["response_type"] == ["code"]
    assert "openid" in query["scope"][0]
    assert len(query["state"][0]) >= 20 and len(query["nonce"][0]) >= 20
    assert query["redirect_uri"] == ["http://localhost/login/sso/callback"]


def test_behind_the_citys_proxy_the_callback_is_the_public_https_address(client, monkeypatch):
    monkeypatch.setenv("MIGRADO_PROXY_FIX", "1")
    answer = client.get("/login/sso", headers={"X-Forwarded-Proto": "https", "X-Forwarded-Host": "migrado.stadt.example",
                                               "X-Forwarded-For": "203.0.113.7"})
    query = parse_qs(urlsplit(answer.headers["Location"]).query)
    assert query["redirect_uri"] == ["https://migrado.stadt.example/login/sso/callback"]


@pytest.mark.parametrize(("groups", "role", "home", "allowed", "refused"), [
    (["migrado-admins"], "admin", "/", "/admin", None),
    (["migrado-empfang", "Alle-Beschaeftigten"], "reception", "/checkin", "/checkin", "/admin"),
    (["migrado-empfang", "migrado-leitung"], "leadership", "/", "/reports", "/checkin"),  # the stronger role
])
def test_groups_map_to_roles(client, provider, own_db, groups, role, home, allowed, refused):
    sub = person(provider, f"sub-{role}", preferred_username=f"anna.{role}", groups=groups)
    answer = sign_in_via_city(client, provider, sub)
    assert answer.status_code == 302 and answer.headers["Location"] == home
    assert may_open(client, allowed)
    if refused:
        assert not may_open(client, refused)
    with session_scope(own_db) as session:
        user = session.scalar(select(User).where(User.login == f"anna.{role}"))
        assert (user.role, user.organisation_id, user.active) == (role, None, True)
        assert user.password_hash == "!sso"
        actions = session.scalars(select(AuditEvent.action).where(AuditEvent.actor == f"anna.{role}")).all()
        assert "login" in actions
    # The row has no password: the local form refuses the name whatever is typed.
    assert login(client.application.test_client(), f"anna.{role}", "!sso").status_code == 401


def test_a_partner_group_maps_to_its_organisation(client, provider, own_db):
    sub = person(provider, "sub-awo", preferred_username="p.partner", groups=["awo-team"])
    answer = sign_in_via_city(client, provider, sub, next_="/partner")
    assert answer.status_code == 302 and answer.headers["Location"] == "/partner"
    with session_scope(own_db) as session:
        user = session.scalar(select(User).where(User.login == "p.partner"))
        organisation = session.scalar(select(Organisation.code).where(Organisation.id == user.organisation_id))
        assert (user.role, organisation) == ("partner", "welfare")
    assert may_open(client, "/partner") and not may_open(client, "/planner")


def test_an_unknown_group_is_refused_in_german(client, provider, own_db):
    sub = person(provider, "sub-stranger", preferred_username="fremd", groups=["Kantine", "Bauamt"])
    answer = sign_in_via_city(client, provider, sub)
    text = answer.get_data(as_text=True)
    assert answer.status_code == 403 and "keiner Rolle in MigraDo Ops zugeordnet" in text
    assert client.get("/").status_code == 302  # not signed in: back to the login
    with session_scope(own_db) as session:
        assert session.scalar(select(User).where(User.login == "fremd")) is None
        assert session.scalar(select(AuditEvent).where(AuditEvent.actor == "fremd",
                                                       AuditEvent.action == "login_refused")) is not None


def test_a_forged_or_replayed_state_is_refused(client, provider, caplog):
    sub = person(provider, "sub-state", preferred_username="s.state", groups=["migrado-admins"])
    callback = consent(start(client), sub)
    forged = callback.replace("state=", "state=x")
    answer = back(client, forged)
    assert answer.status_code == 401 and "fehlgeschlagen" in answer.get_data(as_text=True)
    assert "MismatchingStateError" in caplog.text
    assert client.get("/admin").status_code == 302
    # The genuine callback still works once; replayed it is refused (the state is used up).
    assert back(client, callback).status_code == 302
    other = client.application.test_client()
    assert back(other, callback).status_code == 401  # another browser: no state in its session


def test_an_id_token_with_the_nonce_of_another_sign_in_is_refused(client, provider, caplog):
    """Two sign-ins started in one browser: the code of the first brought back with the second's state."""
    sub = person(provider, "sub-nonce", preferred_username="n.nonce", groups=["migrado-admins"])
    first = consent(start(client), sub)
    second = start(client)
    second_state = parse_qs(urlsplit(second).query)["state"][0]
    code = parse_qs(urlsplit(first).query)["code"][0]
    answer = client.get(f"/login/sso/callback?code={code}&state={second_state}")
    assert answer.status_code == 401 and "fehlgeschlagen" in answer.get_data(as_text=True)
    assert "'nonce'" in caplog.text  # refused for the nonce, not for anything else
    assert client.get("/admin").status_code == 302


def test_a_local_account_is_not_taken_over(client, provider, own_db):
    sub = person(provider, "sub-admin", preferred_username="admin", groups=["migrado-empfang"])
    answer = sign_in_via_city(client, provider, sub)
    assert answer.status_code == 403 and "lokales Konto" in answer.get_data(as_text=True)
    with session_scope(own_db) as session:
        assert session.scalar(select(User.role).where(User.login == "admin")) == "admin"


def test_a_new_group_changes_the_role_and_ends_the_old_sessions(client, provider, sso_app):
    sub = person(provider, "sub-moves", preferred_username="m.moves", groups=["migrado-admins"])
    assert sign_in_via_city(client, provider, sub).status_code == 302
    assert may_open(client, "/admin")
    person(provider, sub, preferred_username="m.moves", groups=["migrado-empfang"])
    other = sso_app.server.test_client()
    assert sign_in_via_city(other, provider, sub).headers["Location"] == "/checkin"
    assert client.get("/admin").status_code == 302  # the admin session of before has ended


def test_a_provider_that_is_down_gets_a_german_answer(client, monkeypatch):
    monkeypatch.setenv("MIGRADO_OIDC_ISSUER", "http://127.0.0.1:9")  # nothing listens there
    answer = client.get("/login/sso")
    assert answer.status_code == 503 and "nicht erreichbar" in answer.get_data(as_text=True)


def test_groups_map_to_roles_on_postgresql(fresh_postgres, provider, monkeypatch):
    """The same sign-in on PostgreSQL: the user row, the role change and its session version."""
    for name, value in (("MIGRADO_OIDC_ISSUER", provider), ("MIGRADO_OIDC_CLIENT_ID", "migrado-ops"),
                        ("MIGRADO_OIDC_CLIENT_SECRET", "geheim"), ("MIGRADO_OIDC_GROUPS", GROUPS)):
        monkeypatch.setenv(name, value)
    from app import app

    client = app.server.test_client()
    sub = person(provider, "sub-pg", preferred_username="pg.person", groups=["awo-team"])
    assert sign_in_via_city(client, provider, sub).headers["Location"] == "/partner"
    person(provider, sub, preferred_username="pg.person", groups=["migrado-leitung"])
    assert sign_in_via_city(app.server.test_client(), provider, sub).headers["Location"] == "/"
    assert client.get("/partner").status_code == 302  # the partner session ended with the change
    with session_scope(fresh_postgres) as session:
        user = session.scalar(select(User).where(User.login == "pg.person"))
        assert (user.role, user.organisation_id, user.session_version) == ("leadership", None, 1)


@pytest.mark.parametrize(("setting", "problem"), [
    ("gruppe", "not group=role"), ("g=chef", "unknown role"), ("g=partner", "organisation"),
    ("g=admin:welfare", "organisation"),
])
def test_a_wrong_group_mapping_is_named(setting, problem):
    from dashboard.services.single_sign_on import parse_groups

    with pytest.raises(ValueError, match=problem):
        parse_groups(setting)


def test_the_mapping_reads_roles_and_organisations():
    from dashboard.services.single_sign_on import GroupRule, parse_groups, rule_for

    rules = parse_groups(GROUPS)
    assert GroupRule("awo-team", "partner", "welfare") in rules
    assert rule_for(["awo-team", "migrado-empfang"], rules).role == "reception"
    assert rule_for(["Kantine"], rules) is None


def test_logout_ends_the_session_here_and_at_the_provider(client, provider):
    sub = person(provider, "sub-bye", preferred_username="b.bye", groups=["migrado-admins"])
    assert sign_in_via_city(client, provider, sub).status_code == 302
    answer = client.post("/logout", headers={"Origin": "http://localhost"})
    target = urlsplit(answer.headers["Location"])
    assert answer.status_code == 302 and f"{target.scheme}://{target.netloc}" == provider
    query = parse_qs(target.query)
    assert query["client_id"] == ["migrado-ops"] and query["post_logout_redirect_uri"] == ["http://localhost/login"]
    assert client.get("/admin").status_code == 302  # our session has ended already
    # A local sign-in logs out locally only.
    login(client, "admin")
    assert client.post("/logout", headers={"Origin": "http://localhost"}).headers["Location"] == "/login"
