"""Importing daily visit counts (history kept only as numbers) from CSV or XLSX.

Columns (header names, any order, German): datum, standort, zielgruppe, anzahl; one row
per day, place (code or name) and target group. Dates as 2022-03-05 or 05.03.2022. A
count already stored with the same number is left alone, a different number overwrites it
(the dry run says "would change from X to Y"), so importing a file twice changes nothing. A day, place
and group that already has individual visits is refused: its visits would count twice.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from data_access.imports.cells import Duplicates, capped, formula_problems, parse_date, read_checked
from data_access.imports.problems import ImportProblem, ImportRefused, ImportReport
from data_access.models import TARGET_GROUPS
from data_access.repositories.day_counts import Cell, DayCountRepository
from planner import clock

REQUIRED = ("datum", "standort", "zielgruppe", "anzahl")
MAX_COUNT = 100_000  # visits of one day at one place; more is a typing error
INTEGER = re.compile(r"^[+-]?\d+$")


@dataclass
class DayCountImport(ImportReport):
    # (day, place code, group) -> count; changed: -> (stored count, count of the file)
    new: dict[tuple[dt.date, str, str], int] = field(default_factory=dict)
    changed: dict[tuple[dt.date, str, str], tuple[int, int]] = field(default_factory=dict)
    unchanged: int = 0


def import_day_counts(session: Session, data: bytes, filename: str, *, dry_run: bool = True,
                      today: dt.date | None = None) -> DayCountImport:
    """Check a file and, unless dry_run or anything is wrong, store its new and changed counts.

    Runs in the caller's transaction (data_access.db.session_scope): all or nothing.
    """
    today = today or clock.today()
    report = DayCountImport()
    try:
        table = read_checked(data, filename, REQUIRED)
    except ImportRefused as refused:
        report.problems = refused.problems
        return report
    repo = DayCountRepository(session)
    places = repo.places()
    codes = dict(places.values())  # id -> code
    parsed: list[tuple[int, str, Cell, int]] = []  # (row, date as written, cell, count)
    duplicates = Duplicates()
    for number, cells in table.rows:
        report.rows += 1
        row, problems = _parse_row(number, cells, places, today)
        if row is not None:
            problems += duplicates.check(row[0], number, "datum", cells["datum"])
        report.problems.extend(problems)
        if capped(report.problems):
            return report
        if row is not None and not problems:
            parsed.append((number, cells["datum"], *row))
    if report.problems or not parsed:
        return report
    start, end = min(c[0] for _, _, c, _ in parsed), max(c[0] for _, _, c, _ in parsed)
    visited = repo.visited_cells(start, end)
    report.problems = [ImportProblem("has_visits", number, "datum", text)
                       for number, text, cell, _ in parsed if cell in visited]
    if capped(report.problems) or report.problems:
        return report
    stored = repo.counts(start, end)
    new: dict[Cell, int] = {}
    changed: dict[Cell, int] = {}
    for _, _, cell, n in parsed:
        shown = (cell[0], codes[cell[1]], cell[2])
        if cell not in stored:
            new[cell] = n
            report.new[shown] = n
        elif stored[cell] != n:
            changed[cell] = n
            report.changed[shown] = (stored[cell], n)
        else:
            report.unchanged += 1
    if not dry_run and (new or changed):
        repo.save(new, changed)
        report.written = True
    return report


def _parse_row(number: int, cells: dict[str, str], places: dict[str, tuple[int, str]], today: dt.date):
    problems = formula_problems(number, cells, REQUIRED)
    if problems:
        return None, problems

    def problem(code: str, column: str) -> None:
        problems.append(ImportProblem(code, number, column, cells[column]))

    day = parse_date(cells["datum"])
    if day is None:
        problem("bad_day", "datum")
    elif day > today:
        problem("future", "datum")
    place = places.get(cells["standort"].casefold())
    if place is None:
        problem("unknown", "standort")
    group = cells["zielgruppe"].lower()
    if group not in TARGET_GROUPS:
        problem("unknown", "zielgruppe")
    text = cells["anzahl"].strip()
    count = int(text) if INTEGER.match(text) else None
    if count is None:
        problem("not_integer", "anzahl")
    elif count < 0:
        problem("negative", "anzahl")
    elif count > MAX_COUNT:
        problem("too_many", "anzahl")
    if problems:
        return None, problems
    return ((day, place[0], group), count), []
