"""The report as an Excel workbook: the summary on the first sheet, then one sheet per
section with the same figures as the page and the PDF (numbers kept as numbers, shares
formatted as percent, a change against nothing written as "neu")."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from dashboard.reports.document import Document, Section
from dashboard.texts.i18n import t

FORMULA_PREFIXES = ("=", "+", "-", "@")
NUMBER_FORMATS = {"int": "#,##0", "dec": "#,##0.0", "pct": "0.0%", "change": '+0.0"%";-0.0"%";0.0"%"'}


def render(doc: Document) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = _title(t("report.sheet.summary", doc.lang))
    sheet.append([_text(doc.title)])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([_text(doc.subtitle)])
    sheet.append([])
    for sentence in doc.summary:
        sheet.append([_text(sentence)])
    sheet.column_dimensions["A"].width = 120
    used: set[str] = {sheet.title}
    for section in doc.sections:
        _sheet(book, section, doc.lang, used)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _sheet(book: Workbook, section: Section, lang: str, used: set[str]) -> None:
    name = _title(section.title)
    while name in used:
        name = name[:28] + f" {len(used)}"
    used.add(name)
    sheet = book.create_sheet(name)
    sheet.append([_text(h) for h in section.header])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for i, row in enumerate(section.rows):
        kinds = section.kinds_of(i)
        values = []
        for value, kind in zip(row, kinds):
            if kind == "change" and value is None:
                value = t("report.new", lang)
            values.append(_text(value))
        sheet.append(values)
        for j, kind in enumerate(kinds):
            fmt = NUMBER_FORMATS.get(kind)
            cell = sheet.cell(row=i + 2, column=j + 1)
            if fmt and isinstance(cell.value, (int, float)):
                cell.number_format = fmt
    for j, header in enumerate(section.header):
        width = max([len(str(header))] + [len(str(r[j])) for r in section.rows if j < len(r)])
        sheet.column_dimensions[get_column_letter(j + 1)].width = min(max(10, width + 2), 50)


def _title(title: str) -> str:
    for bad in '[]:*?/\\':
        title = title.replace(bad, " ")
    return title[:31]


def _text(value):
    """A text a spreadsheet would run as a formula is kept as text."""
    return "'" + value if isinstance(value, str) and value.startswith(FORMULA_PREFIXES) else value
