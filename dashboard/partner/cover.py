"""Requests to cover a shift made to a partner organisation's members (issue 20): the
organisation takes or declines them in its portal, as it confirms its turns. The
organisation comes from the server-side session; another organisation's request is not found."""

from __future__ import annotations

import datetime as dt

from dash import MATCH, Input, Output, callback, html

from dashboard.replacements.page import day_label
from dashboard.services import replacements
from dashboard.texts.i18n import CATALOGUE, t
from dashboard.web import notice_mail
from dashboard.web.api.shift_calendar import task_label
from dashboard.web.auth import allow, current_user
from dashboard.components.pressed import pressed_button


def _place(code: str) -> str:
    return t(f"location.{code}") if f"location.{code}" in CATALOGUE else code


def cover_requests(organisation_id: int, today: dt.date) -> html.Section:
    offers = replacements.organisation_offers(organisation_id, today)
    if not offers:
        return html.Section([html.H2(t("partner.cover.title"), className="h5 mt-4"), html.P(t("own.offers.none"))])
    items = []
    for o in offers:
        day = day_label(o.day)
        items.append(html.Li(
            [
                html.Span(t("partner.cover.row", person=o.person, day=day,
                            time=t("own.time", start=o.starts_at.strftime("%H:%M"), end=o.ends_at.strftime("%H:%M")),
                            place=_place(o.place), task=task_label(o.task)), className="d-block mb-2"),
                html.Button(t("own.accept"), id={"type": "poffer-accept", "id": o.id}, type="button",
                            className="btn btn-success btn-sm me-2",
                            **{"aria-label": t("partner.cover.accept.label", person=o.person, day=day)}),
                html.Button(t("own.decline"), id={"type": "poffer-decline", "id": o.id}, type="button",
                            className="btn btn-outline-secondary btn-sm",
                            **{"aria-label": t("partner.cover.decline.label", person=o.person, day=day)}),
                html.Div(id={"type": "poffer-msg", "id": o.id}, role="status", className="mt-2 small"),
            ],
            className="list-group-item",
        ))
    return html.Section([html.H2(t("partner.cover.title"), className="h5 mt-4"),
                         html.Ul(items, className="list-group", id="partner-cover")])


@callback(
    Output({"type": "poffer-msg", "id": MATCH}, "children"),
    Input({"type": "poffer-accept", "id": MATCH}, "n_clicks"),
    Input({"type": "poffer-decline", "id": MATCH}, "n_clicks"),
    prevent_initial_call=True,
)
@allow("partner")
def answer_cover(_accept, _decline):
    trigger = pressed_button()
    user = current_user()
    take = trigger["type"] == "poffer-accept"
    found = replacements.answer_for_organisation(trigger["id"], user.organisation_id, take, by=user.login)
    if isinstance(found, replacements.Problem):
        text = (t("own.problem.rule", rule=t(f"rep.rule.{found.field}")) if found.code == "rule"
                else t(f"own.problem.{found.code}.{found.field}"))
        return html.Div(text, role="alert", className="alert alert-danger py-1 px-2 mb-0")
    notice_mail.send_pending()
    if not take:
        return t("own.declined")
    return t("own.accepted.swap") if found is None else t("partner.cover.taken", version=found)
