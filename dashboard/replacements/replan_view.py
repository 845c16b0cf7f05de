"""The re-plan of the rest of a week on the sick-call page: what the days lack without it, the
changes it proposes (who moves where) with what they still lack, and its publish button."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.services import replan
from dashboard.texts.i18n import CATALOGUE, current_language, t
from dashboard.texts.rule_words import broken_rule
from dashboard.web.api.shift_calendar import task_label

SHOWN = 25  # lines of a list; the rest is counted


def _place(code: str) -> str:
    return t(f"location.{code}") if f"location.{code}" in CATALOGUE else code


def _hm(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


def replan_button(open_id: int, week: int, day: str):
    """The button asking for a re-plan, with the box its proposal is drawn into."""
    return html.Div([
        html.Button(t("rep.replan.button"), id={"type": "rep-replan", "id": open_id}, type="button",
                    className="btn btn-outline-primary btn-sm",
                    **{"aria-label": t("rep.replan.button.label", week=week, day=day)}),
        dcc.Loading(html.Div(id={"type": "rep-replan-out", "id": open_id}, role="status", className="mt-2"),
                    type="dot"),
    ], className="mt-2")


def _gaps(gaps, day_label) -> html.Ul:
    items = [html.Li(t("rep.replan.gap", day=day_label(g.day), start=_hm(g.start), end=_hm(g.end),
                       task=task_label(g.task), place=_place(g.place), missing=g.missing)) for g in gaps[:SHOWN]]
    if len(gaps) > SHOWN:
        items.append(html.Li(f"… +{len(gaps) - SHOWN}"))
    return html.Ul(items, className="small ps-3 mb-2")


def _shift(s) -> str:
    if s is None:
        return t("rep.replan.off")
    name = s.template_name if current_language() == "de" else s.template_name_en
    return t("rep.replan.shift", template=name, start=_hm(s.start), end=_hm(s.end), task=task_label(s.task),
             place=_place(s.place))


def proposal_view(open_id: int, p: replan.ReplanProposal, day_label):
    """The proposal in words, with the button that publishes it and the data it publishes."""
    parts = [html.P(t("rep.replan.intro", week=p.iso_week, day=day_label(p.keep_until), version=p.base_version),
                    className="small mb-1")]
    if p.relaxed:
        parts.append(html.P(t("rep.replan.relaxed"), className="small text-danger"))
    parts += ([html.P(t("rep.replan.lacking"), className="small fw-semibold mb-0"), _gaps(p.lacking, day_label)]
              if p.lacking else [html.P(t("rep.replan.lacking.none"), className="small")])
    moves = [c for c in p.changes if not c.absent]
    if moves:
        lines = [html.Li(t("rep.replan.change", name=c.name, day=day_label(c.day), before=_shift(c.before),
                           after=t("rep.replan.absent") if c.absent and c.after is None else _shift(c.after)))
                 for c in p.changes]
        parts += [html.P(t("rep.replan.changes", n=len(p.changes)), className="small fw-semibold mb-0"),
                  html.Ul(lines[:SHOWN], className="small ps-3 mb-2")]
    else:
        parts.append(html.P(t("rep.replan.nothing"), className="small"))
    parts += ([html.P(t("rep.replan.still"), className="small fw-semibold mb-0"), _gaps(p.still_lacking, day_label)]
              if p.still_lacking else [html.P(t("rep.replan.still.none"), className="small")])
    if p.changes:
        parts += [
            dcc.Store(id={"type": "rep-replan-data", "id": open_id}, data=replan.as_data(p)),
            html.Button(t("rep.replan.publish"), id={"type": "rep-replan-publish", "id": open_id}, type="button",
                        className="btn btn-primary btn-sm",
                        **{"aria-label": t("rep.replan.publish.label", week=p.iso_week)}),
            html.Div(id={"type": "rep-replan-msg", "id": open_id}, role="status", className="small mt-1"),
        ]
    return dbc.Card(dbc.CardBody(parts), className="bg-light")


def problem_view(problem) -> html.Div:
    if problem.code == "rule":
        text = t("rep.replan.problem.rule", value=problem.value, rule=broken_rule(problem.field, current_language()))
    else:
        text = t(f"rep.replan.problem.{problem.code}.{problem.field}", value=problem.value)
    return html.Div(text, role="alert", className="alert alert-danger py-1 px-2 mb-0")
