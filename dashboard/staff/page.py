"""Staff: the team with roles, languages and contract hours; absences and wishes by week."""

from __future__ import annotations

import datetime as dt

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.planner import views
from dashboard.web.auth import restricted
from dashboard.components import absences
from dashboard.components.grid import data_grid
from dashboard.texts.i18n import LANGUAGES, current_language, fmt_date, fmt_int, t
from dashboard.services.team import team_on
from planner import clock
from planner.languages import language as language_name

dash.register_page(__name__, path="/staff", order=3, title="MigraDo Ops")

COLUMNS = ("name", "role", "organisation", "languages", "contract", "places", "since")


@restricted("/staff")
def layout(**_query):
    today = clock.today()
    team = team_on(today)
    lang = LANGUAGES.index(current_language())
    rows = [
        {
            "name": m.name,
            "role": t(f"staffrole.{m.role}"),
            "organisation": m.organisation,
            "languages": ", ".join(sorted(language_name(code)[lang] for code in m.languages)),
            "contract": round(m.weekly_minutes / 60),
            "places": ", ".join(sorted(t(f"location.{code}") for code in m.places)),
            "since": m.active_from.isoformat(),  # sorts as a date; shown German below
            "since_text": fmt_date(m.active_from),
        }
        for m in team
    ]
    partners = sum(1 for m in team if m.partner)
    year, week, _ = (today + dt.timedelta(days=7)).isocalendar()
    return html.Div(
        [
            html.H1(t("staff.title"), className="h3"),
            html.H2(t("staff.team"), className="h5"),
            html.P(t("staff.count", n=fmt_int(len(team)), partners=fmt_int(partners))),
            data_grid("staff-table", [(c, t(f"staff.col.{c}")) for c in COLUMNS], rows, height="36rem",
                      numeric=("contract",), shown_as={"since": "since_text"}),
            html.H2(t("planner.tab.absences"), className="h5 mt-4"),
            dbc.Row(dbc.Col([dbc.Label(t("staff.week"), html_for="staff-week"),
                             dbc.Select(id="staff-week", options=views.week_options(today, before=2, after=12),
                                        value=f"{year}-W{week:02d}")], md=4)),
            dcc.Store(id="staff-refresh", data=0),
            absences.panel("staff", may_edit=True),
        ]
    )


absences.register("staff", period_id="staff-week", refresh_id="staff-refresh")
