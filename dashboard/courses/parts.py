"""Pieces the course pages share: who may do what, the sub-navigation, a course's facts in words."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from babel.numbers import format_decimal
from dash import html

from dashboard.components.lean_html import element
from dashboard.services.courses import CourseRow, Match
from dashboard.texts.i18n import current_language, fmt_date, t

FINDER_ROLES = ("admin", "coordination", "leadership", "reception")
RECORD_ROLES = ("admin", "coordination", "reception")  # leadership looks on, records nothing
CATALOGUE_ROLES = ("admin", "coordination")
NEEDS_ROLES = ("admin", "coordination", "leadership")
SECTIONS = (("/courses", "courses.subnav.finder", FINDER_ROLES),
            ("/courses/catalogue", "courses.subnav.catalogue", CATALOGUE_ROLES),
            ("/courses/needs", "courses.subnav.needs", NEEDS_ROLES))


def number(value: float, lang: str | None = None, digits: int = 1) -> str:
    lang = lang or current_language()
    pattern = "#,##0" if digits == 0 else "#,##0." + "#" * digits
    return format_decimal(value, format=pattern, locale="de_DE" if lang == "de" else "en_GB")


def subnav(role: str | None, here: str) -> html.Nav:
    links = [
        dbc.NavItem(dbc.NavLink(t(key), href=path, active=path == here))
        for path, key, roles in SECTIONS if role in roles
    ]
    return html.Nav(dbc.Nav(links, pills=True, className="mb-3"), **{"aria-label": t("courses.subnav")})


def cost_text(course: CourseRow, lang: str | None = None) -> str:
    if course.funding in ("free", "bamf") or not course.cost_eur:
        return t(f"courses.cost.{course.funding}" if course.funding in ("free", "bamf") else "courses.cost.free", lang)
    return t(f"courses.cost.{course.funding}", lang, cost=number(course.cost_eur, lang, 2))


def facts(course: CourseRow) -> list[tuple[str, str]]:
    """(label, value) of what a visitor needs to know, in the interface's language."""
    times = ", ".join(filter(None, (t(f"course.time.{course.time_of_day}"), t(f"course.intensity.{course.intensity}"),
                                    course.schedule)))
    rows = [
        (t("courses.fact.provider"), course.provider),
        (t("courses.fact.start"), fmt_date(course.starts_on)),
        (t("courses.fact.end"), fmt_date(course.ends_on) if course.ends_on else "–"),
        (t("courses.fact.times"), times),
        (t("courses.fact.place"), ", ".join(filter(None, (course.place, course.district)))),
        (t("courses.fact.childcare"), t("courses.yes") if course.childcare else t("courses.no")),
        (t("courses.fact.places"), str(course.free_places) if course.free_places else t("courses.full")),
        (t("courses.fact.cost"), cost_text(course)),
        (t("courses.fact.contact"), course.contact or "–"),
    ]
    return rows


def course_card(match: Match, position: int, can_refer: bool) -> dict:
    """One result as the renderer's JSON (components/lean_html.py): the finder redraws twenty
    of them at every change of a filter, and building component objects took most of that."""
    course = match.course
    notes = [t("courses.starts_in", n=match.starts_in_days)]
    if match.distance_km is not None:
        notes.append(t("courses.distance", km=number(match.distance_km)))
    heading_id = f"course-{course.id}-title"
    actions = [
        element("A", t("courses.handout"), href=f"/courses/handout/{course.id}", target="_blank", rel="noopener",
                className="btn btn-outline-secondary btn-sm me-2",
                **{"aria-label": t("courses.handout.label", title=course.title, provider=course.provider)}),
    ]
    if can_refer:
        actions.append(element(
            "Button", t("courses.refer"), id={"type": "courses-refer", "course": course.id}, type="button",
            className="btn btn-primary btn-sm", n_clicks=0,
            **{"aria-label": t("courses.refer.label", title=course.title, provider=course.provider)}))
    line = [part for i, text in enumerate((t(f"course.kind.{course.kind}"), course.level, *notes))
            for part in ((" · ",) if i else ()) + (element("Span", text),)]
    return element("Li", element("Article", [
        element("H3", course.title, id=heading_id, className="h6 mb-1"),
        element("P", line, className="small text-body-secondary mb-2"),
        element("Dl", [part for label, value in facts(course)
                       for part in (element("Dt", label, className="col-sm-3 small"),
                                    element("Dd", value, className="col-sm-9 small mb-1"))], className="row mb-2"),
        element("Div", actions),
    ], className="card card-body mb-2", **{"aria-labelledby": heading_id}), value=str(position))


def guarded(roles: tuple[str, ...]):
    """A sub-page's layout for these roles; anyone else gets the notice (as auth.restricted does)."""
    import functools

    from dashboard.components.placeholder import forbidden
    from dashboard.web.auth import session_user

    def decorate(layout):
        @functools.wraps(layout)
        def guarded_layout(**query):
            user = session_user()
            if user is None or user.role not in roles:
                return forbidden()
            return layout(user=user, **query)

        return guarded_layout

    return decorate
