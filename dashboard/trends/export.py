"""A figure's table as shown, as CSV or XLSX bytes, and as text for the page.

CSV follows the language: German uses ";" between fields and a decimal comma, as German
Excel expects; English uses "," and a point. XLSX keeps numbers as numbers. A text cell
starting with =, +, - or @ gets a leading apostrophe, so no spreadsheet runs it as a
formula (CSV/XLSX injection).
"""

from __future__ import annotations

import csv
import io

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from dashboard.texts.i18n import current_language
from dashboard.trends.data import FigureData
from dashboard.services.trends import FORMULA_PREFIXES

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
    writer.writerow([_text(v) for v in data.header])
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
    return _text(str(value)) if isinstance(value, str) else str(value)


def _text(value):
    """A text a spreadsheet would run as a formula, kept as text; anything else as it is."""
    return "'" + value if isinstance(value, str) and value.startswith(FORMULA_PREFIXES) else value


def to_xlsx(data: FigureData) -> bytes:
    # Write-only mode streams rows instead of building a cell object model: several times faster.
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_sheet_title(data.title))
    for i, name in enumerate(data.header):
        width = max([len(str(name))] + [len(str(row[i])) for row in data.rows[:200] if row[i] is not None])
        sheet.column_dimensions[get_column_letter(i + 1)].width = min(max(10, width + 2), 60)
    header = []
    for name in data.header:
        cell = WriteOnlyCell(sheet, value=_text(name))
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    for row in data.rows:
        sheet.append([_text(v) for v in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _sheet_title(title: str) -> str:
    for bad in '[]:*?/\\':
        title = title.replace(bad, " ")
    return title[:31] or "Daten"


def file_name(data: FigureData, start, end, fmt: str) -> str:
    return f"migrado-{data.name}-{start}-{end}.{fmt}"
