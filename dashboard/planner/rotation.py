"""Rotations over several weeks: build one in the background, then roll it out as drafts."""

from __future__ import annotations

import time

import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, dcc, html, no_update

from dashboard.planner import views
from dashboard.planner.engine_labels import engine_labels
from dashboard.web.auth import allow, current_user
from dashboard.texts.i18n import current_language, fmt_int, t
from dashboard.planner.parts import PLANNERS, offered, progress_bar, report_progress
from dashboard.services import solve_control
from dashboard.services import week_planning as planning

SECONDS = (5, 30, 60)  # the time limits the coordinator may choose
DEFAULT_SECONDS = 30
WEEKS = range(2, 7)
DEFAULT_WEEKS = 4


def panel():
    """Build a rotation of 2-6 weeks and roll it out as drafts from the chosen week."""
    return html.Div(
        [
            html.P(t("rotation.intro"), className="mt-2"),
            dbc.Row(
                [
                    dbc.Col([dbc.Label(t("rotation.weeks"), html_for="rotation-weeks"),
                             dbc.Select(id="rotation-weeks", value=str(DEFAULT_WEEKS),
                                        options=[{"label": str(n), "value": str(n)} for n in WEEKS])], md=3),
                    dbc.Col([dbc.Label(t("planner.seconds"), html_for="rotation-seconds"),
                             dbc.Select(id="rotation-seconds", value=str(DEFAULT_SECONDS),
                                        options=[{"label": t("planner.seconds_option", n=n), "value": str(n)}
                                                 for n in SECONDS])], md=3),
                    dbc.Col([dbc.Button(t("rotation.build"), id="rotation-build", color="primary", className="me-2"),
                             dbc.Button(t("rotation.rollout"), id="rotation-rollout", color="secondary")],
                            md=6, className="d-flex align-items-end"),
                ],
                className="g-3",
            ),
            progress_bar("rotation", t("rotation.progress.label")),
            html.Div(id="rotation-status", role="status", **{"aria-live": "polite"}, className="mt-2"),
            dcc.Loading(html.Div(id="rotation-view", className="mt-2")),
        ]
    )


def _rotation_key() -> str:
    return f"rotation:{current_user().login}"


@callback(Output("rotation-view", "children"), Output("rotation-status", "children"),
          Input("rotation-build", "n_clicks"), State("planner-week", "value"), State("rotation-weeks", "value"),
          State("rotation-seconds", "value"), background=True,
          running=[(Output("rotation-build", "disabled"), True, False)],
          progress=[Output("rotation-progress", "value"), Output("rotation-progress-text", "children")],
          progress_default=[0, ""], prevent_initial_call=True)
@allow(*PLANNERS)
def build_rotation(set_progress, _clicks, week, weeks, seconds):
    year, number = views.parse_week(week)
    n = offered(weeks, WEEKS, DEFAULT_WEEKS)
    limit = offered(seconds, SECONDS, DEFAULT_SECONDS)
    progress = report_progress(set_progress, limit)
    rotation = planning.rotation_for(year, number, n, time_limit_s=limit, on_progress=progress, labels=engine_labels())
    set_progress((100, ""))
    solve_control.remember(_rotation_key(), rotation)
    result = rotation.result
    status = t("rotation.result", objective=fmt_int(result.objective or 0),
               status=t(f"planner.status.{result.status}"))
    names = planning.member_names(rotation.monday)
    tables = []
    for k in range(n):
        pattern = rotation.pattern(k)
        days = sorted({s.day for s in pattern})
        cells = {(s.person, s.day): s for s in pattern}
        people = sorted({s.person for s in pattern}, key=lambda p: names.get(p, p))
        header = html.Tr([html.Th(t("planner.person"), scope="col")] +
                         [html.Th(views.WEEKDAYS[current_language()][d.weekday()], scope="col") for d in days])
        body = [html.Tr([html.Th(names.get(p, p), scope="row")] +
                        [html.Td(f"{views.hhmm(c.start)}–{views.hhmm(c.end)} {t(f'location.{c.place}')} · {t(f'task.{c.task}')}"
                                 if (c := cells.get((p, d))) else t("planner.off")) for d in days])
                for p in people]
        tables += [html.H3(t("rotation.week", n=k + 1), className="h6 mt-3"),
                   dbc.Table([html.Thead(header), html.Tbody(body)], size="sm", bordered=True, responsive=True)]
    return tables, status


@callback(Output("rotation-status", "children", allow_duplicate=True),
          Output("planner-refresh", "data", allow_duplicate=True),
          Input("rotation-rollout", "n_clicks"), State("planner-week", "value"), prevent_initial_call=True)
@allow(*PLANNERS)
def roll_out_rotation(_clicks, week):
    rotation = solve_control.recall(_rotation_key())
    if rotation is None:
        return dbc.Alert(t("rotation.none"), color="warning"), no_update
    year, number = views.parse_week(week)
    created = planning.roll_out(rotation, year, number, rotation.weeks, by=current_user().login)
    return dbc.Alert(t("rotation.rolled", n=len(created), week=number), color="success"), time.time()
