"""Import files are bounded before they are loaded: bombs, huge sheets, doubled headers, far years."""

from __future__ import annotations

import io
import zipfile

import pytest
from openpyxl import Workbook

from data_access.imports import files
from data_access.imports.cells import parse_date
from data_access.imports.files import read_table
from data_access.imports.problems import ImportRefused
from data_access.imports.visits import _time


def _xlsx(rows) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _rewrite(data: bytes, member: str, change) -> bytes:
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            target.writestr(item, change(content) if item.filename == member else content)
    return out.getvalue()


def _codes(error: pytest.ExceptionInfo) -> list[tuple[str, str | None]]:
    return [(p.code, p.column) for p in error.value.problems]


def test_a_doubled_csv_header_is_named():
    with pytest.raises(ImportRefused) as error:
        read_table("ankunft;standort;Standort\n2026-01-05 09:00;infopoint;x\n".encode(), "v.csv")
    assert _codes(error) == [("duplicate_column", "standort")]


def test_a_doubled_xlsx_header_is_named():
    with pytest.raises(ImportRefused) as error:
        read_table(_xlsx([["datum", "anzahl", "datum"], ["2026-01-05", 3, "x"]]), "d.xlsx")
    assert _codes(error) == [("duplicate_column", "datum")]


def test_a_sheet_declaring_huge_dimensions_is_refused_before_loading():
    data = _rewrite(_xlsx([["datum", "anzahl"], ["2026-01-05", 3]]), "xl/worksheets/sheet1.xml",
                    lambda xml: xml.replace(b'<dimension ref="A1:B2"/>', b'<dimension ref="A1:XFD1048576"/>'))
    assert b"XFD1048576" in zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")
    with pytest.raises(ImportRefused) as error:
        read_table(data, "bomb.xlsx")
    assert _codes(error) == [("dimensions", None)]


def test_a_zip_bomb_is_refused_by_its_unpacked_size(monkeypatch):
    monkeypatch.setattr(files, "MAX_UNPACKED", 1_000_000)
    data = _rewrite(_xlsx([["datum"], ["2026-01-05"]]), "docProps/app.xml", lambda xml: xml + b" " * 2_000_000)
    assert len(data) < 100_000
    with pytest.raises(ImportRefused) as error:
        read_table(data, "bomb.xlsx")
    assert _codes(error) == [("dimensions", None)]


def test_more_rows_than_allowed_are_refused(monkeypatch):
    monkeypatch.setattr(files, "MAX_ROWS", 5)
    with pytest.raises(ImportRefused) as error:
        read_table(_xlsx([["datum"]] + [["2026-01-05"]] * 10), "long.xlsx")
    assert _codes(error) == [("dimensions", None)]


@pytest.mark.parametrize("text", ["0001-01-01", "01.01.1999", "2101-01-01"])
def test_days_outside_2000_to_2100_are_not_days(text):
    assert parse_date(text) is None


def test_times_outside_2000_to_2100_are_not_times():
    assert _time("0058-03-01 09:00") is None and _time("2026-03-01 09:00") is not None
    assert parse_date("2026-03-01") is not None
