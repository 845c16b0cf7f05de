"""Overview: live queue per place against forecast and plan, refreshed every 30 s; today and
this week against last year; the last 90 days; totals by target group.
"""

from __future__ import annotations

import datetime as dt
import math

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, callback, dcc, html

from dashboard.web.auth import allow, restricted
from dashboard.components.charts import data_table, graph_config
from dashboard.components.trust import trust_sentences
from dashboard.texts.i18n import fmt_date, fmt_datetime, fmt_int, fmt_pct, t
from dashboard.services.live_figures import LiveOverview, LivePlace, live_overview, refresh_seconds
from dashboard.services.overview_live import overview_now
from dashboard.services.overview_figures import OverviewFigures, PlaceFigures, overview_figures, place_figures
from dashboard.trends.charts import figure_dict
from dashboard.trends.export import display
from dashboard.trends.filters import day_label
from dashboard.trends.layout import markdown_table
from planner import clock

dash.register_page(__name__, path="/", order=0, title="MigraDo Ops")

PLACE_COLOURS = {"infopoint": "#1f5fa8", "centre": "#b4581b"}
ROLES = ("admin", "coordination", "leadership", "reception")


@restricted("/")
def layout(**_query):
    now = _now()
    figures = overview_figures(now)
    return html.Div(
        [
            html.H1(t("overview.title"), className="h3"),
            html.P(
                [
                    html.Span(t("overview.as_of", when=fmt_datetime(now)), id="overview-as-of"),
                    " ",
                    html.Span(t("overview.live.refresh", seconds=refresh_seconds()), className="small"),
                ],
                className="text-body-secondary",
            ),
            dcc.Interval(id="overview-interval", interval=refresh_seconds() * 1000),
            html.Div(_live_section(now, figures.places), id="overview-live"),
            _history_section(figures),
        ]
    )


@callback(
    Output("overview-live", "children"),
    Output("overview-as-of", "children"),
    Input("overview-interval", "n_intervals"),
    prevent_initial_call=True,
)
@allow(*ROLES)
def refresh_live_overview(_n):
    shown = overview_now()  # shared by every open Overview of this worker for a few seconds
    return (_live_section(shown.at, shown.places, shown.live),
            t("overview.as_of", when=fmt_datetime(shown.at)))


def _now() -> dt.datetime:
    return clock.now()


# --- live part ---------------------------------------------------------------------------
def _live_section(now: dt.datetime, places: list[PlaceFigures] | None = None,
                  live: LiveOverview | None = None) -> list:
    live = live or live_overview(now)
    places = places if places is not None else place_figures(now)
    return [
        html.H2(t("overview.live.title"), className="h5"),
        dbc.Row([dbc.Col(_live_card(p), md=6) for p in live.places], className="g-3 mb-4"),
        html.H2(t("overview.compare.title"), className="h5"),
        dbc.Row([dbc.Col(_place_card(p), md=6) for p in places], className="g-3 mb-4"),
    ]


def _minutes(value: float | None) -> str:
    return t("overview.live.none") if value is None else t("overview.live.minutes", n=fmt_int(value))


def _entry(label: str, value, element_id: str, note=None) -> list:
    dd = [html.Span(value, id=element_id, className="fs-5")]
    if note:
        dd.append(html.Div(note, className="small text-body-secondary"))
    return [html.Dt(label, className="col-sm-6 fw-normal"), html.Dd(dd, className="col-sm-6")]


def _live_card(place: LivePlace) -> dbc.Card:
    code = place.location
    entries = (
        _entry(t("overview.live.arrivals"), fmt_int(place.arrivals), f"live-arrivals-{code}", _against_forecast(place))
        + _entry(t("overview.live.day_forecast"), _day_forecast(place), f"live-forecast-{code}",
                 " ".join(trust_sentences(list(place.trust))) or None)
        + _entry(t("overview.live.waiting"), fmt_int(place.waiting), f"live-waiting-{code}",
                 t("overview.live.from_queue") if place.source == "queue" else None)
        + _entry(t("overview.live.longest"), _minutes(place.longest_wait), f"live-longest-{code}")
        + _entry(t("overview.live.mean"), _minutes(place.mean_wait), f"live-mean-{code}")
        + _entry(t("overview.live.estimate"), *_estimate(place, code))
        + _entry(t("overview.live.staff"), *_staff(place, code))
    )
    return dbc.Card(
        dbc.CardBody([html.H3(t(f"location.{code}"), className="h5 card-title"), html.Dl(entries, className="row mb-0")]),
        className="h-100",
    )


def _against_forecast(place: LivePlace) -> str:
    if place.expected_so_far is None:
        return t("overview.live.no_forecast")
    expected = round(place.expected_so_far)
    diff = place.arrivals - expected
    if diff > 0:
        verdict = t("overview.live.above", n=fmt_int(diff))
    elif diff < 0:
        verdict = t("overview.live.below", n=fmt_int(-diff))
    else:
        verdict = t("overview.live.on_forecast")
    return f"{t('overview.live.expected_so_far', n=fmt_int(expected))}; {verdict}"


def _day_forecast(place: LivePlace) -> str:
    if place.expected_day is None:
        return t("overview.live.none")
    if place.expected_day_lo80 is None or place.expected_day_hi80 is None:
        return fmt_int(place.expected_day)
    return t("overview.live.interval", n=fmt_int(place.expected_day), lo=fmt_int(place.expected_day_lo80),
             hi=fmt_int(place.expected_day_hi80))


def _estimate(place: LivePlace, code: str) -> tuple:
    element_id = f"live-estimate-{code}"
    if place.estimated_wait is None:
        return t("overview.live.none"), element_id, t("overview.live.no_estimate")
    if math.isinf(place.estimated_wait):
        value = t("overview.live.growing")
    else:
        value = _minutes(place.estimated_wait)
    staff = fmt_int(place.estimate_staff or 0)
    if place.estimate_basis == "desks":
        basis = t("overview.live.estimate_desks", staff=staff, minutes=fmt_int(place.estimate_service or 0))
    else:
        basis = t("overview.live.estimate_plan", staff=staff) if place.planned else t(
            "overview.live.estimate_required", staff=staff)
    return value, element_id, basis


def _staff(place: LivePlace, code: str) -> tuple:
    element_id = f"live-staff-{code}"
    required = (t("overview.live.required", n=fmt_int(place.required)) if place.required is not None
                else t("overview.live.required_none"))
    if not place.planned:
        return t("overview.live.not_planned"), element_id, [t("overview.live.not_planned_note"), " ", required]
    if place.required is None:
        return fmt_int(place.on_duty or 0), element_id, required
    value = t("overview.live.staff_of", n=fmt_int(place.on_duty or 0), required=fmt_int(place.required))
    gap = place.required - (place.on_duty or 0)
    return value, element_id, t("overview.live.staff_short", n=fmt_int(gap)) if gap > 0 else t(
        "overview.live.staff_enough")


# --- against last year, history ----------------------------------------------------------
def _change(now: int, before: int) -> str:
    if before == 0:
        return t("overview.no_change")
    ratio = now / before - 1
    return t("overview.change", sign="+" if ratio >= 0 else "−", pct=fmt_pct(abs(ratio)))


def _place_card(place: PlaceFigures) -> dbc.Card:
    name = t(f"location.{place.location}")
    return dbc.Card(
        dbc.CardBody(
            [
                html.H3(name, className="h5 card-title"),
                dbc.Row(
                    [
                        dbc.Col(
                            [
                                html.P(t("overview.today"), className="mb-0 small"),
                                html.P(fmt_int(place.today), className="display-6 mb-0",
                                       id=f"today-{place.location}"),
                                html.P(t("overview.last_year", n=fmt_int(place.today_last_year)), className="small mb-0"),
                                html.P(_change(place.today, place.today_last_year), className="small text-body-secondary"),
                            ]
                        ),
                        dbc.Col(
                            [
                                html.P(t("overview.week"), className="mb-0 small"),
                                html.P(fmt_int(place.week), className="display-6 mb-0",
                                       id=f"week-{place.location}"),
                                html.P(t("overview.last_year_week", n=fmt_int(place.week_last_year)), className="small mb-0"),
                                html.P(_change(place.week, place.week_last_year), className="small text-body-secondary"),
                            ]
                        ),
                    ]
                ),
            ]
        ),
        className="h-100",
    )


def _history_section(figures: OverviewFigures) -> html.Div:
    return html.Div(
        [
            html.H2(t("overview.daily.title"), className="h5"),
            _daily_chart(figures),
            html.H2(t("overview.groups.title"), className="h5"),
            _groups_table(figures),
        ]
    )


def _daily_chart(figures: OverviewFigures) -> html.Figure:
    traces = []
    for code in ("infopoint", "centre"):
        rows = [(d, n) for d, c, n in figures.daily if c == code]
        traces.append({
            "type": "bar", "x": [d.isoformat() for d, _ in rows], "y": [n for _, n in rows],
            "name": t(f"location.{code}"), "marker": {"color": PLACE_COLOURS[code]},
            "hovertemplate": "%{x|%d.%m.%Y}: %{y} " + t("col.visits") + "<extra>" + t(f"location.{code}") + "</extra>",
        })
    # A plain figure dict: plotly's graph objects would validate every bar in Python.
    fig = figure_dict(traces, t("col.day"), t("col.visits"), barmode="stack", xaxis={"tickformat": "%d.%m."})

    per_day: dict[dt.date, int] = {}
    for d, _, n in figures.daily:
        per_day[d] = per_day.get(d, 0) + n
    if per_day:
        peak_day = max(per_day, key=per_day.get)
        summary = t(
            "overview.daily.summary",
            start=fmt_date(min(per_day)), end=fmt_date(max(per_day)),
            total=fmt_int(sum(per_day.values())), peak_day=fmt_date(peak_day), peak=fmt_int(per_day[peak_day]),
        )
    else:
        summary = ""
    places = {code: t(f"location.{code}") for code in PLACE_COLOURS}
    rows = [[day_label(d), places.get(c, c), display(n)] for d, c, n in figures.daily]
    # As components.charts.accessible_chart, with the table as one Markdown string (cheaper).
    return html.Figure(
        [
            dcc.Graph(id="daily-visits", figure=fig, config=graph_config(filename="daily-visits")),
            html.Figcaption(summary, className="small text-body-secondary", id="daily-visits-summary"),
            html.Details([html.Summary(t("chart.table")),
                          markdown_table([t("col.day"), t("col.location"), t("col.visits")], rows,
                                         "daily-visits-data")], className="mt-1"),
        ],
        className="mb-4",
    )


def _groups_table(figures: OverviewFigures) -> dbc.Table:
    rows = []
    for period, data in ((t("overview.groups.period90"), figures.groups_90),
                         (t("overview.groups.since"), figures.groups_all)):
        for code, group, n in data:
            rows.append([period, t(f"location.{code}"), t(f"group.{group}"), fmt_int(n)])
    return data_table(
        [t("col.period"), t("col.location"), t("col.group"), t("col.visits")], rows, table_id="groups-table"
    )
