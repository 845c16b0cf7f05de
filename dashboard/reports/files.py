"""A period's report as a downloadable file (PDF or XLSX), for the routes and the mail."""

from __future__ import annotations

import datetime as dt

from dashboard.reports import pdf, xlsx
from dashboard.reports.document import build
from dashboard.services.reports import Period, Report, period_report
from dashboard.texts.i18n import t

MIME = {"pdf": "application/pdf",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def render(report: Report, fmt: str, lang: str) -> bytes:
    doc = build(report, lang)
    if fmt == "pdf":
        return pdf.render(doc, [row.language for row in report.languages])
    if fmt == "xlsx":
        return xlsx.render(doc)
    raise ValueError(f"unknown report format {fmt!r}")


def file_name(p: Period, fmt: str, lang: str) -> str:
    return f"{t('report.file', lang)}-{p.key}.{fmt}"


def report_file(p: Period, fmt: str, lang: str, today: dt.date) -> tuple[bytes, str, str]:
    """(content, file name, MIME type) of a period's report."""
    return render(period_report(p, today), fmt, lang), file_name(p, fmt, lang), MIME[fmt]
