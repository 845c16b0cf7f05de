"""Trends exports keep formula-like text cells as text (CSV/XLSX injection); numbers stay numbers."""

from __future__ import annotations

import csv
import io

from openpyxl import load_workbook

from dashboard.trends.data import FigureData
from dashboard.trends.export import to_csv, to_xlsx

DATA = FigureData("x", "Test", ["=Kopf", "b", "c", "d", "e", "f"],
                  [['=HYPERLINK("http://x")', "+1+1", "-1+cmd", "@SUM(A1)", -3, "KW 48"]], "")


def test_csv_cells_starting_with_a_formula_sign_get_an_apostrophe():
    rows = list(csv.reader(io.StringIO(to_csv(DATA, "de").decode("utf-8-sig")), delimiter=";"))
    assert rows == [["'=Kopf", "b", "c", "d", "e", "f"],
                    ['\'=HYPERLINK("http://x")', "'+1+1", "'-1+cmd", "'@SUM(A1)", "-3", "KW 48"]]


def test_xlsx_cells_starting_with_a_formula_sign_are_text_and_numbers_stay_numbers():
    sheet = load_workbook(io.BytesIO(to_xlsx(DATA))).worksheets[0]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows == [["'=Kopf", "b", "c", "d", "e", "f"],
                    ['\'=HYPERLINK("http://x")', "'+1+1", "'-1+cmd", "'@SUM(A1)", -3, "KW 48"]]
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)


def test_a_leading_tab_or_carriage_return_is_neutralised_too():
    """OWASP's list of formula lead characters includes TAB and CR."""
    data = FigureData("x", "Test", ["a", "b"], [["\t=1+1", "\r=cmd"]], "")
    rows = list(csv.reader(io.StringIO(to_csv(data, "de").decode("utf-8-sig"), newline=""), delimiter=";"))
    assert rows[1] == ["'\t=1+1", "'\r=cmd"]
    sheet = load_workbook(io.BytesIO(to_xlsx(data))).worksheets[0]
    assert [c.value for c in next(sheet.iter_rows(min_row=2))] == ["'\t=1+1", "'\r=cmd"]


def test_the_roster_exports_neutralise_the_same_characters():
    from dashboard.web.exports import _cell

    assert [_cell(v) for v in ("=1", "+1", "-1", "@a", "\tx", "\rx", "ok", 3)] == \
        ["'=1", "'+1", "'-1", "'@a", "'\tx", "'\rx", "ok", 3]
