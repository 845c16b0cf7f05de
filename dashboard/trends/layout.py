"""The Trends page's controls and figure sections (ids the callbacks fill)."""

from __future__ import annotations

import datetime as dt

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.components.charts import graph_config
from dashboard.texts.i18n import t
from dashboard.trends.data import FigureData, value_label
from dashboard.trends.export import FORMATS, display
from dashboard.trends.filters import ALL, GRANULARITIES, GROUPS, PLACES, PRESETS, preset_range

DEFAULT_PRESET = "last4w"
BREAKDOWNS = ("location", "target_group", "concern", "language")


def _fieldset(legend: str, control) -> html.Fieldset:
    return html.Fieldset([html.Legend(legend, className="form-label fs-6 mb-1"), control], className="mb-3")


def _labelled(label: str, control_id: str, control) -> html.Div:
    return html.Div([dbc.Label(label, html_for=control_id, className="mb-1"), control], className="mb-3")


def controls(today: dt.date, concerns: list[str], languages: list[str]) -> dbc.Card:
    start, end = preset_range(DEFAULT_PRESET, today)
    return dbc.Card(
        dbc.CardBody(
            [
                html.H2(t("trends.filters"), className="h5"),
                dbc.Row(
                    [
                        dbc.Col(_fieldset(t("trends.preset"), dbc.RadioItems(
                            id="trends-preset", value=DEFAULT_PRESET,
                            options=[{"label": t(f"trends.preset.{p}"), "value": p} for p in PRESETS],
                        )), md=4),
                        dbc.Col([
                            _labelled(t("trends.start"), "trends-start",
                                      dbc.Input(id="trends-start", type="date", value=start.isoformat(), debounce=True)),
                            _labelled(t("trends.end"), "trends-end",
                                      dbc.Input(id="trends-end", type="date", value=end.isoformat(), debounce=True)),
                        ], md=2),
                        dbc.Col([
                            _fieldset(t("trends.places"), dbc.Checklist(
                                id="trends-places", value=list(PLACES), inline=True,
                                options=[{"label": t(f"location.{p}"), "value": p} for p in PLACES],
                            )),
                            _fieldset(t("trends.groups"), dbc.Checklist(
                                id="trends-groups", value=list(GROUPS), inline=True,
                                options=[{"label": t(f"group.{g}"), "value": g} for g in GROUPS],
                            )),
                        ], md=3),
                        dbc.Col([
                            _labelled(t("trends.concern"), "trends-concern", _select("trends-concern", "concern", concerns)),
                            _labelled(t("trends.language"), "trends-language",
                                      _select("trends-language", "language", languages)),
                        ], md=3),
                    ]
                ),
                dbc.Row(
                    [
                        dbc.Col(_fieldset(t("trends.granularity"), dbc.RadioItems(
                            id="trends-granularity", value="day", inline=True,
                            options=[{"label": t(f"trends.granularity.{g}"), "value": g} for g in GRANULARITIES],
                        )), md=6),
                        dbc.Col(_fieldset(t("trends.breakdown"), dbc.RadioItems(
                            id="trends-breakdown", value="location", inline=True,
                            options=[{"label": _breakdown_label(b), "value": b} for b in BREAKDOWNS],
                        )), md=6),
                    ]
                ),
                html.Div(id="trends-range-error", role="alert"),
            ]
        ),
        className="mb-4 d-print-none",
    )


def _breakdown_label(breakdown: str) -> str:
    return {"location": t("col.location"), "target_group": t("col.group"), "concern": t("trends.concern"),
            "language": t("trends.language")}[breakdown]


def _select(control_id: str, kind: str, values: list[str]) -> dbc.Select:
    options = [{"label": t("trends.all"), "value": ALL}]
    options += sorted(({"label": value_label(kind, v), "value": v} for v in values), key=lambda o: o["label"])
    return dbc.Select(id=control_id, value=ALL, options=options)


def export_buttons(name: str, title: str) -> html.Div:
    return html.Div(
        [
            html.Button(
                t(f"trends.export.{fmt}"),
                id={"type": "trends-export", "figure": name, "format": fmt},
                type="button",
                className="btn btn-outline-secondary btn-sm me-2",
                title=t("trends.export.label", action=t(f"trends.export.{fmt}"), figure=title),
                **{"aria-label": t("trends.export.label", action=t(f"trends.export.{fmt}"), figure=title)},
            )
            for fmt in FORMATS
        ],
        className="mb-2 d-print-none",
    )


def figure_section(name: str, title: str, with_graph: bool = True, extra=None) -> html.Section:
    """A heading, export buttons, the chart, its summary and its data table (filled later)."""
    body = [html.H2(title, className="h5", id=f"trends-{name}-title")]
    if extra is not None:
        body.append(extra)
    body.append(export_buttons(name, title))
    figure = []
    if with_graph:
        figure.append(dcc.Loading(dcc.Graph(id=f"trends-{name}-graph", config=graph_config(filename=f"trends-{name}"))))
    figure += [
        html.Figcaption(id=f"trends-{name}-summary", className="small text-body-secondary"),
        html.Details([html.Summary(t("chart.table")), html.Div(id=f"trends-{name}-table")], className="mt-1",
                     open=not with_graph),
    ]
    body.append(html.Figure(figure, className="mb-0"))
    return html.Section(body, className="mb-4", **{"aria-labelledby": f"trends-{name}-title"})


def table(data: FigureData) -> dcc.Markdown:
    """The figure's data as a table (see markdown_table); columns of numbers align right."""
    markers = {"–", t("trends.yoy.new")}  # stand in for a number that cannot be given
    numeric = [bool(data.rows) and all(isinstance(row[i], (int, float)) or row[i] is None or row[i] in markers
                                       for row in data.rows)
               for i in range(len(data.header))]
    return markdown_table(data.header, [[display(v) for v in row] for row in data.rows], f"trends-{data.name}-data",
                          right=numeric)


def markdown_table(header: list[str], rows: list[list[str]], table_id: str,
                   right: list[bool] | None = None) -> dcc.Markdown:
    """A table as one Markdown string for the browser to turn into a <table>: a thousand
    rows of html.Td components cost far more to build and send than the query behind them.

    `right` says which columns align right (numbers); without it, all but the first do.
    """
    right = right if right is not None else [i > 0 for i in range(len(header))]
    lines = ["| " + " | ".join(_cell(h) for h in header) + " |",
             "|" + "|".join("---:" if r else ":---" for r in right) + "|"]
    lines += ["| " + " | ".join(_cell(v) for v in row) + " |" for row in rows]
    return dcc.Markdown("\n".join(lines), id=table_id, className="trends-table small")


def _cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ") or " "


def forecast_place_control() -> html.Fieldset:
    return _fieldset(t("trends.forecast.place"), dbc.RadioItems(
        id="trends-forecast-place", value=PLACES[0], inline=True,
        options=[{"label": t(f"location.{p}"), "value": p} for p in PLACES],
    ))
