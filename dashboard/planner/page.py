"""Planner: pick a week, see demand, mark absences and wishes, solve, edit, publish, export."""

from __future__ import annotations

import datetime as dt

import dash
import dash_bootstrap_components as dbc
from dash import ALL, Input, Output, State, callback, clientside_callback, dcc, html

from dashboard.components.trust import trust_sentences
from dashboard.planner import views
from dashboard.planner.engine_labels import engine_labels
from dashboard.web.auth import allow, current_user, restricted
from dashboard.components import absences
from dashboard.components.grid import column_defs, data_grid
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
            # Panels drawn only when their tab is shown: the browser asks for them (no request otherwise).
            dcc.Store(id="planner-demand-wanted"),
            dcc.Store(id="planner-details-wanted"),
            _view_switch(
                [
                    ("roster", t("planner.tab.roster"), _roster_tab(may_plan)),
                    ("demand", t("planner.tab.demand"), _demand_tab()),
                    ("details", t("planner.tab.details"), dcc.Loading(html.Div(id="planner-details"))),
                    ("absences", t("planner.tab.absences"), absences.panel("planner", may_plan)),
                    *([("versions", t("planner.tab.versions"), editing.compare_panel()),
                       ("rotation", t("planner.tab.rotation"), rotation.panel())] if may_plan else []),
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


# The roster fills the window once scrolled to (at least 24rem): the week in view at once.
ROSTER_HEIGHT = "max(24rem, calc(100vh - 9rem))"


def _roster_tab(may_plan: bool):
    """The workspace: the week's roster in view at once, its rule findings and cover gaps beside it."""
    if may_plan:
        controls = [
            dbc.Row([*solving.controls(), publishing.button()], className="g-2"),
            *solving.status(),
            html.Div(id="publish-message", role="status", **{"aria-live": "polite"}),
            publishing.dialog(),
        ]
    else:
        controls = [dbc.Alert(t("planner.readonly"), color="info", className="mt-2")]
    mode = html.Fieldset(
        [
            html.Legend(t("planner.roster_mode"), className="small fw-semibold float-start me-3 mb-0 w-auto"),
            dbc.RadioItems(id="roster-mode", value="person", inline=True,
                           options=[{"label": t("planner.mode.person"), "value": "person"},
                                    {"label": t("planner.mode.place"), "value": "place"}]),
        ],
        className="mb-2 d-print-none",
    )
    roster = [
        html.Div(id="roster-version", className="fw-semibold mb-2", role="status", **{"aria-live": "polite"}),
        mode,
        html.Section(data_grid("roster-by-person", [], [], wrap=views.PERSON_WRAP, row_id="id", height=ROSTER_HEIGHT,
                               filter_row=False),
                     id="roster-person-box", **{"aria-label": t("planner.by_person")}),
        html.Section(data_grid("roster-by-place", [], [], wrap=views.PERSON_WRAP, row_id="id", height=ROSTER_HEIGHT,
                               filter_row=False),
                     id="roster-place-box", hidden=True, **{"aria-label": t("planner.by_place")}),
        *([html.P(t("planner.resolve_hint"), className="small text-body-secondary mt-2 mb-0"), *editing.panel()]
          if may_plan else []),
    ]
    aside = html.Aside(
        [
            html.H2(t("planner.findings.title"), className="h6"),
            html.Div(id="planner-findings"),
            html.H2(t("planner.gaps.title"), className="h6 mt-3"),
            html.Div(id="planner-gaps"),
            html.Div(id="planner-links", className="small mt-3"),
        ],
        **{"aria-label": t("planner.findings.title")},
    )
    return html.Div([*controls, dbc.Row([dbc.Col(roster, lg=8), dbc.Col(aside, lg=4)], className="g-3",
                                         id="roster-view")])


# The roster by person or by day and place; a grid drawn while hidden gets its width on resize.
clientside_callback(
    """
    function(mode) {
        setTimeout(function () { window.dispatchEvent(new Event("resize")); }, 50);
        return [mode !== "person", mode !== "place"];
    }
    """,
    Output("roster-person-box", "hidden"), Output("roster-place-box", "hidden"),
    Input("roster-mode", "value"),
)


# A tab's panel is asked for when the tab is shown or, while it is, when its inputs change;
# demand once per week, place and target, the details each time (hand edits change them).
clientside_callback(
    """
    function(tab, week, place, pct, minutes, last) {
        if (tab !== "demand") { return window.dash_clientside.no_update; }
        var key = [week, place, pct, minutes].join("|");
        if (last && last.key === key) { return window.dash_clientside.no_update; }
        return {key: key};
    }
    """,
    Output("planner-demand-wanted", "data"),
    Input("planner-tabs", "value"), Input("planner-week", "value"), Input("demand-place", "value"),
    Input("planner-sl-target", "value"), Input("planner-sl-wait", "value"), State("planner-demand-wanted", "data"),
)
clientside_callback(
    """
    function(tab, week, refresh, pct, minutes) {
        if (tab !== "details") { return window.dash_clientside.no_update; }
        return {key: [week, refresh, pct, minutes].join("|"), at: Date.now()};
    }
    """,
    Output("planner-details-wanted", "data"),
    Input("planner-tabs", "value"), Input("planner-week", "value"), Input("planner-refresh", "data"),
    Input("planner-sl-target", "value"), Input("planner-sl-wait", "value"),
)


# --- demand (drawn when its tab is shown) ----------------------------------------------------

@callback(Output("demand-charts", "children"), Input("planner-demand-wanted", "data"),
          State("planner-week", "value"), State("demand-place", "value"),
          State("planner-sl-target", "value"), State("planner-sl-wait", "value"), prevent_initial_call=True)
@allow(*VIEWERS)
def show_demand(_wanted, week, place, pct, minutes):
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


# --- the plan: the workspace -----------------------------------------------------------------

@callback(Output("roster-version", "children"),
          Output("roster-by-person", "columnDefs"), Output("roster-by-person", "rowData"),
          Output("roster-by-place", "columnDefs"), Output("roster-by-place", "rowData"),
          Output("planner-findings", "children"), Output("planner-gaps", "children"),
          Output("planner-links", "children"),
          Input("planner-week", "value"), Input("planner-refresh", "data"),
          Input("planner-sl-target", "value"), Input("planner-sl-wait", "value"))
@allow(*VIEWERS)
def show_plan(week, _refresh, pct, minutes):
    """The whole workspace for a week: after a change of week, a solve, a publication."""
    year, number = views.parse_week(week)
    view = planning.evaluate(year, number, target=service_level(pct, minutes), labels=engine_labels())
    person_defs = column_defs(views.person_columns(view), wrap=views.PERSON_WRAP)
    place_defs = column_defs(views.place_columns(view), wrap=views.PERSON_WRAP)
    if view.schedule_id is None:
        return (dbc.Alert(t("planner.no_plan"), color="light", className="border"), person_defs, [], place_defs, [],
                None, None, None)
    links = [_confirmations(view) if view.status == "published" else None, _exports(year, number)]
    return (editing.version_line(view), person_defs, views.person_rows(view), place_defs, views.place_rows(view),
            views.findings_panel(view), views.gaps_panel(view), links)


# --- coverage, score, people, languages (drawn when their tab is shown) -----------------------

@callback(Output("planner-details", "children"), Input("planner-details-wanted", "data"),
          State("planner-week", "value"), State("planner-sl-target", "value"), State("planner-sl-wait", "value"),
          prevent_initial_call=True)
@allow(*VIEWERS)
def show_details(_wanted, week, pct, minutes):
    """Drawn each time its tab is opened (hand edits change the plan without a refresh)."""
    year, number = views.parse_week(week)
    view = planning.evaluate(year, number, target=service_level(pct, minutes), labels=engine_labels())
    if view.schedule_id is None:
        return dbc.Alert(t("planner.no_plan"), color="light", className="border")
    frame = views.coverage_frame(view)
    charts = [c for place in ("centre", "infopoint") for role in views.ROLES
              if (c := views.coverage_chart(view, place, role, frame)) is not None]
    return html.Div(
        [
            html.H2(t("planner.score.title"), className="h5 mt-2"),
            _scrolls(views.score_table(view.report)),
            html.H2(t("planner.people.title"), className="h5 mt-4"),
            _scrolls(views.people_table(view)),
            html.H2(t("planner.coverage.title"), className="h5 mt-4"),
            *charts,
            html.H2(t("planner.languages.title"), className="h5 mt-4"),
            _scrolls(views.language_table(view)),
            html.H2(t("planner.by_place"), className="h5 mt-4"),
            views.roster_by_place(view),
        ]
    )


def _scrolls(table):
    """A wide table scrolls inside its box on a narrow screen, not the page."""
    return html.Div(table, className="table-responsive")


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
