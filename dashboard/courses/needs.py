"""Fehlende Kurse: leadership sees unmet needs over time (by kind, district, target group),
referrals per provider and course, and free places against referrals; each chart with its
summary sentence, its data table and CSV/XLSX exports, like the Trends figures."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import ALL, Input, Output, State, callback, ctx, dcc, html
from dash.exceptions import PreventUpdate

from dashboard.components.charts import accessible_chart, markdown_table
from dashboard.courses import figures
from dashboard.courses.parts import NEEDS_ROLES, guarded, subnav
from dashboard.services.courses import NEED_DIMENSIONS
from dashboard.texts.i18n import t
from dashboard.trends.export import MIME, display, to_csv, to_xlsx
from dashboard.web.auth import allow
from planner import clock

dash.register_page(__name__, path="/courses/needs", title="MigraDo Ops")


def _radios(legend: str, radio_id: str, options: list[tuple[str, str]], value: str) -> html.Fieldset:
    return html.Fieldset([
        html.Legend(legend, className="form-label fs-6 mb-1"),
        dbc.RadioItems(id=radio_id, name=radio_id, value=value, inline=True,
                       options=[{"label": label, "value": v} for v, label in options]),
    ], className="mb-3 me-4")


@guarded(NEEDS_ROLES)
def layout(user=None, **_query):
    return html.Div([
        html.H1(t("courses.needs.title"), className="h3"),
        subnav(user.role, "/courses/needs"),
        html.P(t("courses.needs.intro"), className="text-body-secondary"),
        html.Div([
            _radios(t("courses.needs.range"), "needs-range",
                    [(r, t(f"courses.needs.range.{r}")) for r in figures.RANGES], "24m"),
            _radios(t("courses.needs.split"), "needs-split",
                    [(d, t(f"courses.needs.split.{d}")) for d in NEED_DIMENSIONS], "audience"),
        ], className="d-flex flex-wrap"),
        dcc.Loading(html.Div(id="needs-figures"), type="default"),
        dcc.Download(id="needs-download"),
    ])


def _exports(table: figures.CourseTable) -> html.Div:
    return html.Div([
        html.Button(fmt.upper(), id={"type": "needs-export", "figure": table.name, "format": fmt}, type="button",
                    className="btn btn-outline-secondary btn-sm me-2",
                    **{"aria-label": t(f"courses.export.{fmt}", title=table.title)})
        for fmt in MIME
    ], className="mb-2")


def _section(table: figures.CourseTable) -> html.Section:
    rows = [[display(v) for v in row] for row in table.rows]
    heading = f"needs-{table.name}-title"
    body = (accessible_chart(f"needs-{table.name}", table.figure, table.summary, table.header, rows)
            if table.figure else html.Div([html.P(table.summary, className="small text-body-secondary"),
                                           markdown_table(table.header, rows, f"needs-{table.name}-data")
                                           if rows else None]))
    return html.Section([html.H2(table.title, className="h5", id=heading), _exports(table), body],
                        className="mb-4", **{"aria-labelledby": heading})


def tables(range_choice: str, split: str) -> list[figures.CourseTable]:
    today = clock.today()
    start, end = figures.period(range_choice, today)
    per_provider, per_course = figures.providers(start, end)
    return [figures.unmet(start, end, split), per_provider, per_course, figures.places(start, end, today)]


@callback(Output("needs-figures", "children"), Input("needs-range", "value"), Input("needs-split", "value"))
@allow(*NEEDS_ROLES)
def draw(range_choice, split):
    if split not in NEED_DIMENSIONS or range_choice not in figures.RANGES:
        raise PreventUpdate
    return [_section(table) for table in tables(range_choice, split)]


@callback(
    Output("needs-download", "data"),
    Input({"type": "needs-export", "figure": ALL, "format": ALL}, "n_clicks"),
    State("needs-range", "value"),
    State("needs-split", "value"),
    prevent_initial_call=True,
)
@allow(*NEEDS_ROLES)
def export(_clicks, range_choice, split):
    trigger = ctx.triggered_id
    if not trigger or not (ctx.triggered and ctx.triggered[0].get("value")) or split not in NEED_DIMENSIONS:
        raise PreventUpdate
    table = next(tb for tb in tables(range_choice, split) if tb.name == trigger["figure"])
    fmt = trigger["format"]
    content = to_csv(table) if fmt == "csv" else to_xlsx(table)
    return dcc.send_bytes(content, f"migrado-courses-{table.name}-{clock.today()}.{fmt}", type=MIME[fmt])
