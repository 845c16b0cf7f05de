"""Every graph's toolbar: the interface's language, no outside service, PNG download kept."""

from __future__ import annotations


import pytest

from tests.web import call, login, page_content
from tests.conftest import published_demo_week


def _graphs(node, found):
    if isinstance(node, dict):
        if node.get("type") == "Graph":
            found.append(node["props"])
        for value in node.values():
            _graphs(value, found)
    elif isinstance(node, list):
        for value in node:
            _graphs(value, found)
    return found


@pytest.mark.parametrize("lang", ["de", "en"])
def test_every_graph_has_the_shared_toolbar_config(client, web_app, lang):
    login(client, "admin")
    client.set_cookie("lang", lang)
    graphs = []
    for path in ("/", "/trends"):
        _graphs(page_content(client, path).get_json(), graphs)
    year, week = published_demo_week()
    values = {"planner-week.value": f"{year}-W{week:02d}", "planner-sl-target.value": 80,
              "planner-sl-wait.value": 20, "demand-place.value": "centre", "planner-refresh.data": 0}
    for output, wanted in (("planner-details", "planner-details-wanted.data"),
                           ("demand-charts", "planner-demand-wanted.data")):
        response = call(client, web_app, wanted, {**values, wanted: {"key": "x"}}, output)
        _graphs(response.get_json(), graphs)
    assert len(graphs) >= 5
    for props in graphs:
        config = props.get("config") or {}
        assert config.get("locale") == lang, props.get("id")
        assert config.get("displaylogo") is False and config.get("showSendToCloud") is False
        assert config.get("showEditInChartStudio") is False and config.get("plotlyServerURL") == ""
        assert "sendChartToCloud" in config.get("modeBarButtonsToRemove", [])
        assert config["toImageButtonOptions"]["format"] == "png"  # the download as PNG stays
