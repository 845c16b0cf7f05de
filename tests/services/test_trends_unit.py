"""The Trends data service on a fake unit of work, its cache, and a figure built from it."""

from __future__ import annotations

import datetime as dt

import pytest

from dashboard.services import cache, trends
from tests.services.fakes import FakeUnitOfWork

RANGE = trends.VisitFilter(dt.date(2026, 3, 2), dt.date(2026, 3, 15))


class FakeStatistics:
    """Daily counts of two places over two weeks; remembers what it was asked."""

    def __init__(self) -> None:
        self.asked: list[tuple] = []

    def daily_counts(self, f, by="location"):
        self.asked.append(("daily_counts", f, by))
        days = [f.start + dt.timedelta(days=k) for k in range((f.end - f.start).days + 1)]
        return [(d, place, n) for d in days for place, n in (("centre", 10), ("infopoint", 5))]

    def totals(self, f):
        self.asked.append(("totals", f))
        return [("centre", "ukraine", 7), ("infopoint", "other", 3)]


@pytest.fixture
def statistics(monkeypatch):
    """Route the service's database reads to one fake, as if each opened a unit of work on it."""
    fake = FakeStatistics()
    reads = []

    def read(url, method, args):
        reads.append(method)
        return trends._statistic(method, *args, uow=FakeUnitOfWork(statistics=fake))

    monkeypatch.setattr(trends, "_read", read)
    cache.clear_all()
    yield fake, reads
    cache.clear_all()


def test_a_query_on_a_given_unit_of_work_reaches_its_statistics_with_the_arguments():
    fake = FakeStatistics()
    uow = FakeUnitOfWork(statistics=fake)
    assert trends.totals(RANGE, uow=uow) == [("centre", "ukraine", 7), ("infopoint", "other", 3)]
    assert trends.daily_counts(RANGE, "concern", uow=FakeUnitOfWork(statistics=fake))[0] == (RANGE.start, "centre", 10)
    assert fake.asked == [("totals", RANGE), ("daily_counts", RANGE, "concern")]
    assert uow.opened == 1 and not uow.committed  # a read commits nothing


def test_results_are_cached_per_arguments_unless_the_cache_is_turned_off(statistics, monkeypatch):
    fake, reads = statistics
    monkeypatch.setenv("MIGRADO_STATS_CACHE_SECONDS", "20")
    trends.totals(RANGE)
    trends.totals(RANGE)
    trends.totals(RANGE.shifted(-7))
    assert reads == ["totals", "totals"]  # the repeat of the same range came from the cache
    monkeypatch.setenv("MIGRADO_STATS_CACHE_SECONDS", "0")
    trends.totals(RANGE)
    assert reads == ["totals", "totals", "totals"]


def test_the_volume_figure_sums_the_service_counts_per_week(statistics, monkeypatch, web_app):
    from dashboard.trends import data

    monkeypatch.setenv("MIGRADO_STATS_CACHE_SECONDS", "0")
    with web_app.server.test_request_context():
        figure = data.volume(RANGE, "week", "location")
    # Two ISO weeks of seven days at 10 + 5 visits a day.
    assert [row[-1] for row in figure.rows] == [105, 105]
    assert figure.points["series"]["Servicezentrum"] == [70, 70]
