"""Reading an uploaded table: CSV (UTF-8, ';' or ',') or XLSX, into rows of text cells.

Everything that makes a file unreadable as a whole is refused here, naming where: too
large, not UTF-8 (with the row of the first bad byte), a delimiter other than ';' or ','
(the header then reads as a single column), an XLSX that is no workbook.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass

from data_access.imports.problems import ImportProblem, ImportRefused

MAX_BYTES = 10 * 1024 * 1024  # a year of visits is about 3 MB as CSV
# An XLSX is a zip: 10 MB of it can unpack to gigabytes, and a sheet can declare a million
# rows and 16,384 columns that the reader would pad every row to. Checked before loading.
MAX_ROWS = 200_000
MAX_COLUMNS = 50
MAX_UNPACKED = 200 * 1024 * 1024
DELIMITERS = (";", ",")
FOREIGN_DELIMITERS = ("\t", "|")


@dataclass(frozen=True)
class Table:
    columns: list[str]  # normalised: stripped, lower case
    rows: list[tuple[int, dict[str, str]]]  # (row number in the file, column -> text)


def read_table(data: bytes, filename: str) -> Table:
    if len(data) > MAX_BYTES:
        raise ImportRefused([ImportProblem("too_large", value=str(len(data)))])  # bytes
    if filename.lower().endswith(".xlsx"):
        return _read_xlsx(data)
    return _read_csv(data)


def _read_csv(data: bytes) -> Table:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        row = data[: error.start].count(b"\n") + 1
        raise ImportRefused([ImportProblem("encoding", row=row, value=repr(data[error.start:error.start + 4]))]) from None
    if not text.strip():
        raise ImportRefused([ImportProblem("empty", row=1)])
    header = text.splitlines()[0]
    delimiter = max(DELIMITERS, key=header.count)
    if header.count(delimiter) == 0:
        found = next((d for d in FOREIGN_DELIMITERS if d in header), None)
        if found is not None or "," not in header:
            raise ImportRefused([ImportProblem("delimiter", row=1, value=header[:60])])
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    rows = list(reader)
    return _table(rows)


def _read_xlsx(data: bytes) -> Table:
    from openpyxl import load_workbook

    _check_unpacked_size(data)
    try:
        # data_only=False: a formula is read as its text ("=..."), so it can be refused.
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception:  # noqa: BLE001 - any failure means "not a workbook"
        raise ImportRefused([ImportProblem("not_xlsx")]) from None
    try:
        sheet = book.worksheets[0]
        rows_declared, columns_declared = sheet.max_row or 0, sheet.max_column or 0
        if rows_declared > MAX_ROWS + 1 or columns_declared > MAX_COLUMNS:
            raise ImportRefused([ImportProblem("dimensions", value=f"{rows_declared} × {columns_declared}")])
        rows = []
        # Capped while reading too: a sheet may declare no dimensions at all.
        for row in sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True):
            if len(rows) > MAX_ROWS:
                raise ImportRefused([ImportProblem("dimensions", value=f"> {MAX_ROWS}")])
            rows.append([_cell_text(v) for v in row])
    finally:
        book.close()
    return _table(rows)


def _check_unpacked_size(data: bytes) -> None:
    import zipfile

    try:
        entries = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except zipfile.BadZipFile:
        raise ImportRefused([ImportProblem("not_xlsx")]) from None
    unpacked = sum(entry.file_size for entry in entries)
    if unpacked > MAX_UNPACKED:
        raise ImportRefused([ImportProblem("dimensions", value=f"{unpacked / 1e6:.0f} MB unpacked")])


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ", timespec="minutes") if value.time() != dt.time(0) else value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _table(rows: list[list[str]]) -> Table:
    if not rows:
        raise ImportRefused([ImportProblem("empty", row=1)])
    columns = [c.strip().lower() for c in rows[0]]
    named = [c for c in columns if c]
    twice = sorted({c for c in named if named.count(c) > 1})
    if twice:  # otherwise the last one would silently win
        raise ImportRefused([ImportProblem("duplicate_column", row=1, column=c) for c in twice])
    body = []
    for number, cells in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in cells):
            continue  # blank lines at the end of a sheet
        body.append((number, {col: (cells[i].strip() if i < len(cells) else "") for i, col in enumerate(columns)}))
    return Table(columns, body)
