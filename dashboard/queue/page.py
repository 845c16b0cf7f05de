"""Calling at the desk: choose the place and desk, call the next number (or a chosen one),
call again, park someone who stepped out, refer to another queue, mark a no-show, finish.

Every step is one call of dashboard/services/queue.py. The board refreshes itself every
few seconds; admins also manage the call displays' addresses here.
"""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, ctx, dcc, html, no_update
from dash.exceptions import PreventUpdate

from dashboard.components.charts import data_table
from dashboard.services import queue
from dashboard.texts.i18n import current_language, fmt_datetime, fmt_decimal, fmt_int, t
from dashboard.texts.queue import LANGUAGE_NAMES
from planner import clock
from dashboard.web.auth import allow, current_user, restricted

dash.register_page(__name__, path="/aufruf", order=6, title="MigraDo Ops")

DESK_ROLES = ("admin", "coordination", "reception")
REFRESH_MS = 5000
LINK_EDITORS = ("admin", "coordination")


def _desk_options() -> list[dict]:
    return [{"label": f"{t(f'location.{code}')} – {name}", "value": str(desk_id)}
            for _loc, code, desks in queue.places_and_desks() for desk_id, name in desks]


def _button(action: str, color: str = "secondary") -> dbc.Button:
    return dbc.Button(t(f"queue.{action}"), id=f"queue-{action.replace('_', '-')}", color=color,
                      className="me-2 mb-2")


@restricted("/aufruf")
def layout(**_query):
    user = current_user()
    controls = html.Div([
        _button("call_next", "primary"), _button("call_chosen"), _button("recall"), _button("park"),
        _button("back_in_line"), _button("no_show"), _button("finish", "success"),
    ], className="mt-2")
    return html.Div([
        html.H1(t("queue.title"), className="h3"),
        dbc.Row([
            dbc.Col([dbc.Label(t("queue.desk"), html_for="queue-desk"),
                     dbc.Select(id="queue-desk", options=_desk_options(), placeholder=t("choose"),
                                persistence=True, persistence_type="local")], md=6),
        ]),
        html.Div(id="queue-message", role="status", className="mt-2", **{"aria-live": "polite"}),
        html.H2(t("queue.current"), className="h5 mt-3"),
        html.P(id="queue-current", className="display-6"),
        dbc.Row([
            dbc.Col([dbc.Label(t("queue.ticket"), html_for="queue-ticket"),
                     dbc.Select(id="queue-ticket", options=[], placeholder=t("choose"))], md=4),
            dbc.Col([dbc.Label(t("queue.refer"), html_for="queue-refer-to"),
                     dbc.Select(id="queue-refer-to", options=[], placeholder=t("choose"))], md=4),
            dbc.Col(dbc.Button(t("queue.refer_button"), id="queue-refer", className="mt-4"), md=2),
        ]),
        controls,
        html.Div(id="queue-board", className="mt-3"),
        dcc.Interval(id="queue-refresh", interval=REFRESH_MS),
        html.H2(t("queue.figures.title"), className="h5 mt-4"),
        html.Div(id="queue-figures"),
        _links_panel() if user and user.role in LINK_EDITORS else html.Div(),
        _displays_panel() if user and user.role == "admin" else html.Div(),
    ])


def _links_panel() -> html.Div:
    concerns = [{"label": t("queue.links.any"), "value": ""}] + [
        {"label": t(f"checkin.concern.{c}"), "value": c} for c in queue.CONCERNS]
    languages = [{"label": name, "value": code} for code, name in LANGUAGE_NAMES.items()]
    return html.Div([
        html.H2(t("queue.links.title"), className="h5 mt-4"),
        dbc.Row([
            dbc.Col([dbc.Label(t("queue.links.concern"), html_for="link-concern"),
                     dbc.Select(id="link-concern", options=concerns, value="")], md=3),
            dbc.Col([dbc.Label(t("queue.links.language"), html_for="link-language"),
                     dbc.Select(id="link-language", options=languages, value="de")], md=2),
            dbc.Col([dbc.Label(t("queue.links.link_title"), html_for="link-title"),
                     dbc.Input(id="link-title", maxLength=120)], md=3),
            dbc.Col([dbc.Label(t("queue.links.url"), html_for="link-url"),
                     dbc.Input(id="link-url", type="url", maxLength=500)], md=4),
        ]),
        dbc.Button(t("queue.links.add"), id="link-add", className="mt-2 me-2"),
        dbc.Row([
            dbc.Col([dbc.Label(t("queue.links.which"), html_for="link-remove-choice"),
                     dbc.Select(id="link-remove-choice", options=[], placeholder=t("choose"))], md=8),
            dbc.Col(dbc.Button(t("queue.links.remove"), id="link-remove", color="danger", className="mt-4"), md=4),
        ], className="mt-2"),
        html.Div(id="link-message", role="status", className="mt-2", **{"aria-live": "polite"}),
        html.Div(id="link-list", className="mt-2"),
    ])


def _displays_panel() -> html.Div:
    places = [{"label": t(f"location.{code}"), "value": str(loc)} for loc, code, _desks in queue.places_and_desks()]
    return html.Div([
        html.H2(t("queue.displays"), className="h5 mt-4"),
        dbc.Row([
            dbc.Col([dbc.Label(t("queue.place"), html_for="display-place"),
                     dbc.Select(id="display-place", options=places, value=places[0]["value"] if places else None)], md=4),
            dbc.Col([dbc.Label(t("queue.display.label"), html_for="display-label"),
                     dbc.Input(id="display-label", maxLength=60)], md=4),
            dbc.Col(dbc.Button(t("queue.display.create"), id="display-create", className="mt-4"), md=4),
        ]),
        dbc.Row([
            dbc.Col([dbc.Label(t("queue.display.which"), html_for="display-revoke-choice"),
                     dbc.Select(id="display-revoke-choice", options=[], placeholder=t("choose"))], md=8),
            dbc.Col(dbc.Button(t("queue.display.revoke"), id="display-revoke", color="danger", className="mt-4"), md=4),
        ], className="mt-2"),
        html.Div(id="display-created", role="status", className="mt-2", **{"aria-live": "polite"}),
        html.Div(id="display-list", className="mt-2"),
    ])


def _board(board: queue.DeskBoard) -> html.Div:
    lang = current_language()
    names = {code: (de if lang == "de" else en) for code, de, en in board.queues}

    def rows(entries):
        return [[e.label, names.get(e.queue_code, e.queue_code), fmt_int(e.minutes_waiting), e.language,
                 t(f"checkin.concern.{e.concern}")] for e in entries]

    header = [t(f"queue.col.{c}") for c in ("number", "queue", "minutes", "language", "concern")]
    return html.Div([
        html.H2(t("queue.waiting", n=fmt_int(len(board.waiting))), className="h5"),
        data_table(header, rows(board.waiting), table_id="queue-waiting") if board.waiting else html.P(t("queue.nobody")),
        html.H2(t("queue.parked", n=fmt_int(len(board.parked))), className="h5 mt-3"),
        data_table(header, rows(board.parked), table_id="queue-parked") if board.parked else html.P("–"),
    ])


@callback(
    Output("queue-board", "children"),
    Output("queue-current", "children"),
    Output("queue-ticket", "options"),
    Output("queue-refer-to", "options"),
    Input("queue-desk", "value"),
    Input("queue-refresh", "n_intervals"),
    Input("queue-message", "children"),
)
@allow(*DESK_ROLES)
def show_desk_board(desk_id, _tick, _message):
    if not desk_id:
        return html.P(t("queue.choose_desk")), t("queue.none_current"), [], []
    try:
        board = queue.desk_board(int(desk_id))
    except (queue.QueueError, ValueError):
        return html.P(t("queue.choose_desk")), t("queue.none_current"), [], []
    lang = current_language()
    tickets = [{"label": t("queue.parked_ticket", label=e.label) if e.state == "parked" else e.label,
                "value": str(e.ticket_id)} for e in (*board.waiting, *board.parked)]
    if board.current:
        tickets.insert(0, {"label": board.current.label, "value": str(board.current.ticket_id)})
    refer = [{"label": de if lang == "de" else en, "value": code} for code, de, en in board.queues]
    current = board.current.label if board.current else t("queue.none_current")
    return _board(board), current, tickets, refer


@callback(
    Output("queue-message", "children"),
    Input("queue-call-next", "n_clicks"),
    Input("queue-call-chosen", "n_clicks"),
    Input("queue-recall", "n_clicks"),
    Input("queue-park", "n_clicks"),
    Input("queue-back-in-line", "n_clicks"),
    Input("queue-no-show", "n_clicks"),
    Input("queue-finish", "n_clicks"),
    Input("queue-refer", "n_clicks"),
    State("queue-desk", "value"),
    State("queue-ticket", "value"),
    State("queue-refer-to", "value"),
    prevent_initial_call=True,
)
@allow(*DESK_ROLES)
def take_desk_step(*args):
    desk_id, ticket_id, refer_to = args[-3:]
    if not ctx.triggered_id or not desk_id:
        raise PreventUpdate
    action = {"queue-call-chosen": "call"}.get(ctx.triggered_id, ctx.triggered_id.removeprefix("queue-").replace("-", "_"))
    if action not in queue.DESK_ACTIONS:
        raise PreventUpdate
    try:
        label = queue.desk_action(int(desk_id), action, by=current_user().login,
                                  ticket_id=int(ticket_id) if ticket_id and action != "call_next" else None,
                                  queue_code=refer_to)
    except queue.QueueError as error:
        return dbc.Alert(t(f"queue.error.{error.field}.{error.code}"), color="warning", className="py-2")
    if label is None:
        return dbc.Alert(t("queue.done.empty"), color="info", className="py-2")
    return dbc.Alert(t(f"queue.done.{action}", label=label), color="success", className="py-2")


@callback(
    Output("display-created", "children"),
    Output("display-list", "children"),
    Output("display-revoke-choice", "options"),
    Input("display-create", "n_clicks"),
    Input("display-revoke", "n_clicks"),
    Input("display-list", "id"),
    State("display-place", "value"),
    State("display-label", "value"),
    State("display-revoke-choice", "value"),
)
@allow("admin")
def manage_displays(_create, _revoke, _list, place, label, chosen):
    message = no_update
    by = current_user().login
    if ctx.triggered_id == "display-create" and place:
        token = queue.create_display_token(int(place), label or "", by=by)
        url = dash.get_relative_path(f"/anzeige/{token}")
        message = dbc.Alert(t("queue.display.created", url=url), color="success", className="py-2")
    elif ctx.triggered_id == "display-revoke" and chosen:
        queue.revoke_display_token(int(chosen), by=by)
        message = dbc.Alert(t("queue.display.revoked_now"), color="success", className="py-2")
    tokens = queue.display_tokens()
    rows = [[r.label, fmt_datetime(r.created_at), r.created_by,
             t("queue.display.revoked", at=fmt_datetime(r.revoked_at)) if r.revoked_at else t("queue.display.live")]
            for r in tokens]
    table = data_table([t(f"queue.display.col.{c}") for c in ("label", "created", "by", "state")], rows,
                       table_id="display-table") if rows else html.P("–")
    active = [{"label": f"{r.label} ({fmt_datetime(r.created_at)})", "value": str(r.id)} for r in tokens
              if r.revoked_at is None]
    return message, table, active


@callback(Output("queue-figures", "children"), Input("queue-refresh", "n_intervals"))
@allow(*DESK_ROLES)
def show_todays_step_figures(_tick):
    today = clock.today()
    places = {loc: code for loc, code, _desks in queue.places_and_desks()}

    def minutes(value):
        return "–" if value is None else fmt_decimal(value)

    rows = [[t(f"location.{places.get(f.location_id, '')}") if f.location_id in places else "", f.desk or "–",
             f.queue_code, fmt_int(f.steps), fmt_int(f.served), fmt_int(f.referred), fmt_int(f.no_show),
             minutes(f.mean_wait_minutes), minutes(f.mean_service_minutes), minutes(f.parked_minutes)]
            for f in queue.step_figures(today, today)]
    if not rows:
        return html.P(t("queue.figures.none"))
    header = [t(f"queue.figures.{c}") for c in ("place", "desk", "queue", "steps", "served", "referred", "no_show",
                                                 "wait", "service", "parked")]
    return data_table(header, rows, table_id="queue-figures-table")


@callback(
    Output("link-message", "children"),
    Output("link-list", "children"),
    Output("link-remove-choice", "options"),
    Input("link-add", "n_clicks"),
    Input("link-remove", "n_clicks"),
    Input("link-list", "id"),
    State("link-concern", "value"),
    State("link-language", "value"),
    State("link-title", "value"),
    State("link-url", "value"),
    State("link-remove-choice", "value"),
)
@allow(*LINK_EDITORS)
def keep_information_links(_add, _remove, _list, concern, language, title, url, chosen):
    message = no_update
    by = current_user().login
    try:
        if ctx.triggered_id == "link-add":
            queue.add_link(concern or None, language or "", title or "", url or "", by=by)
            message = dbc.Alert(t("queue.links.added"), color="success", className="py-2")
        elif ctx.triggered_id == "link-remove" and chosen:
            queue.remove_link(int(chosen), by=by)
            message = dbc.Alert(t("queue.links.removed"), color="success", className="py-2")
    except queue.QueueError as error:
        message = dbc.Alert(t(f"queue.error.{error.field}.{error.code}"), color="warning", className="py-2")
    rows = queue.links()
    table = data_table(
        [t("queue.links.concern"), t("queue.links.language"), t("queue.links.link_title"), t("queue.links.url"),
         t("queue.links.status")],
        [[t(f"checkin.concern.{r.concern}") if r.concern else t("queue.links.any"), LANGUAGE_NAMES.get(r.language, r.language),
          r.title, r.url, t(f"queue.links.status.{r.status}")] for r in rows],
        table_id="link-table") if rows else html.P("–")
    options = [{"label": f"{r.title} ({LANGUAGE_NAMES.get(r.language, r.language)})", "value": str(r.id)} for r in rows]
    return message, table, options
