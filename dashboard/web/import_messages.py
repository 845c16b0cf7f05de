"""Import problems and results in words: where (row, column, value) and what, in the user's language."""

from __future__ import annotations

from babel.numbers import format_decimal

from dashboard.texts.i18n import CATALOGUE, current_language, fmt_date, fmt_int, t
from dashboard.services.imports import MAX_BYTES, DayCountImport, ImportProblem, ImportReport, StaffImport, VisitImport

# Problems about the file as a whole: their text says where itself.
WHOLE_FILE = {"too_large", "encoding", "delimiter", "not_xlsx", "empty", "missing_column", "duplicate_column",
              "dimensions"}
MAX_LINES = 50  # changes listed one by one; the rest are counted


def describe(problem: ImportProblem, lang: str | None = None) -> str:
    if problem.code == "too_large":  # the value is the size in bytes, when known
        size = _megabytes(int(problem.value), lang) if (problem.value or "").isdigit() else "?"
        return t("imports.error.too_large", lang, value=size, limit=fmt_int(MAX_BYTES / 1e6, lang))
    what = t(f"imports.error.{problem.code}", lang, value=problem.value or "", column=problem.column or "",
             first=problem.first_row or "")
    if problem.code in WHOLE_FILE:
        prefix = t("imports.where.row", lang, row=problem.row) if problem.code == "encoding" else ""
        return prefix + what
    if problem.column is None:
        return t("imports.where.row", lang, row=problem.row) + what
    return t("imports.where.cell", lang, row=problem.row, column=problem.column, value=problem.value or "") + what


def _megabytes(size: int, lang: str | None) -> str:
    locale = "de_DE" if (lang or current_language()) == "de" else "en_GB"
    return format_decimal(round(size / 1e6, 1), format="#,##0.0", locale=locale) + " MB"


def summary(report: ImportReport, lang: str | None = None) -> list[str]:
    """The dry run's or the import's result, line by line: the first line says it all."""
    if report.problems:
        return [t("imports.refused", lang), *(describe(p, lang) for p in report.problems)]
    if isinstance(report, DayCountImport):
        return _day_counts(report, lang)
    if isinstance(report, StaffImport):
        return _staff(report, lang)
    assert isinstance(report, VisitImport)
    lines = [t("imports.summary", lang, rows=report.rows, new=report.new, stored=report.already_stored)]
    if report.written:
        lines.append(t("imports.written", lang, new=report.new))
    return lines


def _label(kind: str, code: str, lang: str | None) -> str:
    key = f"{kind}.{code}"
    return t(key, lang) if key in CATALOGUE else code


def _cell(day, place: str, group: str, lang: str | None) -> str:
    return f"{fmt_date(day, lang)}, {_label('location', place, lang)}, {_label('group', group, lang)}"


def _limited(lines: list[str], lang: str | None) -> list[str]:
    if len(lines) <= MAX_LINES:
        return lines
    return [*lines[:MAX_LINES], t("imports.more", lang, n=fmt_int(len(lines) - MAX_LINES, lang))]


def _day_counts(report: DayCountImport, lang: str | None) -> list[str]:
    days = sorted({d for d, _, _ in report.new})
    lines = [t("imports.counts.summary", lang, rows=report.rows, new=len(report.new), days=len(days),
               changed=len(report.changed), same=report.unchanged)]
    if days:
        lines.append(t("imports.counts.new_days", lang, first=fmt_date(days[0], lang), last=fmt_date(days[-1], lang),
                       n=fmt_int(sum(report.new.values()), lang)))
    verb = "imports.counts.changed" if report.written else "imports.counts.would_change"
    lines += _limited([_cell(*key, lang) + ": " + t(verb, lang, old=fmt_int(old, lang), new=fmt_int(new, lang))
                       for key, (old, new) in sorted(report.changed.items())], lang)
    if report.written:
        lines.append(t("imports.counts.written", lang, n=len(report.new) + len(report.changed)))
    return lines


def _staff(report: StaffImport, lang: str | None) -> list[str]:
    lines = [t("imports.staff.summary", lang, rows=report.rows, added=len(report.added),
               changed=len(report.changed), same=report.unchanged)]
    verb = "imports.staff.added" if report.written else "imports.staff.would_add"
    each = [t(verb, lang, name=name) for name in report.added]
    for change in report.changed:
        fields = "; ".join(t("imports.staff.field", lang, column=c, old=old or "–", new=new or "–")
                           for c, old, new in change.fields)
        each.append(f"{change.name}: {fields}")
    lines += _limited(each, lang)
    if report.written:
        lines.append(t("imports.staff.written", lang, n=len(report.added) + len(report.changed)))
    return lines
