"""Shared pieces of the access tests (API, partner, admin): no tests of its own.

`own_db` gives a test a copy of the demo database so its writes touch no other test;
`post_callback` calls a Dash callback by hand, as an attacker would, with any ids.
"""

from __future__ import annotations

import json

import pytest

from data_access.db import dispose_engines
from tests.conftest import private_copy


@pytest.fixture
def own_db(filled_sqlite_url, tmp_path, monkeypatch):
    url = private_copy(filled_sqlite_url, tmp_path)
    monkeypatch.setenv("DATABASE_URL", url)
    dispose_engines()
    yield url
    dispose_engines()


@pytest.fixture
def own_client(own_db):
    from app import app

    client = app.server.test_client()
    client.get("/login")  # Dash registers its callbacks on the first request
    return client


def callback_key(app, *fragments: str) -> str:
    """The callback map's key of the callback whose output names all fragments."""
    keys = [k for k in app.callback_map if all(f in k for f in fragments)]
    assert len(keys) == 1, keys
    return keys[0]


def _prop(component_id, prop: str, value=None, with_value: bool = True) -> dict:
    item = {"id": component_id, "property": prop}
    if with_value:
        item["value"] = value
    return item


def post_callback(client, output_key: str, outputs, inputs, state=(), changed=None):
    """POST /_dash-update-component the way the browser does, with ids we choose.

    outputs/inputs/state: lists of (id, property[, value]) tuples; a list inside a list is a
    pattern-matching ALL group.
    """

    def convert(items, with_value=True):
        result = []
        for item in items:
            if isinstance(item, list):
                result.append(convert(item, with_value))
            else:
                result.append(_prop(item[0], item[1], item[2] if len(item) > 2 else None, with_value))
        return result

    outs = convert(outputs, with_value=False)
    ins = convert(inputs)
    if changed is None:
        first = ins[0][0] if isinstance(ins[0], list) else ins[0]
        changed = [_id_string(first["id"]) + "." + first["property"]]
    body = {
        "output": output_key,
        "outputs": outs[0] if len(outs) == 1 and not output_key.startswith("..") else outs,
        "inputs": ins,
        "state": convert(state),
        "changedPropIds": changed,
    }
    return client.post("/_dash-update-component", json=body)


def _id_string(component_id) -> str:
    if isinstance(component_id, dict):
        return json.dumps(component_id, sort_keys=True, separators=(",", ":"))
    return component_id
