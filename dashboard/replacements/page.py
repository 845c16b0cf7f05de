"""Sick calls and cover (/ausfall): record an absence after publishing, see what it leaves
open, ask ranked colleagues, and decide leave requests. Coordination and admin only; every
callback checks the role on the server (dashboard/web/auth.py)."""

from __future__ import annotations

import datetime as dt

import dash
import dash_bootstrap_components as dbc
from dash import MATCH, Input, Output, State, callback, html
from dash.exceptions import PreventUpdate

from dashboard.replacements import replan_view
from dashboard.services import own_shifts, replacements
from dashboard.services import replan as replanning
from dashboard.texts.i18n import CATALOGUE, current_language, fmt_date, fmt_hours, t
from dashboard.web.api.shift_calendar import task_label
from dashboard.web import notice_mail
from dashboard.web.auth import allow, current_user, restricted
from dashboard.components.pressed import pressed_button
from planner import clock

dash.register_page(__name__, path="/ausfall", order=4, title="MigraDo Ops")

PRESELECTED = 3  # the first eligible proposals are ticked
SHOWN_INELIGIBLE = 4  # who cannot, and why: a few, for orientation


def _place(code: str) -> str:
    return t(f"location.{code}") if f"location.{code}" in CATALOGUE else code


def day_label(day: dt.date) -> str:
    """A short day with its weekday, "Di., 08.12." (German) or "Tue, 08/12"."""
    from babel.dates import format_date

    lang = current_language()
    return format_date(day, "EEE, dd.MM." if lang == "de" else "EEE, dd/MM", locale="de_DE" if lang == "de" else "en_GB")


def _hm(value: dt.time) -> str:
    return value.strftime("%H:%M")


def _day(day: dt.date) -> str:
    return day_label(day)


@restricted("/ausfall")
def layout(**_query):
    today = clock.today()
    if current_user().role == "leadership":
        # Leadership looks on: the team's hour balances, nothing to record or decide.
        return html.Div([html.H1(t("rep.title"), className="h3"), html.Section(_team_hours(today))])
    people = replacements.team_members(today)
    return html.Div(
        [
            html.H1(t("rep.title"), className="h3"),
            html.P(t("rep.intro")),
            html.Section(
                [
                    html.H2(t("rep.form.title"), className="h5"),
                    dbc.Row(
                        [
                            dbc.Col([dbc.Label(t("rep.person"), html_for="rep-person"),
                                     dbc.Select(id="rep-person", options=[{"label": n, "value": i} for i, n in people],
                                                placeholder=t("rep.person.choose"))], md=3),
                            dbc.Col([dbc.Label(t("rep.day"), html_for="rep-day"),
                                     dbc.Input(id="rep-day", type="date", value=today.isoformat())], md=2),
                            dbc.Col([dbc.Label(t("rep.time"), html_for="rep-time"),
                                     dbc.Input(id="rep-time", type="time")], md=2),
                            dbc.Col([dbc.Label(t("rep.until"), html_for="rep-until"),
                                     dbc.Input(id="rep-until", type="date")], md=2),
                            dbc.Col([dbc.Label(t("rep.kind"), html_for="rep-kind"),
                                     dbc.Select(id="rep-kind", value="sick", options=[
                                         {"label": t(f"rep.kind.{k}"), "value": k} for k in replacements.ABSENCE_KINDS])],
                                    md=2),
                        ],
                        className="g-2 align-items-end",
                    ),
                    html.Button(t("rep.record"), id="rep-record", type="button", className="btn btn-primary mt-2"),
                    html.Div(id="rep-record-msg", className="mt-2", role="status"),
                ],
                className="mb-4",
            ),
            html.Section([html.H2(t("rep.open.title"), className="h5"),
                          html.Div(_open_list(today), id="rep-open")], className="mb-4"),
            html.Section([html.H2(t("rep.leave.title"), className="h5"),
                          html.Div(_leave_list(), id="rep-leave")], className="mb-4"),
            html.Section(_team_hours(today)),
        ]
    )


# --- open shifts with their proposals ---------------------------------------------------------
def _open_list(today: dt.date):
    shifts = replacements.open_shifts(today)
    if not shifts:
        return html.P(t("rep.open.none"))
    return [_open_card(s) for s in shifts]


def _open_card(s: replacements.OpenShiftView) -> dbc.Card:
    head = t("rep.open.head", task=task_label(s.task), place=_place(s.place), day=_day(s.day),
             start=_hm(s.starts_at), end=_hm(s.ends_at))
    words = dict(task=task_label(s.task), place=_place(s.place), start=_hm(s.starts_at), end=_hm(s.ends_at))
    breaks = (t("rep.open.breaks", **words) if s.others_on_task == 0
              else t("rep.open.thinner", n=s.others_on_task, **words))
    if s.status in ("filled", "accepted"):
        status = t(f"rep.status.{s.status}", name=s.filled_by)
    else:
        status = t(f"rep.status.{s.status}")
    who = t("rep.open.given" if s.origin == "swap" else "rep.open.absent", name=s.absent)
    body = [
        html.H3(([t("rep.swap"), ": "] if s.origin == "swap" else []) + [head], className="h6 mb-1"),
        html.P([who, " · ", html.Strong(status)], className="mb-1 small"),
    ]
    if s.status == "accepted":
        day = _day(s.day)
        body.append(html.Div([
            html.Button(t("rep.swap.approve"), id={"type": "swap-approve", "id": s.id}, type="button",
                        className="btn btn-success btn-sm me-2", **{"aria-label": t("rep.swap.approve.label", day=day)}),
            html.Button(t("rep.swap.refuse"), id={"type": "swap-refuse", "id": s.id}, type="button",
                        className="btn btn-outline-danger btn-sm", **{"aria-label": t("rep.swap.refuse.label", day=day)}),
            html.Div(id={"type": "swap-msg", "id": s.id}, role="status", className="small mt-1"),
        ]))
    if s.status == "open":
        body.append(html.P(breaks, className="mb-2 text-danger small"))
        body.append(_proposals(s))
    if s.offers:
        body.append(html.P([t("rep.offers"), ": ", "; ".join(
            f"{name} ({t(f'rep.offer.{status}')})" for name, status, _at in s.offers)], className="small mb-0 mt-2"))
    return dbc.Card(dbc.CardBody(body), className="mb-3", id=f"rep-open-{s.id}")


def _proposals(s: replacements.OpenShiftView):
    ranked = replacements.proposals(s.id) or []
    eligible = [p for p in ranked if p.eligible]
    others = [p for p in ranked if not p.eligible][:SHOWN_INELIGIBLE]
    day = _day(s.day)
    parts = []
    if eligible:
        parts.append(html.Fieldset(
            [
                html.Legend(t("rep.proposals"), className="small fw-semibold mb-1"),
                dbc.Checklist(
                    id={"type": "rep-pick", "id": s.id},
                    options=[{"label": _proposal_label(p), "value": p.person} for p in eligible],
                    value=[p.person for p in eligible[:PRESELECTED]],
                ),
            ],
            **{"aria-label": t("rep.proposals.label", day=day)},
        ))
        parts.append(html.Button(t("rep.ask"), id={"type": "rep-ask", "id": s.id}, type="button",
                                 className="btn btn-success btn-sm mt-1",
                                 **{"aria-label": t("rep.ask.label", day=day)}))
    else:
        parts.append(html.P(t("rep.proposals.none"), className="small mb-0"))
    if not eligible or (s.offers and all(status == "declined" for _name, status, _at in s.offers)):
        # Nobody can (or will) take it: what the days lack, and the rest of the week re-planned.
        parts.append(replan_view.replan_button(s.id, s.day.isocalendar()[1], day))
    if others:
        parts.append(html.P(t("rep.not_eligible", who="; ".join(
            f"{p.name} ({', '.join(t(f'rep.rule.{r}') for r in p.broken)})" for p in others)),
            className="small text-muted mt-2 mb-0"))
    parts.append(html.Div(id={"type": "rep-ask-msg", "id": s.id}, role="status", className="small mt-1"))
    return html.Div(parts)


def _proposal_label(p) -> str:
    words = dict(name=p.name, week=fmt_hours(p.week_minutes), limit=fmt_hours(p.week_limit),
                 balance=fmt_hours(p.balance, signed=True))
    if p.overtime:
        return t("rep.proposal.overtime", over=fmt_hours(p.overtime), **words)
    return t("rep.proposal", **words)


def _problem(problem, prefix: str = "rep") -> html.Div:
    if problem.code == "rule":
        text = t(f"{prefix}.problem.rule", value=problem.value, rule=t(f"rep.rule.{problem.field}"))
    else:
        text = t(f"{prefix}.problem.{problem.code}.{problem.field}", value=problem.value) \
            if hasattr(problem, "value") else t(f"{prefix}.problem.{problem.code}.{problem.field}")
    return html.Div(text, role="alert", className="alert alert-danger py-1 px-2 mb-0")


@callback(
    Output("rep-record-msg", "children"),
    Output("rep-open", "children"),
    Input("rep-record", "n_clicks"),
    State("rep-person", "value"),
    State("rep-day", "value"),
    State("rep-time", "value"),
    State("rep-until", "value"),
    State("rep-kind", "value"),
    prevent_initial_call=True,
)
@allow("coordination", "admin")
def record(_clicks, person, day, at, until, kind):
    """Record the absence; the open shifts it makes are listed with their proposals."""
    if not _clicks:
        raise PreventUpdate
    found = replacements.record_sick_call(person, day, at, until, kind, by=current_user().login)
    if isinstance(found, replacements.Problem):
        return _problem(found), dash.no_update
    message = t("rep.recorded", n=len(found.open_shifts)) if found.open_shifts else t("rep.recorded.none")
    return html.Div(message, className="alert alert-success py-1 px-2 mb-0"), _open_list(clock.today())


@callback(
    Output({"type": "rep-ask-msg", "id": MATCH}, "children"),
    Input({"type": "rep-ask", "id": MATCH}, "n_clicks"),
    State({"type": "rep-pick", "id": MATCH}, "value"),
    prevent_initial_call=True,
)
@allow("coordination", "admin")
def ask(_clicks, people):
    """Ask the ticked colleagues; each is checked again on the server."""
    trigger = pressed_button()
    made = replacements.ask(trigger["id"], people, by=current_user().login)
    if isinstance(made, replacements.Problem):
        return _problem(made)
    notice_mail.send_pending()
    return html.Div(t("rep.asked", n=len(made)), className="alert alert-success py-1 px-2 mb-0")


@callback(
    Output({"type": "rep-replan-out", "id": MATCH}, "children"),
    Input({"type": "rep-replan", "id": MATCH}, "n_clicks"),
    prevent_initial_call=True,
)
@allow("coordination", "admin")
def propose_replan(_clicks):
    """The rest of the open shift's week re-planned with few changes (a solve of some seconds)."""
    trigger = pressed_button()
    found = replanning.propose(trigger["id"], by=current_user().login)
    if isinstance(found, replacements.Problem):
        return replan_view.problem_view(found)
    return replan_view.proposal_view(trigger["id"], found, _day)


@callback(
    Output({"type": "rep-replan-msg", "id": MATCH}, "children"),
    Input({"type": "rep-replan-publish", "id": MATCH}, "n_clicks"),
    State({"type": "rep-replan-data", "id": MATCH}, "data"),
    prevent_initial_call=True,
)
@allow("coordination", "admin")
def publish_replan(_clicks, data):
    """Publish the proposal's changes as a new version (checked again on the server)."""
    pressed_button()
    version = replanning.publish(data, by=current_user().login)
    if isinstance(version, replacements.Problem):
        return replan_view.problem_view(version)
    notice_mail.send_pending()
    return html.Div(t("rep.replan.published", version=version), className="alert alert-success py-1 px-2 mb-0")


# --- the team's hour accounts -------------------------------------------------------------------
def _team_hours(today: dt.date):
    rows = own_shifts.team_hours(today)
    head = html.Thead(html.Tr([html.Th(t(f"hours.col.{c}"), scope="col")
                               for c in ("name", "contract", "this_week", "balance")]))
    body = html.Tbody([html.Tr([html.Th(r.name, scope="row"), html.Td(f"{r.contract / 60:g}".replace(".", ",")),
                                html.Td(fmt_hours(r.this_week)), html.Td(fmt_hours(r.balance, signed=True))])
                       for r in rows])
    return [html.H2(t("rep.hours.title"), className="h5"),
            html.P(t("rep.hours.intro", weeks=own_shifts.ACCOUNT_WEEKS), className="small"),
            dbc.Table([head, body], size="sm", striped=True, responsive=True, className="w-auto", id="rep-hours")]


@callback(
    Output({"type": "swap-msg", "id": MATCH}, "children"),
    Input({"type": "swap-approve", "id": MATCH}, "n_clicks"),
    Input({"type": "swap-refuse", "id": MATCH}, "n_clicks"),
    prevent_initial_call=True,
)
@allow("coordination", "admin")
def decide_swap(_approve, _refuse):
    """Approve a swap a colleague accepted (one click; rules checked again) or refuse it."""
    trigger = pressed_button()
    approve = trigger["type"] == "swap-approve"
    found = replacements.decide_swap(trigger["id"], approve, by=current_user().login)
    if isinstance(found, replacements.Problem):
        return _problem(found)
    notice_mail.send_pending()
    return t("rep.swap.approved", version=found) if approve else t("rep.swap.refused")


# --- leave requests -------------------------------------------------------------------------------
def _leave_list():
    pending = own_shifts.leave_requests(status="pending")
    if not pending:
        return html.P(t("rep.leave.none"))
    items = []
    for r in pending:
        words = dict(name=r.person, start=fmt_date(r.starts_on), end=fmt_date(r.ends_on))
        items.append(html.Li(
            [
                html.Span(t("rep.leave.row", **words) + (f" – {r.note}" if r.note else ""), className="me-2"),
                html.Button(t("rep.leave.approve"), id={"type": "leave-approve", "id": r.id}, type="button",
                            className="btn btn-success btn-sm me-1", **{"aria-label": t("rep.leave.approve.label", **words)}),
                html.Button(t("rep.leave.refuse"), id={"type": "leave-refuse", "id": r.id}, type="button",
                            className="btn btn-outline-danger btn-sm", **{"aria-label": t("rep.leave.refuse.label", **words)}),
                html.Span(id={"type": "leave-msg", "id": r.id}, role="status", className="ms-2 small"),
            ],
            className="list-group-item d-flex flex-wrap align-items-center",
        ))
    return html.Ul(items, className="list-group")


@callback(
    Output({"type": "leave-msg", "id": MATCH}, "children"),
    Input({"type": "leave-approve", "id": MATCH}, "n_clicks"),
    Input({"type": "leave-refuse", "id": MATCH}, "n_clicks"),
    prevent_initial_call=True,
)
@allow("coordination", "admin")
def decide(_approve, _refuse):
    trigger = pressed_button()
    approve = trigger["type"] == "leave-approve"
    problem = own_shifts.decide_leave(trigger["id"], approve, by=current_user().login)
    if problem is not None:
        return _problem(problem)
    return t("rep.leave.approved" if approve else "rep.leave.refused")

