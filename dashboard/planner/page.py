"""Planner: pick a week, see demand, mark absences and wishes, solve, edit, publish, export."""

from __future__ import annotations

import datetime as dt

import dash
import dash_bootstrap_components as dbc
from dash import ALL, Input, Output, callback, clientside_callback, dcc, html

from dashboard.components.trust import trust_sentences
from dashboard.planner import views
from dashboard.planner.engine_labels import engine_labels
from dashboard.web.auth import allow, current_user, restricted
from dashboard.components import absences
from dashboard.texts.i18n import CATALOGUE, fmt_int, t
from dashboard.planner import editing, publishing, rotation, solving
from dashboard.planner.parts import PLANNERS, VIEWERS, service_level
from dashboard.services import week_planning as planning
from planner import clock

dash.register_page(__name__, path="/planner", order=2, title="MigraDo Ops")


def _default_week() -> str:
    nxt = clock.today() + dt.timedelta(days=7)
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
                             dbc.Select(id="planner-week", options=views.week_options(clock.today()),
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
                    *([("rotation", t("planner.tab.rotation"), rotation.panel())] if may_plan else []),
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
    if may_plan:
        controls = [
            dbc.Row([*solving.controls(), publishing.button()], className="g-3 mt-1"),
            *solving.status(),
            html.Div(id="publish-message", role="status", **{"aria-live": "polite"}),
            publishing.dialog(),
            html.P(t("planner.resolve_hint"), className="small text-body-secondary"),
        ]
    else:
        controls = [dbc.Alert(t("planner.readonly"), color="info", className="mt-2")]
    return html.Div([*controls, dcc.Loading(html.Div(id="roster-view")), *(editing.panel() if may_plan else [])])


# --- demand --------------------------------------------------------------------------------

@callback(Output("demand-charts", "children"), Input("planner-week", "value"), Input("demand-place", "value"),
          Input("planner-sl-target", "value"), Input("planner-sl-wait", "value"))
@allow(*VIEWERS)
def show_demand(week, place, pct, minutes):
    year, number = views.parse_week(week)
    demand = planning.week_demand(planning.iso_monday(year, number), service_level(pct, minutes))
    label = t(f"location.{place}")
    arrivals = demand.arrivals[demand.arrivals.location == place]
    chosen = demand.chosen.get(place, {}).get("daily", demand.method)
    method_key = f"planner.method.{chosen}"
    method = t(method_key) if method_key in CATALOGUE else chosen
    parts = [html.P(t("planner.forecast_method", method=method), className="small text-body-secondary"),
             *([dbc.Alert(" ".join(words), color="warning", className="small py-2")]
               if (words := trust_sentences(demand.trust.get(place, []))) else []),
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
    view = planning.evaluate(year, number, target=service_level(pct, minutes), labels=engine_labels())
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
    return [{"label": t("planner.version", n=s.version, status=t(f"planner.{s.status}")), "value": str(s.id)}
            for s in planning.versions(year, number)]


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


absences.register("planner", period_id="planner-week", refresh_id="planner-refresh")
