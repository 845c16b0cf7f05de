"""The statistics repository against pandas on the generator's own frame, on both databases."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from sqlalchemy import delete, select

from data_access.db import session_scope
from data_access.demo.reference import OPENED
from data_access.demo.visits import FIRST_YEAR_END, FIRST_YEAR_TOTALS, generate_visit_frame
from data_access.models import StatsRollupState, Visit, VisitDayRollup
from data_access.repositories.statistics import StatsRollup, VisitFilter, VisitStatistics
from tests.conftest import DEMO_NOW

FILTERS = [
    VisitFilter(dt.date(2026, 10, 1), dt.date(2026, 11, 25)),
    VisitFilter(dt.date(2025, 1, 1), dt.date(2025, 12, 31), locations=("centre",), target_groups=("other",)),
    VisitFilter(OPENED, FIRST_YEAR_END, concerns=("housing",), languages=("uk", "ru")),
]


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    """The visits exactly as the `filled_url` databases hold them (seed 1, DEMO_NOW)."""
    visits = generate_visit_frame(seed=1, until=DEMO_NOW)
    visits["day"] = pd.to_datetime(visits["day"]).dt.date
    return visits


def _select(frame: pd.DataFrame, f: VisitFilter) -> pd.DataFrame:
    sel = (frame["day"] >= f.start) & (frame["day"] <= f.end)
    for column, values in (("location", f.locations), ("target_group", f.target_groups),
                           ("concern", f.concerns), ("language", f.languages)):
        if values:
            sel &= frame[column].isin(values)
    return frame[sel]


@pytest.fixture(params=["visits", "rollup"])
def stats(filled_url, request):
    """The statistics read from the visits only, and with finished days from the rollup."""
    with session_scope(filled_url) as session:
        if request.param == "rollup":
            StatsRollup(session).refresh(DEMO_NOW.date())
        else:
            session.execute(delete(VisitDayRollup))
            session.execute(delete(StatsRollupState))
    with session_scope(filled_url) as session:
        yield VisitStatistics(session)


@pytest.mark.parametrize("f", FILTERS)
@pytest.mark.parametrize("by", ["location", "target_group", "concern", "language"])
def test_daily_counts_match_pandas(stats, frame, f, by):
    column = "location" if by == "location" else by
    expected = _select(frame, f).groupby(["day", column]).size()
    got = {(d, v): n for d, v, n in stats.daily_counts(f, by)}
    assert got == {k: int(n) for k, n in expected.items()}


@pytest.mark.parametrize("f", FILTERS)
def test_totals_waits_video_heatmap_and_service_match_pandas(stats, frame, f):
    sub = _select(frame, f)
    assert stats.totals(f) == sorted((loc, grp, int(n)) for (loc, grp), n in sub.groupby(["location", "target_group"]).size().items())

    cells = sub.groupby(["day", "location", "target_group"]).size()
    assert sorted(stats.daily_place_group_counts(f)) == sorted((d, loc, grp, int(n)) for (d, loc, grp), n in cells.items())

    seen = sub.dropna(subset=["wait_minutes"])
    by_day = seen.groupby("day")["wait_minutes"]
    assert stats.daily_waits(f) == [(d, int(n), pytest.approx(float(s))) for (d, n), s in zip(by_day.size().items(), by_day.sum())]

    edges = [0, 10, 20, 40, np.inf]
    buckets = np.histogram(seen["wait_minutes"], bins=edges)[0].tolist()
    assert stats.wait_buckets(f) == buckets

    p90 = stats.daily_wait_p90(f)
    expected_p90 = {d: float(np.percentile(w, 90, method="inverted_cdf")) for d, w in by_day}
    assert p90 == expected_p90
    assert stats.daily_wait_stats(f) == [(d, n, pytest.approx(total), expected_p90[d]) for d, n, total in stats.daily_waits(f)]

    video = seen.groupby("day")["video_interpreter"].agg(["size", "sum"])
    assert stats.daily_video(f) == [(d, int(r["size"]), int(r["sum"])) for d, r in video.iterrows()]

    heat = sub.groupby(["weekday", "slot"]).size()
    assert stats.weekday_slot_counts(f) == {(int(w), int(s)): int(n) for (w, s), n in heat.items()}

    service = sub.dropna(subset=["service_minutes"]).groupby("concern")["service_minutes"].agg(["size", "mean"])
    got = stats.service_by_concern(f)
    assert [(c, n) for c, n, _ in got] == [(c, int(r["size"])) for c, r in service.iterrows()]
    assert [m for *_, m in got] == pytest.approx(service["mean"].tolist())


def test_first_year_totals_are_the_reports(stats):
    totals = {(loc, grp): n for loc, grp, n in stats.totals(VisitFilter(OPENED, FIRST_YEAR_END))}
    assert totals == FIRST_YEAR_TOTALS


def test_an_empty_selection_gives_empty_answers(stats):
    f = VisitFilter(dt.date(2021, 1, 1), dt.date(2021, 12, 31))
    assert stats.daily_counts(f) == [] and stats.totals(f) == [] and stats.daily_waits(f) == []
    assert stats.wait_buckets(f) == [0, 0, 0, 0] and stats.daily_wait_p90(f) == {}
    assert stats.weekday_slot_counts(f) == {} and stats.service_by_concern(f) == []


def test_statistics_queries_use_the_covering_indexes(filled_sqlite_url):
    """On SQLite the day-first covering indexes answer without a table read or a sort."""
    from sqlalchemy import event

    from data_access.db import get_engine

    statements = []
    engine = get_engine(filled_sqlite_url)

    def capture(_conn, _cursor, statement, parameters, _context, _many):
        statements.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", capture)
    try:
        f = VisitFilter(OPENED, DEMO_NOW.date(), locations=("centre",), languages=("ar",))
        with session_scope(filled_sqlite_url) as session:
            stats = VisitStatistics(session)
            stats.location_ids()
            statements.clear()
            for by in ("location", "target_group", "concern", "language"):
                stats.daily_counts(f, by)
            stats.weekday_slot_counts(f)
            stats.service_by_concern(f)
            stats.daily_waits(f)
    finally:
        event.remove(engine, "before_cursor_execute", capture)
    raw = engine.raw_connection()
    try:
        for statement, parameters in [(q, p) for q, p in statements if "FROM visit" in q]:
            plan = " ".join(row[3] for row in raw.cursor().execute("EXPLAIN QUERY PLAN " + statement, parameters))
            assert "COVERING INDEX ix_visit_day_" in plan, (statement, plan)
            assert "TEMP B-TREE FOR GROUP BY" not in plan.split("SCAN anon_1")[0], (statement, plan)
    finally:
        raw.close()


def test_the_rollup_follows_a_late_change_to_a_past_day(filled_url):
    day = dt.date(2024, 3, 5)
    f = VisitFilter(day, day, locations=("centre",))
    with session_scope(filled_url) as session:
        StatsRollup(session).refresh(DEMO_NOW.date())
        before = VisitStatistics(session).totals(f)
        visit = session.scalars(select(Visit).where(Visit.day == day).limit(1)).one()
        copy = Visit(**{c.name: getattr(visit, c.name) for c in Visit.__table__.columns if c.name != "id"})
        copy.location_id = VisitStatistics(session).location_ids()["centre"]
        session.add(copy)
    try:
        with session_scope(filled_url) as session:
            assert StatsRollup(session).refresh(DEMO_NOW.date())  # the count changed: rebuilt
            after = VisitStatistics(session).totals(f)
            assert sum(n for *_, n in after) == sum(n for *_, n in before) + 1
            assert not StatsRollup(session).refresh(DEMO_NOW.date())  # up to date: nothing to do
    finally:
        with session_scope(filled_url) as session:
            session.delete(session.get(Visit, copy.id))


def test_the_rollup_is_rebuilt_whole_on_a_new_day(filled_url):
    with session_scope(filled_url) as session:
        StatsRollup(session).refresh(DEMO_NOW.date())
        state = session.get(StatsRollupState, 1)
        state.built_at = DEMO_NOW - dt.timedelta(days=2)
    with session_scope(filled_url) as session:
        assert StatsRollup(session).refresh(DEMO_NOW.date())
        assert session.get(StatsRollupState, 1).built_at.date() >= DEMO_NOW.date()
        totals = VisitStatistics(session).totals(VisitFilter(OPENED, FIRST_YEAR_END))
        assert {(loc, grp): n for loc, grp, n in totals} == FIRST_YEAR_TOTALS
