"""The centre's time zone is one setting (MIGRADO_TIMEZONE, planner/clock.py), read wherever
a time is placed on the centre's clock: not a second copy of Europe/Berlin in a module."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from icalendar import Calendar

from dashboard.web.api.shift_calendar import shifts_to_ical
from data_access.imports.visits import _time
from data_access.repositories.assignments import ShiftRow
from planner import clock
from planner.forecast.reading import read_arrivals

ROOT = Path(__file__).resolve().parents[1]
# A zone far from Berlin's offset, so that a module still on Berlin shows.
ELSEWHERE = "Asia/Tokyo"


def _shift() -> ShiftRow:
    return ShiftRow(id=1, day=dt.date(2026, 12, 8), starts_at=dt.time(8), ends_at=dt.time(12),
                    location_code="HBF", location_name="Hauptbahnhof", task="advice",
                    organisation_id=1, organisation_name="AWO", staff_id=None, staff_name=None,
                    confirmation="pending", confirmed_by=None, confirmed_at=None, decline_reason=None)


def test_no_module_but_the_clock_names_a_time_zone_of_its_own():
    named = []
    for folder in ("dashboard", "data_access", "planner"):
        for path in (ROOT / folder).rglob("*.py"):
            if path == ROOT / "planner" / "clock.py":
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if re.search(r"ZoneInfo\(\s*[\"']", line):
                    named.append(f"{path.relative_to(ROOT)}:{number}")
    assert named == []


def test_the_shift_calendar_places_shifts_in_the_zone_of_the_setting(monkeypatch):
    monkeypatch.setenv("MIGRADO_TIMEZONE", ELSEWHERE)
    calendar = Calendar.from_ical(shifts_to_ical([_shift()], "AWO"))
    [event] = calendar.walk("VEVENT")
    start = event.decoded("dtstart")
    assert str(start.tzinfo) == ELSEWHERE and start.hour == 8
    assert str(calendar["x-wr-timezone"]) == ELSEWHERE


def test_imported_times_with_an_offset_land_on_the_clock_of_the_setting(monkeypatch):
    monkeypatch.setenv("MIGRADO_TIMEZONE", ELSEWHERE)
    assert _time("2026-11-25T08:00:00Z") == dt.datetime(2026, 11, 25, 17, 0)
    monkeypatch.delenv("MIGRADO_TIMEZONE")
    assert _time("2026-11-25T08:00:00Z") == dt.datetime(2026, 11, 25, 9, 0)


def test_the_services_days_follow_the_setting(monkeypatch, real_clock):
    monkeypatch.setenv("MIGRADO_TIMEZONE", ELSEWHERE)
    tokyo = dt.datetime.now(dt.timezone.utc).astimezone(dt.timezone(dt.timedelta(hours=9)))
    # The services' and pages' "now" and "today" (courses, reports, forecast, login throttle).
    assert abs((clock.now() - tokyo.replace(tzinfo=None)).total_seconds()) < 5
    # The date can turn between two reads only in the second around midnight.
    assert clock.today() in {tokyo.date(), (tokyo + dt.timedelta(seconds=5)).date()}


def test_arrival_files_are_read_onto_the_clock_of_the_setting(monkeypatch, tmp_path):
    monkeypatch.setenv("MIGRADO_TIMEZONE", ELSEWHERE)
    path = tmp_path / "arrivals.csv"
    path.write_text("timestamp,count\n2026-11-25T08:00:00Z,3\n2026-11-25T09:00:00Z,5\n", encoding="utf-8")
    starts = sorted(read_arrivals(path).counts["slot_start"])
    assert starts[0] == dt.datetime(2026, 11, 25, 17, 0)
