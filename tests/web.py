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
