"""Helpers for tests that talk to the app through Flask's test client."""

from __future__ import annotations

from data_access.demo.reference import DEMO_PASSWORD

PAGES_OUTPUT = ".._pages_content.children..._pages_store.data.."


def login(client, login: str, password: str = DEMO_PASSWORD):
    return client.post("/login", data={"login": login, "password": password})


def page_content(client, path: str):
    """Ask Dash for a page's content as the browser does on navigation."""
    return client.post(
        "/_dash-update-component",
        json={
            "output": PAGES_OUTPUT,
            "outputs": [
                {"id": "_pages_content", "property": "children"},
                {"id": "_pages_store", "property": "data"},
            ],
            "inputs": [
                {"id": "_pages_location", "property": "pathname", "value": path},
                {"id": "_pages_location", "property": "search", "value": ""},
            ],
            "changedPropIds": ["_pages_location.pathname"],
            "state": [],
        },
    )


def nav_links(layout: dict) -> list[str]:
    """The targets of the navigation's NavLinks in a serialised Dash layout."""
    found = []

    def walk(node):
        if isinstance(node, dict):
            if node.get("type") == "NavLink":
                found.append(node["props"]["href"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(layout)
    return found


def call(client, app, trigger: str, values: dict | None = None, output: str = ""):
    """Post to the callback that `trigger` ("id.prop") sets off, as the browser would.

    `values` maps "id.prop" to the value of each input and state (None where missing);
    `output` picks, among several callbacks of one trigger, the one whose output names it.
    Returns the Flask response.
    """
    values = dict(values or {})
    client.get("/login")  # Dash registers its callbacks on the first request
    matches = [
        (key, entry)
        for key, entry in app.callback_map.items()
        if any(f"{i['id']}.{i['property']}" == trigger for i in entry["inputs"])
        and entry.get("callback") is not None
        and output in key
    ]
    assert matches, f"no server callback is triggered by {trigger}"
    output, entry = matches[0]  # noqa: PLW2901 - from here on, the full output key

    def spec(items):
        return [{**i, "value": values.get(f"{i['id']}.{i['property']}")} for i in items]

    outputs = []
    for part in output.strip(".").split("..."):
        ident, prop = part.split("@")[0].rsplit(".", 1)
        outputs.append({"id": ident, "property": prop})
    return client.post(
        "/_dash-update-component",
        json={
            "output": output,
            "outputs": outputs if len(outputs) > 1 else outputs[0],
            "inputs": spec(entry["inputs"]),
            "state": spec(entry["state"]),
            "changedPropIds": [trigger],
        },
    )
