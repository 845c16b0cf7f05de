"""Drive Dash callbacks over HTTP, as the browser's renderer does (background ones too)."""

from __future__ import annotations

import requests

from data_access.demo.reference import DEMO_PASSWORD


def logged_in(base: str, login: str, password: str = DEMO_PASSWORD) -> requests.Session:
    session = requests.Session()
    answer = session.post(base + "/login", data={"login": login, "password": password}, allow_redirects=False)
    assert answer.status_code in (302, 303), answer.text[:300]
    return session


def callback_body(app, trigger: str, values: dict, output: str = "") -> dict:
    """The JSON the renderer posts for the server callback `trigger` ("id.prop") sets off."""
    matches = [
        (key, entry) for key, entry in app.callback_map.items()
        if any(f"{i['id']}.{i['property']}" == trigger for i in entry["inputs"]) and output in key
    ]
    assert matches, f"no callback is triggered by {trigger}"
    key, entry = matches[0]

    def spec(items):
        return [{**i, "value": values.get(f"{i['id']}.{i['property']}")} for i in items]

    outputs = []
    for part in key.strip(".").split("..."):
        ident, prop = part.split("@")[0].rsplit(".", 1)
        outputs.append({"id": ident, "property": prop})
    return {"output": key, "outputs": outputs if len(outputs) > 1 else outputs[0],
            "inputs": spec(entry["inputs"]), "state": spec(entry["state"]), "changedPropIds": [trigger]}


def start_job(session: requests.Session, base: str, body: dict) -> dict:
    """Post a background callback: the answer holds the signed job handles."""
    answer = session.post(base + "/_dash-update-component", json=body, timeout=30)
    assert answer.status_code == 200, answer.text[:500]
    handles = answer.json()
    assert "cacheKey" in handles and "job" in handles, handles
    return handles


def poll_job(session: requests.Session, base: str, body: dict, handles: dict) -> dict:
    """One poll, as the renderer sends it; returns the decoded answer ({} for 204)."""
    params = {"cacheKey": handles["cacheKey"], "job": handles["job"]}
    answer = session.post(base + "/_dash-update-component", params=params, json=body, timeout=30)
    assert answer.status_code in (200, 204), (answer.status_code, answer.text[:500])
    return answer.json() if answer.status_code == 200 and answer.content else {}


def finished(answer: dict) -> bool:
    return "response" in answer or "sideUpdate" in answer
