"""Admin: users and roles, device tokens of the check-in API, partners' calendar tokens, audit log.

Every callback here is for the admin role only, and every change is written to the audit
log by dashboard.services.admin_actions.
"""

from __future__ import annotations

import datetime as dt

import dash
import dash_bootstrap_components as dbc
import flask
from dash import ALL, Input, Output, State, callback, ctx, html
from dash.exceptions import PreventUpdate

from dashboard.services import admin_actions as actions
from dashboard.components.grid import data_grid
from dashboard.services import partner_portal
from dashboard.services.admin_actions import USER_ROLES, AdminError
from dashboard.texts.i18n import CATALOGUE, fmt_datetime, t
from dashboard.web.auth import allow, current_user, restricted
from planner import clock

dash.register_page(__name__, path="/admin", order=6, title="MigraDo Ops")

NO_ORGANISATION = "none"  # a Select shows an empty box for the value ""
NO_PLACE = "none"
NO_STAFF = "none"


@restricted("/admin")
def layout(**_query):
    return html.Div(
        [
            html.H1(t("admin.title"), className="h3"),
            html.Div(id="admin-message", role="status", **{"aria-live": "polite"}),
            html.H2(t("admin.users.title"), className="h5 mt-3"),
            html.Div(_users_table(), id="admin-users"),
            _create_user_form(),
            html.H2(t("admin.devices.title"), className="h5 mt-4"),
            html.P(t("admin.devices.text")),
            _device_form(),
            html.Div(id="admin-device-token", className="mb-3"),
            html.Div(_devices_table(), id="admin-devices"),
            html.H2(t("admin.calendars.title"), className="h5 mt-4"),
            html.Div(id="admin-calendar-url", className="mb-3"),
            html.Div(_calendars_table(), id="admin-calendars"),
            html.H2(t("imports.admin.title"), className="h5 mt-4"),
            html.P([t("imports.admin.text"), " ",
                    html.A(t("imports.page.title"), href="/admin/import", id="admin-import-link")]),
            html.H2(t("admin.audit.title"), className="h5 mt-4"),
            html.Div(
                [dbc.Label(t("admin.audit.filter"), html_for="admin-audit-filter"),
                 dbc.Input(id="admin-audit-filter", type="search", debounce=True)],
                className="mb-2", style={"maxWidth": "28rem"},
            ),
            html.Div(_audit_table(None), id="admin-audit"),
            html.H2(t("admin.email.title"), className="h5 mt-4"),
            _email_form(),
        ]
    )


# --- users ----------------------------------------------------------------------------------
def _users_table() -> dbc.Table:
    now = clock.now()
    rows = []
    for u in actions.users():
        if not u.active:
            status, button = t("admin.status.inactive"), ("admin.activate", True)
        elif u.locked_until and u.locked_until > now:
            status, button = t("admin.status.locked", until=fmt_datetime(u.locked_until)), ("admin.deactivate", False)
        else:
            status, button = t("admin.status.active"), ("admin.deactivate", False)
        rows.append(html.Tr([
            html.Th(u.login, scope="row"),
            html.Td(t(f"role.{u.role}")),
            html.Td(u.organisation or t("admin.none")),
            html.Td(status),
            html.Td(html.Button(
                t(button[0]), type="button", className="btn btn-outline-secondary btn-sm",
                id={"type": "admin-user-active", "user": u.id, "active": int(button[1])},
                **{"aria-label": t(f"{button[0]}.label", login=u.login)},
            )),
        ]))
    return _table(["admin.col.login", "admin.col.role", "admin.col.organisation", "admin.col.status",
                   "admin.col.action"], rows, "admin-users-table")


def _create_user_form() -> html.Section:
    organisations = actions.partner_organisations()
    return html.Section(
        [
            html.H3(t("admin.create.title"), className="h6 mt-3"),
            dbc.Row(
                [
                    dbc.Col([dbc.Label(t("admin.create.login"), html_for="admin-new-login"),
                             dbc.Input(id="admin-new-login", type="text", autocomplete="off", maxLength=64)], md=6),
                    dbc.Col([dbc.Label(t("admin.create.role"), html_for="admin-new-role"),
                             dbc.Select(id="admin-new-role", value="reception",
                                        options=[{"label": t(f"role.{r}"), "value": r} for r in USER_ROLES])], md=6),
                    dbc.Col([dbc.Label(t("admin.create.organisation"), html_for="admin-new-organisation"),
                             dbc.Select(id="admin-new-organisation", value=NO_ORGANISATION,
                                        options=[{"label": t("admin.create.organisation.none"),
                                                  "value": NO_ORGANISATION}]
                                        + [{"label": name, "value": str(oid)} for oid, name in organisations])],
                            md=6),
                    dbc.Col([dbc.Label(t("admin.create.staff"), html_for="admin-new-staff"),
                             dbc.Select(id="admin-new-staff", value=NO_STAFF, options=_staff_options(unbound=True))],
                            md=6),
                    dbc.Col([dbc.Label(t("admin.create.password"), html_for="admin-new-password"),
                             dbc.Input(id="admin-new-password", type="password", autocomplete="new-password")], md=6),
                ],
                className="g-2 mb-2",
            ),
            html.Button(t("admin.create.submit"), id="admin-create-user", type="button", className="btn btn-primary"),
        ],
        className="border rounded p-3 mb-3",
    )


@callback(
    Output("admin-message", "children"),
    Output("admin-users", "children"),
    Output("admin-new-password", "value"),
    Input("admin-create-user", "n_clicks"),
    State("admin-new-login", "value"),
    State("admin-new-role", "value"),
    State("admin-new-organisation", "value"),
    State("admin-new-password", "value"),
    State("admin-new-staff", "value"),
    prevent_initial_call=True,
)
@allow("admin")
def create_user(_clicks, login, role, organisation, password, staff=None):
    try:
        organisation_id = int(organisation) if organisation and organisation != NO_ORGANISATION else None
        staff_id = int(staff) if staff and staff != NO_STAFF else None
        actions.create_user(current_user().login, login, role, organisation_id, password or "", staff_id)
    except AdminError as error:
        return _error(error), dash.no_update, dash.no_update
    return _ok(t("admin.created", login=login.strip())), _users_table(), ""


def _staff_options(unbound: bool = False) -> list[dict]:
    """The team as choices: for a new team login only those without one yet."""
    rows = [r for r in actions.staff() if not (unbound and r.login)]
    return [{"label": t("admin.create.staff.none"), "value": NO_STAFF}] + [
        {"label": f"{r.name} ({r.email})" if r.email else r.name, "value": str(r.id)} for r in rows]


def _email_form() -> html.Section:
    """Where a team member's notices are mailed (the staff import sets it too)."""
    return html.Section(
        [
            dbc.Row(
                [
                    dbc.Col([dbc.Label(t("admin.email.staff"), html_for="admin-email-staff"),
                             dbc.Select(id="admin-email-staff", value=NO_STAFF, options=_staff_options())], md=6),
                    dbc.Col([dbc.Label(t("admin.email.address"), html_for="admin-email-value"),
                             dbc.Input(id="admin-email-value", type="email", autocomplete="off", maxLength=200)],
                            md=6),
                ],
                className="g-2 mb-2",
            ),
            html.Button(t("admin.email.submit"), id="admin-email-save", type="button", className="btn btn-primary"),
        ],
        className="border rounded p-3 mb-3",
    )


@callback(
    Output("admin-message", "children", allow_duplicate=True),
    Output("admin-email-staff", "options"),
    Input("admin-email-save", "n_clicks"),
    State("admin-email-staff", "value"),
    State("admin-email-value", "value"),
    prevent_initial_call=True,
)
@allow("admin")
def set_staff_email(_clicks, staff, email):
    if not _clicks:
        raise PreventUpdate
    try:
        name = actions.set_staff_email(current_user().login, None if staff == NO_STAFF else staff, email)
    except AdminError as error:
        return _error(error), dash.no_update
    return _ok(t("admin.email.saved" if (email or "").strip() else "admin.email.cleared", name=name)), _staff_options()


@callback(
    Output("admin-message", "children", allow_duplicate=True),
    Output("admin-users", "children", allow_duplicate=True),
    Input({"type": "admin-user-active", "user": ALL, "active": ALL}, "n_clicks"),
    prevent_initial_call=True,
)
@allow("admin")
def switch_user_active(_clicks):
    trigger = _clicked()
    user = current_user()
    try:
        login = actions.set_active(user.login, user.id, int(trigger["user"]), bool(trigger["active"]))
    except AdminError as error:
        return _error(error), dash.no_update
    key = "admin.activated" if trigger["active"] else "admin.deactivated"
    return _ok(t(key, login=login)), _users_table()


# --- device tokens -------------------------------------------------------------------------
def _device_form() -> html.Div:
    places = [{"label": t("admin.devices.place.none"), "value": NO_PLACE}] + [
        {"label": t(f"location.{code}") if f"location.{code}" in CATALOGUE else code, "value": str(pid)}
        for pid, code in actions.places()]
    return html.Div(
        [
            html.Div([dbc.Label(t("admin.devices.name"), html_for="admin-device-name"),
                      dbc.Input(id="admin-device-name", type="text", maxLength=80)], className="me-2"),
            html.Div([dbc.Label(t("admin.devices.place"), html_for="admin-device-place"),
                      dbc.Select(id="admin-device-place", options=places,
                                 value=places[1]["value"] if len(places) > 1 else NO_PLACE)], className="me-2"),
            html.Button(t("admin.devices.create"), id="admin-create-device", type="button",
                        className="btn btn-primary align-self-end"),
        ],
        className="d-flex mb-2",
    )


def _devices_table():
    devices = actions.devices()
    if not devices:
        return html.P(t("admin.devices.none"))
    rows = [
        html.Tr([
            html.Th(d.name, scope="row"),
            html.Td(_place_name(d.place)),
            html.Td(fmt_datetime(d.created_at)),
            html.Td(d.created_by),
            html.Td(fmt_datetime(d.last_used_at) if d.last_used_at else t("admin.never")),
            html.Td(t("admin.status.revoked", when=fmt_datetime(d.revoked_at)) if d.revoked_at
                    else t("admin.status.active")),
            html.Td(None if d.revoked_at else html.Button(
                t("admin.devices.revoke"), type="button", className="btn btn-outline-danger btn-sm",
                id={"type": "admin-device-revoke", "device": d.id},
                **{"aria-label": t("admin.devices.revoke.label", name=d.name)},
            )),
        ])
        for d in devices
    ]
    return _table(["admin.col.name", "admin.col.place", "admin.col.created", "admin.col.created_by",
                   "admin.col.last_used", "admin.col.status", "admin.col.action"], rows, "admin-devices-table")


def _place_name(code: str | None) -> str:
    if code is None:
        return t("admin.devices.place.unbound")
    return t(f"location.{code}") if f"location.{code}" in CATALOGUE else code


@callback(
    Output("admin-device-token", "children"),
    Output("admin-devices", "children"),
    Output("admin-device-name", "value"),
    Input("admin-create-device", "n_clicks"),
    State("admin-device-name", "value"),
    State("admin-device-place", "value"),
    prevent_initial_call=True,
)
@allow("admin")
def create_device_token(_clicks, name, place):
    try:
        location_id = None if place in (None, "", NO_PLACE) else int(place)
    except (TypeError, ValueError):
        location_id = -1  # refused by the service, naming the field
    try:
        name, token = actions.create_device(current_user().login, name, location_id)
    except AdminError as error:
        return _error(error), dash.no_update, dash.no_update
    shown = html.Div([
        dbc.Label(t("admin.devices.token", name=name), html_for="admin-new-token"),
        dbc.Input(id="admin-new-token", value=token, readonly=True, type="text"),
    ])
    return shown, _devices_table(), ""


@callback(
    Output("admin-message", "children", allow_duplicate=True),
    Output("admin-devices", "children", allow_duplicate=True),
    Input({"type": "admin-device-revoke", "device": ALL}, "n_clicks"),
    prevent_initial_call=True,
)
@allow("admin")
def revoke_device_token(_clicks):
    name = actions.revoke_device(current_user().login, int(_clicked()["device"]))
    if name is None:
        raise PreventUpdate
    return _ok(t("admin.devices.revoked", name=name)), _devices_table()


# --- calendar tokens -----------------------------------------------------------------------
def _calendars_table() -> dbc.Table:
    rows = []
    for c in actions.calendars():
        buttons = [html.Button(t("admin.calendars.renew"), type="button", className="btn btn-outline-primary btn-sm me-2",
                               id={"type": "admin-calendar", "organisation": c.organisation_id, "do": "renew"},
                               **{"aria-label": t("admin.calendars.renew.label", name=c.organisation)})]
        if c.active_since:
            buttons.append(html.Button(
                t("admin.calendars.revoke"), type="button", className="btn btn-outline-danger btn-sm",
                id={"type": "admin-calendar", "organisation": c.organisation_id, "do": "revoke"},
                **{"aria-label": t("admin.calendars.revoke.label", name=c.organisation)}))
        rows.append(html.Tr([
            html.Th(c.organisation, scope="row"),
            html.Td(t("admin.calendars.active", when=fmt_datetime(c.active_since)) if c.active_since
                    else t("admin.calendars.inactive")),
            html.Td(buttons),
        ]))
    return _table(["admin.col.organisation", "admin.col.subscription", "admin.col.action"], rows,
                  "admin-calendars-table")


@callback(
    Output("admin-calendar-url", "children"),
    Output("admin-calendars", "children"),
    Input({"type": "admin-calendar", "organisation": ALL, "do": ALL}, "n_clicks"),
    prevent_initial_call=True,
)
@allow("admin")
def manage_calendar_token(_clicks):
    trigger = _clicked()
    organisation_id, actor = int(trigger["organisation"]), current_user().login
    name = dict(actions.partner_organisations()).get(organisation_id)
    if name is None:
        raise PreventUpdate
    if trigger["do"] == "revoke":
        partner_portal.revoke_calendar(actor, organisation_id)
        return _ok(t("admin.calendars.revoked", name=name)), _calendars_table()
    token = partner_portal.renew_calendar(actor, organisation_id)
    shown = html.Div([
        dbc.Label(t("admin.calendars.url", name=name), html_for="admin-calendar-new-url"),
        dbc.Input(id="admin-calendar-new-url", readonly=True, type="text",
                  value=f"{flask.request.host_url}calendar/{token}.ics"),
    ])
    return shown, _calendars_table()


# --- audit log -----------------------------------------------------------------------------
def _audit_table(filter_text):
    """The audit log as a grid: sortable and filterable by every column, the latest first."""
    events = actions.audit(filter_text, words=audit_words)
    rows = [
        {"at": e.at.isoformat(), "when": fmt_datetime(e.at), "actor": e.actor, "what": audit_words(e.action),
         "code": e.action,
         "entity": " ".join(filter(None, (audit_words(e.entity, "entity"),
                                          None if e.entity_id is None else str(e.entity_id))))}
        for e in events
    ]
    columns = [("at", t("admin.col.when")), ("actor", t("admin.col.actor")), ("what", t("admin.col.what")),
               ("entity", t("admin.col.entity"))]
    return html.Div([
        html.P(t("admin.audit.text", n=len(events)), className="small"),
        data_grid("admin-audit-table", columns, rows, shown_as={"at": "when"}),
    ])


@callback(
    Output("admin-audit", "children"),
    Input("admin-audit-filter", "value"),
    prevent_initial_call=True,
)
@allow("admin")
def filter_audit_log(text):
    return _audit_table(text)


def audit_words(code: str, kind: str = "action") -> str:
    """What an audit code means in the interface's language; the code itself when it is new."""
    key = f"audit.{kind}.{code}"
    return t(key) if key in CATALOGUE else code


# --- helpers -------------------------------------------------------------------------------
def _clicked() -> dict:
    """The pattern id of the button pressed; new rows (n_clicks None) are no click."""
    if not any(item.get("value") for item in ctx.triggered) or not isinstance(ctx.triggered_id, dict):
        raise PreventUpdate
    return ctx.triggered_id


def _ok(text: str) -> dbc.Alert:
    return dbc.Alert(text, color="success", className="py-2")


def _error(error: AdminError) -> html.Div:
    return html.Div(t(f"admin.error.{error.field}.{error.code}"), role="alert", className="alert alert-danger py-2")


def _table(header_keys, rows, table_id) -> dbc.Table:
    return dbc.Table([html.Thead(html.Tr([html.Th(t(k), scope="col") for k in header_keys])), html.Tbody(rows)],
                     id=table_id, striped=True, size="sm", className="align-middle")
