"""My shifts (/meine-schichten): a team member's own published shifts (phone-friendly list),
their calendar, the replacement requests made to them, and their leave requests.

Who the person is comes only from the server-side session (`current_user().staff_id`, set
at login from the login's staff record), never from a component: a forged callback that
names another person's offer finds nothing.
"""

from __future__ import annotations

import datetime as dt
from itertools import groupby

import dash
import dash_bootstrap_components as dbc
from dash import MATCH, Input, Output, State, callback, ctx, html
from dash.exceptions import PreventUpdate

from dashboard.replacements.page import day_label
from dashboard.services import own_shifts, replacements
from dashboard.texts.i18n import CATALOGUE, current_language, fmt_date, fmt_datetime, fmt_hours, t
from dashboard.web.api.shift_calendar import task_label
from dashboard.web import notice_mail
from dashboard.web.auth import allow, current_user, restricted, session_user
from dashboard.components.pressed import pressed_button
from planner import clock

dash.register_page(__name__, path="/meine-schichten", order=5, title="MigraDo Ops")


def _place(code: str) -> str:
    return t(f"location.{code}") if f"location.{code}" in CATALOGUE else code


def _time(start: dt.time, end: dt.time) -> str:
    return t("own.time", start=start.strftime("%H:%M"), end=end.strftime("%H:%M"))


@restricted("/meine-schichten")
def layout(**_query):
    user = session_user()
    if not user.staff_id:
        from dashboard.components.placeholder import forbidden

        return forbidden()
    today = clock.today()
    staff_id = user.staff_id
    return html.Div(
        [
            html.H1(t("own.title"), className="h3"),
            html.P(t("own.intro", name=own_shifts.my_name(staff_id))),
            html.A(t("own.download"), href="/meine-schichten.ics", className="btn btn-outline-primary mb-3",
                   download="meine-schichten.ics"),
            _calendar(staff_id),
            html.Section([html.H2(t("own.offers.title"), className="h5"), _offers(staff_id, today)],
                         className="mb-4"),
            html.Section([html.H2(t("own.notices.title"), className="h5"), _notices(staff_id)], className="mb-4"),
            html.Section(_shifts(staff_id, today), className="mb-4", id="own-shifts"),
            html.Section(_hours(staff_id, today), className="mb-4"),
            html.Section(_wishes(staff_id, today), className="mb-4"),
            html.Section(_leave(staff_id), className="mb-4"),
        ],
        style={"maxWidth": "48rem"},
    )


def _shifts(staff_id: int, today: dt.date):
    rows = own_shifts.my_shifts(staff_id, today)
    if not rows:
        return [html.P(t("own.none"))]
    english = current_language() == "en"
    colleagues = [(i, n) for i, n in replacements.team_members(today) if i != str(staff_id)]
    out = []
    for week, items in groupby(rows, key=lambda r: r.day.isocalendar()[1]):
        entries = [
            html.Li(
                [
                    html.Strong(day_label(r.day), className="d-block"),
                    html.Span(t("own.shift", time=_time(r.starts_at, r.ends_at), place=_place(r.place),
                                template=(r.template_name_en if english else r.template_name) or r.template,
                                task=task_label(r.task))),
                    _give_away(r, colleagues) if r.day > today else None,
                ],
                className="list-group-item" + (" list-group-item-primary" if r.day == today else ""),
            )
            for r in items
        ]
        out.append(html.H2(t("own.week", week=week), className="h6 mt-3"))
        out.append(html.Ul(entries, className="list-group"))
    return out


def _give_away(row, colleagues):
    day = day_label(row.day)
    return html.Details(
        [
            html.Summary(t("own.give"), className="small text-primary"),
            html.Div(
                [
                    html.Label([html.Span(t("own.give.to", day=day), className="visually-hidden"),
                                dbc.Select(id={"type": "swap-to", "id": row.id}, size="sm", value="",
                                           options=[{"label": t("own.give.anyone"), "value": ""}]
                                           + [{"label": n, "value": i} for i, n in colleagues])],
                               className="me-2 flex-grow-1"),
                    html.Button(t("own.give"), id={"type": "swap-give", "id": row.id}, type="button",
                                className="btn btn-outline-primary btn-sm", **{"aria-label": t("own.give.label", day=day)}),
                ],
                className="d-flex align-items-center mt-1",
            ),
            html.Div(id={"type": "swap-give-msg", "id": row.id}, role="status", className="small mt-1"),
        ],
        className="mt-1",
    )


@callback(
    Output({"type": "swap-give-msg", "id": MATCH}, "children"),
    Input({"type": "swap-give", "id": MATCH}, "n_clicks"),
    State({"type": "swap-to", "id": MATCH}, "value"),
    prevent_initial_call=True,
)
@allow("team")
def give_away(_clicks, colleague):
    """Offer one of the signed-in person's shifts to a named colleague or to whoever may."""
    trigger = pressed_button()
    user = current_user()
    if not user.staff_id:
        raise PreventUpdate
    found = replacements.give_away(user.staff_id, trigger["id"], colleague or None, by=user.login, today=clock.today())
    if isinstance(found, replacements.Problem):
        if found.code == "rule":
            text = t("own.problem.rule.named", value=found.value, rule=t(f"rep.rule.{found.field}"))
            return html.Div(text, role="alert", className="alert alert-danger py-1 px-2 mb-0")
        return _problem(found)
    notice_mail.send_pending()
    return html.Div(t("own.give.sent", n=len(found)), className="alert alert-success py-1 px-2 mb-0")


def _notices(staff_id: int):
    from dashboard.web.notice_mail import words

    notices = replacements.my_notices(staff_id)
    if not notices:
        return html.P(t("own.notices.none"))
    return html.Ul([html.Li(t(f"notice.{n.kind}", **words(n, None)), className="list-group-item small") for n in notices],
                   className="list-group")


def _offers(staff_id: int, today: dt.date):
    offers = [o for o in replacements.my_offers(staff_id, today) if o.status == "asked" and o.open_status == "open"]
    if not offers:
        return html.P(t("own.offers.none"))
    items = []
    for o in offers:
        day = day_label(o.day)
        items.append(html.Li(
            [
                html.Span(t("own.offer", day=day, time=_time(o.starts_at, o.ends_at), place=_place(o.place),
                            task=task_label(o.task)), className="d-block mb-2"),
                html.Button(t("own.accept"), id={"type": "offer-accept", "id": o.id}, type="button",
                            className="btn btn-success me-2", **{"aria-label": t("own.accept.label", day=day)}),
                html.Button(t("own.decline"), id={"type": "offer-decline", "id": o.id}, type="button",
                            className="btn btn-outline-secondary", **{"aria-label": t("own.decline.label", day=day)}),
                html.Div(id={"type": "offer-msg", "id": o.id}, role="status", className="mt-2"),
            ],
            className="list-group-item",
        ))
    return html.Ul(items, className="list-group")


@callback(
    Output({"type": "offer-msg", "id": MATCH}, "children"),
    Input({"type": "offer-accept", "id": MATCH}, "n_clicks"),
    Input({"type": "offer-decline", "id": MATCH}, "n_clicks"),
    prevent_initial_call=True,
)
@allow("team")
def answer_offer(_accept, _decline):
    """Take or decline an offer made to the signed-in person (staff id from the session)."""
    trigger = pressed_button()
    user = current_user()
    if not user.staff_id:
        raise PreventUpdate
    if trigger["type"] == "offer-accept":
        found = replacements.accept(trigger["id"], user.staff_id, by=user.login)
        if isinstance(found, replacements.Problem):
            return _problem(found)
        notice_mail.send_pending()
        text = t("own.accepted.swap") if found is None else t("own.accepted", version=found)
        return html.Div(text, className="alert alert-success py-1 px-2 mb-0")
    problem = replacements.decline(trigger["id"], user.staff_id, by=user.login)
    return _problem(problem) if problem else t("own.declined")


def _problem(problem) -> html.Div:
    if problem.code == "rule":
        text = t("own.problem.rule", rule=t(f"rep.rule.{problem.field}"))
    else:
        text = t(f"own.problem.{problem.code}.{problem.field}")
    return html.Div(text, role="alert", className="alert alert-danger py-1 px-2 mb-0")


# --- leave ----------------------------------------------------------------------------------------
def _leave(staff_id: int):
    return [
        html.H2(t("own.leave.title"), className="h5"),
        dbc.Row(
            [
                dbc.Col([dbc.Label(t("own.leave.from"), html_for="own-leave-from"),
                         dbc.Input(id="own-leave-from", type="date")], xs=6, md=3),
                dbc.Col([dbc.Label(t("own.leave.to"), html_for="own-leave-to"),
                         dbc.Input(id="own-leave-to", type="date")], xs=6, md=3),
                dbc.Col([dbc.Label(t("own.leave.note"), html_for="own-leave-note"),
                         dbc.Input(id="own-leave-note", type="text", maxLength=own_shifts.NOTE_MAX)], md=6),
            ],
            className="g-2",
        ),
        html.Button(t("own.leave.submit"), id="own-leave-submit", type="button", className="btn btn-primary mt-2"),
        html.Div(id="own-leave-msg", role="status", className="mt-2"),
        html.H3(t("own.leave.mine"), className="h6 mt-3"),
        html.Div(_my_leave(staff_id), id="own-leave-list"),
    ]


def _my_leave(staff_id: int):
    rows = own_shifts.my_leave(staff_id)
    if not rows:
        return html.P(t("own.leave.none"))
    return html.Ul([html.Li(t("own.leave.row", start=fmt_date(r.starts_on), end=fmt_date(r.ends_on),
                                status=t(f"own.leave.status.{r.status}")), className="list-group-item")
                    for r in rows], className="list-group")


@callback(
    Output("own-leave-msg", "children"),
    Output("own-leave-list", "children"),
    Input("own-leave-submit", "n_clicks"),
    State("own-leave-from", "value"),
    State("own-leave-to", "value"),
    State("own-leave-note", "value"),
    prevent_initial_call=True,
)
@allow("team")
def request_leave(_clicks, start, end, note):
    if not _clicks:
        raise PreventUpdate
    user = current_user()
    if not user.staff_id:
        raise PreventUpdate
    problem = own_shifts.request_leave(user.staff_id, start, end, note, by=user.login, today=clock.today())
    if problem is not None:
        return (html.Div(t(f"own.problem.{problem.code}.{problem.field}"), role="alert",
                         className="alert alert-danger py-1 px-2 mb-0"), dash.no_update)
    return html.Div(t("own.leave.sent"), className="alert alert-success py-1 px-2 mb-0"), _my_leave(user.staff_id)


# --- availability and wishes ----------------------------------------------------------------------
def _wishes(staff_id: int, today: dt.date):
    return [
        html.H2(t("own.wish.title"), className="h5"),
        html.P(t("own.wish.intro"), className="small"),
        dbc.Row(
            [
                dbc.Col([dbc.Label(t("own.wish.day"), html_for="own-wish-day"),
                         dbc.Input(id="own-wish-day", type="date")], xs=6, md=3),
                dbc.Col([dbc.Label(t("own.wish.kind"), html_for="own-wish-kind"),
                         dbc.Select(id="own-wish-kind", value="unavailable", options=[
                             {"label": t(f"own.wish.kind.{k}"), "value": k} for k in own_shifts.WISH_KINDS])],
                        xs=6, md=3),
            ],
            className="g-2",
        ),
        html.Button(t("own.wish.submit"), id="own-wish-submit", type="button", className="btn btn-primary mt-2"),
        html.Div(id="own-wish-msg", role="status", className="mt-2"),
        html.H3(t("own.wish.mine"), className="h6 mt-3"),
        html.Div(_my_wishes(staff_id, today), id="own-wish-list"),
    ]


def _my_wishes(staff_id: int, today: dt.date):
    rows = own_shifts.my_wishes(staff_id, today)
    if not rows:
        return html.P(t("own.wish.none"))
    return html.Ul([html.Li(t("own.wish.row", day=day_label(w.day), kind=t(f"own.wish.kind.{w.kind}")),
                            className="list-group-item") for w in rows], className="list-group")


@callback(
    Output("own-wish-msg", "children"),
    Output("own-wish-list", "children"),
    Input("own-wish-submit", "n_clicks"),
    State("own-wish-day", "value"),
    State("own-wish-kind", "value"),
    prevent_initial_call=True,
)
@allow("team")
def add_wish(_clicks, day, kind):
    if not _clicks:
        raise PreventUpdate
    user = current_user()
    if not user.staff_id:
        raise PreventUpdate
    today = clock.today()
    problem = own_shifts.add_own_wish(user.staff_id, day, kind, by=user.login, today=today)
    if problem is not None:
        return (html.Div(t(f"own.problem.{problem.code}.{problem.field}"), role="alert",
                         className="alert alert-danger py-1 px-2 mb-0"), dash.no_update)
    return html.Div(t("own.wish.saved"), className="alert alert-success py-1 px-2 mb-0"), _my_wishes(user.staff_id, today)


def _hours(staff_id: int, today: dt.date):
    rows = own_shifts.my_hour_account(staff_id, today)
    head = html.Thead(html.Tr([html.Th(t(f"hours.col.{c}"), scope="col")
                               for c in ("week", "planned", "target", "difference", "balance")]))
    body = html.Tbody([
        html.Tr([html.Th(t("own.week", week=r.monday.isocalendar()[1]), scope="row"), html.Td(fmt_hours(r.planned)),
                 html.Td(fmt_hours(r.target)), html.Td(fmt_hours(r.difference, signed=True)), html.Td(fmt_hours(r.balance, signed=True))])
        for r in rows
    ])
    return [html.H2(t("own.hours.title"), className="h5"), html.P(t("own.hours.intro"), className="small"),
            dbc.Table([head, body], size="sm", striped=True, responsive=True, className="w-auto", id="own-hours")]


# --- calendar subscription ----------------------------------------------------------------------
def _calendar_status(staff_id: int) -> str:
    since = own_shifts.calendar_since(staff_id)
    return t("own.calendar.active", when=fmt_datetime(since)) if since else t("own.calendar.inactive")


def _calendar(staff_id: int) -> html.Section:
    return html.Section(
        [
            html.H2(t("own.calendar.title"), className="h5"),
            html.P(t("own.calendar.text"), className="small"),
            html.P(_calendar_status(staff_id), id="own-cal-status"),
            html.Button(t("own.calendar.renew"), id="own-cal-renew", type="button", className="btn btn-outline-primary me-2"),
            html.Button(t("own.calendar.revoke"), id="own-cal-revoke", type="button", className="btn btn-outline-danger"),
            html.Div(id="own-cal-output", className="mt-2", role="status"),
        ],
        className="mb-4",
    )


@callback(
    Output("own-cal-status", "children"),
    Output("own-cal-output", "children"),
    Input("own-cal-renew", "n_clicks"),
    Input("own-cal-revoke", "n_clicks"),
    prevent_initial_call=True,
)
@allow("team")
def manage_own_calendar(_renew, _revoke):
    import flask

    user = current_user()
    if not user.staff_id or not any(i.get("value") for i in ctx.triggered):
        raise PreventUpdate
    if ctx.triggered_id == "own-cal-revoke":
        own_shifts.revoke_calendar(user.staff_id, by=user.login)
        return _calendar_status(user.staff_id), t("own.calendar.revoked")
    token = own_shifts.renew_calendar(user.staff_id, by=user.login)
    url = f"{flask.request.host_url}calendar/{token}.ics"
    return _calendar_status(user.staff_id), html.Div([
        dbc.Label(t("own.calendar.url"), html_for="own-cal-url"),
        dbc.Input(id="own-cal-url", value=url, readonly=True, type="text"),
    ])
