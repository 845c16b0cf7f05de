"""The check-in API under a fuzzer's probes: methods, Allow, years far off, offsets, languages.

400 when a request breaks the OpenAPI document; 422 naming the field when it fits the document
but is refused on its meaning (the document lists both); answers carry the centre's offset.
"""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from data_access.db import session_scope
from data_access.repositories import TokenRepository
from planner import clock
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
    assert answer.status_code == 422
    assert answer.json["error"] == {**answer.json["error"], "field": "arrived_at", "code": "too_early"}


def test_a_far_future_time_with_an_offset_is_refused_not_a_crash(own_client, token):
    answer = own_client.post("/api/v1/visits", json={**ARRIVAL, "arrived_at": "9999-12-31T23:59:59-05:00"},
                             headers=_headers(token))
    assert answer.status_code == 422 and answer.json["error"] == {**answer.json["error"], "field": "arrived_at",
                                                                  "code": "future"}


def _post(client, token, **fields):
    return client.post("/api/v1/visits", json={**ARRIVAL, **fields}, headers=_headers(token))


@pytest.mark.parametrize(("days", "status"), [(8, 422), (6, 201)])
def test_an_arrival_may_be_posted_late_but_at_most_a_week(own_client, token, days, status):
    at = clock.now_aware() - dt.timedelta(days=days)
    answer = _post(own_client, token, arrived_at=at.isoformat())
    assert answer.status_code == status, answer.json
    if status == 422:
        assert (answer.json["error"]["field"], answer.json["error"]["code"]) == ("arrived_at", "too_early")


def test_times_come_back_with_the_centres_offset_and_come_in_in_any_zone(own_client, token):
    instant = (clock.now_aware() - dt.timedelta(hours=1)).astimezone(dt.timezone.utc)
    answer = _post(own_client, token, arrived_at=instant.isoformat().replace("+00:00", "Z"))
    assert answer.status_code == 201
    arrived = dt.datetime.fromisoformat(answer.json["arrived_at"])
    assert arrived.utcoffset() == clock.with_offset(clock.to_centre(instant)).utcoffset()  # +01:00 or +02:00
    assert arrived == instant  # the same instant, on the centre's clock
    call = own_client.patch(answer.headers["Location"], headers=_headers(token),
                            json={"called_at": (instant + dt.timedelta(minutes=12)).astimezone(
                                dt.timezone(dt.timedelta(hours=-5))).isoformat()})
    assert call.status_code == 200 and call.json["wait_minutes"] == 12.0
    assert dt.datetime.fromisoformat(call.json["called_at"]).utcoffset() == arrived.utcoffset()


@pytest.mark.parametrize(("language", "status"), [("uk", 201), ("prs", 201), ("xx", 400), ("klingon", 400),
                                                  ("UK", 400)])
def test_the_language_is_one_of_the_list(own_client, token, language, status):
    answer = _post(own_client, token, language=language)
    assert answer.status_code == status
    if status == 400:
        assert answer.json["error"]["field"] == "language"


def test_a_call_a_day_after_the_arrival_is_refused_on_meaning(own_client, token):
    arrived = clock.now_aware() - dt.timedelta(hours=25)
    visit = _post(own_client, token, arrived_at=arrived.isoformat()).json
    late = own_client.patch(f"/api/v1/visits/{visit['id']}", headers=_headers(token),
                            json={"called_at": clock.now_aware().isoformat()})
    assert late.status_code == 422 and (late.json["error"]["field"], late.json["error"]["code"]) == ("called_at",
                                                                                                    "too_late")
    early = own_client.patch(f"/api/v1/visits/{visit['id']}", headers=_headers(token),
                             json={"called_at": (arrived - dt.timedelta(minutes=1)).isoformat()})
    assert early.status_code == 422 and early.json["error"]["code"] == "before_arrival"


def test_a_null_outcome_and_a_huge_id_are_no_server_error(own_client, token):
    visit = _post(own_client, token).json
    null = own_client.patch(f"/api/v1/visits/{visit['id']}", headers=_headers(token), json={"outcome": None})
    assert null.status_code == 400 and null.json["error"]["field"] == "outcome"
    huge = own_client.patch(f"/api/v1/visits/{2**70}", headers=_headers(token), json={"outcome": "left"})
    assert huge.status_code == 404 and huge.json["error"]["field"] == "id"


def test_the_document_lists_the_refusals_on_meaning(own_client):
    spec = own_client.get("/api/v1/openapi.json").json
    for path, method in (("/api/v1/visits", "post"), ("/api/v1/visits/{id}", "patch")):
        answers = spec["paths"][path][method]["responses"]
        assert {"400", "401", "409", "422"} <= set(answers)
    assert "before_arrival" in spec["paths"]["/api/v1/visits/{id}"]["patch"]["responses"]["422"]["description"]
    language = spec["components"]["schemas"]["NewVisit"]["properties"]["language"]
    assert "uk" in language["enum"] and "xx" not in language["enum"]
