"""A report worded for reading: title, summary and sections (table, optional chart).

The page, the PDF and the XLSX are all drawn from one `Document`, so they show the same
figures. Cells keep numbers as numbers; `COLUMN_KINDS` say how each column reads
("int", "dec", "pct", "change", "text").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from dashboard.reports.summary import period_label, sentences, signed_pct
from dashboard.services.reports import Report
from dashboard.texts.i18n import CATALOGUE, fmt_date, t


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    header: list[str]
    kinds: list[str]  # per column: text, int, dec, pct (0..1), change (percent, None = "neu")
    rows: list[list[Any]]
    chart: tuple[list[str], list[float]] | None = None  # (labels, values) of a bar chart
    chart_title: str = ""
    row_kinds: list[str] | None = None  # the last column's kind per row, where rows differ

    def kinds_of(self, index: int) -> list[str]:
        if self.row_kinds is None:
            return self.kinds
        return [*self.kinds[:-1], self.row_kinds[index]]


@dataclass(frozen=True)
class Document:
    lang: str
    title: str
    subtitle: str
    summary: list[str]
    sections: list[Section] = field(default_factory=list)


def label(kind: str, code: str, lang: str) -> str:
    key = {"location": "location.", "group": "group.", "concern": "trends.concern.",
           "language": "trends.language.", "role": "staffrole.", "org": "report.org."}[kind] + str(code)
    return t(key, lang) if key in CATALOGUE else str(code)


def cell_text(value: Any, kind: str, lang: str) -> str:
    """A cell as read on the page and in the PDF: German separators, "neu" for a change
    against nothing, "–" for no value."""
    if kind == "change":
        return signed_pct(value, lang)
    if value is None:
        return "–"
    if kind == "text" or isinstance(value, str):
        return str(value)
    if kind == "pct":
        text = f"{100 * value:,.1f}\u00a0%"  # no break between number and sign
    elif kind == "dec":
        text = f"{value:,.1f}"
    else:
        text = f"{round(value):,}"
    if lang == "de":
        text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return text


def build(report: Report, lang: str) -> Document:
    p = report.period
    title = t("report.heading", lang, period=period_label(p, lang))
    subtitle = t("report.range", lang, start=fmt_date(p.start, lang), end=fmt_date(p.end, lang),
                 today=fmt_date(report.generated_on, lang))
    return Document(lang, title, subtitle, sentences(report, lang), [
        _cells(report, lang), _weekdays(report, lang), _hours(report, lang), _busiest(report, lang),
        _waits(report, lang), _concerns(report, lang), _languages(report, lang), _courses(report, lang),
        _team(report, lang),
        _hours_by_org(report, lang), _partners(report, lang), _forecast(report, lang),
    ])


def _cells(r: Report, lang: str) -> Section:
    rows = [[label("location", c.location, lang), label("group", c.target_group, lang), c.visits, c.previous, c.change]
            for c in r.cells]
    rows.append([t("report.total", lang), "", r.total, r.previous_total, r.change])
    header = [t("report.col.place", lang), t("report.col.group", lang), t("report.col.visits", lang),
              t("report.col.previous", lang), t("report.col.change", lang)]
    chart = ([f"{row[0]} – {row[1]}" for row in rows[:-1]], [float(row[2]) for row in rows[:-1]])
    return Section("cells", t("report.section.cells", lang), header, ["text", "text", "int", "int", "change"], rows,
                   chart)


def _weekdays(r: Report, lang: str) -> Section:
    rows = [[t(f"trends.weekday.{wd}", lang), n] for wd, n in r.weekdays]
    return Section("weekdays", t("report.section.weekdays", lang),
                   [t("report.col.weekday", lang), t("report.col.visits", lang)], ["text", "int"], rows,
                   ([row[0] for row in rows], [float(row[1]) for row in rows]))


def _hours(r: Report, lang: str) -> Section:
    rows = [[f"{h:02d}–{h + 1:02d}", n] for h, n in r.hours]
    return Section("hours", t("report.section.hours", lang),
                   [t("report.col.hour", lang), t("report.col.visits", lang)], ["text", "int"], rows,
                   ([row[0] for row in rows], [float(row[1]) for row in rows]))


def _busiest(r: Report, lang: str) -> Section:
    rows = [[fmt_date(d, lang), n] for d, n in r.busiest_days]
    return Section("busiest", t("report.section.busiest", lang),
                   [t("report.col.day", lang), t("report.col.visits", lang)], ["text", "int"], rows)


def _waits(r: Report, lang: str) -> Section:
    w = r.waits
    buckets = ["0–10", "10–20", "20–40", "40+"]
    rows = [[t("report.figure.seen", lang), w.seen, "int"], [t("report.figure.mean", lang), w.mean, "dec"],
            [t("report.figure.p90", lang), w.p90, "dec"],
            [t("report.figure.within", lang, target=cell_text(w.target_minutes, "int", lang)), w.within_target, "pct"]]
    rows += [[t("report.figure.bucket", lang, label=f"{b} Min." if lang == "de" else f"{b} min"), n, "int"]
             for b, n in zip(buckets, w.buckets)]
    return Section("waits", t("report.section.waits", lang), [t("report.col.figure", lang), t("report.col.value", lang)],
                   ["text", "int"], [[name, value] for name, value, _ in rows],
                   ([row[0] for row in rows[4:]], [float(row[1]) for row in rows[4:]]),
                   row_kinds=[kind for *_, kind in rows])


def _concerns(r: Report, lang: str) -> Section:
    rows = [[label("concern", c.concern, lang), c.visits, c.seen, c.mean_wait, c.p90_wait, c.within_target,
             c.mean_service, c.referred] for c in r.concerns]
    header = [t("report.col.concern", lang), t("report.col.visits", lang), t("report.col.seen", lang),
              t("report.col.mean_wait", lang), t("report.col.p90_wait", lang), t("report.col.within", lang),
              t("report.col.service", lang), t("report.col.referred", lang)]
    return Section("concerns", t("report.section.concerns", lang), header,
                   ["text", "int", "int", "dec", "dec", "pct", "dec", "int"], rows,
                   ([row[0] for row in rows], [float(row[3] or 0) for row in rows]), t("report.col.mean_wait", lang))


def _languages(r: Report, lang: str) -> Section:
    total = sum(row.visits for row in r.languages)
    rows = [[label("language", row.language, lang), row.visits, row.visits / total if total else None, row.video,
             row.video / row.seen if row.seen else None] for row in r.languages]
    rows.append([t("report.total", lang), total, 1.0 if total else None, r.video,
                 r.video / r.video_seen if r.video_seen else None])
    header = [t("report.col.language", lang), t("report.col.visits", lang), t("report.col.share", lang),
              t("report.col.video", lang), t("report.col.share", lang)]
    return Section("languages", t("report.section.languages", lang), header, ["text", "int", "pct", "int", "pct"],
                   rows, ([row[0] for row in rows[:-1]], [float(row[1]) for row in rows[:-1]]))


def _courses(r: Report, lang: str) -> Section:
    rows = [[t(f"course.kind.{c.kind}", lang) if f"course.kind.{c.kind}" in CATALOGUE else
             c.kind or t("report.course.unspecified", lang), c.referred, c.unmet] for c in r.courses]
    if rows:
        rows.append([t("report.total", lang), sum(c.referred for c in r.courses), sum(c.unmet for c in r.courses)])
    header = [t("report.col.course_kind", lang), t("report.col.course_referred", lang),
              t("report.col.course_unmet", lang)]
    return Section("courses", t("report.section.courses", lang), header, ["text", "int", "int"], rows)


def _team(r: Report, lang: str) -> Section:
    rows = [[label("role", row.role, lang), label("org", row.organisation, lang), row.at_start, row.at_end]
            for row in r.team.rows]
    rows.append([t("report.total", lang), "", r.team.at_start, r.team.at_end])
    rows.append([t("report.figure.team_today", lang), "", None, r.team.today])
    header = [t("report.col.role", lang), t("report.col.organisation", lang), t("report.col.at_start", lang),
              t("report.col.at_end", lang)]
    return Section("team", t("report.section.team", lang), header, ["text", "text", "int", "int"], rows)


def _hours_by_org(r: Report, lang: str) -> Section:
    rows = [[label("org", org, lang), hours] for org, hours in r.team.hours_by_organisation]
    rows.append([t("report.total", lang), r.team.planned_hours])
    return Section("hours_org", t("report.section.hours_org", lang),
                   [t("report.col.organisation", lang), t("report.col.hours", lang)], ["text", "dec"], rows)


def _partners(r: Report, lang: str) -> Section:
    rows = [[label("org", p.organisation, lang), p.kept, p.declined, p.open] for p in r.team.partner_turns]
    header = [t("report.col.organisation", lang), t("report.col.kept", lang), t("report.col.declined", lang),
              t("report.col.open", lang)]
    return Section("partners", t("report.section.partners", lang), header, ["text", "int", "int", "int"], rows)


def _forecast(r: Report, lang: str) -> Section:
    fc = r.forecast
    header = [t("report.col.place", lang), t("report.col.days", lang), t("report.col.actual", lang),
              t("report.col.expected", lang), t("report.col.wape", lang)]
    if fc is None:
        return Section("forecast", t("report.section.forecast", lang), header, ["text", "int", "int", "dec", "pct"], [])
    rows = [[label("location", place, lang), days, actual, expected, wape] for place, days, actual, expected, wape
            in fc.by_place]
    rows.append([t("report.total", lang), fc.days, fc.actual, fc.expected, fc.wape])
    return Section("forecast", t("report.section.forecast", lang), header, ["text", "int", "int", "dec", "pct"], rows)


def shown_rows(section: Section, lang: str) -> list[list[str]]:
    return [[cell_text(v, k, lang) for v, k in zip(row, section.kinds_of(i))] for i, row in enumerate(section.rows)]
