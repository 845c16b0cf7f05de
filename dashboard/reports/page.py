"""Berichte (Reports): leadership's report of a month, a quarter, a year or the first year.

Pick the period, see the summary and every section (charts with their data table), and
download the same report as PDF (A4) or XLSX in German or English. Admins also see the
scheduled mailing's last attempts. Leadership and admin only, checked in every callback.
"""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, html, no_update

from dashboard.components.charts import accessible_chart, markdown_table
from dashboard.reports.document import Section, build, shown_rows
from dashboard.reports.summary import month_name
from dashboard.services.reports import PERIOD_KINDS, deliveries, period, period_report, years_with_data
from dashboard.texts.i18n import current_language, fmt_datetime, t
from dashboard.web.auth import allow, restricted, session_user
from planner import clock

dash.register_page(__name__, path="/reports", order=7, title="MigraDo Ops")

ROLES = ("admin", "leadership")


def _fieldset(legend: str, control) -> html.Fieldset:
    return html.Fieldset([html.Legend(legend, className="form-label fs-6 mb-1"), control], className="mb-3")


def _labelled(label: str, control_id: str, control) -> html.Div:
    return html.Div([dbc.Label(label, html_for=control_id, className="mb-1", id=f"{control_id}-label"), control],
                    className="mb-3")


@restricted("/reports")
def layout(**_query):
    today = clock.today()
    years = years_with_data()
    last = today.replace(day=1)
    month = 12 if last.month == 1 else last.month - 1
    year = today.year - 1 if last.month == 1 else today.year
    user = session_user()
    return html.Div([
        html.H1(t("report.title"), className="h3"),
        html.P(t("report.intro"), className="text-body-secondary"),
        dbc.Card(dbc.CardBody(dbc.Row([
            dbc.Col(_fieldset(t("report.kind"), dbc.RadioItems(
                id="report-kind", value="month",
                options=[{"label": t(f"report.kind.{k}"), "value": k} for k in PERIOD_KINDS])), md=4),
            dbc.Col(_labelled(t("report.year"), "report-year", dbc.Select(
                id="report-year", value=str(year if year in years else years[-1]),
                options=[{"label": str(y), "value": str(y)} for y in reversed(years)])), md=2),
            dbc.Col(_labelled(t("report.number.month"), "report-number", dbc.Select(
                id="report-number", value=str(month), options=_numbers("month"))), md=3, id="report-number-col"),
            dbc.Col(dbc.Button(t("report.show"), id="report-show", color="primary", className="mt-4"), md=3),
        ])), className="mb-4 d-print-none"),
        html.Div(id="report-error", role="alert"),
        html.Div(id="report-body"),
        _delivery_status() if user and user.role == "admin" else None,
    ])


def _numbers(kind: str) -> list[dict]:
    lang = current_language()
    if kind == "quarter":
        return [{"label": t("report.quarter_option", quarter=q), "value": str(q)} for q in range(1, 5)]
    return [{"label": month_name(m, lang), "value": str(m)} for m in range(1, 13)]


@callback(Output("report-number", "options"), Output("report-number", "value"), Output("report-number", "disabled"),
          Output("report-number-label", "children"),
          Input("report-kind", "value"), State("report-number", "value"), prevent_initial_call=True)
@allow(*ROLES)
def pick_kind(kind, number):
    """A month or a quarter needs its number; a year and the first year do not."""
    if kind not in ("month", "quarter"):
        return no_update, no_update, True, no_update
    options = _numbers(kind)
    value = number if number and number.isdigit() and int(number) <= len(options) else "1"
    return options, value, False, t(f"report.number.{kind}")


@callback(Output("report-body", "children"), Output("report-error", "children"),
          Input("report-show", "n_clicks"), State("report-kind", "value"), State("report-year", "value"),
          State("report-number", "value"))
@allow(*ROLES)
def show_report(_clicks, kind, year, number):
    try:
        chosen = period(kind, int(year), int(number) if kind in ("month", "quarter") and number else None)
    except (TypeError, ValueError):
        return None, dbc.Alert(t("report.invalid"), color="danger")
    report = period_report(chosen, clock.today())
    lang = current_language()
    doc = build(report, lang)
    other = "en" if lang == "de" else "de"
    downloads = html.Div([
        html.A(t("report.download.pdf"), href=f"/reports/{chosen.key}.pdf?lang={lang}", className="btn btn-outline-primary me-2",
               id="report-pdf"),
        html.A(t("report.download.xlsx"), href=f"/reports/{chosen.key}.xlsx?lang={lang}",
               className="btn btn-outline-primary me-2", id="report-xlsx"),
        html.A(t("report.download.pdf_other"), href=f"/reports/{chosen.key}.pdf?lang={other}", lang=other,
               className="btn btn-link", id="report-pdf-other"),
    ], className="mb-3")
    return html.Div([
        html.H2(doc.title, className="h4"), html.P(doc.subtitle, className="text-body-secondary"), downloads,
        html.Section([html.H3(t("report.summary.title"), className="h5"),
                      *(html.P(s) for s in doc.summary)], id="report-summary", className="mb-4"),
        *(_section(s, lang) for s in doc.sections if s.rows),
    ]), None


def _section(section: Section, lang: str):
    rows = shown_rows(section, lang)
    if section.chart:
        labels, values = section.chart
        figure = {
            "data": [{"type": "bar", "x": values, "y": labels, "orientation": "h", "marker": {"color": "#1f5fa8"},
                      "name": section.chart_title or section.header[-1]}],
            "layout": {"separators": ",." if lang == "de" else ".,", "template": "plotly_white",
                       "height": 80 + 26 * len(labels), "margin": {"l": 220, "r": 20, "t": 10, "b": 30},
                       "yaxis": {"autorange": "reversed", "automargin": True}},
        }
        return html.Section([html.H3(section.title, className="h5"),
                             accessible_chart(f"report-{section.key}", figure, section.title, section.header, rows)])
    return html.Section([html.H3(section.title, className="h5"),
                         markdown_table(section.header, rows, f"report-{section.key}-data")], className="mb-4")


def _delivery_status():
    lang = current_language()
    items = []
    for d in deliveries(5):
        at = fmt_datetime(d.at, lang)
        text = (t("report.delivery.ok", at=at, period=d.period, n=d.recipients) if d.ok else
                t("report.delivery.failed", at=at, period=d.period, error=d.error or "?"))
        items.append(html.Li(text, className="" if d.ok else "text-danger"))
    return html.Section([html.H2(t("report.deliveries"), className="h5"),
                         html.Ul(items) if items else html.P(t("report.delivery.none"))],
                        id="report-deliveries", className="mt-4")
