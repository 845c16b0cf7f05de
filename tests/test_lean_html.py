"""The desk's lean elements serialise exactly as the Dash components they stand for."""

import json

from dash import html
from dash._utils import to_json

from dashboard.components.lean_html import element


def _wire(value) -> dict:
    return json.loads(to_json(value))


def test_an_element_serialises_like_its_dash_component():
    button_id = {"type": "checkin-call", "visit": 7}
    lean = element("Tr", [
        element("Th", "3", scope="row"),
        element("Td", "12 Min.", id={"type": "checkin-wait", "visit": 7}),
        element("Td", [element("Button", "Rufen", id=button_id, type="button", className="btn btn-sm",
                               **{"aria-label": "Nr. 3 aufrufen"})]),
    ])
    component = html.Tr([
        html.Th("3", scope="row"),
        html.Td("12 Min.", id={"type": "checkin-wait", "visit": 7}),
        html.Td([html.Button("Rufen", id=button_id, type="button", className="btn btn-sm",
                             **{"aria-label": "Nr. 3 aufrufen"})]),
    ])
    assert _wire(lean) == _wire(component)


def test_an_element_without_children_serialises_like_its_dash_component():
    assert _wire(element("Td", id="x")) == _wire(html.Td(id="x"))
