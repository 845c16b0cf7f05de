"""Planner: pick a week, see demand, mark absences and wishes, solve, edit, publish, export."""

from __future__ import annotations

import datetime as dt
import time

import dash
import dash_bootstrap_components as dbc
from dash import ALL, Input, Output, State, callback, clientside_callback, ctx, dcc, html, no_update

from dashboard.auth import allow, current_user, restricted
from dashboard.i18n import CATALOGUE, current_language, fmt_date, fmt_int, fmt_pct, t
from dashboard import jobs
from dashboard import planner_views as views
from dashboard.components import absences
from dashboard.services import solve_control
from dashboard.services import week_planning as planning
from data_access.db import session_scope
from data_access.repositories.audit import AuditRepository
from data_access.repositories.planning import PlanningRepository
from data_access.repositories.schedules import PublishConflict, ScheduleRepository, compare
from planner.centre import PLACE_TASKS, PlannedShift
from planner.staffing import ServiceLevel

dash.register_page(__name__, path="/planner", order=2, title="MigraDo Ops")

PLANNERS = ("admin", "coordination")
VIEWERS = ("admin", "coordination", "leadership")


def _default_week() -> str:
    nxt = dt.date.today() + dt.timedelta(days=7)
    year, week, _ = nxt.isocalendar()
    return f"{year}-W{week:02d}"


@restricted("/planner")
def layout(**_query):
    user = current_user()
    may_plan = user is not None and user.role in PLANNERS
    return html.Div(
        [
            html.H1(t("planner.title"), className="h3"),
            dbc.Row(
                [
                    dbc.Col([dbc.Label(t("planner.week"), html_for="planner-week"),
                             dbc.Select(id="planner-week", options=views.week_options(dt.date.today()),
                                        value=_default_week())], md=4),
                    dbc.Col([dbc.Label(t("planner.service_level"), html_for="planner-sl-target"),
                             dbc.Input(id="planner-sl-target", type="number", min=50, max=99, step=1, value=80)], md=4),
                    dbc.Col([dbc.Label(t("planner.service_wait"), html_for="planner-sl-wait"),
                             dbc.Input(id="planner-sl-wait", type="number", min=1, max=120, step=1, value=20)], md=4),
                ],
                className="g-3 mb-3",
            ),
            dcc.Store(id="planner-refresh", data=0),
            _view_switch(
                [
                    ("demand", t("planner.tab.demand"), _demand_tab()),
                    ("absences", t("planner.tab.absences"), absences.panel("planner", may_plan)),
                    ("roster", t("planner.tab.roster"), _roster_tab(may_plan)),
                    *([("rotation", t("planner.tab.rotation"), _rotation_tab())] if may_plan else []),
                ],
                active="roster",
            ),
        ]
    )


def _view_switch(views_: list[tuple[str, str, object]], active: str) -> html.Div:
    """The page's views behind a radio group drawn as tabs.

    dbc.Tabs gives every tab tabindex=-1 and aria-controls pointing at no element (axe:
    aria-valid-attr-value, critical). Native radios are one Tab stop, arrow keys choose,
    and a screen reader says which view is chosen. All panels stay in the page (hidden),
    so the solve's background callback always finds its buttons.
    """
    return html.Div(
        [
            html.Fieldset(
                [
                    html.Legend(t("planner.views"), className="visually-hidden"),
                    dbc.RadioItems(
                        id="planner-tabs", name="planner-tabs", value=active, inline=True,
                        options=[{"label": label, "value": key} for key, label, _ in views_],
                        class_name="planner-views", input_class_name="btn-check",
                        label_class_name="btn btn-outline-primary me-2 mb-2",
                        label_checked_class_name="active",
                    ),
                ],
                className="mb-3 d-print-none",
            ),
            *[
                html.Section(panel, id={"type": "planner-panel", "view": key}, hidden=key != active,
                             **{"aria-label": label})
                for key, label, panel in views_
            ],
        ]
    )


# Show the chosen view; a chart drawn while hidden gets its width on the resize event.
clientside_callback(
    """
    function(view) {
        var ids = window.dash_clientside.callback_context.outputs_list.map(function (o) { return o.id.view; });
        setTimeout(function () { window.dispatchEvent(new Event("resize")); }, 50);
        return ids.map(function (key) { return key !== view; });
    }
    """,
    Output({"type": "planner-panel", "view": ALL}, "hidden"),
    Input("planner-tabs", "value"),
)


def _demand_tab():
    return html.Div(
        [
            dbc.Row(dbc.Col([dbc.Label(t("planner.place"), html_for="demand-place"),
                             dbc.Select(id="demand-place", value="infopoint",
                                        options=[{"label": t(f"location.{p}"), "value": p} for p in ("infopoint", "centre")])],
                            md=4), className="mb-3 mt-2"),
            dcc.Loading(html.Div(id="demand-charts")),
        ]
    )


def _roster_tab(may_plan: bool):
    controls = []
    if may_plan:
        controls = [
            dbc.Row(
                [
                    dbc.Col([dbc.Label(t("planner.seconds"), html_for="solve-seconds"),
                             dbc.Select(id="solve-seconds", value="20",
                                        options=[{"label": t("planner.seconds_option", n=n), "value": str(n)}
                                                 for n in (5, 20, 60)])], md=3),
                    dbc.Col([dbc.Button(t("planner.solve"), id="solve-button", color="primary", className="me-2"),
                             dbc.Button(t("planner.stop"), id="stop-button", color="secondary", disabled=True)],
                            md=5, className="d-flex align-items-end"),
                    dbc.Col([dbc.Button(t("planner.publish"), id="publish-button", color="success")],
                            md=4, className="d-flex align-items-end justify-content-md-end"),
                ],
                className="g-3 mt-1",
            ),
            # A native <progress> with a visible label (dbc.Progress's bar has no accessible name).
            html.Div(
                [
                    html.Label(t("planner.progress.label"), htmlFor="solve-progress", className="small me-2"),
                    html.Progress(id="solve-progress", value="0", max="100", className="align-middle w-50"),
                    html.Span(id="solve-progress-text", className="small ms-2"),
                ],
                className="mt-3",
            ),
            html.Div(id="solve-status", role="status", **{"aria-live": "polite"}, className="mt-2"),
            html.Div(id="publish-message", role="status", **{"aria-live": "polite"}),
            _publish_dialog(),
            html.P(t("planner.resolve_hint"), className="small text-body-secondary"),
        ]
    else:
        controls = [dbc.Alert(t("planner.readonly"), color="info", className="mt-2")]
    return html.Div([*controls, dcc.Loading(html.Div(id="roster-view")), *(_edit_panel() if may_plan else [])])


def _edit_panel():
    return [
        html.Fieldset(
            [
                html.Legend(t("planner.edit.title"), className="h5 mt-4"),
                dbc.Row(
                    [
                        dbc.Col([dbc.Label(t("planner.edit.assignment"), html_for="edit-assignment"),
                                 dbc.Select(id="edit-assignment", options=[], placeholder=t("choose"))], md=5),
                        dbc.Col([dbc.Label(t("planner.edit.new_shift"), html_for="edit-shift"),
                                 dbc.Select(id="edit-shift", options=[], placeholder=t("choose"))], md=4),
                    ],
                    className="g-2",
                ),
                dbc.Row(
                    [
                        dbc.Col([dbc.Label(t("planner.edit.person"), html_for="edit-person"),
                                 dbc.Select(id="edit-person", options=[], placeholder=t("choose"))], md=4),
                        dbc.Col([dbc.Label(t("planner.edit.day"), html_for="edit-day"),
                                 dbc.Select(id="edit-day", options=[], placeholder=t("choose"))], md=4),
                    ],
                    className="g-2 mt-1",
                ),
                html.Div(
                    [
                        dbc.Button(t("planner.edit.apply"), id="edit-apply", className="me-2 mt-2"),
                        dbc.Button(t("planner.edit.add"), id="edit-add", className="me-2 mt-2", color="secondary"),
                        dbc.Button(t("planner.edit.lock"), id="edit-lock", className="me-2 mt-2", color="secondary"),
                        dbc.Button(t("planner.edit.unlock"), id="edit-unlock", className="me-2 mt-2", color="secondary"),
                        dbc.Button(t("planner.edit.remove"), id="edit-remove", className="me-2 mt-2", color="danger", outline=True),
                        dbc.Button(t("planner.candidates"), id="edit-candidates", className="mt-2", color="secondary", outline=True),
                    ]
                ),
                html.Div(id="edit-message", role="status", **{"aria-live": "polite"}, className="mt-2"),
                html.Div(id="candidate-list", role="status", **{"aria-live": "polite"}, className="mt-2"),
            ]
        ),
        html.Fieldset(
            [
                html.Legend(t("planner.compare.title"), className="h5 mt-4"),
                dbc.Row(
                    [
                        dbc.Col([dbc.Label(t("planner.compare.a"), html_for="compare-a"), dbc.Select(id="compare-a", options=[], placeholder=t("choose"))], md=4),
                        dbc.Col([dbc.Label(t("planner.compare.b"), html_for="compare-b"), dbc.Select(id="compare-b", options=[], placeholder=t("choose"))], md=4),
                    ],
                    className="g-2",
                ),
                html.Div(id="compare-result", className="mt-2"),
            ]
        ),
    ]


def _target(pct, minutes) -> ServiceLevel:
    try:
        return ServiceLevel(min(max(float(pct or 80), 50), 99) / 100, float(minutes or 20))
    except (TypeError, ValueError):
        return ServiceLevel()


# --- demand --------------------------------------------------------------------------------

@callback(Output("demand-charts", "children"), Input("planner-week", "value"), Input("demand-place", "value"),
          Input("planner-sl-target", "value"), Input("planner-sl-wait", "value"))
@allow(*VIEWERS)
def show_demand(week, place, pct, minutes):
    year, number = views.parse_week(week)
    demand = planning.week_demand(planning.iso_monday(year, number), _target(pct, minutes))
    label = t(f"location.{place}")
    arrivals = demand.arrivals[demand.arrivals.location == place]
    method_key = f"planner.method.{demand.method}"
    method = t(method_key) if method_key in CATALOGUE else demand.method
    parts = [html.P(t("planner.forecast_method", method=method), className="small text-body-secondary"),
             html.H2(t("planner.arrivals.title"), className="h6"),
             views.heatmap(arrivals, "expected", t("planner.arrivals.title"), "heat-arrivals", label)]
    req = demand.requirements[demand.requirements.location == place]
    for role in views.ROLES:
        sub = req[req.role == role]
        if sub.empty or sub.required.sum() == 0:
            continue
        title = t("planner.required.title", role=t(f"task.{role}"))
        parts += [html.H2(title, className="h6 mt-3"), views.heatmap(sub, "required", title, f"heat-{role}", label)]
    return parts


# --- the plan ------------------------------------------------------------------------------

@callback(Output("roster-view", "children"), Output("compare-a", "options"), Output("compare-b", "options"),
          Input("planner-week", "value"), Input("planner-refresh", "data"),
          Input("planner-sl-target", "value"), Input("planner-sl-wait", "value"))
@allow(*VIEWERS)
def show_plan(week, _refresh, pct, minutes):
    year, number = views.parse_week(week)
    view = planning.evaluate(year, number, target=_target(pct, minutes))
    versions = _version_options(year, number)
    if view.schedule_id is None:
        return dbc.Alert(t("planner.no_plan"), color="light", className="border"), versions, versions
    status = t("planner.draft") if view.status == "draft" else t("planner.published")
    broken = views.hard_rule_messages(view)
    checks = (dbc.Alert([html.Strong(t("planner.hard.broken")), html.Ul([html.Li(m) for m in broken])], color="danger")
              if broken else dbc.Alert(["✓ ", t("planner.hard.ok")], color="success"))
    charts = [c for place in ("centre", "infopoint") for role in views.ROLES
              if (c := views.coverage_chart(view, place, role)) is not None]
    return html.Div(
        [
            html.P(t("planner.showing", version=t("planner.version", n=view.version, status=status)),
                   className="fw-semibold", id="roster-version"),
            checks,
            _confirmations(view) if view.status == "published" else None,
            _exports(year, number),
            html.H2(t("planner.by_person"), className="h5"),
            views.roster_by_person(view),
            html.H2(t("planner.by_place"), className="h5 mt-4"),
            views.roster_by_place(view),
            html.H2(t("planner.score.title"), className="h5 mt-4"),
            views.score_table(view.report),
            html.H2(t("planner.people.title"), className="h5 mt-4"),
            views.people_table(view),
            html.H2(t("planner.coverage.title"), className="h5 mt-4"),
            *charts,
            html.H2(t("planner.languages.title"), className="h5 mt-4"),
            views.language_table(view),
        ]
    ), versions, versions


def _version_options(year: int, number: int) -> list[dict]:
    with session_scope() as session:
        return [
            {"label": t("planner.version", n=s.version, status=t(f"planner.{s.status}")), "value": str(s.id)}
            for s in ScheduleRepository(session).versions(year, number)
        ]


def _confirmations(view):
    counts = {"confirmed": 0, "pending": 0, "declined": 0}
    for r in view.rows:
        if r.task in ("registration", "jobcenter", "welfare"):
            counts[r.confirmation] = counts.get(r.confirmation, 0) + 1
    return html.P([t("planner.confirmations", **{k: fmt_int(v) for k, v in counts.items()}), " ",
                   html.A(t("planner.confirmations.link"), href="/partner")])


def _exports(year: int, number: int):
    base = f"/planner/export/{year}-W{number:02d}"
    return html.Nav(
        [
            html.Span(t("planner.export.title") + ": ", className="me-2"),
            html.A(t("planner.export.xlsx"), href=f"{base}.xlsx", className="me-3", id="export-xlsx"),
            html.A(t("planner.export.csv"), href=f"{base}.csv", className="me-3", id="export-csv"),
            html.A(t("planner.export.ics"), href=f"{base}.ics", className="me-3", id="export-ics"),
            html.A(t("planner.export.print"), href=f"{base}/print", target="_blank", id="export-print"),
        ],
        className="mb-3",
        **{"aria-label": t("planner.export.title")},
    )


# --- solving in the background -------------------------------------------------------------

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
    limit = float(seconds or 20)
    key = _stop_key(week)
    solve_control.clear(key)
    stop, done = solve_control.watch(key)
    started = time.monotonic()
    set_progress((1, t("planner.progress.start")))

    def progress(objective, bound, elapsed):
        share = min(99, int(100 * elapsed / limit))
        set_progress((share, t("planner.progress", objective=fmt_int(objective), bound=fmt_int(bound),
                                elapsed=f"{elapsed:.1f}")))

    try:
        outcome = planning.plan_week(year, number, by=current_user().login, time_limit_s=limit,
                                     target=_target(pct, minutes), stop_event=stop, on_progress=progress)
    finally:
        done.set()
    result = outcome.result
    with session_scope() as session:
        AuditRepository(session).record(current_user().login, "solve", "schedule", outcome.schedule_id,
                                        week=week, status=result.status, objective=result.objective)
    set_progress((100, ""))
    return time.time(), _solve_message(result, time.monotonic() - started, outcome.relaxed_rules,
                                       outcome.cut_short)


def _solve_message(result, seconds: float, relaxed_rules=(), cut_short: str | None = None):
    gap = fmt_pct(result.gap) if result.gap is not None else "–"
    parts = [t("planner.solved", status=t(f"planner.status.{result.status}"),
               objective=fmt_int(result.objective) if result.objective is not None else "–",
               gap=gap, seconds=f"{seconds:.1f}")]
    if cut_short:  # stopped by hand or by the time limit: the best plan so far was kept
        parts += [" ", html.Strong(t(f"solve.cut.{cut_short}"), id="solve-cut-short")]
    alert = []
    if result.conflicts:
        de = current_language() == "de"
        alert = [dbc.Alert([html.Strong(["⚠ ", t("planner.conflicts")]),
                            html.Ul([html.Li(c.german if de else c.english) for c in result.conflicts]),
                            html.P(t("planner.relaxed"), className="mb-0"),
                            html.Ul([html.Li(rule[0] if de else rule[1]) for rule in relaxed_rules])],
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


# --- publish ---------------------------------------------------------------------------------

def _publish_dialog() -> dbc.Modal:
    """Publishing asks first: which version goes out and how much it changes (Escape cancels)."""
    return dbc.Modal(
        [
            # No "×": its built-in label is English only; "cancel" and Escape close the dialog.
            dbc.ModalHeader(dbc.ModalTitle(t("planner.publish.dialog.title"), id="publish-modal-title"),
                            close_button=False),
            dbc.ModalBody(id="publish-modal-body"),
            dbc.ModalFooter([
                dbc.Button(t("planner.publish.cancel"), id="publish-cancel", color="secondary", outline=True),
                dbc.Button(t("planner.publish.confirm"), id="publish-confirm", color="success"),
            ]),
        ],
        id="publish-modal", is_open=False, labelledby="publish-modal-title", keyboard=True, centered=True,
    )


@callback(Output("publish-modal", "is_open"), Output("publish-modal-body", "children"),
          Output("publish-confirm", "disabled"),
          Input("publish-button", "n_clicks"), Input("publish-cancel", "n_clicks"), State("planner-week", "value"),
          prevent_initial_call=True)
@allow(*PLANNERS)
def publish_dialog(_publish, _cancel, week):
    """Open the confirmation with the version number and the changes against the last published one."""
    if ctx.triggered_id == "publish-cancel":
        return False, no_update, no_update
    year, number = views.parse_week(week)
    with session_scope() as session:
        schedules = ScheduleRepository(session)
        draft = schedules.draft(year, number)
        if draft is None:
            return True, html.P(t("planner.nothing_to_publish")), True
        before = schedules.latest_published(year, number)
        diff = compare(schedules.rows(before.id), schedules.rows(draft.id)) if before else None
        version, previous = draft.version, before.version if before else None
    body = [html.P(t("planner.publish.dialog.version", n=version, week=number, year=year))]
    if diff is None:
        body.append(html.P(t("planner.publish.dialog.first")))
    else:
        body.append(html.P(t("planner.publish.dialog.changes", previous=previous, added=fmt_int(len(diff["added"])),
                             removed=fmt_int(len(diff["removed"]))), id="publish-modal-changes"))
    return True, body, False


# Keyboard users land on "publish now" when the dialog opens (Tab reaches "cancel"; Escape closes).
clientside_callback(
    """
    function(open) {
        if (open) {
            setTimeout(function() {
                var button = document.getElementById("publish-confirm");
                if (button && !button.disabled) { button.focus(); }
                else if (document.getElementById("publish-cancel")) { document.getElementById("publish-cancel").focus(); }
            }, 200);
        }
        return window.dash_clientside.no_update;
    }
    """,
    Output("publish-confirm", "title"),
    Input("publish-modal", "is_open"),
    prevent_initial_call=True,
)


@callback(Output("publish-message", "children"), Output("planner-refresh", "data", allow_duplicate=True),
          Output("publish-modal", "is_open", allow_duplicate=True),
          Input("publish-confirm", "n_clicks"), State("planner-week", "value"), prevent_initial_call=True)
@allow(*PLANNERS)
def publish_week(_clicks, week):
    message, refresh = _publish(week)
    return message, refresh, False


def _publish(week):
    year, number = views.parse_week(week)
    user = current_user()
    try:
        with session_scope() as session:
            schedules = ScheduleRepository(session)
            draft = schedules.draft(year, number)
            if draft is None:
                return dbc.Alert(t("planner.nothing_to_publish"), color="warning"), no_update
            before = schedules.latest_published(year, number)
            published = schedules.publish(draft.id, by=user.login)
            diff = compare(schedules.rows(before.id), schedules.rows(published.id)) if before else None
            AuditRepository(session).record(user.login, "publish", "schedule", published.id, week=week,
                                            version=published.version,
                                            added=len(diff["added"]) if diff else None,
                                            removed=len(diff["removed"]) if diff else None)
            version = published.version
    except PublishConflict:
        return dbc.Alert(t("planner.publish_conflict"), color="danger"), no_update
    message = [t("planner.published_ok", n=version)]
    if diff is not None:
        message.append(" " + t("planner.published_changes", added=fmt_int(len(diff["added"])),
                                removed=fmt_int(len(diff["removed"])), previous=version - 1))
    return dbc.Alert(message, color="success"), time.time()

absences.register("planner", period_id="planner-week", refresh_id="planner-refresh")


# --- editing by hand -------------------------------------------------------------------------

@callback(Output("edit-assignment", "options"), Output("edit-shift", "options"), Output("edit-person", "options"),
          Output("edit-day", "options"), Input("planner-week", "value"), Input("planner-refresh", "data"))
@allow(*PLANNERS)
def fill_edit_form(week, _refresh):
    return _edit_options(week)


def _edit_options(week):
    year, number = views.parse_week(week)
    monday = planning.iso_monday(year, number)
    with session_scope() as session:
        schedules = ScheduleRepository(session)
        current = schedules.draft(year, number) or schedules.latest_published(year, number)
        rows = schedules.rows(current.id) if current else []
        repo = PlanningRepository(session)
        templates, members = repo.templates(), repo.members(monday, monday + dt.timedelta(days=6))
    assignments = [{"label": f"{views._day_label(r.day)}: {views._shift_text(r, show_person=True)}", "value": str(r.id)}
                   for r in rows]
    shifts = [
        {"label": f"{t(f'location.{tp.place}')} {views.template_name(tp)} {views.hhmm(tp.start)}–{views.hhmm(tp.end)} · {t(f'task.{task}')}",
         "value": f"{tp.place}.{tp.code}.{task}"}
        for tp in templates for task in PLACE_TASKS.get(tp.place, ())
    ]
    people = [{"label": m.name, "value": m.id} for m in members]
    days = [{"label": views._day_label(monday + dt.timedelta(days=i)), "value": (monday + dt.timedelta(days=i)).isoformat()}
            for i in range(5)]
    return assignments, shifts, people, days


@callback(Output("edit-message", "children"), Output("planner-refresh", "data", allow_duplicate=True),
          Input("edit-apply", "n_clicks"), Input("edit-add", "n_clicks"), Input("edit-lock", "n_clicks"),
          Input("edit-unlock", "n_clicks"), Input("edit-remove", "n_clicks"),
          State("planner-week", "value"), State("edit-assignment", "value"), State("edit-shift", "value"),
          State("edit-person", "value"), State("edit-day", "value"), prevent_initial_call=True)
@allow(*PLANNERS)
def edit_assignment(_apply, _add, _lock, _unlock, _remove, week, assignment, shift, person, day):
    action = ctx.triggered_id
    year, number = views.parse_week(week)
    user = current_user()
    with session_scope() as session:
        schedules = ScheduleRepository(session)
        draft = schedules.draft(year, number)
        if draft is None:
            published = schedules.latest_published(year, number)
            if published is None:
                return dbc.Alert(t("planner.no_plan"), color="warning"), no_update
            # Published versions stay; the change goes into a fresh draft copied from it.
            id_map = {r.key(): r for r in schedules.rows(published.id)}
            draft = schedules.start_draft_from(published.id, by=user.login)
            if assignment:
                old = next((r for r in id_map.values() if str(r.id) == assignment), None)
                new_rows = {r.key(): r for r in schedules.rows(draft.id)}
                assignment = str(new_rows[old.key()].id) if old and old.key() in new_rows else None
        rows = {str(r.id): r for r in schedules.rows(draft.id)}
        if action == "edit-add":
            if not (shift and person and day):
                return dbc.Alert(t("planner.edit.none"), color="warning"), no_update
            schedules.add_assignment(draft.id, _planned(shift, person, dt.date.fromisoformat(day)))
        else:
            row = rows.get(assignment or "")
            if row is None:
                return dbc.Alert(t("planner.edit.none"), color="warning"), no_update
            if action == "edit-lock":
                schedules.set_locked(row.id, True)
            elif action == "edit-unlock":
                schedules.set_locked(row.id, False)
            elif action == "edit-remove":
                schedules.replace_assignment(row.id, None)
            elif action == "edit-apply":
                target_person = person or str(row.staff_id)
                target_day = dt.date.fromisoformat(day) if day else row.day
                new_shift = shift or f"{row.place}.{row.template}.{row.task}"
                schedules.replace_assignment(row.id, _planned(new_shift, target_person, target_day))
        AuditRepository(session).record(user.login, f"edit:{action}", "schedule", draft.id, assignment=assignment,
                                        shift=shift, person=person, day=day)
    view = planning.evaluate(year, number)
    broken = views.hard_rule_messages(view)
    check = (html.Span([t("planner.hard.broken"), html.Ul([html.Li(m) for m in broken])]) if broken
             else t("planner.hard.ok"))
    return dbc.Alert([t("planner.edit.done", check=""), check], color="danger" if broken else "success"), time.time()


def _planned(shift: str, person: str, day: dt.date) -> PlannedShift:
    place, code, task = shift.split(".")
    with session_scope() as session:
        template = next(tp for tp in PlanningRepository(session).templates() if tp.place == place and tp.code == code)
    return PlannedShift(day, str(person), place, code, task, template.start, template.end, template.break_minutes)


# --- comparing versions ----------------------------------------------------------------------

@callback(Output("compare-result", "children"), Input("compare-a", "value"), Input("compare-b", "value"),
          State("planner-week", "value"), prevent_initial_call=True)
@allow(*PLANNERS)
def compare_versions(a, b, week):
    if not a or not b:
        return no_update
    year, number = views.parse_week(week)
    view_a, view_b = planning.evaluate(year, number, int(a)), planning.evaluate(year, number, int(b))
    diff = compare(view_a.rows, view_b.rows)
    items = [html.Li([f"{t('planner.compare.added')}: ", f"{views._day_label(r.day)} {views._shift_text(r, True)}"])
             for r in diff["added"]]
    items += [html.Li([f"{t('planner.compare.removed')}: ", f"{views._day_label(r.day)} {views._shift_text(r, True)}"])
              for r in diff["removed"]]
    return [
        html.P(t("planner.compare.score", a=fmt_int(view_a.report.objective), b=fmt_int(view_b.report.objective))),
        html.Ul(items, id="compare-list") if items else html.P(t("planner.compare.same")),
    ]


# --- rotation --------------------------------------------------------------------------------

def _rotation_tab():
    return html.Div(
        [
            html.P(t("rotation.intro"), className="mt-2"),
            dbc.Row(
                [
                    dbc.Col([dbc.Label(t("rotation.weeks"), html_for="rotation-weeks"),
                             dbc.Select(id="rotation-weeks", value="4",
                                        options=[{"label": str(n), "value": str(n)} for n in range(2, 7)])], md=3),
                    dbc.Col([dbc.Button(t("rotation.build"), id="rotation-build", color="primary", className="me-2"),
                             dbc.Button(t("rotation.rollout"), id="rotation-rollout", color="secondary")],
                            md=9, className="d-flex align-items-end"),
                ],
                className="g-3",
            ),
            html.Div(id="rotation-status", role="status", **{"aria-live": "polite"}, className="mt-2"),
            dcc.Loading(html.Div(id="rotation-view", className="mt-2")),
        ]
    )


def _rotation_key() -> str:
    return f"rotation:{current_user().login}"


@callback(Output("rotation-view", "children"), Output("rotation-status", "children"),
          Input("rotation-build", "n_clicks"), State("planner-week", "value"), State("rotation-weeks", "value"),
          background=True, running=[(Output("rotation-build", "disabled"), True, False)],
          prevent_initial_call=True)
@allow(*PLANNERS)
def build_rotation(_clicks, week, weeks):
    year, number = views.parse_week(week)
    n = int(weeks or 4)
    rotation = planning.rotation_for(year, number, n, time_limit_s=30)
    solve_control.remember(_rotation_key(), rotation)
    result = rotation.result
    status = t("rotation.result", objective=fmt_int(result.objective or 0),
               status=t(f"planner.status.{result.status}"))
    names = {m.id: m.name for m in planning.week_input(rotation.monday, planning.week_demand(rotation.monday)).members}
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
    with session_scope() as session:
        AuditRepository(session).record(current_user().login, "roll_out_rotation", "schedule", None,
                                        weeks=[f"{y}-W{w:02d}" for y, w in created])
    return dbc.Alert(t("rotation.rolled", n=len(created), week=number), color="success"), time.time()


@callback(Output("candidate-list", "children"), Input("edit-candidates", "n_clicks"),
          State("planner-week", "value"), State("edit-shift", "value"), State("edit-day", "value"),
          prevent_initial_call=True)
@allow(*PLANNERS)
def suggest_candidates(_clicks, week, shift, day):
    if not (shift and day):
        return dbc.Alert(t("planner.candidates.choose"), color="warning")
    year, number = views.parse_week(week)
    ranked = planning.rank_candidates(year, number, shift, dt.date.fromisoformat(day))
    if not ranked:
        return html.P(t("planner.candidates.none"))
    rows = [
        [c.name, ("✓ " + t("planner.candidates.ok")) if c.hard_ok else ("✗ " + "; ".join(c.broken)),
         ("+" if c.delta > 0 else "") + fmt_int(c.delta)]
        for c in ranked
    ]
    from dashboard.components.charts import data_table

    return [html.H3(t("planner.candidates.title"), className="h6"),
            data_table([t("planner.person"), t("planner.candidates.rules"), t("planner.candidates.delta")], rows,
                       table_id="candidate-table")]
