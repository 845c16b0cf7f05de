"""Trends callbacks through Flask's test client, posted as the browser posts them."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from base64 import b64decode

import pytest
from openpyxl import load_workbook

from bench.dashboard import callback_body, export_body, output_key, page_body, trends_values
from data_access.demo.reference import OPENED
from data_access.demo.visits import FIRST_YEAR_END
from tests.web import login

FIRST_YEAR = trends_values(OPENED, FIRST_YEAR_END, preset="first_year")


@pytest.fixture(autouse=True)
def no_stats_cache(monkeypatch):
    monkeypatch.setenv("MIGRADO_STATS_CACHE_SECONDS", "0")


def call(client, app, first_output: str, values: dict, changed=None):
    body = callback_body(app, output_key(app, first_output), values, changed)
    return client.post("/_dash-update-component", json=body)


def outputs(response) -> dict:
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return response.json["response"]


def markdown_rows(component: dict) -> list[list[str]]:
    """The cells of a table rendered as a dcc.Markdown component."""
    lines = component["props"]["children"].splitlines()
    return [[c.strip() for c in line.strip("|").split(" | ")] for line in lines if not line.startswith("|:--")]


def test_the_first_year_preset_reproduces_the_reports_figures(client, web_app):
    login(client, "leitung")
    preset = outputs(call(client, web_app, "trends-preset.value", {**FIRST_YEAR, "trends-preset.value": "first_year"},
                          changed=["trends-preset.value"]))
    assert preset["trends-start"]["value"] == "2022-02-25" and preset["trends-end"]["value"] == "2023-02-24"

    out = outputs(call(client, web_app, "trends-totals-summary.children", FIRST_YEAR))
    rows = markdown_rows(out["trends-totals-table"]["children"])
    cells = {(r[0], r[1]): r[2] for r in rows[1:]}
    assert cells[("Infopoint", "Ukraine")] == "20.000"
    assert cells[("Infopoint", "andere Nationalitäten")] == "6.000"
    assert cells[("Servicezentrum", "Ukraine")] == "4.100"
    assert cells[("Servicezentrum", "andere Nationalitäten")] == "2.000"
    assert cells[("insgesamt", "–")] == "32.100"
    assert "32.100 Besuche insgesamt" in out["trends-totals-summary"]["children"]


def test_every_trends_figure_answers_with_german_axes_and_a_summary(client, web_app):
    login(client, "koordination")
    values = trends_values(dt.date(2026, 9, 1), dt.date(2026, 11, 25), granularity="week")
    for first in ("trends-volume-graph.figure", "trends-yoy-graph.figure", "trends-heatmap-graph.figure",
                  "trends-wait_buckets-graph.figure", "trends-wait_daily-graph.figure",
                  "trends-service-graph.figure", "trends-video-graph.figure", "trends-forecast-graph.figure"):
        out = outputs(call(client, web_app, first, values))
        name = first.split("-")[1]
        figure = out[f"trends-{name}-graph"]["figure"]
        assert figure["data"], name
        assert figure["layout"]["separators"] == ",."
        assert figure["layout"]["yaxis"]["title"]["text"]
        summary = out[f"trends-{name}-summary"]["children"]
        assert summary and "Keine Besuche" not in summary, name
        assert markdown_rows(out[f"trends-{name}-table"]["children"]), name
    volume = outputs(call(client, web_app, "trends-volume-graph.figure", values))
    assert "KW 48/2026" in volume["trends-volume-table"]["children"]["props"]["children"]


def test_a_filter_changes_the_volume_chart(client, web_app):
    login(client, "leitung")
    both = outputs(call(client, web_app, "trends-volume-graph.figure", FIRST_YEAR))
    centre = outputs(call(client, web_app, "trends-volume-graph.figure",
                          {**FIRST_YEAR, "trends-places.value": ["centre"]}))
    assert [t["name"] for t in both["trends-volume-graph"]["figure"]["data"]] == ["Infopoint", "Servicezentrum"]
    assert [t["name"] for t in centre["trends-volume-graph"]["figure"]["data"]] == ["Servicezentrum"]
    assert sum(centre["trends-volume-graph"]["figure"]["data"][0]["y"]) == 6_100


def test_an_invalid_range_is_explained_and_draws_nothing(client, web_app):
    login(client, "leitung")
    bad = {**FIRST_YEAR, "trends-start.value": "2023-01-01", "trends-end.value": "2022-01-01"}
    out = outputs(call(client, web_app, "trends-preset.value", bad, changed=["trends-start.value"]))
    assert out["trends-preset"]["value"] == "custom"
    assert "ungültig" in json.dumps(out["trends-range-error"], ensure_ascii=False)
    response = call(client, web_app, "trends-volume-graph.figure", bad)
    assert response.status_code == 204  # PreventUpdate: the old chart stays


@pytest.mark.parametrize("figure", ["volume", "wait_daily", "totals", "forecast"])
def test_exports_hold_exactly_the_table_shown(client, web_app, figure):
    login(client, "leitung")
    values = trends_values(dt.date(2026, 10, 1), dt.date(2026, 11, 25), breakdown="target_group")
    first = "trends-totals-summary.children" if figure == "totals" else f"trends-{figure}-graph.figure"
    shown = markdown_rows(outputs(call(client, web_app, first, values))[f"trends-{figure}-table"]["children"])

    csv_out = outputs(client.post("/_dash-update-component", json=export_body(web_app, values, figure, "csv")))
    download = csv_out["trends-download"]["data"]
    assert download["filename"] == f"migrado-{figure}-2026-10-01-2026-11-25.csv"
    text = b64decode(download["content"]).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0] == shown[0]
    assert [[_as_shown(c) for c in row] for row in rows[1:]] == shown[1:]

    xlsx_out = outputs(client.post("/_dash-update-component", json=export_body(web_app, values, figure, "xlsx")))
    book = load_workbook(io.BytesIO(b64decode(xlsx_out["trends-download"]["data"]["content"])))
    sheet_rows = [list(r) for r in book.active.iter_rows(values_only=True)]
    assert [str(c) for c in sheet_rows[0]] == shown[0]
    assert len(sheet_rows) == len(shown)
    numbers = [c for row in sheet_rows[1:] for c in row if isinstance(c, (int, float))]
    assert numbers, "numbers stay numbers in Excel"


def _as_shown(cell: str) -> str:
    """A CSV cell (raw number, decimal comma) as the page's table shows it."""
    if cell == "":
        return "–"
    if re.fullmatch(r"-?\d+", cell):
        return f"{int(cell):,}".replace(",", ".")
    if re.fullmatch(r"-?\d+,\d+", cell):
        value = float(cell.replace(",", "."))
        return f"{value:,.1f}".replace(",", "\0").replace(".", ",").replace("\0", ".")
    return cell


@pytest.mark.parametrize("role_login", ["empfang", "jobcenter"])
def test_roles_without_trends_are_refused_every_trends_callback(client, web_app, role_login):
    login(client, role_login)
    for key in [k for k in web_app.callback_map if "trends-" in k]:
        body = callback_body(web_app, key, FIRST_YEAR) if "download" not in key else export_body(
            web_app, FIRST_YEAR, "totals", "csv")
        assert client.post("/_dash-update-component", json=body).status_code == 403, key
    assert "Kein Zugriff" in client.post("/_dash-update-component", json=page_body("/trends")).get_data(as_text=True)


def test_the_trends_page_renders_for_leadership(client):
    login(client, "leitung")
    body = client.post("/_dash-update-component", json=page_body("/trends")).get_data(as_text=True)
    assert "Entwicklung" in body and "trends-preset" in body and "erstes Jahr" in body


def test_data_tables_align_numbers_right_and_text_left():
    from dashboard.trends.data import FigureData
    from dashboard.trends.layout import table

    data = FigureData("totals", "Besuche", ["Standort", "Zielgruppe", "Besuche", "Anteil"],
                      [["Infopoint", "Ukraine", 553, 0.23], ["insgesamt", "–", 2382, None]], "")
    lines = table(data).children.split("\n")
    assert lines[1] == "|:---|:---|---:|---:|"
    assert lines[3].startswith("| insgesamt | – | 2.382 |")


def test_year_over_year_stops_at_yesterday_while_today_is_not_over(web_app):
    from dashboard.trends import data
    from data_access.repositories.statistics import VisitFilter

    week = VisitFilter(dt.date(2026, 11, 16), dt.date(2026, 11, 25))
    with web_app.server.test_request_context():
        running = data.year_over_year(week, "day", today=dt.date(2026, 11, 25))
        over = data.year_over_year(week, "day", today=dt.date(2026, 11, 26))
    assert [p.isoformat() for p in running.points["periods"]][-1] == "2026-11-24"
    assert "der heutige Tag läuft noch" in running.summary and "24.11.2026" in running.summary
    assert over.points["periods"][-1] == dt.date(2026, 11, 25)  # a past range: every day counts
    assert "läuft noch" not in over.summary
    assert over.points["current"][:-1] == running.points["current"]


def test_year_over_year_gives_no_change_against_a_year_before_the_first_data(web_app):
    from dashboard.services import trends
    from dashboard.trends import data
    from data_access.repositories.statistics import VisitFilter

    with web_app.server.test_request_context():
        first = trends.first_day()
        assert first is not None
        # The year before this range lies (partly) before the first recorded day.
        early = VisitFilter(first + dt.timedelta(days=30), first + dt.timedelta(days=120))
        figure = data.year_over_year(early, "month", today=first + dt.timedelta(days=400))
        assert "%" not in figure.summary
        assert all(not isinstance(row[3], float) for row in figure.rows)
        assert {row[3] for row in figure.rows} <= {"neu", "–"}
        # A range a whole year after the first day compares as before.
        later = VisitFilter(first + dt.timedelta(days=400), first + dt.timedelta(days=460))
        compared = data.year_over_year(later, "month", today=first + dt.timedelta(days=800))
    if sum(compared.points["previous"]):
        assert "%" in compared.summary
        assert any(isinstance(row[3], float) for row in compared.rows)


def test_first_day_counts_imported_day_counts_too(migrated_url):
    from data_access.db import session_scope
    from data_access.models import DayCount, Location
    from data_access.repositories.statistics import VisitStatistics

    with session_scope(migrated_url) as session:
        statistics = VisitStatistics(session)
        assert statistics.first_day() is None
        place = session.query(Location).first()
        if place is None:
            place = Location(code="infopoint", name="Infopoint", kind="infopoint")
            session.add(place)
            session.flush()
        session.add(DayCount(day=dt.date(2019, 3, 4), location_id=place.id, target_group="other", visits=3))
        session.flush()
        assert statistics.first_day() == dt.date(2019, 3, 4)
        assert statistics.first_day((place.code,)) == dt.date(2019, 3, 4)
        assert statistics.first_day(("no-such-place",)) is None
