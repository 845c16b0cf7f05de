"""Overview: today and this week per place against last year, the last 90 days, groups."""

from __future__ import annotations

import datetime as dt

import dash
import dash_bootstrap_components as dbc
import plotly.graph_objects as go
from dash import html

from dashboard.auth import restricted
from dashboard.components.charts import accessible_chart, data_table, style_figure
from dashboard.i18n import fmt_date, fmt_datetime, fmt_int, fmt_pct, t
from dashboard.overview_figures import OverviewFigures, PlaceFigures, overview_figures

dash.register_page(__name__, path="/", order=0, title="MigraDo Ops")

PLACE_COLOURS = {"infopoint": "#1f5fa8", "centre": "#b4581b"}


@restricted("/")
def layout(**_query):
    figures = overview_figures(dt.datetime.now().replace(microsecond=0))
    return html.Div(
        [
            html.H1(t("overview.title"), className="h3"),
            html.P(t("overview.as_of", when=fmt_datetime(figures.now)), className="text-body-secondary"),
            dbc.Row([dbc.Col(_place_card(p), md=6) for p in figures.places], className="g-3 mb-4"),
            html.H2(t("overview.daily.title"), className="h5"),
            _daily_chart(figures),
            html.H2(t("overview.groups.title"), className="h5"),
            _groups_table(figures),
        ]
    )


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
                html.H2(name, className="h5 card-title"),
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


def _daily_chart(figures: OverviewFigures) -> html.Figure:
    fig = go.Figure()
    for code in ("infopoint", "centre"):
        days = [d for d, c, _ in figures.daily if c == code]
        counts = [n for _, c, n in figures.daily if c == code]
        fig.add_bar(
            x=days, y=counts, name=t(f"location.{code}"), marker_color=PLACE_COLOURS[code],
            hovertemplate="%{x|%d.%m.%Y}: %{y} " + t("col.visits") + "<extra>" + t(f"location.{code}") + "</extra>",
        )
    fig.update_layout(barmode="stack", yaxis_title=t("col.visits"), xaxis_title=t("col.day"),
                      xaxis_tickformat="%d.%m.", height=340)
    style_figure(fig)

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
    rows = [[fmt_date(d), t(f"location.{c}"), fmt_int(n)] for d, c, n in figures.daily]
    return accessible_chart("daily-visits", fig, summary, [t("col.day"), t("col.location"), t("col.visits")], rows)


def _groups_table(figures: OverviewFigures) -> dbc.Table:
    rows = []
    for period, data in ((t("overview.groups.period90"), figures.groups_90),
                         (t("overview.groups.since"), figures.groups_all)):
        for code, group, n in data:
            rows.append([period, t(f"location.{code}"), t(f"group.{group}"), fmt_int(n)])
    return data_table(
        [t("col.period"), t("col.location"), t("col.group"), t("col.visits")], rows, table_id="groups-table"
    )
