"""Absences and wishes: the form and the list, on the Planner page and on the Staff page.

`panel(prefix)` lays it out with ids under `prefix`; `register(prefix, ...)` adds its
callbacks once per page, reading the week from that page's week select.
"""

from __future__ import annotations

import datetime as dt
import time

import dash_bootstrap_components as dbc
from dash import ALL, Input, Output, State, callback, ctx, html, no_update

from dashboard.web.auth import allow, current_user
from dashboard.texts.i18n import fmt_date, fmt_int, t
from dashboard.services import absences as absence_service
from dashboard.services.absences import ABSENCE_KINDS, FIRST_DAY, LAST_DAY, WISH_KINDS
EDITORS = ("admin", "coordination")
VIEWERS = ("admin", "coordination", "leadership")


def panel(prefix: str, may_edit: bool) -> html.Div:
    listing = html.Div(id=f"{prefix}-absence-list", className="mt-3")
    if not may_edit:
        return html.Div([dbc.Alert(t("planner.readonly"), color="info", className="mt-2"), listing])
    kinds = [{"label": t(f"absence.kind.{k}"), "value": k} for k in ABSENCE_KINDS]
    wish_kinds = [{"label": t(f"wish.kind.{k}"), "value": k} for k in WISH_KINDS]

    def field(label, ident, control):
        return [dbc.Label(t(label), html_for=ident, className="mt-2"), control]

    absence = html.Fieldset(
        [
            html.Legend(t("absence.title"), className="h6"),
            *field("absence.person", f"{prefix}-absence-person",
                   dbc.Select(id=f"{prefix}-absence-person", options=[], placeholder=t("choose"))),
            *field("absence.from", f"{prefix}-absence-from", dbc.Input(id=f"{prefix}-absence-from", type="date", min=FIRST_DAY, max=LAST_DAY)),
            *field("absence.to", f"{prefix}-absence-to", dbc.Input(id=f"{prefix}-absence-to", type="date", min=FIRST_DAY, max=LAST_DAY)),
            *field("absence.kind", f"{prefix}-absence-kind",
                   dbc.Select(id=f"{prefix}-absence-kind", options=kinds, value="vacation")),
            dbc.Button(t("absence.add"), id=f"{prefix}-absence-save", className="mt-3"),
        ]
    )
    wish = html.Fieldset(
        [
            html.Legend(t("wish.title"), className="h6"),
            *field("absence.person", f"{prefix}-wish-person",
                   dbc.Select(id=f"{prefix}-wish-person", options=[], placeholder=t("choose"))),
            *field("wish.day", f"{prefix}-wish-day", dbc.Input(id=f"{prefix}-wish-day", type="date", min=FIRST_DAY, max=LAST_DAY)),
            *field("wish.kind", f"{prefix}-wish-kind",
                   dbc.Select(id=f"{prefix}-wish-kind", options=wish_kinds, value="undesired")),
            *field("wish.weight", f"{prefix}-wish-weight",
                   dbc.Input(id=f"{prefix}-wish-weight", type="number", min=1, max=10, step=1, value=3)),
            dbc.Button(t("wish.add"), id=f"{prefix}-wish-save", className="mt-3"),
        ]
    )
    return html.Div(
        [
            dbc.Row([dbc.Col(absence, md=6), dbc.Col(wish, md=6)], className="mt-2"),
            html.Div(id=f"{prefix}-absence-message", role="status", className="mt-2", **{"aria-live": "polite"}),
            listing,
        ]
    )


def _listing(week: str, prefix: str):
    found = absence_service.list_week(week)
    may_delete = current_user().role in EDITORS

    def delete(kind, row_id, name):
        if not may_delete:
            return ""
        return dbc.Button(t("absence.delete"), id={"type": f"{prefix}-{kind}-delete", "index": row_id}, size="sm",
                          color="link", title=f"{t('absence.delete')}: {name}")

    def head(*cols):
        # The last column holds the delete buttons: its header is there for screen readers.
        return html.Thead(html.Tr([html.Th(c, scope="col") for c in cols]
                                  + [html.Th(html.Span(t("absence.action"), className="visually-hidden"), scope="col")]))

    absence_rows = [html.Tr([html.Td(a.person), html.Td(fmt_date(a.starts_on)), html.Td(fmt_date(a.ends_on)),
                             html.Td(t(f"absence.kind.{a.kind}")), html.Td(delete("absence", a.id, a.person))])
                    for a in found.absences]
    wish_rows = [html.Tr([html.Td(w.person), html.Td(fmt_date(w.day)), html.Td(t(f"wish.kind.{w.kind}")),
                          html.Td(fmt_int(w.weight)), html.Td(delete("wish", w.id, w.person))])
                 for w in found.wishes]
    return [
        html.H2(t("absence.list"), className="h6"),
        dbc.Table([head(t("absence.person"), t("absence.from"), t("absence.to"), t("absence.kind")),
                   html.Tbody(absence_rows)], size="sm", id=f"{prefix}-absence-table"),
        html.H2(t("wish.list"), className="h6"),
        dbc.Table([head(t("absence.person"), t("wish.day"), t("wish.kind"), t("wish.weight")),
                   html.Tbody(wish_rows)], size="sm", id=f"{prefix}-wish-table"),
    ]


def _outcome(problem):
    """The alert that says how a save went, and the refresh signal when something was saved."""
    if problem is None:
        return dbc.Alert(t("absence.saved"), color="success"), time.time()
    return dbc.Alert(t(f"absence.error.{problem.code}"), color="danger"), no_update


def register(prefix: str, period_id: str, refresh_id: str) -> None:
    """The callbacks of one page's absence panel (ids under `prefix`)."""
    ids = {name: f"{prefix}-{name}" for name in (
        "absence-person", "wish-person", "absence-from", "absence-to", "wish-day", "absence-list",
        "absence-message", "absence-save", "absence-kind", "wish-save", "wish-kind", "wish-weight")}

    @callback(Output(ids["absence-person"], "options"), Output(ids["wish-person"], "options"),
              Output(ids["absence-from"], "value"), Output(ids["absence-to"], "value"),
              Output(ids["wish-day"], "value"), Input(period_id, "value"))
    @allow(*EDITORS)
    def fill_absence_form(week):
        monday, _sunday = absence_service.week_bounds(week)
        options = [{"label": p.name, "value": p.id} for p in absence_service.team_of_week(week)]
        friday = (monday + dt.timedelta(days=4)).isoformat()
        return options, options, monday.isoformat(), friday, monday.isoformat()

    @callback(Output(ids["absence-list"], "children"), Input(period_id, "value"), Input(refresh_id, "data"))
    @allow(*VIEWERS)
    def list_absences_and_wishes(week, _refresh):
        return _listing(week, prefix)

    @callback(Output(ids["absence-message"], "children"), Output(refresh_id, "data", allow_duplicate=True),
              Input(ids["absence-save"], "n_clicks"), State(ids["absence-person"], "value"),
              State(ids["absence-from"], "value"), State(ids["absence-to"], "value"),
              State(ids["absence-kind"], "value"), prevent_initial_call=True)
    @allow(*EDITORS)
    def save_absence(_clicks, person, start, end, kind):
        return _outcome(absence_service.add_absence(person, start, end, kind, by=current_user().login))

    @callback(Output(ids["absence-message"], "children", allow_duplicate=True),
              Output(refresh_id, "data", allow_duplicate=True),
              Input(ids["wish-save"], "n_clicks"), State(ids["wish-person"], "value"),
              State(ids["wish-day"], "value"), State(ids["wish-kind"], "value"),
              State(ids["wish-weight"], "value"), prevent_initial_call=True)
    @allow(*EDITORS)
    def save_wish(_clicks, person, day, kind, weight):
        return _outcome(absence_service.add_wish(person, day, kind, weight, by=current_user().login))

    @callback(Output(refresh_id, "data", allow_duplicate=True),
              Input({"type": f"{prefix}-absence-delete", "index": ALL}, "n_clicks"),
              Input({"type": f"{prefix}-wish-delete", "index": ALL}, "n_clicks"), prevent_initial_call=True)
    @allow(*EDITORS)
    def delete_absence_or_wish(_absences, _wishes):
        trigger = ctx.triggered_id
        if not trigger or not any(item["value"] for item in ctx.triggered):
            return no_update
        kind = "absence" if trigger["type"].endswith("absence-delete") else "wish"
        absence_service.delete(kind, int(trigger["index"]), by=current_user().login)
        return time.time()
