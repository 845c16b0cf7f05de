"""The database stops and comes back: clear answers meanwhile, service resumes by itself.

People get a German page (503), callers of callbacks and the API a JSON 503, all with
Retry-After and never a traceback; once the database is back, the same client's next
request is served, with no restart.
"""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import delete, select
from sqlalchemy.engine import make_url

from data_access.db import dispose_engines, session_scope
from data_access.models import AuditEvent, DeviceToken, Visit
from data_access.repositories import TokenRepository
from tests.faults.proxy import FlakyProxy
from tests.test_api_support import own_client, own_db  # noqa: F401 - fixtures
from tests.web import login, page_content

ARRIVAL = {"location": "infopoint", "target_group": "ukraine", "language": "uk", "concern": "orientation"}
OUTAGE_DEVICE = "Ausfalltest"
CLOSED_PORT_URL = "postgresql+psycopg://nobody@127.0.0.1:9/none?connect_timeout=2"


def _token(url: str) -> str:
    with session_scope(url) as session:
        _, plain = TokenRepository(session).create_device_token(OUTAGE_DEVICE, "admin")
    return plain


def _post_visit(client, token: str):
    return client.post("/api/v1/visits", json=ARRIVAL,
                       headers={"Authorization": f"Bearer {token}", "Idempotency-Key": str(uuid.uuid4())})


def _assert_unavailable(client, token: str) -> None:
    api = _post_visit(client, token)
    assert api.status_code == 503 and api.headers["Retry-After"].isdigit()
    assert api.json["error"]["code"] == "unavailable"
    assert "Datenbank" in api.json["error"]["message"]

    callback = page_content(client, "/")  # the Overview reads the database
    assert callback.status_code == 503 and "Retry-After" in callback.headers
    assert callback.json["error"]["code"] == "unavailable"

    page = client.get("/planner/export/2026-W48.xlsx")  # a plain page route
    assert page.status_code == 503 and page.mimetype == "text/html"
    text = page.get_data(as_text=True)
    assert '<html lang="de">' in text and "Die Datenbank ist gerade nicht erreichbar" in text

    login_form = client.post("/login", data={"login": "admin", "password": "x"})
    assert login_form.status_code == 503 and "nicht erreichbar" in login_form.get_data(as_text=True)
    for answer in (api, callback, page, login_form):
        assert "Traceback" not in answer.get_data(as_text=True)


def _assert_serving(client, token: str) -> None:
    assert _post_visit(client, token).status_code == 201
    assert page_content(client, "/").status_code == 200


def test_sqlite_database_away_and_back(own_db, own_client, monkeypatch):
    token = _token(own_db)
    assert login(own_client, "koordination").status_code == 302
    _assert_serving(own_client, token)

    monkeypatch.setenv("DATABASE_URL", CLOSED_PORT_URL)  # every connection attempt is refused
    _assert_unavailable(own_client, token)

    monkeypatch.setenv("DATABASE_URL", own_db)  # back: the next request is served
    _assert_serving(own_client, token)


@pytest.fixture
def postgres_behind_proxy(filled_postgres_url, monkeypatch):
    url = make_url(filled_postgres_url)
    proxy = FlakyProxy((url.host or "127.0.0.1", url.port or 5432))
    proxy.start()
    via_proxy = url.set(port=proxy.port).render_as_string(hide_password=False)
    monkeypatch.setenv("DATABASE_URL", via_proxy)
    dispose_engines()
    yield proxy, via_proxy
    proxy.stop()
    dispose_engines()
    # The demo database is shared by the session's tests: take back today's test check-ins.
    with session_scope(filled_postgres_url) as session:
        ids = list(session.scalars(select(DeviceToken.id).where(DeviceToken.name == OUTAGE_DEVICE)))
        session.execute(delete(Visit).where(Visit.device_token_id.in_(ids)))
        session.execute(delete(AuditEvent).where(AuditEvent.actor.in_([f"device:{i}" for i in ids])))
        session.execute(delete(DeviceToken).where(DeviceToken.id.in_(ids)))
    dispose_engines()


@pytest.mark.postgres
def test_postgres_stops_and_comes_back(postgres_behind_proxy):
    proxy, url = postgres_behind_proxy
    from app import app

    client = app.server.test_client()
    client.get("/login")
    token = _token(url)
    assert login(client, "koordination").status_code == 302
    _assert_serving(client, token)  # the pool now holds live connections

    proxy.stop()  # the server goes away, with every open connection
    _assert_unavailable(client, token)

    proxy.start()  # back on the same address: stale pooled connections are replaced
    _assert_serving(client, token)
    _assert_serving(client, token)


@pytest.mark.postgres
def test_a_restart_while_idle_costs_no_request(postgres_behind_proxy, monkeypatch):
    """The database went away and came back while nobody asked: pooled connections that
    rested are tested before use, so the first request afterwards is served."""
    import data_access.db as db

    proxy, url = postgres_behind_proxy
    from app import app

    client = app.server.test_client()
    token = _token(url)
    assert _post_visit(client, token).status_code == 201  # the pool now holds connections through the proxy
    proxy.stop()
    proxy.start()  # nobody asked in between: every pooled connection is dead
    monkeypatch.setattr(db, "PING_AFTER_IDLE_SECONDS", 0.0)
    assert _post_visit(client, token).status_code == 201
