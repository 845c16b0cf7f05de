"""Sprachkurs finden: the course finder for advisers during a consultation, and the outcome.

Filters are native selects, checkboxes and a number field; results are a ranked list of
cards (the order is the point, so there is nothing to sort), each with its handout and a
"refer here" button. Below them the outcome: for whom, which visit (optional), or
"nothing suitable", which keeps what the filters asked for. Keyboard alone, no personal data.
"""

from __future__ import annotations

import functools

import dash
import dash_bootstrap_components as dbc
from babel import Locale
from dash import ALL, Input, Output, State, callback, ctx, html
from dash.exceptions import PreventUpdate

from dashboard.courses.parts import FINDER_ROLES, RECORD_ROLES, course_card, subnav
from dashboard.services import courses as service
from dashboard.texts.i18n import current_language, t
from dashboard.web.auth import allow, current_user, restricted

dash.register_page(__name__, path="/courses", order=6, title="MigraDo Ops")

WEEKS = (2, 4, 8, 12, 26)
FILTERS = ("courses-kind", "courses-level", "courses-weeks", "courses-time", "courses-district", "courses-options",
           "courses-max-cost")


def _select(control_id: str, label: str, options: list[tuple[str, str]], value: str = "") -> html.Div:
    return html.Div(
        [dbc.Label(label, html_for=control_id, className="mb-1"),
         dbc.Select(id=control_id, value=value, options=[{"label": text, "value": v} for v, text in options])],
        className="mb-3",
    )


def _filters(districts: list[str]) -> dbc.Card:
    any_ = ("", t("courses.any"))
    return dbc.Card(dbc.CardBody([
        html.H2(t("courses.filters"), className="h5"),
        dbc.Row([
            dbc.Col(_select("courses-kind", t("courses.kind"),
                            [("", t("courses.kind.any")), ("integration", t("courses.kind.integration"))]
                            + [(k, t(f"course.kind.{k}")) for k in service.COURSE_KINDS]), md=4),
            dbc.Col(_select("courses-level", t("courses.level"), [any_] + [(lv, lv) for lv in service.COURSE_LEVELS]),
                    md=2),
            dbc.Col(_select("courses-weeks", t("courses.start_within"),
                            [any_] + [(str(w), t("courses.weeks", n=w)) for w in WEEKS], "12"), md=3),
            dbc.Col(_select("courses-time", t("courses.time"),
                            [any_] + [(x, t(f"course.time.{x}")) for x in service.TIMES_OF_DAY]), md=3),
        ]),
        dbc.Row([
            dbc.Col(_select("courses-district", t("courses.district"),
                            [("", t("courses.district.none"))] + [(d, d) for d in districts]), md=4),
            dbc.Col(html.Fieldset([
                html.Legend(t("courses.options"), className="form-label fs-6 mb-1"),
                dbc.Checklist(id="courses-options", value=[], options=[
                    {"label": t("courses.only_district"), "value": "only_district"},
                    {"label": t("courses.childcare"), "value": "childcare"},
                    {"label": t("courses.free_only"), "value": "free_only"},
                ]),
            ], className="mb-3"), md=4),
            dbc.Col(html.Div([
                dbc.Label(t("courses.max_cost"), html_for="courses-max-cost", className="mb-1"),
                dbc.Input(id="courses-max-cost", type="number", min=0, step=1, debounce=True),
            ], className="mb-3"), md=4),
        ]),
    ]), className="mb-3")


def _outcome(visits) -> html.Section:
    lang = current_language()
    return html.Section([
        html.H2(t("courses.outcome.title"), className="h5", id="courses-outcome-title"),
        html.P(t("courses.outcome.hint"), className="text-body-secondary small"),
        html.Fieldset([
            html.Legend(t("courses.audience"), className="form-label fs-6 mb-1"),
            dbc.RadioItems(id="courses-audience", name="courses-audience", inline=True, value=None,
                           options=[{"label": t(f"course.audience.{a}"), "value": a} for a in service.AUDIENCES]),
        ], className="mb-3"),
        _select("courses-visit", t("courses.visit"),
                [("", t("courses.visit.none"))]
                + [(str(v.id), t("courses.visit.option", time=v.called_at.strftime("%H:%M"),
                                 concern=t(f"checkin.concern.{v.concern}"), language=_language(v.language, lang)))
                   for v in visits]),
        html.Button(t("courses.unmet"), id="courses-unmet", type="button", className="btn btn-outline-danger"),
    ], className="card card-body mb-3", **{"aria-labelledby": "courses-outcome-title"})


@functools.lru_cache(maxsize=256)
def _language(code: str, lang: str) -> str:
    return Locale(lang).languages.get(code, code)


@restricted("/courses")
def layout(**_query):
    user = current_user()
    can_record = user is not None and user.role in RECORD_ROLES
    return html.Div([
        html.H1(t("courses.title"), className="h3"),
        subnav(user.role if user else None, "/courses"),
        html.P(t("courses.intro"), className="text-body-secondary"),
        _filters(service.districts()),
        html.Div(id="courses-message", role="status", **{"aria-live": "polite"}, className="mb-3"),
        _outcome(service.visits_in_advice()) if can_record else None,
        html.Section([
            html.H2(t("courses.results"), className="h5", id="courses-results-title"),
            html.Div(id="courses-results"),
        ], **{"aria-labelledby": "courses-results-title"}),
    ])


def query_from(kind, level, weeks, time, district, options, max_cost) -> service.FinderQuery:
    options = set(options or [])
    try:
        cost = float(max_cost) if max_cost not in (None, "") else None
    except (TypeError, ValueError):
        cost = None
    return service.FinderQuery(
        kind=kind or None, level=level or None, start_within_weeks=int(weeks) if weeks else None,
        time_of_day=time or None, district=district or None, only_district="only_district" in options,
        childcare="childcare" in options, free_places_only="free_only" in options, max_cost_eur=cost,
    )


@callback(
    Output("courses-results", "children"),
    *(Input(f, "value") for f in FILTERS),
)
@allow(*FINDER_ROLES)
def search(kind, level, weeks, time, district, options, max_cost):
    result = service.find_courses(query_from(kind, level, weeks, time, district, options, max_cost))
    user = current_user()
    can_refer = user is not None and user.role in RECORD_ROLES
    if not result.matches:
        return dbc.Alert(t("courses.none"), color="secondary")
    shown = len(result.matches)
    head = (t("courses.found.all", total=result.total) if shown == result.total
            else t("courses.found", total=result.total, shown=shown))
    return html.Div([
        html.P(head, id="courses-count"),
        html.Ol([course_card(m, i, can_refer) for i, m in enumerate(result.matches, start=1)],
                className="list-unstyled", id="courses-list"),
    ])


@callback(
    Output("courses-message", "children"),
    Input({"type": "courses-refer", "course": ALL}, "n_clicks"),
    Input("courses-unmet", "n_clicks"),
    State("courses-audience", "value"),
    State("courses-visit", "value"),
    *(State(f, "value") for f in FILTERS),
    prevent_initial_call=True,
)
@allow(*RECORD_ROLES)
def record(_refers, _unmet, audience, visit, kind, level, weeks, time, district, options, max_cost):
    trigger = ctx.triggered_id
    if trigger is None or not (ctx.triggered and ctx.triggered[0].get("value")):
        raise PreventUpdate  # cards drawn anew, nothing pressed
    user = current_user()
    visit_id = int(visit) if visit else None
    if trigger == "courses-unmet":
        need = service.need_from(query_from(kind, level, weeks, time, district, options, max_cost), audience)
        done = service.record_unmet(need, by=user.login, visit_id=visit_id)
        if done.problem:
            return dbc.Alert(t(f"courses.problem.{done.problem}"), color="warning", className="mb-0")
        return dbc.Alert(t("courses.unmet.recorded", audience=t(f"course.audience.{audience}")), color="success",
                         className="mb-0")
    course_id = int(trigger["course"])
    done = service.record_referral(course_id, by=user.login, audience=audience or None, visit_id=visit_id)
    if done.problem:
        return dbc.Alert(t(f"courses.problem.{done.problem}"), color="warning", className="mb-0")
    chosen = service.course(course_id)
    return dbc.Alert(t("courses.referred", title=chosen.title if chosen else ""), color="success", className="mb-0")
