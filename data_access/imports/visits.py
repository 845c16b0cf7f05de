"""Importing visits (one row per visit) from CSV or XLSX: a dry run first, then all or nothing.

Columns (header names, any order, German): ankunft, standort, zielgruppe, sprache,
anliegen; optional aufruf, ende, ergebnis, dolmetscher. Times as `2024-03-05 09:30` or
`05.03.2024 09:30`. A visit already stored (same minute, place, group, language and
concern) is skipped, so importing a file twice adds nothing; the same visit twice in one
file is refused as a duplicate.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from data_access.imports.cells import YEARS, Duplicates, capped, formula_problems, read_checked
from data_access.imports.problems import ImportProblem, ImportRefused, ImportReport
from data_access.models import OUTCOMES, TARGET_GROUPS
from data_access.repositories.checkin import CONCERNS, LANGUAGE_CODE
from data_access.repositories.day_counts import DayCountRepository
from data_access.repositories.imported_visits import ImportedVisitRepository
from data_access.visit_facts import channel_of, slot_of
from planner import clock

REQUIRED = ("ankunft", "standort", "zielgruppe", "sprache", "anliegen")
OPTIONAL = ("aufruf", "ende", "ergebnis", "dolmetscher")
TIME_FORMATS = ("%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S",
                "%d.%m.%Y %H:%M", "%d.%m.%Y %H:%M:%S")
YES, NO = {"ja", "yes", "1", "true"}, {"nein", "no", "0", "false", ""}
# Visits per transaction when the caller commits between chunks: a fraction of a second
# of write lock each, so a check-in waits at most that long.
CHUNK = 1000


@dataclass
class VisitImport(ImportReport):
    new: int = 0
    already_stored: int = 0
    new_by_day: Counter = field(default_factory=Counter)


def import_visits(session: Session, data: bytes, filename: str, *, dry_run: bool = True,
                  now: dt.datetime | None = None, after_chunk: Callable[[], None] | None = None) -> VisitImport:
    """Check a file and, unless dry_run or anything is wrong, add its new visits.

    Runs in the caller's transaction (data_access.db.session_scope): either every new
    visit is written or none. With `after_chunk` (the web form passes the session's
    commit), it is called after every CHUNK new visits instead: the desk's check-ins get
    the write lock between chunks rather than waiting for the whole file (SQLite holds
    one lock for the database; 50,000 rows took longer than a check-in may wait). The
    file is checked completely before the first chunk; should the import stop halfway,
    importing the same file again adds the rest, as stored visits are skipped.
    """
    now = now or clock.now()
    report = VisitImport()
    try:
        table = read_checked(data, filename, REQUIRED)
    except ImportRefused as refused:
        report.problems = refused.problems
        return report
    repo = ImportedVisitRepository(session)
    places = repo.places()
    parsed, duplicates = [], Duplicates()
    for number, cells in table.rows:
        report.rows += 1
        visit, problems = _parse_row(number, cells, places, now)
        if visit is not None:
            problems += duplicates.check(_key(visit), number, "ankunft", cells["ankunft"])
        report.problems.extend(problems)
        if capped(report.problems):
            return report
        if visit is not None and not problems:
            parsed.append((number, cells["ankunft"], visit))
    if report.problems or not parsed:
        return report
    # A day, place and group known only as a count (the day-count import) gets no visits
    # too: the Trends would count that day twice.
    counted = DayCountRepository(session).counted_cells(min(v["day"] for *_, v in parsed),
                                                         max(v["day"] for *_, v in parsed))
    report.problems = [ImportProblem("has_counts", number, "ankunft", text) for number, text, v in parsed
                       if (v["day"], v["location_id"], v["target_group"]) in counted]
    if capped(report.problems) or report.problems:
        return report
    parsed = [v for *_, v in parsed]
    days = [v["day"] for v in parsed]
    stored = repo.existing_keys(min(days), max(days))
    new = [v for v in parsed if _key(v) not in stored]
    report.new, report.already_stored = len(new), len(parsed) - len(new)
    report.new_by_day = Counter(v["day"] for v in new)
    if not dry_run and new:
        for visit in new:
            visit.pop("_place")
        repo.add(new, chunk_size=CHUNK if after_chunk else 5000, after_chunk=after_chunk)
        report.written = True
    return report


def _key(visit: dict) -> tuple:
    return (visit["arrived_at"], visit["_place"], visit["target_group"], visit["language"], visit["concern"])


def _parse_row(number: int, cells: dict[str, str], places: dict, now: dt.datetime):
    problems: list[ImportProblem] = []

    def problem(code: str, column: str) -> None:
        problems.append(ImportProblem(code, number, column, cells.get(column, "")))

    problems += formula_problems(number, cells, (*REQUIRED, *OPTIONAL))
    if problems:
        return None, problems
    arrived = _time(cells["ankunft"])
    if arrived is None:
        problem("bad_date", "ankunft")
    elif arrived > now:
        problem("future", "ankunft")
    place = places.get(cells["standort"].lower())
    if place is None:
        problem("unknown", "standort")
    group = cells["zielgruppe"].lower()
    if group not in TARGET_GROUPS:
        problem("unknown", "zielgruppe")
    language = cells["sprache"].lower()
    if not LANGUAGE_CODE.match(language):
        problem("unknown", "sprache")
    concern = cells["anliegen"].lower()
    if concern not in CONCERNS:
        problem("unknown", "anliegen")
    called, finished = (_optional_time(cells, c, problem) for c in ("aufruf", "ende"))
    outcome = cells.get("ergebnis", "").lower() or None
    if outcome is not None and outcome not in OUTCOMES:
        problem("unknown", "ergebnis")
    video = cells.get("dolmetscher", "").lower()
    if video not in YES | NO:
        problem("unknown", "dolmetscher")
    if arrived and called and called < arrived:
        problem("order", "aufruf")
    if called and finished and finished < called:
        problem("order", "ende")
    if problems:
        return None, problems
    return {
        "_place": cells["standort"].lower(), "location_id": place[0], "arrived_at": arrived,
        "called_at": called, "finished_at": finished, "day": arrived.date(), "weekday": arrived.weekday(),
        "slot": slot_of(arrived), "channel": channel_of(place[1]),
        "target_group": group, "language": language, "concern": concern, "video_interpreter": video in YES,
        "outcome": outcome,
        "wait_minutes": round((called - arrived).total_seconds() / 60, 1) if called else None,
        "service_minutes": round((finished - called).total_seconds() / 60, 1) if called and finished else None,
    }, []


OFFSET = re.compile(r"(?:Z|[+-]\d\d:?\d\d)$")


def _time(text: str) -> dt.datetime | None:
    """A local time of the centre; a time with an offset or Z (an export in UTC) is converted to it."""
    text = re.sub(r"\s+", " ", text.strip())
    if OFFSET.search(text):
        try:
            aware = dt.datetime.fromisoformat(text)
        except ValueError:
            return None
        return clock.to_centre(aware).replace(second=0, microsecond=0)
    moment = _iso_minute(text)
    for pattern in TIME_FORMATS if moment is None else ():
        try:
            moment = dt.datetime.strptime(text, pattern).replace(second=0)
        except ValueError:
            continue
        break
    return moment if moment is not None and moment.year in YEARS else None


ISO_MINUTE = re.compile(r"(\d{4})-(\d\d)-(\d\d)[ T](\d\d):(\d\d)(?::(\d\d))?")


def _iso_minute(text: str) -> dt.datetime | None:
    """The usual "2024-03-05 08:30" without strptime, which took a tenth of a large import's time;
    None for anything else (TIME_FORMATS then decide)."""
    found = ISO_MINUTE.fullmatch(text)
    if found is None:
        return None
    try:
        return dt.datetime(*(int(part or 0) for part in found.groups())).replace(second=0)
    except ValueError:
        return None


def _optional_time(cells: dict, column: str, problem) -> dt.datetime | None:
    text = cells.get(column, "")
    if not text:
        return None
    value = _time(text)
    if value is None:
        problem("bad_date", column)
    return value
