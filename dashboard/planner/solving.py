"""The Planner's background solve: start it, follow its progress, stop it, say how it ended."""

from __future__ import annotations

import time

import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, clientside_callback, html

from dashboard.web import jobs
from dashboard.planner import views
from dashboard.planner.engine_labels import engine_labels
from dashboard.web.auth import allow, current_user
from dashboard.texts.i18n import fmt_int, fmt_pct, t
from dashboard.texts.rule_words import conflict_text, relaxed_week_rule
from dashboard.planner.parts import PLANNERS, offered, progress_bar, report_progress, service_level
from dashboard.services import solve_control
from dashboard.services import week_planning as planning

SECONDS = (5, 20, 60)  # the time limits the coordinator may choose
DEFAULT_SECONDS = 20


def controls() -> list:
    """The solve's columns of the roster's control row: time limit, solve, stop."""
    return [
        dbc.Col([dbc.Label(t("planner.seconds"), html_for="solve-seconds"),
                 dbc.Select(id="solve-seconds", value=str(DEFAULT_SECONDS),
                            options=[{"label": t("planner.seconds_option", n=n), "value": str(n)}
                                     for n in SECONDS])], md=3),
        dbc.Col([dbc.Button(t("planner.solve"), id="solve-button", color="primary", className="me-2"),
                 dbc.Button(t("planner.stop"), id="stop-button", color="secondary", disabled=True)],
                md=5, className="d-flex align-items-end"),
    ]


def status() -> list:
    """The solve's progress and its outcome, announced to screen readers."""
    return [
        progress_bar("solve", t("planner.progress.label")),
        html.Div(id="solve-status", role="status", **{"aria-live": "polite"}, className="mt-2"),
    ]


def _stop_key(week: str) -> str:
    user = current_user()
    return f"{week}:{user.login if user else '-'}"


@callback(
    Output("planner-refresh", "data", allow_duplicate=True),
    Output("solve-status", "children"),
    Input("solve-button", "n_clicks"),
    State("planner-week", "value"), State("solve-seconds", "value"),
    State("planner-sl-target", "value"), State("planner-sl-wait", "value"),
    background=True,
    running=[(Output("solve-button", "disabled"), True, False), (Output("stop-button", "disabled"), False, True)],
    progress=[Output("solve-progress", "value"), Output("solve-progress-text", "children")],
    progress_default=[0, ""],
    prevent_initial_call=True,
)
@allow(*PLANNERS)
def run_solver(set_progress, _clicks, week, seconds, pct, minutes):
    year, number = views.parse_week(week)
    limit = offered(seconds, SECONDS, DEFAULT_SECONDS)
    key = _stop_key(week)
    solve_control.clear(key)
    stop, done = solve_control.watch(key)
    started = time.monotonic()
    progress = report_progress(set_progress, limit)
    try:
        outcome = planning.plan_week(year, number, by=current_user().login, time_limit_s=limit,
                                     target=service_level(pct, minutes), stop_event=stop, on_progress=progress,
                                     labels=engine_labels())
    finally:
        done.set()
    result = outcome.result
    set_progress((100, ""))
    return time.time(), solve_message(result, time.monotonic() - started, outcome.relaxed_rules,
                                       outcome.cut_short, outcome.problem)


def solve_message(result, seconds: float, relaxed_rules=(), cut_short: str | None = None, problem=None):
    gap = fmt_pct(result.gap) if result.gap is not None else "–"
    parts = [t("planner.solved", status=t(f"planner.status.{result.status}"),
               objective=fmt_int(result.objective) if result.objective is not None else "–",
               gap=gap, seconds=f"{seconds:.1f}")]
    if cut_short:  # stopped by hand or by the time limit: the best plan so far was kept
        parts += [" ", html.Strong(t(f"solve.cut.{cut_short}"), id="solve-cut-short")]
    alert = []
    if result.conflicts:
        alert = [dbc.Alert([html.Strong(["⚠ ", t("planner.conflicts")]),
                            html.Ul([html.Li(conflict_text(problem, c)) for c in result.conflicts]),
                            html.P(t("planner.relaxed"), className="mb-0"),
                            html.Ul([html.Li(relaxed_week_rule(code)) for code in relaxed_rules])],
                           color="warning", id="solve-conflicts")]
    return [html.P(parts), *alert]


# While the solve runs its button is disabled and the keyboard focus falls back to the page.
# When the result is there, keyboard users continue at "publish" (the next step).
clientside_callback(
    """
    function(status) {
        var active = document.activeElement;
        if (status && (!active || active === document.body || active.disabled)) {
            var next = document.getElementById("publish-button");
            if (next) { next.focus(); }
        }
        return window.dash_clientside.no_update;
    }
    """,
    Output("publish-button", "title"),
    Input("solve-status", "children"),
    prevent_initial_call=True,
)


@callback(Output("stop-button", "n_clicks"), Input("stop-button", "n_clicks"), State("planner-week", "value"),
          prevent_initial_call=True)
@allow(*PLANNERS)
def request_stop(clicks, week):
    solve_control.request_stop(_stop_key(week))  # a running solve ends and keeps its best plan
    user = current_user()
    if user is not None:
        # A solve still waiting for a Celery worker is cancelled: it will never run.
        jobs.cancel_waiting_job("solve-status", user.login)
    return clicks
