"""Every chart has a text alternative: each dcc.Graph on every page sits in a <figure> with a
<figcaption> (the summary sentence) and its data as a table inside <details> (reachable by
keyboard: <summary> is a native control). Where a callback fills the caption or the table
later (Trends), the element is one of that callback's outputs."""

from __future__ import annotations


from tests.web import call, login, page_content
from tests.conftest import published_demo_week

PAGES = ("/", "/trends", "/planner", "/staff", "/partner", "/checkin", "/admin")


def _graphs(node, ancestors=()):
    """(graph, its ancestors from the root) for every Graph in a serialised layout."""
    if isinstance(node, list):
        for item in node:
            yield from _graphs(item, ancestors)
    elif isinstance(node, dict):
        if "type" in node and "props" in node:
            if node["type"] == "Graph":
                yield node, ancestors
            yield from _graphs(node["props"].get("children"), ancestors + (node,))
        else:
            for value in node.values():
                yield from _graphs(value, ancestors)


def _find(node, kind: str):
    if isinstance(node, list):
        for item in node:
            yield from _find(item, kind)
    elif isinstance(node, dict) and "props" in node:
        if node.get("type") == kind:
            yield node
        yield from _find(node["props"].get("children"), kind)


def _filled(node, outputs: set[str]) -> bool:
    """Static content, or an element a callback fills."""
    children = node["props"].get("children")
    return bool(children) or f"{node['props'].get('id')}.children" in outputs


def _assert_alternative(where: str, layout, outputs: set[str]) -> int:
    count = 0
    for graph, ancestors in _graphs(layout):
        count += 1
        ident = graph["props"].get("id")
        figure = next((a for a in reversed(ancestors) if a["type"] == "Figure"), None)
        assert figure is not None, f"{where}: graph {ident} is not inside a <figure>"
        captions = list(_find(figure, "Figcaption"))
        assert captions and all(_filled(c, outputs) for c in captions), f"{where}: graph {ident} has no summary"
        details = list(_find(figure, "Details"))
        assert details, f"{where}: graph {ident} has no data table behind <details>"
        assert list(_find(details[0], "Summary")), f"{where}: graph {ident}: <details> without <summary>"
        tables = list(_find(details[0], "Table"))
        # A Markdown table (one string the browser turns into <table> with <th> cells).
        tables += [m for m in _find(details[0], "Markdown")
                   if "\n|:---" in (m["props"].get("children") or "")]
        holders = [d for d in _find(details[0], "Div") if f"{d['props'].get('id')}.children" in outputs]
        assert tables or holders, f"{where}: graph {ident} has no data table"
        for table in tables:
            if table["type"] == "Table":
                assert list(_find(table, "Th")), f"{where}: graph {ident}: the table has no header cells"
    return count


def test_every_chart_has_a_summary_and_a_table(client, web_app):
    login(client, "admin")
    outputs = {part for key in web_app.callback_map for part in key.strip(".").split("...")}
    outputs = {o.split("@")[0] for o in outputs}
    graphs = 0
    for path in PAGES:
        graphs += _assert_alternative(path, page_content(client, path).get_json(), outputs)
    year, week = published_demo_week()  # a published demo plan
    values = {"planner-week.value": f"{year}-W{week:02d}", "planner-sl-target.value": 80,
              "planner-sl-wait.value": 20, "demand-place.value": "centre", "planner-refresh.data": 0}
    for output, wanted in (("planner-details", "planner-details-wanted.data"),
                           ("demand-charts", "planner-demand-wanted.data")):
        response = call(client, web_app, wanted, {**values, wanted: {"key": "x"}}, output).get_json()
        found = _assert_alternative(f"/planner {output}", response, outputs)
        assert found, f"no chart in /planner {output}"
        graphs += found
    assert graphs >= 10  # overview, trends, planner coverage and heat maps
