"""Import problems in words: where (row, column, value) and what, in the user's language."""

from __future__ import annotations

from data_access.imports import ImportProblem, VisitImport
from dashboard.i18n import t

# Problems about the file as a whole: their text says where itself.
WHOLE_FILE = {"too_large", "encoding", "delimiter", "not_xlsx", "empty", "missing_column"}


def describe(problem: ImportProblem, lang: str | None = None) -> str:
    what = t(f"imports.error.{problem.code}", lang, value=problem.value or "", column=problem.column or "")
    if problem.code in WHOLE_FILE:
        prefix = t("imports.where.row", lang, row=problem.row) if problem.code == "encoding" else ""
        return prefix + what
    if problem.column is None:
        return t("imports.where.row", lang, row=problem.row) + what
    return t("imports.where.cell", lang, row=problem.row, column=problem.column, value=problem.value or "") + what


def summary(report: VisitImport, lang: str | None = None) -> list[str]:
    """The dry run's or the import's result, line by line."""
    if report.problems:
        return [t("imports.refused", lang), *(describe(p, lang) for p in report.problems)]
    lines = [t("imports.summary", lang, rows=report.rows, new=report.new, stored=report.already_stored)]
    if report.written:
        lines.append(t("imports.written", lang, new=report.new))
    return lines
