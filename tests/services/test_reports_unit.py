"""The report's use case on a fake unit of work: arithmetic, "neu", team, forecast accuracy."""

from __future__ import annotations

import datetime as dt

import pytest

from dashboard.services import reports
from data_access.repositories.statistics import ForecastActual, ShiftCount, VisitMix
from tests.services.fakes import FakeAudit, FakeUnitOfWork


class FakeStatistics:
    def __init__(self, totals_by_start):
        self.totals_by_start = totals_by_start
        self.asked = []

    def totals(self, f):
        self.asked.append((f.start, f.end))
        return self.totals_by_start.get(f.start, [])

    def weekday_slot_counts(self, f):
        return {(0, 18): 30, (0, 19): 10, (2, 20): 25}

    def daily_counts(self, f, by):
        return [(dt.date(2025, 3, 3), "centre", 40), (dt.date(2025, 3, 3), "infopoint", 20),
                (dt.date(2025, 3, 5), "centre", 25)]

    def daily_waits(self, f):
        return [(dt.date(2025, 3, 3), 50, 600.0), (dt.date(2025, 3, 5), 25, 150.0)]

    def wait_buckets(self, f):
        return [40, 20, 10, 5]

    def daily_video(self, f):
        return [(dt.date(2025, 3, 3), 50, 5), (dt.date(2025, 3, 5), 25, 0)]

    def service_by_concern(self, f):
        return [("housing", 45, 12.0), ("work", 30, 8.0)]


class FakeReportStatistics:
    def __init__(self, forecasts=()):
        self._forecasts = list(forecasts)

    def wait_histograms(self, f):
        return {"housing": ((5.0, 20), (10.0, 20), (30.0, 5)), "work": ((2.0, 10), (12.0, 19), (25.0, 1))}

    def visit_mix(self, f):
        return [
            VisitMix("housing", "uk", "referred", True, False, 7),
            VisitMix("housing", "uk", "served", True, True, 3),
            VisitMix("housing", "ar", "served", True, False, 35),
            VisitMix("housing", "uk", "left", False, False, 5),
            VisitMix("work", "uk", "referred", True, False, 3),
            VisitMix("work", "uk", "served", True, False, 25),
            VisitMix("work", "uk", "served", True, True, 2),
            VisitMix("work", "ar", None, False, False, 5),
        ]

    def head_count(self, day):
        if day < dt.date(2025, 3, 15):
            return [("reception", "city", "city", 2), ("social_worker", "city", "city", 3)]
        return [("reception", "city", "city", 2), ("social_worker", "city", "city", 4),
                ("welfare_rep", "welfare", "partner", 1)]

    def published_shifts(self, start, end):
        t = dt.time
        return [
            ShiftCount("city", "city", "social_worker", t(8), t(16, 30), 30, "pending", 10),  # 8 h each
            ShiftCount("welfare", "partner", None, t(8), t(14), 0, "confirmed", 4),  # 6 h each
            ShiftCount("welfare", "partner", None, t(8), t(14), 0, "declined", 2),  # not worked
        ]

    def forecasts_before(self, start, end):
        return self._forecasts


class FakeCourses:
    def unmet_by_month(self, start, end, dimension):
        assert dimension == "kind"
        return [(2025, 3, "integration_general", 4), (2025, 3, None, 1)]

    def referrals_by_kind(self, start, end):
        return {"integration_general": 6, "job_language": 2}


MARCH = reports.period("month", 2025, 3)


def _uow(forecasts=()):
    stats = FakeStatistics({
        dt.date(2025, 3, 1): [("centre", "other", 30), ("centre", "ukraine", 35), ("infopoint", "ukraine", 20)],
        dt.date(2024, 3, 1): [("centre", "other", 40), ("centre", "ukraine", 35)],
    })
    return FakeUnitOfWork(statistics=stats, report_statistics=FakeReportStatistics(forecasts),
                          courses=FakeCourses()), stats


def test_cells_change_against_the_same_month_a_year_earlier_and_new_without_one():
    uow, stats = _uow()
    report = reports.gather_report(MARCH, today=dt.date(2025, 4, 2), uow=uow)
    assert (dt.date(2024, 3, 1), dt.date(2024, 3, 31)) in stats.asked
    cells = {(c.location, c.target_group): c for c in report.cells}
    assert cells[("centre", "other")].change == -25.0
    assert cells[("centre", "ukraine")].change == 0.0
    assert cells[("infopoint", "ukraine")].previous == 0
    assert cells[("infopoint", "ukraine")].change is None  # "neu": nothing to compare with
    assert (report.total, report.previous_total, report.change) == (85, 75, 13.3)


def test_busiest_weekday_hour_and_days_come_from_the_slot_and_day_counts():
    uow, _ = _uow()
    report = reports.gather_report(MARCH, today=dt.date(2025, 4, 2), uow=uow)
    assert dict(report.weekdays) == {0: 40, 2: 25}
    assert dict(report.hours) == {9: 40, 10: 25}
    assert report.busiest_days[0] == (dt.date(2025, 3, 3), 60)
    assert report.open_days == 2


def test_waits_services_referrals_and_languages():
    uow, _ = _uow()
    report = reports.gather_report(MARCH, today=dt.date(2025, 4, 2), uow=uow)
    assert report.waits.mean == pytest.approx(750 / 75)  # from the daily waits, as Trends
    # 75 seen; the 68th smallest (ceil 0.9 * 75) of 20x5, 20x10, 5x30, 10x2, 19x12, 1x25 is 12.
    assert report.waits.p90 == 12.0
    assert report.waits.within_target == pytest.approx(69 / 75)  # waits of at most 20 minutes
    housing = next(c for c in report.concerns if c.concern == "housing")
    assert housing.p90_wait == 30.0  # 45 seen: the 41st is among the five 30-minute waits
    assert housing.mean_wait == pytest.approx((100 + 200 + 150) / 45)
    assert housing.within_target == pytest.approx(40 / 45)
    assert (housing.visits, housing.seen, housing.mean_service, housing.referred) == (50, 45, 12.0, 7)
    assert report.concerns[0].concern == "housing"  # the largest concern first
    assert (report.referred, report.left_unseen) == (10, 5)
    assert (report.video, report.video_seen) == (5, 75)
    languages = {row.language: (row.visits, row.seen, row.video) for row in report.languages}
    assert languages == {"uk": (45, 40, 5), "ar": (40, 35, 0)}
    assert report.languages[0].language == "uk"


def test_team_counts_start_end_today_hours_and_partner_turns():
    uow, _ = _uow()
    team = reports.gather_report(MARCH, today=dt.date(2025, 4, 2), uow=uow).team
    assert (team.at_start, team.at_end, team.today) == (5, 7, 7)
    assert team.planned_hours == 10 * 8 + 4 * 6  # declined turns are not planned work
    assert team.planned_shifts == 14
    assert [(p.organisation, p.kept, p.declined, p.open) for p in team.partner_turns] == [("welfare", 4, 2, 0)]
    rows = {(r.role, r.organisation): (r.at_start, r.at_end) for r in team.rows}
    assert rows[("welfare_rep", "welfare")] == (0, 1)


def test_forecast_accuracy_against_what_came_and_none_without_forecasts():
    uow, _ = _uow()
    assert reports.gather_report(MARCH, today=dt.date(2025, 4, 2), uow=uow).forecast is None
    forecasts = [
        ForecastActual("centre", dt.date(2025, 3, 3), 50.0, 35.0, 45.0),  # came 40: error 10, inside
        ForecastActual("centre", dt.date(2025, 3, 4), 10.0, 5.0, 15.0),  # closed, 0 came: error 10, outside
        ForecastActual("infopoint", dt.date(2025, 3, 3), 20.0, None, None),  # came 20: exact
    ]
    uow, _ = _uow(forecasts)
    fc = reports.gather_report(MARCH, today=dt.date(2025, 4, 2), uow=uow).forecast
    assert (fc.days, fc.actual, fc.expected) == (3, 60, 80.0)
    assert fc.mean_abs_error == pytest.approx(20 / 3)
    assert fc.wape == pytest.approx(20 / 60)
    assert fc.within80 == 0.5  # one of the two days with an interval
    assert fc.by_place[0][:3] == ("centre", 2, 40)


@pytest.mark.parametrize("key, start, end", [
    ("2025", dt.date(2025, 1, 1), dt.date(2025, 12, 31)),
    ("2025-Q4", dt.date(2025, 10, 1), dt.date(2025, 12, 31)),
    ("2024-02", dt.date(2024, 2, 1), dt.date(2024, 2, 29)),
    ("first-year", dt.date(2022, 2, 25), dt.date(2023, 2, 24)),
])
def test_period_keys(key, start, end):
    p = reports.parse_period(key)
    assert (p.start, p.end, p.key) == (start, end, key)


def test_the_year_before_of_a_leap_february_ends_on_its_last_day():
    before = reports.parse_period("2024-02").year_before()
    assert (before.key, before.start, before.end) == ("2023-02", dt.date(2023, 2, 1), dt.date(2023, 2, 28))


@pytest.mark.parametrize("bad", ["", "2025-13", "2025-Q5", "abc", "2025-Qx"])
def test_unknown_period_keys_are_refused(bad):
    with pytest.raises(ValueError):
        reports.parse_period(bad)


def test_first_working_day_skips_weekends_and_nrw_holidays():
    assert reports.first_working_day(2026, 1) == dt.date(2026, 1, 2)  # New Year's Day
    assert reports.first_working_day(2026, 11) == dt.date(2026, 11, 2)  # 1 Nov: Sunday and All Saints
    assert reports.first_working_day(2025, 6) == dt.date(2025, 6, 2)  # 1 June 2025 is a Sunday
    assert reports.last_month(dt.date(2026, 1, 2)).key == "2025-12"


def test_percentile_is_the_inverted_cdf():
    assert reports.percentile([(1.0, 9), (5.0, 1)]) == 1.0
    assert reports.percentile([(1.0, 8), (5.0, 2)]) == 5.0
    assert reports.percentile([]) is None


def test_a_delivery_is_one_audit_line_and_committed():
    audit = FakeAudit()
    uow = FakeUnitOfWork(audit=audit)
    reports.record_delivery("2026-11", ok=False, recipients=2, error="ConnectionRefusedError", uow=uow)
    assert uow.committed
    assert audit.lines == [("system", "report_mail_failed", "report", None,
                            {"period": "2026-11", "recipients": 2, "error": "ConnectionRefusedError"})]


def test_language_course_referrals_and_unmet_needs_by_type():
    uow, _ = _uow()
    courses = reports.gather_report(MARCH, today=dt.date(2025, 4, 2), uow=uow).courses
    assert [(c.kind, c.referred, c.unmet) for c in courses] == [
        ("integration_general", 6, 4), ("job_language", 2, 0), (None, 0, 1)]
