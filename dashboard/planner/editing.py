"""Hand edits of a week's plan, candidates for a shift, and two versions side by side."""

from __future__ import annotations

import datetime as dt

import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, clientside_callback, ctx, dcc, html, no_update

from dashboard.planner import views
from dashboard.planner.engine_labels import engine_labels
from dashboard.web.auth import allow, current_user
from dashboard.components.charts import data_table
from dashboard.texts.i18n import fmt_int, t
from dashboard.planner.parts import PLANNERS, service_level
from dashboard.services import schedule_changes
from dashboard.services import week_planning as planning
from planner.centre import PLACE_TASKS, shift_id


def panel():
    """The edit form under the roster."""
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
    ]


def compare_panel():
    """Two versions of the week side by side (the Versions tab)."""
    return html.Fieldset(
        [
            html.Legend(t("planner.compare.title"), className="h5 mt-2"),
            dbc.Row(
                [
                    dbc.Col([dbc.Label(t("planner.compare.a"), html_for="compare-a"), dbc.Select(id="compare-a", options=[], placeholder=t("choose"))], md=4),
                    dbc.Col([dbc.Label(t("planner.compare.b"), html_for="compare-b"), dbc.Select(id="compare-b", options=[], placeholder=t("choose"))], md=4),
                ],
                className="g-2",
            ),
            html.Div(id="compare-result", className="mt-2"),
            dcc.Store(id="planner-versions-wanted"),
        ]
    )


# --- editing by hand -------------------------------------------------------------------------

@callback(Output("edit-assignment", "options"), Output("edit-shift", "options"), Output("edit-person", "options"),
          Output("edit-day", "options"), Input("planner-week", "value"), Input("planner-refresh", "data"))
@allow(*PLANNERS)
def fill_edit_form(week, _refresh):
    return _edit_options(week)


def _edit_options(week):
    year, number = views.parse_week(week)
    monday = planning.iso_monday(year, number)
    choices = planning.edit_choices(year, number)
    shifts = [
        {"label": f"{t(f'location.{tp.place}')} {views.template_name(tp)} {views.hhmm(tp.start)}–{views.hhmm(tp.end)} · {t(f'task.{task}')}",
         "value": shift_id(tp.place, tp.code, task)}
        for tp in choices.templates for task in PLACE_TASKS.get(tp.place, ())
    ]
    people = [{"label": m.name, "value": m.id} for m in choices.members]
    days = [{"label": views._day_label(monday + dt.timedelta(days=i)), "value": (monday + dt.timedelta(days=i)).isoformat()}
            for i in range(5)]
    return assignment_options(choices.rows), shifts, people, days


def assignment_options(rows) -> list[dict]:
    return [{"label": f"{views._day_label(r.day)}: {views._shift_text(r, show_person=True)}", "value": str(r.id)}
            for r in rows]


@callback(Output("edit-message", "children"),
          Output("roster-by-person", "rowTransaction"), Output("roster-by-place", "rowTransaction"),
          Output("roster-version", "children", allow_duplicate=True),
          Output("planner-findings", "children", allow_duplicate=True),
          Output("planner-gaps", "children", allow_duplicate=True),
          Output("edit-assignment", "options", allow_duplicate=True),
          Output("edit-assignment", "value", allow_duplicate=True),
          Input("edit-apply", "n_clicks"), Input("edit-add", "n_clicks"), Input("edit-lock", "n_clicks"),
          Input("edit-unlock", "n_clicks"), Input("edit-remove", "n_clicks"),
          State("planner-week", "value"), State("edit-assignment", "value"), State("edit-shift", "value"),
          State("edit-person", "value"), State("edit-day", "value"),
          State("planner-sl-target", "value"), State("planner-sl-wait", "value"), prevent_initial_call=True)
@allow(*PLANNERS)
def edit_assignment(_apply, _add, _lock, _unlock, _remove, week, assignment, shift, person, day, pct, minutes):
    """One hand edit: the week is checked once, and only the roster rows it changed are sent."""
    year, number = views.parse_week(week)
    action = ctx.triggered_id.removeprefix("edit-")
    target, labels = service_level(pct, minutes), engine_labels()
    before = planning.evaluate(year, number, target=target, labels=labels)  # what the page shows (cached)
    problem = schedule_changes.edit_assignment(year, number, action, by=current_user().login, assignment=assignment,
                                               shift=shift, person=person,
                                               day=dt.date.fromisoformat(day) if day else None)
    unchanged = (no_update,) * 7
    if isinstance(problem, schedule_changes.RuleRefusal):
        lines = views.refusal_lines(problem)
        return (dbc.Alert([html.Strong(t("planner.edit.refused")), html.Ul([html.Li(line) for line in lines],
                                                                           className="mb-0")],
                          color="danger", id="edit-refused"), *unchanged)
    if problem is not None:
        message = t("planner.no_plan") if problem == "no_plan" else t("planner.edit.none")
        return (dbc.Alert(message, color="warning"), *unchanged)
    after = planning.evaluate(year, number, target=target, labels=labels)
    broken = views.hard_rule_messages(after)
    check = (html.Span([t("planner.hard.broken"), html.Ul([html.Li(m) for m in broken])]) if broken
             else t("planner.hard.ok"))
    return (dbc.Alert([t("planner.edit.done", check=""), check], color="danger" if broken else "success"),
            views.row_transaction(views.person_rows(before), views.person_rows(after)),
            views.row_transaction(views.place_rows(before), views.place_rows(after)),
            version_line(after), views.findings_panel(after), views.gaps_panel(after),
            assignment_options(after.rows), _same_assignment(assignment, before.rows, after.rows))


def _same_assignment(chosen: str | None, before: list, after: list) -> str | None:
    """The chosen assignment's id in the version the edit led to: an edit of a published week
    copies it into a draft with new ids, and the form must keep naming the same shift."""
    key = next((r.key() for r in before if str(r.id) == (chosen or "")), None)
    return next((str(r.id) for r in after if key is not None and r.key() == key), None)


def version_line(view):
    status = t("planner.draft") if view.status == "draft" else t("planner.published")
    return t("planner.showing", version=t("planner.version", n=view.version, status=status))


# --- comparing versions ----------------------------------------------------------------------

# The versions are read when their tab is shown (or, while it is, the week changes).
clientside_callback(
    """
    function(tab, week, refresh) {
        if (tab !== "versions") { return window.dash_clientside.no_update; }
        return {key: week + "|" + refresh, at: Date.now()};
    }
    """,
    Output("planner-versions-wanted", "data"),
    Input("planner-tabs", "value"), Input("planner-week", "value"), Input("planner-refresh", "data"),
)


@callback(Output("compare-a", "options"), Output("compare-b", "options"), Input("planner-versions-wanted", "data"),
          State("planner-week", "value"), prevent_initial_call=True)
@allow(*PLANNERS)
def fill_versions(_wanted, week):
    """The week's versions, read when the Versions tab is shown."""
    year, number = views.parse_week(week)
    options = [{"label": t("planner.version", n=s.version, status=t(f"planner.{s.status}")), "value": str(s.id)}
               for s in planning.versions(year, number)]
    return options, options


@callback(Output("compare-result", "children"), Input("compare-a", "value"), Input("compare-b", "value"),
          State("planner-week", "value"), prevent_initial_call=True)
@allow(*PLANNERS)
def compare_versions(a, b, week):
    if not a or not b:
        return no_update
    year, number = views.parse_week(week)
    view_a, view_b = planning.evaluate(year, number, int(a)), planning.evaluate(year, number, int(b))
    diff = schedule_changes.compare(view_a.rows, view_b.rows)
    items = [html.Li([f"{t('planner.compare.added')}: ", f"{views._day_label(r.day)} {views._shift_text(r, True)}"])
             for r in diff["added"]]
    items += [html.Li([f"{t('planner.compare.removed')}: ", f"{views._day_label(r.day)} {views._shift_text(r, True)}"])
              for r in diff["removed"]]
    return [
        html.P(t("planner.compare.score", a=fmt_int(view_a.report.objective), b=fmt_int(view_b.report.objective))),
        html.Ul(items, id="compare-list") if items else html.P(t("planner.compare.same")),
    ]


# --- candidates for a shift -----------------------------------------------------------------

@callback(Output("candidate-list", "children"), Input("edit-candidates", "n_clicks"),
          State("planner-week", "value"), State("edit-shift", "value"), State("edit-day", "value"),
          prevent_initial_call=True)
@allow(*PLANNERS)
def suggest_candidates(_clicks, week, shift, day):
    if not (shift and day):
        return dbc.Alert(t("planner.candidates.choose"), color="warning")
    year, number = views.parse_week(week)
    ranking = planning.rank_candidates(year, number, shift, dt.date.fromisoformat(day), labels=engine_labels())
    ranked = ranking.candidates
    if not ranked:
        return html.P(t("planner.candidates.none"))
    rows = [
        [c.name, ("✓ " + t("planner.candidates.ok")) if c.hard_ok
         else ("✗ " + "; ".join(views.broken_rules(ranking.problem, c.broken))),
         ("+" if c.delta > 0 else "") + fmt_int(c.delta)]
        for c in ranked
    ]
    return [html.H3(t("planner.candidates.title"), className="h6"),
            data_table([t("planner.person"), t("planner.candidates.rules"), t("planner.candidates.delta")], rows,
                       table_id="candidate-table")]
