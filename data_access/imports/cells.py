"""Checks every import shares: the header, formula-like cells, dates, numbers, duplicates.

Each import (visits.py, day_counts.py, staff.py) reads its file with `read_checked`, checks
each row with these helpers into an ImportProblem list, and writes nothing while that list
is not empty.
"""

from __future__ import annotations

import datetime as dt
import re

from data_access.imports.files import Table, read_table
from data_access.imports.problems import ImportProblem, ImportRefused
from planner import clock

# A cell starting with one of these is run as a formula by spreadsheet programs (CSV injection).
# OWASP's list: a leading TAB or CR also makes some spreadsheet programs read a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
FORMULA_FIRST = frozenset(FORMULA_PREFIXES)
# ...unless it is a plain number: "-3" is a (negative) count, refused as such, not as a formula.
PLAIN_NUMBER = re.compile(r"^[+-]?\d+(?:[.,]\d+)?$")
DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y")
# Days outside these years are typing errors (a year 0001 once broke every Trends chart).
YEARS = clock.YEARS
MAX_PROBLEMS = 200  # enough to fix a file; a wholly wrong file need not list every cell


def read_checked(data: bytes, filename: str, required: tuple[str, ...]) -> Table:
    """The file as a table whose header holds every required column; else ImportRefused."""
    table = read_table(data, filename)
    missing = [c for c in required if c not in table.columns]
    if missing:
        raise ImportRefused([ImportProblem("missing_column", row=1, column=c) for c in missing])
    return table


def is_formula(text: str) -> bool:
    return text.startswith(FORMULA_PREFIXES) and not PLAIN_NUMBER.match(text)


def formula_problems(number: int, cells: dict[str, str], columns) -> list[ImportProblem]:
    # Asked for every cell of a file: the first character decides most cells without a call.
    return [ImportProblem("formula", number, c, cells[c]) for c in columns
            if cells.get(c, "")[:1] in FORMULA_FIRST and is_formula(cells[c])]


def parse_date(text: str) -> dt.date | None:
    """A day as 2024-03-05 or 05.03.2024 (an XLSX date cell reads as the former), in YEARS."""
    text = text.strip()
    for pattern in DATE_FORMATS:
        try:
            day = dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
        return day if day.year in YEARS else None
    return None


def parse_number(text: str) -> float | None:
    """A number as 39, 39.5 or 39,5; None when the text is none."""
    return float(text.replace(",", ".")) if PLAIN_NUMBER.match(text.strip()) else None


class Duplicates:
    """Finds a key seen before in the file; the problem names the first row that had it."""

    def __init__(self) -> None:
        self.seen: dict[object, int] = {}

    def check(self, key, number: int, column: str, value: str) -> list[ImportProblem]:
        first = self.seen.setdefault(key, number)
        return [] if first == number else [ImportProblem("duplicate", number, column, value, first)]


def capped(problems: list[ImportProblem]) -> bool:
    """True (and the list cut) once a file has shown enough problems to be fixed."""
    if len(problems) >= MAX_PROBLEMS:
        del problems[MAX_PROBLEMS:]
        return True
    return False
