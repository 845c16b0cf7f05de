"""Trends: volumes per day, ISO week or month by place, group, concern and language; year
over year; weekday-by-hour heat map; waits; service times; the queue's steps per desk;
video interpretation; history
and forecast with 80/95 % intervals; every figure as CSV and XLSX.

One callback per figure, so each answers on its own; they share the filter controls.
The data of a figure comes from dashboard/trends/data.py, which the export uses as well.
"""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import ALL, Input, Output, State, callback, ctx, dcc, html, no_update
from dash.exceptions import PreventUpdate

from dashboard.web.auth import allow, restricted
from dashboard.services import trends
from dashboard.texts.i18n import t
from dashboard.trends import charts, data
from dashboard.trends.export import MIME, file_name, to_csv, to_xlsx
from dashboard.trends.filters import parse_day, preset_range, visit_filter
from dashboard.trends.layout import controls, figure_section, forecast_place_control, table
from planner import clock

dash.register_page(__name__, path="/trends", order=1, title="MigraDo Ops")

ROLES = ("admin", "coordination", "leadership")
FILTERS = [Input("trends-start", "value"), Input("trends-end", "value"), Input("trends-places", "value"),
           Input("trends-groups", "value"), Input("trends-concern", "value"), Input("trends-language", "value")]
FILTER_STATES = [State(i.component_id, i.component_property) for i in FILTERS]


def _outputs(name: str) -> list[Output]:
    return [Output(f"trends-{name}-graph", "figure"), Output(f"trends-{name}-summary", "children"),
            Output(f"trends-{name}-table", "children")]


@restricted("/trends")
def layout(**_query):
    concerns, languages = trends.value_lists()
    sections = [
        figure_section("totals", t("trends.totals.title"), with_graph=False),
        figure_section("volume", t("trends.volume.title", unit="…")),
        figure_section("yoy", t("trends.yoy.title")),
        figure_section("heatmap", t("trends.heatmap.title")),
        figure_section("wait_buckets", t("trends.wait_buckets.title")),
        figure_section("wait_daily", t("trends.wait_daily.title")),
        figure_section("service", t("trends.service.title")),
        figure_section("steps", t("trends.steps.title"), with_graph=False,
                       extra=html.P(t("trends.steps.intro"), className="small text-body-secondary")),
        figure_section("video", t("trends.video.title")),
        figure_section("forecast", t("trends.forecast.title"), extra=html.Div(
            [forecast_place_control(), html.P(id="trends-forecast-note", className="small")])),
    ]
    return html.Div(
        [
            html.H1(t("trends.title"), className="h3"),
            html.P(t("trends.intro"), className="text-body-secondary"),
            controls(clock.today(), concerns, languages),
            *sections,
            dcc.Download(id="trends-download"),
        ]
    )


# --- the range -------------------------------------------------------------------------
@callback(
    Output("trends-preset", "value"), Output("trends-start", "value"), Output("trends-end", "value"),
    Output("trends-range-error", "children"),
    Input("trends-preset", "value"), Input("trends-start", "value"), Input("trends-end", "value"),
    prevent_initial_call=True,
)
@allow(*ROLES)
def sync_range(preset, start, end):
    """A preset sets both dates; typing a date makes the range "custom"."""
    if ctx.triggered_id == "trends-preset":
        days = preset_range(preset, clock.today())
        if days is None:
            return no_update, no_update, no_update, None
        return no_update, days[0].isoformat(), days[1].isoformat(), None
    first, last = parse_day(start), parse_day(end)
    error = None
    if first is None or last is None or first > last:
        error = dbc.Alert(t("trends.invalid_range"), color="danger", className="mb-0")
    return "custom", no_update, no_update, error


def _filter(*values):
    f = visit_filter(*values)
    if f is None:
        raise PreventUpdate
    return f


# --- one callback per figure -----------------------------------------------------------
@callback(Output("trends-totals-summary", "children"), Output("trends-totals-table", "children"), *FILTERS)
@allow(*ROLES)
def update_totals(*filters):
    figure = data.totals(_filter(*filters))
    return figure.summary, table(figure)


@callback(*_outputs("volume"), Output("trends-volume-title", "children"), *FILTERS,
          Input("trends-granularity", "value"), Input("trends-breakdown", "value"))
@allow(*ROLES)
def update_volume_chart(*args):
    *filters, granularity, breakdown = args
    figure = data.volume(_filter(*filters), granularity, breakdown)
    return charts.volume(figure, granularity), figure.summary, table(figure), figure.title


@callback(*_outputs("yoy"), *FILTERS, Input("trends-granularity", "value"))
@allow(*ROLES)
def update_year_over_year(*args):
    *filters, granularity = args
    figure = data.year_over_year(_filter(*filters), granularity)
    return charts.year_over_year(figure, granularity), figure.summary, table(figure)


@callback(*_outputs("heatmap"), *FILTERS)
@allow(*ROLES)
def update_heatmap(*filters):
    figure = data.heatmap(_filter(*filters))
    return charts.heatmap(figure), figure.summary, table(figure)


@callback(*_outputs("wait_buckets"), *FILTERS)
@allow(*ROLES)
def update_wait_distribution(*filters):
    figure = data.wait_buckets(_filter(*filters))
    return charts.wait_buckets(figure), figure.summary, table(figure)


@callback(*_outputs("wait_daily"), *FILTERS)
@allow(*ROLES)
def update_daily_wait(*filters):
    figure = data.wait_daily(_filter(*filters))
    return charts.wait_daily(figure), figure.summary, table(figure)


@callback(*_outputs("service"), *FILTERS)
@allow(*ROLES)
def update_service_times(*filters):
    figure = data.service(_filter(*filters))
    return charts.service(figure), figure.summary, table(figure)


@callback(Output("trends-steps-summary", "children"), Output("trends-steps-table", "children"), *FILTERS)
@allow(*ROLES)
def update_queue_steps(*filters):
    figure = data.steps(_filter(*filters))
    return figure.summary, table(figure)


@callback(*_outputs("video"), *FILTERS, Input("trends-granularity", "value"))
@allow(*ROLES)
def update_video_share(*args):
    *filters, granularity = args
    figure = data.video(_filter(*filters), granularity)
    return charts.video(figure, granularity), figure.summary, table(figure)


@callback(*_outputs("forecast"), Output("trends-forecast-note", "children"), Input("trends-forecast-place", "value"))
@allow(*ROLES)
def update_forecast_chart(place):
    figure = data.forecast(place, clock.today())
    return charts.forecast(figure), figure.summary, table(figure), figure.points["note"]


# --- export ----------------------------------------------------------------------------
def figure_data(name: str, f, granularity: str, breakdown: str, place: str) -> data.FigureData:
    """The data a figure shows for these controls: what the export writes."""
    builders = {
        "totals": lambda: data.totals(f),
        "volume": lambda: data.volume(f, granularity, breakdown),
        "yoy": lambda: data.year_over_year(f, granularity),
        "heatmap": lambda: data.heatmap(f),
        "wait_buckets": lambda: data.wait_buckets(f),
        "wait_daily": lambda: data.wait_daily(f),
        "service": lambda: data.service(f),
        "steps": lambda: data.steps(f),
        "video": lambda: data.video(f, granularity),
        "forecast": lambda: data.forecast(place, clock.today()),
    }
    if name not in builders:
        raise PreventUpdate
    return builders[name]()


@callback(
    Output("trends-download", "data"),
    Input({"type": "trends-export", "figure": ALL, "format": ALL}, "n_clicks"),
    *FILTER_STATES, State("trends-granularity", "value"), State("trends-breakdown", "value"),
    State("trends-forecast-place", "value"),
    prevent_initial_call=True,
)
@allow(*ROLES)
def export_figure(clicks, *args):
    *filters, granularity, breakdown, place = args
    button = ctx.triggered_id
    if not button or not any(clicks or []):
        raise PreventUpdate
    f = _filter(*filters)
    figure = figure_data(button["figure"], f, granularity, breakdown, place)
    fmt = button["format"]
    content = to_csv(figure) if fmt == "csv" else to_xlsx(figure)
    return dcc.send_bytes(content, file_name(figure, f.start, f.end, fmt), type=MIME[fmt])
