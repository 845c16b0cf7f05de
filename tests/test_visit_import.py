"""Importing visits from CSV and XLSX: dry run, row-level problems, all or nothing."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import Workbook
from sqlalchemy import delete

from data_access.db import session_scope
from data_access.imports import import_visits
from data_access.imports import files as import_files
from data_access.models import Visit
from data_access.repositories import VisitRepository

NOW = dt.datetime(2026, 11, 25, 12, 0)
HEADER = "ankunft;standort;zielgruppe;sprache;anliegen;aufruf;ende;ergebnis;dolmetscher"
GOOD = [
    "2021-03-01 09:05;infopoint;ukraine;uk;housing;2021-03-01 09:20;2021-03-01 09:40;served;ja",
    "01.03.2021 09:10;centre;other;ar;residence;;;;",
    "2021-03-02 10:00;infopoint;ukraine;ru;orientation;2021-03-02 10:02;2021-03-02 10:30;referred;nein",
]


def csv_bytes(lines: list[str], header: str = HEADER, encoding: str = "utf-8-sig") -> bytes:
    return ("\n".join([header, *lines]) + "\n").encode(encoding)


def xlsx_bytes(rows: list[list]) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def run(url, data: bytes, name: str = "visits.csv", dry_run: bool = True):
    with session_scope(url) as session:
        return import_visits(session, data, name, dry_run=dry_run, now=NOW)


def count(url) -> int:
    with session_scope(url) as session:
        return VisitRepository(session).count()


def where(report) -> list[tuple]:
    return [(p.code, p.row, p.column, p.value) for p in report.problems]


@pytest.fixture
def shared_demo(filled_url):
    """The session's demo database; the visits imported here (2021, before the demo's
    history begins) are removed again, as other tests count the demo's visits."""
    yield filled_url
    with session_scope(filled_url) as session:
        session.execute(delete(Visit).where(Visit.day < dt.date(2022, 1, 1)))


def test_a_dry_run_shows_what_would_change_and_writes_nothing_then_the_import_writes_once(shared_demo):
    filled_url = shared_demo
    before = count(filled_url)
    dry = run(filled_url, csv_bytes(GOOD))
    assert dry.ok and (dry.new, dry.already_stored, dry.written) == (3, 0, False)
    assert dry.new_by_day == {dt.date(2021, 3, 1): 2, dt.date(2021, 3, 2): 1}
    assert count(filled_url) == before

    done = run(filled_url, csv_bytes(GOOD), dry_run=False)
    assert done.written and count(filled_url) == before + 3
    again = run(filled_url, csv_bytes(GOOD), dry_run=False)  # the same file twice adds nothing
    assert (again.new, again.already_stored, again.written) == (0, 3, False)
    assert count(filled_url) == before + 3


def test_one_bad_row_refuses_the_whole_file_naming_row_column_and_value(filled_sqlite_url):
    before = count(filled_sqlite_url)
    lines = [GOOD[0], "31.02.2021 09:00;infopoint;ukraine;uk;housing;;;;",
             "2021-03-01 11:00;mars;ukraine;uk;housing;;;;",
             '2021-03-01 12:00;infopoint;ukraine;uk;=HYPERLINK("http://x");;;;',
             "2021-03-01 13:00;infopoint;ukraine;uk;housing;2021-03-01 12:00;;;"]
    report = run(filled_sqlite_url, csv_bytes(lines), dry_run=False)
    assert where(report) == [
        ("bad_date", 3, "ankunft", "31.02.2021 09:00"),
        ("unknown", 4, "standort", "mars"),
        ("formula", 5, "anliegen", '=HYPERLINK("http://x")'),
        ("order", 6, "aufruf", "2021-03-01 12:00"),
    ]
    assert not report.written and count(filled_sqlite_url) == before  # the good first row neither


def test_a_visit_twice_in_one_file_is_a_duplicate(filled_sqlite_url):
    from dashboard.web.import_messages import describe

    report = run(filled_sqlite_url, csv_bytes([GOOD[0], GOOD[1], GOOD[0]]))
    assert where(report) == [("duplicate", 4, "ankunft", "2021-03-01 09:05")]
    assert report.problems[0].first_row == 2
    assert describe(report.problems[0], "de") == ("Zeile 4, Spalte „ankunft“, Wert „2021-03-01 09:05“: "
                                                  "doppelt: dieselbe Angabe steht schon in Zeile 2.")


@pytest.mark.parametrize(("data", "expected"), [
    # Latin-1 (a spreadsheet's "CSV" on Windows): the 'ß' in row 3 is the first byte that is not UTF-8.
    (csv_bytes([GOOD[1], "2021-03-01 09:06;infopoint;other;de;housing;;;;Straße"], encoding="latin-1"),
     ("encoding", 3, None)),
    (csv_bytes([GOOD[1].replace(";", "\t")], header=HEADER.replace(";", "\t")), ("delimiter", 1, None)),
    (csv_bytes(["2021-03-01 09:05;infopoint;ukraine;housing"], header="ankunft;standort;zielgruppe;anliegen"),
     ("missing_column", 1, "sprache")),
    (csv_bytes(["2030-01-01 09:00;infopoint;ukraine;uk;housing;;;;"]), ("future", 2, "ankunft")),
    (b"", ("empty", 1, None)),
])
def test_files_that_cannot_be_read_are_refused_with_where(filled_sqlite_url, data, expected):
    report = run(filled_sqlite_url, data)
    assert [(p.code, p.row, p.column) for p in report.problems][:1] == [expected]


def test_a_file_over_the_size_limit_is_refused_before_reading(filled_sqlite_url):
    report = run(filled_sqlite_url, b"x" * (import_files.MAX_BYTES + 1))
    assert [p.code for p in report.problems] == ["too_large"]


def test_xlsx_is_read_like_csv_and_a_formula_cell_is_refused(filled_sqlite_url):
    header = HEADER.split(";")
    good = [[dt.datetime(2021, 3, 3, 9, 30), "infopoint", "ukraine", "uk", "housing", None, None, None, None]]
    report = run(filled_sqlite_url, xlsx_bytes([header, *good]), "besuche.xlsx")
    assert report.ok and report.new == 1 and report.new_by_day == {dt.date(2021, 3, 3): 1}

    evil = [[dt.datetime(2021, 3, 3, 9, 30), "infopoint", "ukraine", "=1+1", "housing"]]
    report = run(filled_sqlite_url, xlsx_bytes([header[:5], *evil]), "besuche.xlsx")
    assert where(report) == [("formula", 2, "sprache", "=1+1")]
    assert [p.code for p in run(filled_sqlite_url, b"PK not a workbook", "x.xlsx").problems] == ["not_xlsx"]


def test_problems_are_told_in_german_with_row_column_and_value(filled_sqlite_url):
    from dashboard.web.import_messages import summary

    bad = run(filled_sqlite_url, csv_bytes(["31.02.2021 09:00;infopoint;ukraine;uk;housing;;;;"]))
    assert summary(bad, "de") == [
        "Nichts wurde gespeichert. Bitte die Datei korrigieren:",
        "Zeile 2, Spalte „ankunft“, Wert „31.02.2021 09:00“: kein gültiger Zeitpunkt "
        "(erwartet z. B. 2024-03-05 09:30 oder 05.03.2024 09:30, Jahr 2000–2100).",
    ]
    latin = run(filled_sqlite_url, csv_bytes([GOOD[1], "2021-03-01 09:06;infopoint;other;de;housing;;;;Straße"],
                                             encoding="latin-1"))
    assert summary(latin, "de")[1].startswith("Zeile 3: Die Datei ist nicht UTF-8-kodiert")
    good = run(filled_sqlite_url, csv_bytes(GOOD))
    assert summary(good, "de") == ["3 Zeilen geprüft: 3 neue Besuche, 0 schon gespeichert (werden übersprungen)."]


def test_arrival_times_with_an_offset_or_z_are_read_in_the_centres_zone():
    from data_access.imports import visits

    assert visits._time("2026-03-03T07:05:00Z") == dt.datetime(2026, 3, 3, 8, 5)  # CET
    assert visits._time("2026-07-03T07:05:00Z") == dt.datetime(2026, 7, 3, 9, 5)  # CEST
    assert visits._time("2026-07-03T17:05:00+10:00") == dt.datetime(2026, 7, 3, 9, 5)
    assert visits._time("2026-07-03 09:05") == dt.datetime(2026, 7, 3, 9, 5)  # local as before
    assert visits._time("2026-07-03T25:05:00Z") is None
