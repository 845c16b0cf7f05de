"""Partner portal: a partner organisation's published shifts, named, confirmed or declined.

A partner sees only its own organisation; which one is always read from the server-side
session (current_user().organisation_id), never from a component. Coordination and
admin see every organisation's shifts with their confirmation state instead.
"""

from __future__ import annotations

import datetime as dt

import dash
import dash_bootstrap_components as dbc
import flask
from babel.dates import format_date
from dash import MATCH, Input, Output, State, callback, ctx, html

from dashboard.partner.cover import cover_requests
from dashboard.services import partner_portal as portal
from dashboard.web.auth import allow, current_user, restricted, session_user
from dashboard.texts.i18n import CATALOGUE, current_language, fmt_date, fmt_datetime, t
from dashboard.planner.views import refusal_lines
from dashboard.services.partner_portal import DECLINE_REASON_MAX, AssignmentError, ShiftRow
from dashboard.web.api.shift_calendar import task_label
from dashboard.components.pressed import pressed_button
from planner import clock

dash.register_page(__name__, path="/partner", order=4, title="MigraDo Ops")

STATE_ICONS = {"pending": "○", "confirmed": "✓", "declined": "✗"}
STATE_COLOURS = {"pending": "warning", "confirmed": "success", "declined": "danger"}


@restricted("/partner")
def layout(**_query):
    user = session_user()
    if user.role == "partner":
        return _partner_view(user.organisation_id)
    return _coordination_view()


# --- the partner's view -------------------------------------------------------------------
def _partner_view(organisation_id: int) -> html.Div:
    today = clock.today()
    rows = portal.shifts(organisation_id, today)
    members = portal.members(organisation_id, today)
    return html.Div(
        [
            html.H1(t("partner.title"), className="h3"),
            html.P(t("partner.intro", organisation=portal.organisation_name(organisation_id),
                     until=fmt_date(portal.horizon(today)[1]))),
            html.A(t("partner.download"), href="/partner/shifts.ics", className="btn btn-outline-primary mb-3",
                   download="migrado-dienste.ics"),
            html.H2(t("partner.shifts.title"), className="h5"),
            _partner_table(rows, members) if rows else html.P(t("partner.none")),
            cover_requests(organisation_id, today),
            _calendar_section(organisation_id),
        ]
    )


def _partner_table(rows: list[ShiftRow], members) -> dbc.Table:
    header = ["partner.col.week", "partner.col.date", "partner.col.place", "partner.col.time", "partner.col.task",
              "partner.col.person", "partner.col.state", "partner.col.answer"]
    body = [_partner_row(row, members) for row in rows]
    return dbc.Table([_thead(header), html.Tbody(body)], id="partner-table", striped=True, size="sm",
                     className="align-middle")


def _partner_row(row: ShiftRow, members) -> html.Tr:
    date = _day(row.day)
    person = html.Label(
        [
            html.Span(t("partner.person.label", date=date), className="visually-hidden"),
            dbc.Select(
                id={"type": "partner-person", "id": row.id},
                options=[{"label": m.name, "value": str(m.id)} for m in members],
                value=str(row.staff_id) if row.staff_id else None,
                placeholder=t("partner.person.choose"), size="sm",
            ),
        ],
        className="d-block",
    )
    answer = html.Div(
        [
            html.Label(
                [
                    html.Span(t("partner.reason.label", date=date), className="visually-hidden"),
                    dbc.Input(id={"type": "partner-reason", "id": row.id}, type="text", size="sm",
                              maxLength=DECLINE_REASON_MAX, placeholder=t("partner.reason.placeholder")),
                ],
                className="me-2 flex-grow-1",
            ),
            html.Button(t("partner.confirm"), id={"type": "partner-confirm", "id": row.id}, type="button",
                        className="btn btn-success btn-sm me-2",
                        **{"aria-label": t("partner.confirm.label", date=date)}),
            html.Button(t("partner.decline"), id={"type": "partner-decline", "id": row.id}, type="button",
                        className="btn btn-outline-danger btn-sm",
                        **{"aria-label": t("partner.decline.label", date=date)}),
        ],
        className="d-flex align-items-center",
    )
    return html.Tr(
        [
            html.Td(t("partner.week", week=row.day.isocalendar()[1])),
            html.Th(date, scope="row"),
            html.Td(t(f"location.{row.location_code}") if f"location.{row.location_code}" in CATALOGUE
                    else row.location_name),
            html.Td(_time(row)),
            html.Td(task_label(row.task)),
            html.Td(person),
            html.Td(_state(row), id={"type": "partner-state", "id": row.id}),
            html.Td(answer),
        ]
    )


@callback(
    Output({"type": "partner-state", "id": MATCH}, "children"),
    Input({"type": "partner-confirm", "id": MATCH}, "n_clicks"),
    Input({"type": "partner-decline", "id": MATCH}, "n_clicks"),
    Input({"type": "partner-person", "id": MATCH}, "value"),
    State({"type": "partner-reason", "id": MATCH}, "value"),
    prevent_initial_call=True,
)
@allow("partner")
def answer_shift(_confirm, _decline, person, reason):
    """Name the person, confirm or decline one shift of the user's own organisation."""
    trigger = pressed_button()
    user = current_user()
    organisation_id, assignment_id, today = user.organisation_id, int(trigger["id"]), clock.today()
    staff_id = int(person) if person else None
    try:
        if trigger["type"] == "partner-person":
            portal.name_person(user.login, organisation_id, assignment_id, staff_id)
        elif trigger["type"] == "partner-confirm":
            portal.confirm(user.login, organisation_id, assignment_id, staff_id)
        else:
            portal.decline(user.login, organisation_id, assignment_id, reason or "")
    except AssignmentError as error:
        words = [t(f"partner.error.{error.field}.{error.code}")]
        if isinstance(error, portal.RuleBreach):  # which rule, for whom, on which day
            words.append(html.Ul([html.Li(line) for line in refusal_lines(error)], className="mb-0"))
        problem = html.Div(words, role="alert", className="alert alert-danger py-1 px-2 mb-0 small")
        row = portal.shift(assignment_id, organisation_id, today)
        return [_state(row), problem] if row else problem
    return _state(portal.shift(assignment_id, organisation_id, today))


# --- calendar subscription (partner) ------------------------------------------------------
def _calendar_section(organisation_id: int) -> html.Section:
    return html.Section(
        [
            html.H2(t("partner.calendar.title"), className="h5 mt-4"),
            html.P(t("partner.calendar.text")),
            html.P(_calendar_status(organisation_id), id="partner-cal-status"),
            html.Button(t("partner.calendar.renew"), id="partner-cal-renew", type="button",
                        className="btn btn-outline-primary me-2"),
            html.Button(t("partner.calendar.revoke"), id="partner-cal-revoke", type="button",
                        className="btn btn-outline-danger"),
            html.Div(id="partner-cal-output", className="mt-3", role="status", **{"aria-live": "polite"}),
        ],
        className="mt-4",
    )


def _calendar_status(organisation_id: int) -> str:
    since = portal.calendar_since(organisation_id)
    return t("partner.calendar.active", when=fmt_datetime(since)) if since else t("partner.calendar.inactive")


@callback(
    Output("partner-cal-status", "children"),
    Output("partner-cal-output", "children"),
    Input("partner-cal-renew", "n_clicks"),
    Input("partner-cal-revoke", "n_clicks"),
    prevent_initial_call=True,
)
@allow("partner")
def manage_calendar_subscription(_renew, _revoke):
    user = current_user()
    organisation_id = user.organisation_id
    if ctx.triggered_id == "partner-cal-revoke":
        portal.revoke_calendar(user.login, organisation_id)
        return _calendar_status(organisation_id), dbc.Alert(t("partner.calendar.revoked"), color="info")
    token = portal.renew_calendar(user.login, organisation_id)
    url = f"{flask.request.host_url}calendar/{token}.ics"
    shown = html.Div(
        [
            dbc.Alert(t("partner.calendar.renewed"), color="success"),
            dbc.Label(t("partner.calendar.url"), html_for="partner-cal-url"),
            dbc.Input(id="partner-cal-url", value=url, readonly=True, type="text"),
        ]
    )
    return _calendar_status(organisation_id), shown


# --- coordination's view ------------------------------------------------------------------
def _coordination_view() -> html.Div:
    today = clock.today()
    organisations = portal.partner_organisations()
    return html.Div(
        [
            html.H1(t("partner.title"), className="h3"),
            html.H2(t("partner.overview.title"), className="h5"),
            html.P(t("partner.overview.text", until=fmt_date(portal.horizon(today)[1]))),
            _counts_table(organisations, portal.confirmation_counts(today)),
            html.Div(
                [
                    dbc.Label(t("partner.overview.filter"), html_for="partner-filter"),
                    dbc.Select(
                        id="partner-filter", value="all",
                        options=[{"label": t("partner.overview.all"), "value": "all"}]
                        + [{"label": name, "value": str(oid)} for oid, name in organisations],
                    ),
                ],
                className="mb-3",
                style={"maxWidth": "28rem"},
            ),
            html.Div(id="partner-download"),
            html.Div(id="partner-all", children=_all_table(portal.shifts(None, today))),
        ]
    )


def _counts_table(organisations, counts) -> dbc.Table:
    header = ["partner.col.organisation", "partner.state.pending", "partner.state.confirmed", "partner.state.declined"]
    rows = [
        html.Tr([html.Th(name, scope="row")]
                + [html.Td(str(counts.get(oid, {}).get(s, 0))) for s in ("pending", "confirmed", "declined")])
        for oid, name in organisations
    ]
    return dbc.Table([_thead(header), html.Tbody(rows)], id="partner-counts", size="sm", className="w-auto")


@callback(
    Output("partner-all", "children"),
    Output("partner-download", "children"),
    Input("partner-filter", "value"),
    prevent_initial_call=True,
)
@allow("coordination", "admin")
def filter_shifts(organisation):
    organisation_id = int(organisation) if organisation and organisation != "all" else None
    link = html.A(t("partner.overview.download"), href=f"/partner/shifts.ics?organisation={organisation_id}",
                  className="btn btn-outline-primary btn-sm mb-3") if organisation_id else None
    return _all_table(portal.shifts(organisation_id, clock.today())), link


def _all_table(rows: list[ShiftRow]):
    if not rows:
        return html.P(t("partner.none"))
    header = ["partner.col.week", "partner.col.date", "partner.col.time", "partner.col.place",
              "partner.col.organisation", "partner.col.task", "partner.col.person", "partner.col.state"]
    body = [
        html.Tr(
            [
                html.Td(t("partner.week", week=r.day.isocalendar()[1])),
                html.Th(_day(r.day), scope="row"),
                html.Td(_time(r)),
                html.Td(t(f"location.{r.location_code}") if f"location.{r.location_code}" in CATALOGUE
                        else r.location_name),
                html.Td(r.organisation_name),
                html.Td(task_label(r.task)),
                html.Td(r.staff_name or t("partner.person.none")),
                html.Td(_state(r)),
            ]
        )
        for r in rows
    ]
    return dbc.Table([_thead(header), html.Tbody(body)], id="partner-all-table", striped=True, size="sm")


# --- shared pieces ----------------------------------------------------------------------------
def _thead(keys) -> html.Thead:
    return html.Thead(html.Tr([html.Th(t(k), scope="col") for k in keys]))


def _day(day: dt.date) -> str:
    lang = current_language()
    pattern = "EEE, dd.MM.yyyy" if lang == "de" else "EEE, dd/MM/yyyy"
    return format_date(day, pattern, locale="de_DE" if lang == "de" else "en_GB")


def _time(row: ShiftRow) -> str:
    return t("partner.time", start=row.starts_at.strftime("%H:%M"), end=row.ends_at.strftime("%H:%M"))


def _state(row: ShiftRow | None):
    """The confirmation state in words with an icon: never colour alone."""
    if row is None:
        return None
    parts = [
        dbc.Badge([html.Span(STATE_ICONS[row.confirmation], **{"aria-hidden": "true"}), " ",
                   t(f"partner.state.{row.confirmation}")],
                  color=STATE_COLOURS[row.confirmation],
                  text_color="dark" if row.confirmation == "pending" else None,
                  className="partner-state"),
    ]
    if row.confirmation != "pending" and row.confirmed_by and row.confirmed_at:
        parts.append(html.Div(t("partner.state.by", who=row.confirmed_by, when=fmt_datetime(row.confirmed_at)),
                              className="small"))
    if row.confirmation == "declined" and row.decline_reason:
        parts.append(html.Div(t("partner.state.reason", reason=row.decline_reason), className="small"))
    return parts
