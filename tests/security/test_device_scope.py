"""A device token changes only the visits of its place (or, without a place, its own)."""

from __future__ import annotations

import uuid

from data_access.db import session_scope
from data_access.models import Location
from data_access.repositories import TokenRepository
from tests.test_api_support import own_client, own_db  # noqa: F401 - fixtures

ARRIVAL = {"location": "infopoint", "target_group": "ukraine", "language": "uk", "concern": "orientation"}


def _token(url: str, name: str, place: str | None = None) -> str:
    with session_scope(url) as session:
        row, plain = TokenRepository(session).create_device_token(name, "admin")
        if place is not None:
            row.location_id = session.query(Location).filter(Location.code == place).one().id
    return plain


def _post(client, token: str, place: str = "infopoint") -> dict:
    answer = client.post("/api/v1/visits", json={**ARRIVAL, "location": place},
                         headers={"Authorization": f"Bearer {token}", "Idempotency-Key": str(uuid.uuid4())})
    assert answer.status_code == 201, answer.json
    return answer.json


def _patch(client, token: str, visit_id: int):
    return client.patch(f"/api/v1/visits/{visit_id}", json={"outcome": "left"},
                        headers={"Authorization": f"Bearer {token}"})


def test_a_device_cannot_change_another_devices_visit(own_client, own_db):
    mine, theirs = _token(own_db, "Automat A"), _token(own_db, "Automat B")
    visit = _post(own_client, theirs)
    refused = _patch(own_client, mine, visit["id"])
    assert refused.status_code == 404 and refused.json["error"]["field"] == "id"
    assert _patch(own_client, theirs, visit["id"]).status_code == 200


def test_a_device_of_a_place_changes_that_place_only(own_client, own_db):
    with session_scope(own_db) as session:
        places = [code for (code,) in session.query(Location.code).order_by(Location.id)]
    here, elsewhere = places[0], places[1]
    desk = _token(own_db, "Aufrufanzeige", place=here)
    machine = _token(own_db, "Automat")
    at_here, at_elsewhere = _post(own_client, machine, here), _post(own_client, machine, elsewhere)
    assert _patch(own_client, desk, at_elsewhere["id"]).status_code == 404
    assert _patch(own_client, desk, at_here["id"]).status_code == 200
