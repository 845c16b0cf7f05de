"""The check-in API under a fuzzer's probes: methods, Allow, years far off."""

from __future__ import annotations

import uuid

import pytest

from data_access.db import session_scope
from data_access.repositories import TokenRepository
from tests.test_api_support import own_client, own_db  # noqa: F401 - fixtures

ARRIVAL = {"location": "infopoint", "target_group": "ukraine", "language": "uk", "concern": "orientation"}


@pytest.fixture
def token(own_db):
    with session_scope(own_db) as session:
        return TokenRepository(session).create_device_token("Automat", "admin")[1]


def _headers(token):
    return {"Authorization": f"Bearer {token}", "Idempotency-Key": str(uuid.uuid4())}


@pytest.mark.parametrize(("method", "path", "allow"), [
    ("PUT", "/api/v1/visits", "OPTIONS, POST"), ("DELETE", "/api/v1/visits/1", "OPTIONS, PATCH"),
    ("GET", "/api/v1/visits", "OPTIONS, POST"), ("POST", "/api/v1/openapi.json", "GET, HEAD, OPTIONS"),
])
def test_a_wrong_method_is_405_with_the_right_allow(own_client, method, path, allow):
    answer = own_client.open(path, method=method, json={})
    assert answer.status_code == 405 and answer.headers["Allow"] == allow and answer.is_json


@pytest.mark.parametrize(("path", "allow"), [("/api/v1/visits", "OPTIONS, POST"),
                                             ("/api/v1/visits/7", "OPTIONS, PATCH")])
def test_options_names_only_the_methods_that_answer(own_client, path, allow):
    answer = own_client.options(path)
    assert answer.status_code == 204 and answer.headers["Allow"] == allow


@pytest.mark.parametrize("value", ["0058-03-01T10:00:00", "0001-01-01T00:00:00+05:00", "1999-12-31T23:59:59"])
def test_arrivals_before_2000_are_refused_naming_the_field(own_client, token, value):
    answer = own_client.post("/api/v1/visits", json={**ARRIVAL, "arrived_at": value}, headers=_headers(token))
    assert answer.status_code == 400
    assert answer.json["error"] == {**answer.json["error"], "field": "arrived_at", "code": "too_early"}


def test_a_far_future_time_with_an_offset_is_refused_not_a_crash(own_client, token):
    answer = own_client.post("/api/v1/visits", json={**ARRIVAL, "arrived_at": "9999-12-31T23:59:59-05:00"},
                             headers=_headers(token))
    assert answer.status_code == 400 and answer.json["error"]["field"] == "arrived_at"
