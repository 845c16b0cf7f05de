"""Importing daily counts (history known only as numbers): dry run, refusals naming row,
column and value, all or nothing, idempotent, and counted in the statistics."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from data_access.db import get_engine
from data_access.imports import import_day_counts, import_visits
from data_access.imports import files as import_files
from data_access.models import DayCount
from data_access.repositories.statistics import StatsRollup, VisitFilter, VisitStatistics
from tests.test_api_support import own_db  # noqa: F401 - fixture
from tests.test_visit_import import csv_bytes, where, xlsx_bytes

TODAY = dt.date(2026, 11, 25)
HEADER = "datum;standort;zielgruppe;anzahl"
GOOD = [
    "2021-03-01;infopoint;ukraine;120",
    "01.03.2021;infopoint;other;30",
    "2021-03-01;centre;ukraine;15",
    "2021-03-02;Infopoint Berswordt-Halle;ukraine;110",  # a place by its name too
]
# A day of the demo's history with individual visits at the Infopoint for Ukraine.
VISITED = "2023-03-01;infopoint;ukraine;99"


def counts(lines: list[str], header: str = HEADER, **kwargs) -> bytes:
    return csv_bytes(lines, header=header, **kwargs)


@pytest.fixture
def session(filled_url):
    """A session on the demo database whose changes are rolled back at the end, so the
    session-wide demo stays as it is (on SQLite and on PostgreSQL)."""
    with Session(get_engine(filled_url)) as session:
        yield session
        session.rollback()


def run(session, data: bytes, name: str = "tageszahlen.csv", dry_run: bool = True):
    return import_day_counts(session, data, name, dry_run=dry_run, today=TODAY)


def stored(session) -> int:
    return session.scalar(select(func.count()).select_from(DayCount))


def test_dry_run_writes_nothing_then_one_write_then_a_second_import_changes_nothing(session):
    dry = run(session, counts(GOOD))
    assert dry.ok and not dry.written and stored(session) == 0
    assert dry.new == {
        (dt.date(2021, 3, 1), "infopoint", "ukraine"): 120, (dt.date(2021, 3, 1), "infopoint", "other"): 30,
        (dt.date(2021, 3, 1), "centre", "ukraine"): 15, (dt.date(2021, 3, 2), "infopoint", "ukraine"): 110,
    }
    assert (dry.changed, dry.unchanged) == ({}, 0)

    done = run(session, counts(GOOD), dry_run=False)
    assert done.written and stored(session) == 4
    again = run(session, counts(GOOD), dry_run=False)
    assert (again.new, again.changed, again.unchanged, again.written) == ({}, {}, 4, False)
    assert stored(session) == 4


def test_a_changed_count_is_shown_as_from_to_and_overwrites_the_stored_one(session):
    from dashboard.web.import_messages import summary

    run(session, counts(GOOD), dry_run=False)
    changed = [GOOD[0].replace(";120", ";125"), GOOD[1], "2021-03-03;centre;other;7"]
    dry = run(session, counts(changed))
    assert dry.changed == {(dt.date(2021, 3, 1), "infopoint", "ukraine"): (120, 125)}
    assert dry.new == {(dt.date(2021, 3, 3), "centre", "other"): 7} and dry.unchanged == 1
    assert summary(dry, "de") == [
        "3 Zeilen geprüft: 1 neue Tageszahlen an 1 Tagen, 1 geänderte, 1 unverändert.",
        "Neu: 03.03.2021 bis 03.03.2021, zusammen 7 Besuche.",
        "01.03.2021, Infopoint, Ukraine: würde sich von 120 auf 125 ändern.",
    ]
    assert "would change from 120 to 125." in summary(dry, "en")[2]
    run(session, counts(changed), dry_run=False)
    assert session.get(DayCount, (dt.date(2021, 3, 1), _id(session, "infopoint"), "ukraine")).visits == 125


def _id(session, code: str) -> int:
    return VisitStatistics(session).location_ids()[code]


@pytest.mark.parametrize(("line", "expected"), [
    ("31.02.2021;infopoint;ukraine;5", ("bad_day", "datum", "31.02.2021")),
    ("2021-03-05 09:00;infopoint;ukraine;5", ("bad_day", "datum", "2021-03-05 09:00")),
    ("2026-12-01;infopoint;ukraine;5", ("future", "datum", "2026-12-01")),
    ("2021-03-05;mars;ukraine;5", ("unknown", "standort", "mars")),
    ("2021-03-05;infopoint;syria;5", ("unknown", "zielgruppe", "syria")),
    ("2021-03-05;infopoint;ukraine;-3", ("negative", "anzahl", "-3")),
    ("2021-03-05;infopoint;ukraine;12,5", ("not_integer", "anzahl", "12,5")),
    ("2021-03-05;infopoint;ukraine;viele", ("not_integer", "anzahl", "viele")),
    ("2021-03-05;infopoint;ukraine;1000000", ("too_many", "anzahl", "1000000")),
    ('2021-03-05;=HYPERLINK("http://x");ukraine;5', ("formula", "standort", '=HYPERLINK("http://x")')),
    ("2021-03-05;infopoint;@SUM(A1);5", ("formula", "zielgruppe", "@SUM(A1)")),
    ("2021-03-05;infopoint;ukraine;+1+cmd", ("formula", "anzahl", "+1+cmd")),
    ("01.03.2021;infopoint;ukraine;4", ("duplicate", "datum", "01.03.2021")),  # the same cell as row 2
    (VISITED, ("has_visits", "datum", "2023-03-01")),
])
def test_one_bad_row_refuses_the_whole_file_naming_row_column_and_value(session, line, expected):
    report = run(session, counts([GOOD[0], GOOD[2], line]), dry_run=False)
    assert where(report) == [(expected[0], 4, *expected[1:])]
    assert not report.written and stored(session) == 0  # the good rows neither
    assert (report.new, report.changed) == ({}, {})


@pytest.mark.parametrize(("data", "expected"), [
    (counts([GOOD[1], "2021-03-02;infopoint;other;5;Straße"], header=HEADER + ";notiz", encoding="latin-1"),
     ("encoding", 3, None)),
    (counts([GOOD[0].replace(";", "\t")], header=HEADER.replace(";", "\t")), ("delimiter", 1, None)),
    (counts(["2021-03-01;infopoint;5"], header="datum;standort;anzahl"), ("missing_column", 1, "zielgruppe")),
    (b"", ("empty", 1, None)),
    (b"x" * 50_000_000, ("too_large", None, None)),
])
def test_files_that_cannot_be_read_are_refused_with_where(session, data, expected):
    report = run(session, data, dry_run=False)
    assert [(p.code, p.row, p.column) for p in report.problems][:1] == [expected]
    assert stored(session) == 0


def test_xlsx_with_date_cells_is_read_like_csv(session):
    rows = [HEADER.split(";"), [dt.datetime(2021, 4, 1), "centre", "other", 12], [dt.date(2021, 4, 2), "centre", "other", 3.0]]
    report = run(session, xlsx_bytes(rows), "zahlen.xlsx", dry_run=False)
    assert report.ok and report.new == {(dt.date(2021, 4, 1), "centre", "other"): 12,
                                        (dt.date(2021, 4, 2), "centre", "other"): 3}


def test_visits_are_refused_on_a_day_that_has_a_count(session):
    run(session, counts(GOOD), dry_run=False)
    line = "2021-03-01 09:05;infopoint;ukraine;uk;housing;;;;"
    report = import_visits(session, csv_bytes([line]), "besuche.csv", dry_run=False, now=dt.datetime(2026, 11, 25))
    assert where(report) == [("has_counts", 2, "ankunft", "2021-03-01 09:05")] and not report.written


def test_the_statistics_count_them_beside_the_visits(session):
    """Trends' totals per day, week and month and the place-group cells include the counts,
    also where the same day and place has visits of the other group; filters by concern or
    language (which a count does not know) leave them out."""
    early, mixed = dt.date(2021, 3, 1), dt.date(2022, 6, 1)
    # Until December 2022 the Infopoint served Ukraine only: on `mixed` it has visits of
    # Ukraine and none of other nationalities, whose count is added here.
    assert run(session, counts(["2022-06-01;infopoint;other;15"])).ok
    f = VisitFilter(early, dt.date(2023, 3, 1))
    stats = VisitStatistics(session)
    before_days = {(d, v): n for d, v, n in stats.daily_counts(f, "location")}
    before_groups = {(d, v): n for d, v, n in stats.daily_counts(f, "target_group")}
    before_totals = {(loc, grp): n for loc, grp, n in stats.totals(f)}
    assert (mixed, "infopoint") in before_days and (early, "infopoint") not in before_days
    run(session, counts(["2021-03-01;infopoint;ukraine;120", "2022-06-01;infopoint;other;15"]), dry_run=False)
    for rolled in (False, True):  # the days read from the visits, then from the rollup
        if rolled:
            StatsRollup(session).refresh(TODAY)
        stats = VisitStatistics(session)
        by_place = {(d, v): n for d, v, n in stats.daily_counts(f, "location")}
        assert by_place[(early, "infopoint")] == 120
        assert by_place[(mixed, "infopoint")] == before_days[(mixed, "infopoint")] + 15
        assert {k: n for k, n in by_place.items() if k[0] not in (early, mixed)} == \
            {k: n for k, n in before_days.items() if k[0] not in (early, mixed)}
        by_group = {(d, v): n for d, v, n in stats.daily_counts(f, "target_group")}
        assert by_group[(early, "ukraine")] == 120
        assert by_group[(mixed, "other")] == before_groups[(mixed, "other")] + 15
        totals = {(loc, grp): n for loc, grp, n in stats.totals(f)}
        assert totals[("infopoint", "ukraine")] == before_totals[("infopoint", "ukraine")] + 120
        assert totals[("infopoint", "other")] == before_totals.get(("infopoint", "other"), 0) + 15
        cells = stats.daily_place_group_counts(f)
        assert (early, "infopoint", "ukraine", 120) in cells and (mixed, "infopoint", "other", 15) in cells
        only_centre = VisitFilter(f.start, f.end, locations=("centre",))
        assert all(d != early for d, _, _ in stats.daily_counts(only_centre, "location"))
        by_concern = VisitFilter(f.start, f.end, concerns=("housing",))
        assert all(d != early for d, _, _ in stats.daily_counts(by_concern, "location"))


def test_the_trends_volume_by_week_includes_them(own_db, monkeypatch):
    """Through the Trends page's data function (the one its chart, table and export use)."""
    from dashboard.trends import data
    from data_access.db import session_scope

    monkeypatch.setenv("MIGRADO_STATS_CACHE_SECONDS", "0")
    f = VisitFilter(dt.date(2021, 3, 1), dt.date(2021, 3, 14))
    assert data.volume(f, "week", "location").rows == []
    with session_scope(own_db) as session:
        assert run(session, counts(GOOD), dry_run=False).written
    figure = data.volume(f, "week", "location")
    assert [row[-1] for row in figure.rows] == [120 + 30 + 15 + 110]
