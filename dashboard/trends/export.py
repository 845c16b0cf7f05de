"""A figure's table as shown, as CSV or XLSX bytes, and as text for the page.

CSV follows the language: German uses ";" between fields and a decimal comma, as German
Excel expects; English uses "," and a point. XLSX keeps numbers as numbers.
"""

from __future__ import annotations

import csv
import io

from openpyxl import Workbook
from openpyxl.styles import Font

from dashboard.i18n import current_language
from dashboard.trends.data import FigureData

FORMATS = ("csv", "xlsx")
MIME = {"csv": "text/csv", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def display(value, lang: str | None = None) -> str:
    """A cell as the page shows it: German separators, one decimal for fractions, – for none.

    Plain string formatting rather than babel: a table can hold tens of thousands of cells.
    """
    lang = lang or current_language()
    if value is None:
        return "–"
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    text = f"{value:,}" if isinstance(value, int) else f"{value:,.1f}"
    if lang == "de":
        text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return text


def to_csv(data: FigureData, lang: str | None = None) -> bytes:
    lang = lang or current_language()
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";" if lang == "de" else ",", lineterminator="\r\n")
    writer.writerow(data.header)
    for row in data.rows:
        writer.writerow([_csv_cell(v, lang) for v in row])
    # The byte-order mark makes Excel read UTF-8 (umlauts) correctly.
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _csv_cell(value, lang: str) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        text = repr(round(value, 6))
        return text.replace(".", ",") if lang == "de" else text
    return str(value)


def to_xlsx(data: FigureData) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = _sheet_title(data.title)
    sheet.append(data.header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in data.rows:
        sheet.append(row)
    for i, column in enumerate(sheet.columns, start=1):
        width = max(len(str(c.value)) if c.value is not None else 0 for c in column)
        sheet.column_dimensions[column[0].column_letter].width = min(max(10, width + 2), 60)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _sheet_title(title: str) -> str:
    for bad in '[]:*?/\\':
        title = title.replace(bad, " ")
    return title[:31] or "Daten"


def file_name(data: FigureData, start, end, fmt: str) -> str:
    return f"migrado-{data.name}-{start}-{end}.{fmt}"
