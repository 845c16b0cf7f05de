"""Leadership's course figures as tables and charts: unmet needs per month, referrals per
provider and course, free places against referrals per kind. The table a chart shows is the
one its export writes (the same `CourseTable`), as on the Trends page."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from dashboard.services import courses as service
from dashboard.texts.i18n import fmt_date, fmt_int, t
from dashboard.trends.charts import PALETTE, figure_dict

RANGES = {"12m": 365, "24m": 730, "all": None}


@dataclass(frozen=True)
class CourseTable:
    name: str
    title: str
    header: list[str]
    rows: list[list[Any]]
    summary: str
    figure: dict = field(default_factory=dict)


def period(choice: str, today: dt.date) -> tuple[dt.date, dt.date]:
    days = RANGES.get(choice, 365)
    if days is None:
        first, _ = service.outcome_range()
        return (first or today).replace(day=1), today
    return (today - dt.timedelta(days=days)).replace(day=1), today


def _value_label(dimension: str, value: str | None) -> str:
    if value is None:
        return t("courses.needs.not_given")
    if dimension == "kind":
        return t(f"course.kind.{value}")
    if dimension == "audience":
        return t(f"course.audience.{value}")
    return value


def _month(day: dt.date) -> str:
    return day.strftime("%m/%Y")


def unmet(start: dt.date, end: dt.date, dimension: str) -> CourseTable:
    data = service.unmet_needs(start, end, dimension)
    labels = {v: _value_label(dimension, v) for v in data.series}
    header = [t("courses.col.month"), *labels.values(), t("courses.col.total")]
    rows = [[_month(m), *(data.series[v][i] for v in data.series), sum(data.series[v][i] for v in data.series)]
            for i, m in enumerate(data.months)]
    title = t("courses.needs.unmet.title")
    if not data.series:
        return CourseTable("unmet", title, header, rows, t("courses.needs.unmet.empty"))
    top = next(iter(data.series))
    totals = [r[-1] for r in rows]
    last_full = len(data.months) - 2 if len(data.months) >= 2 else 0
    summary = t("courses.needs.unmet.summary", total=fmt_int(sum(totals)), start=fmt_date(start), end=fmt_date(end),
                top=labels[top], n=fmt_int(data.total(top)), last=fmt_int(totals[last_full]),
                before=fmt_int(totals[last_full - 12]) if last_full >= 12 else "–")
    x = [m.isoformat() for m in data.months]
    traces = [{"type": "bar", "x": x, "y": counts, "name": labels[v], "marker": {"color": PALETTE[i % len(PALETTE)]},
               "hovertemplate": "%{x|%m/%Y}: %{y} <extra>" + labels[v] + "</extra>"}
              for i, (v, counts) in enumerate(data.series.items())]
    fig = figure_dict(traces, t("courses.col.month"), t("courses.col.unmet"), barmode="stack",
                      xaxis={"tickformat": "%m/%Y"})
    return CourseTable("unmet", title, header, rows, summary, fig)


def providers(start: dt.date, end: dt.date) -> tuple[CourseTable, CourseTable]:
    data = service.referrals(start, end)
    header = [t("courses.col.provider"), t("courses.col.courses"), t("courses.col.referrals")]
    rows = [[p.provider, p.courses, p.referrals] for p in data.per_provider]
    title = t("courses.needs.providers.title")
    course_header = [t("courses.col.provider"), t("courses.col.title"), t("courses.col.kind"), t("courses.col.level"),
                     t("courses.col.starts_on"), t("courses.col.free_places"), t("courses.col.referrals")]
    course_rows = [[c.provider, c.title, t(f"course.kind.{c.kind}"), c.level, fmt_date(c.starts_on), c.free_places, n]
                   for c, n in data.per_course]
    per_course = CourseTable("referrals_per_course", t("courses.needs.courses.title"), course_header, course_rows, "")
    if not rows:
        return CourseTable("referrals", title, header, rows, t("courses.needs.providers.empty")), per_course
    total = sum(r[2] for r in rows)
    summary = t("courses.needs.providers.summary", total=fmt_int(total), courses=fmt_int(len(data.per_course)),
                providers=fmt_int(len(rows)), top=rows[0][0], n=fmt_int(rows[0][2]))
    ordered = list(reversed(rows))
    fig = figure_dict([{"type": "bar", "orientation": "h", "y": [r[0] for r in ordered], "x": [r[2] for r in ordered],
                        "name": t("courses.col.referrals"), "marker": {"color": PALETTE[0]},
                        "hovertemplate": "%{y}: %{x}<extra></extra>"}],
                      t("courses.col.referrals"), "", height=120 + 28 * len(rows), margin={"l": 240})
    return CourseTable("referrals", title, header, rows, summary, fig), per_course


def places(start: dt.date, end: dt.date, today: dt.date) -> CourseTable:
    data = service.places_against_referrals(start, end, today=today)
    header = [t("courses.col.kind"), t("courses.col.upcoming"), t("courses.col.free_places"),
              t("courses.col.referrals"), t("courses.col.unmet")]
    rows = [[t(f"course.kind.{k.kind}"), k.upcoming_courses, k.free_places, k.referrals, k.unmet] for k in data]
    title = t("courses.needs.places.title")
    if not rows:
        return CourseTable("places", title, header, rows, t("courses.needs.places.empty"))
    # Scarcest: the most unmet needs per free place (a kind without free places counts as one).
    scarce = max(data, key=lambda k: (k.unmet / max(k.free_places, 1), k.unmet))
    summary = t("courses.needs.places.summary", kind=t(f"course.kind.{scarce.kind}"), places=fmt_int(scarce.free_places),
                unmet=fmt_int(scarce.unmet), referrals=fmt_int(scarce.referrals))
    names = [r[0] for r in rows]
    traces = [{"type": "bar", "x": names, "y": [r[i] for r in rows], "name": header[i],
               "marker": {"color": PALETTE[j]}, "hovertemplate": "%{x}: %{y}<extra>" + header[i] + "</extra>"}
              for j, i in enumerate((2, 3, 4))]
    fig = figure_dict(traces, t("courses.col.kind"), "", barmode="group", height=400)
    return CourseTable("places", title, header, rows, summary, fig)
