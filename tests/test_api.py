"""The check-in REST API over HTTP: tokens, validation naming the field, idempotency, PATCH.

Every request body these tests send, and every visit they get back, is also checked
against the OpenAPI document the app serves, so the document and the API cannot drift.
"""

from __future__ import annotations

import datetime as dt
import re
import threading
import uuid

import pytest
from sqlalchemy import func, select

from data_access.db import session_scope
from data_access.models import AuditEvent, Visit
from data_access.repositories import TokenRepository
from tests.test_api_support import own_client, own_db  # noqa: F401 - fixtures
from planner import clock

NOW = clock.now().replace(microsecond=0)


@pytest.fixture
def api_db(own_db):
    return own_db


@pytest.fixture
def api(own_client):
    return own_client


@pytest.fixture
def token(api_db):
    with session_scope(api_db) as session:
        _, plain = TokenRepository(session).create_device_token("Ticketautomat Infopoint", "admin")
    return plain


@pytest.fixture
def spec(api):
    return api.get("/api/v1/openapi.json").json


def headers(token: str, key: str | None = None) -> dict:
    values = {"Authorization": f"Bearer {token}"}
    values["Idempotency-Key"] = key or str(uuid.uuid4())
    return values


ARRIVAL = {"location": "infopoint", "target_group": "ukraine", "language": "uk", "concern": "orientation"}


# --- a structural validator for the OpenAPI schemas used here -------------------------
def conforms(spec: dict, schema: dict, value) -> list[str]:
    if "$ref" in schema:
        schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    if value is None:
        return [] if schema.get("nullable") else ["null not allowed"]
    kind = schema.get("type")
    checks = {"object": dict, "string": str, "boolean": bool, "integer": int, "number": (int, float)}
    if kind and not isinstance(value, checks[kind]) or (kind in ("integer", "number") and isinstance(value, bool)):
        return [f"{value!r} is not {kind}"]
    problems = []
    if "enum" in schema and value not in schema["enum"]:
        problems.append(f"{value!r} not in enum")
    if "pattern" in schema and not re.search(schema["pattern"], value):
        problems.append(f"{value!r} does not match")
    if schema.get("format") == "date-time":
        try:
            dt.datetime.fromisoformat(value)
        except ValueError:
            problems.append(f"{value!r} is no date-time")
    if kind == "object":
        properties = schema.get("properties", {})
        problems += [f"missing {name}" for name in schema.get("required", []) if name not in value]
        if schema.get("additionalProperties") is False:
            problems += [f"unknown {name}" for name in value if name not in properties]
        if len(value) < schema.get("minProperties", 0):
            problems.append("too few properties")
        for name, item in value.items():
            if name in properties:
                problems += [f"{name}: {p}" for p in conforms(spec, properties[name], item)]
    return problems


def request_schema(spec, path, method):
    return spec["paths"][path][method]["requestBody"]["content"]["application/json"]["schema"]


# --- tests -----------------------------------------------------------------------------------
def test_openapi_document_is_served_and_describes_both_operations(api, spec):
    assert spec["openapi"].startswith("3.")
    assert set(spec["paths"]["/api/v1/visits"]) == {"post"}
    assert set(spec["paths"]["/api/v1/visits/{id}"]) == {"patch"}
    post = spec["paths"]["/api/v1/visits"]["post"]
    assert any(p["name"] == "Idempotency-Key" and p["required"] for p in post["parameters"])
    assert spec["components"]["securitySchemes"]["deviceToken"]["scheme"] == "bearer"
    assert conforms(spec, request_schema(spec, "/api/v1/visits", "post"), {"location": "nowhere"})  # the check bites


def test_post_creates_a_visit(api, api_db, token, spec):
    assert conforms(spec, request_schema(spec, "/api/v1/visits", "post"), ARRIVAL) == []
    response = api.post("/api/v1/visits", json=ARRIVAL, headers=headers(token))
    assert response.status_code == 201, response.json
    body = response.json
    assert conforms(spec, {"$ref": "#/components/schemas/NewVisitAnswer"}, body) == []
    assert conforms(spec, {"$ref": "#/components/schemas/NewVisitAnswer"}, {**body, "ticket": {"number": "x"}})
    assert response.headers["Location"] == f"/api/v1/visits/{body['id']}"
    ticket = body["ticket"]
    assert re.fullmatch(r"A-\d{3}", ticket["number"]) and ticket["print_url"] == ticket["status_url"] + "/druck"
    # The visitor's page answers without a login and shows this number, nothing else.
    page = api.get(ticket["status_url"] + "/stand")
    assert page.status_code == 200 and page.json["label"] == ticket["number"] and page.json["state"] == "waiting"
    with session_scope(api_db) as session:
        visit = session.get(Visit, body["id"])
        assert (visit.target_group, visit.language, visit.concern, visit.channel) == ("ukraine", "uk", "orientation", "infopoint")
        assert visit.day == visit.arrived_at.date() and visit.slot == visit.arrived_at.hour * 2 + visit.arrived_at.minute // 30
        assert visit.device_token_id is not None
        audit = session.scalars(select(AuditEvent).where(AuditEvent.entity_id == visit.id, AuditEvent.entity == "visit")).one()
        assert audit.actor.startswith("device:") and audit.details == "{}"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({k: v for k, v in ARRIVAL.items() if k != "target_group"}, "target_group"),
        ({**ARRIVAL, "target_group": "mars"}, "target_group"),
        ({**ARRIVAL, "language": "Ukrainisch'; DROP TABLE visit;--"}, "language"),
        ({**ARRIVAL, "concern": 7}, "concern"),
        ({**ARRIVAL, "location": "bahnhof"}, "location"),
        ({**ARRIVAL, "arrived_at": "gestern"}, "arrived_at"),
        ({**ARRIVAL, "arrived_at": (NOW + dt.timedelta(hours=3)).isoformat()}, "arrived_at"),
        ({**ARRIVAL, "name": "Olena K."}, "name"),  # no personal data: unknown fields are refused
    ],
)
def test_invalid_bodies_get_400_naming_the_field(api, api_db, token, spec, body, field):
    # The document says these bodies are wrong too, except a time in the future: only the server knows "now".
    if field != "arrived_at" or body["arrived_at"] == "gestern":
        assert conforms(spec, request_schema(spec, "/api/v1/visits", "post"), body)
    response = api.post("/api/v1/visits", json=body, headers=headers(token))
    assert response.status_code == 400
    error = response.json["error"]
    assert error["field"] == field
    assert " / " in error["message"]  # German / English
    assert conforms(spec, {"$ref": "#/components/schemas/Error"}, response.json) == []


def test_a_body_that_is_not_json_and_a_missing_key_are_refused(api, token):
    response = api.post("/api/v1/visits", data="location=infopoint", headers=headers(token))
    assert response.status_code == 400 and response.json["error"]["field"] is None
    response = api.post("/api/v1/visits", json=ARRIVAL, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 400 and response.json["error"]["field"] == "Idempotency-Key"


@pytest.mark.parametrize("authorization", [None, "Bearer", "Bearer wrong-token", "Basic YWRtaW46bWlncmFkby1kZW1v"])
def test_missing_or_wrong_tokens_get_401(api, api_db, authorization):
    request_headers = {"Idempotency-Key": "k"}
    if authorization:
        request_headers["Authorization"] = authorization
    with session_scope(api_db) as session:
        before = session.scalar(select(func.count()).select_from(Visit))
    response = api.post("/api/v1/visits", json=ARRIVAL, headers=request_headers)
    assert response.status_code == 401
    assert response.json["error"]["field"] == "Authorization"
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert api.patch("/api/v1/visits/1", json={"outcome": "left"}, headers=request_headers).status_code == 401
    with session_scope(api_db) as session:
        assert session.scalar(select(func.count()).select_from(Visit)) == before


def test_a_revoked_token_gets_401(api, api_db, token):
    assert api.post("/api/v1/visits", json=ARRIVAL, headers=headers(token)).status_code == 201
    with session_scope(api_db) as session:
        repo = TokenRepository(session)
        device = repo.device_tokens()[0]
        assert device.last_used_at is not None
        repo.revoke_device_token(device.id)
    assert api.post("/api/v1/visits", json=ARRIVAL, headers=headers(token)).status_code == 401


def test_last_use_of_a_device_is_stamped_at_most_once_a_minute(api, api_db, token):
    """The admin sees when a device was last used, without every post writing its row."""
    assert api.post("/api/v1/visits", json=ARRIVAL, headers=headers(token)).status_code == 201
    stale = clock.now().replace(microsecond=0) - dt.timedelta(minutes=5)
    recent = clock.now().replace(microsecond=0) - dt.timedelta(seconds=20)
    for earlier, stamped_again in ((stale, True), (recent, False)):
        with session_scope(api_db) as session:
            TokenRepository(session).device_tokens()[0].last_used_at = earlier
        assert api.post("/api/v1/visits", json=ARRIVAL, headers=headers(token)).status_code == 201
        with session_scope(api_db) as session:
            last_used = TokenRepository(session).device_tokens()[0].last_used_at
        assert (last_used > earlier) is stamped_again


def test_the_session_login_is_no_api_token(api):
    """A signed-in dashboard user has no access to the API without a device token."""
    api.post("/login", data={"login": "admin", "password": "migrado-demo"})
    assert api.post("/api/v1/visits", json=ARRIVAL, headers={"Idempotency-Key": "x"}).status_code == 401


def _count_with_key(url, key):
    with session_scope(url) as session:
        return session.scalar(select(func.count()).select_from(Visit).where(Visit.idempotency_key == key))


def test_a_retried_post_creates_one_visit(api, api_db, token):
    key = "ticket-0815"
    first = api.post("/api/v1/visits", json=ARRIVAL, headers=headers(token, key))
    again = api.post("/api/v1/visits", json=ARRIVAL, headers=headers(token, key))
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json["id"] == first.json["id"] and again.headers["Idempotent-Replayed"] == "true"
    assert again.json["ticket"] == first.json["ticket"]
    assert _count_with_key(api_db, key) == 1
    other = api.post("/api/v1/visits", json={**ARRIVAL, "concern": "housing"}, headers=headers(token, key))
    assert other.status_code == 409 and other.json["error"]["field"] == "Idempotency-Key"
    assert _count_with_key(api_db, key) == 1


def test_two_quick_concurrent_retries_create_one_visit(api_db, token):
    from app import app

    key, barrier, answers = "ticket-race", threading.Barrier(2), []

    def post():
        client = app.server.test_client()
        barrier.wait()
        answers.append(client.post("/api/v1/visits", json=ARRIVAL, headers=headers(token, key)))

    threads = [threading.Thread(target=post) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(a.status_code for a in answers) == [200, 201]
    assert answers[0].json["id"] == answers[1].json["id"]
    assert _count_with_key(api_db, key) == 1


def test_patch_calls_and_finishes_a_visit(api, api_db, token, spec):
    visit = api.post("/api/v1/visits", json=ARRIVAL, headers=headers(token)).json
    arrived = dt.datetime.fromisoformat(visit["arrived_at"])
    schema = request_schema(spec, "/api/v1/visits/{id}", "patch")
    call = {"called_at": (arrived + dt.timedelta(seconds=1)).isoformat()}
    assert conforms(spec, schema, call) == []
    response = api.patch(f"/api/v1/visits/{visit['id']}", json=call, headers=headers(token))
    assert response.status_code == 200 and response.json["called_at"] is not None
    assert response.json["wait_minutes"] is not None
    assert api.get(visit["ticket"]["status_url"] + "/stand").json["state"] == "called"  # the display agrees
    finish = {"finished_at": (arrived + dt.timedelta(seconds=2)).isoformat(), "outcome": "referred",
              "video_interpreter": True}
    assert conforms(spec, schema, finish) == []
    response = api.patch(f"/api/v1/visits/{visit['id']}", json=finish, headers=headers(token))
    assert response.status_code == 200, response.json
    assert conforms(spec, {"$ref": "#/components/schemas/Visit"}, response.json) == []
    assert (response.json["outcome"], response.json["video_interpreter"]) == ("referred", True)
    with session_scope(api_db) as session:
        row = session.get(Visit, visit["id"])
        assert row.finished_at is not None and row.service_minutes is not None
    # Closed now: another finish is a conflict.
    again = api.patch(f"/api/v1/visits/{visit['id']}", json=finish, headers=headers(token))
    assert again.status_code == 409 and again.json["error"]["field"] == "id"


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"finished_at": "NOW"}, 400, "finished_at"),
        ({"finished_at": None}, 400, "finished_at"),
        ({"outcome": "served"}, 400, "finished_at"),
        ({"outcome": "vanished"}, 400, "outcome"),
        ({"video_interpreter": "ja"}, 400, "video_interpreter"),
        ({"arrived_at": "2026-01-01T09:00:00"}, 400, "arrived_at"),
        ({}, 400, None),
    ],
)
def test_patch_errors_name_the_field(api, token, body, status, field):
    visit = api.post("/api/v1/visits", json=ARRIVAL, headers=headers(token)).json
    response = api.patch(f"/api/v1/visits/{visit['id']}", json=body, headers=headers(token))
    assert (response.status_code, response.json["error"]["field"]) == (status, field)


def test_patch_of_a_finish_before_the_call_and_of_an_unknown_visit(api, token):
    visit = api.post("/api/v1/visits", json=ARRIVAL, headers=headers(token)).json
    finish = {"finished_at": visit["arrived_at"], "outcome": "served"}
    response = api.patch(f"/api/v1/visits/{visit['id']}", json=finish, headers=headers(token))
    assert response.status_code == 400 and response.json["error"]["field"] == "finished_at"
    left = api.patch(f"/api/v1/visits/{visit['id']}", json={"outcome": "left"}, headers=headers(token))
    assert left.status_code == 200 and left.json["outcome"] == "left" and left.json["called_at"] is None
    missing = api.patch("/api/v1/visits/999999999", json={"outcome": "left"}, headers=headers(token))
    assert missing.status_code == 404 and missing.json["error"]["field"] == "id"


@pytest.mark.parametrize("path", ["/api/", "/api/v1/", "/api/v1/visits/abc", "/api/v2/visits", "/api/admin"])
def test_unknown_api_paths_get_a_json_404_and_no_dash_page(api, path):
    response = api.get(path)
    assert response.status_code in (404, 405)
    assert response.is_json and "<html" not in response.get_data(as_text=True)


def test_concurrent_retries_create_one_visit_on_both_databases(migrated_url, monkeypatch):
    """The same race as above over HTTP, on a fresh SQLite and PostgreSQL database."""
    from app import app

    from data_access.db import dispose_engines
    from data_access.models import Location

    monkeypatch.setenv("DATABASE_URL", migrated_url)
    dispose_engines()
    with session_scope(migrated_url) as session:
        session.add(Location(code="infopoint", name="Infopoint", kind="infopoint"))
        _, plain = TokenRepository(session).create_device_token("Automat", "admin")
    barrier, answers = threading.Barrier(3), []

    def post():
        client = app.server.test_client()
        barrier.wait()
        answers.append(client.post("/api/v1/visits", json=ARRIVAL, headers=headers(plain, "same-key")))

    threads = [threading.Thread(target=post) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(a.status_code for a in answers) == [200, 200, 201]
    assert len({a.json["id"] for a in answers}) == 1
    assert len({a.json["ticket"]["status_url"] for a in answers}) == 1  # one ticket for the three
    assert _count_with_key(migrated_url, "same-key") == 1
    dispose_engines()
