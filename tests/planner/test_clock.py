"""The centre's clock ignores the server's zone and follows summer time."""

from __future__ import annotations

import datetime as dt
import os
import time

import pytest

from planner import clock


@pytest.fixture
def server_zone(monkeypatch):
    def set_zone(name: str) -> None:
        monkeypatch.setenv("TZ", name)
        time.tzset()

    yield set_zone
    monkeypatch.delenv("TZ", raising=False)
    time.tzset()


@pytest.mark.parametrize("server", ["UTC", "America/New_York", "Asia/Tokyo"])
def test_now_is_the_centres_wall_clock_whatever_the_server_zone(server_zone, server, real_clock):
    server_zone(server)
    expected = dt.datetime.now(dt.timezone.utc).astimezone(clock.zone()).replace(tzinfo=None)
    assert abs((clock.now() - expected).total_seconds()) < 2
    assert clock.today() == expected.date()


def test_the_zone_is_a_setting(monkeypatch):
    monkeypatch.setenv("MIGRADO_TIMEZONE", "Asia/Tokyo")
    assert clock.zone().key == "Asia/Tokyo"
    monkeypatch.delenv("MIGRADO_TIMEZONE")
    assert clock.zone().key == "Europe/Berlin"


@pytest.mark.parametrize(("utc", "local"), [
    (dt.datetime(2026, 3, 29, 0, 59, tzinfo=dt.timezone.utc), dt.datetime(2026, 3, 29, 1, 59)),  # CET
    (dt.datetime(2026, 3, 29, 1, 0, tzinfo=dt.timezone.utc), dt.datetime(2026, 3, 29, 3, 0)),  # CEST starts
    (dt.datetime(2026, 10, 25, 0, 59, tzinfo=dt.timezone.utc), dt.datetime(2026, 10, 25, 2, 59)),  # CEST
    (dt.datetime(2026, 10, 25, 1, 0, tzinfo=dt.timezone.utc), dt.datetime(2026, 10, 25, 2, 0)),  # CET again
])
def test_instants_with_an_offset_land_on_the_centres_wall_clock_across_summer_time(utc, local):
    assert clock.to_centre(utc) == local


def test_wall_clock_times_get_the_offset_of_their_season():
    assert clock.with_offset(dt.datetime(2026, 1, 15, 9)).utcoffset() == dt.timedelta(hours=1)
    assert clock.with_offset(dt.datetime(2026, 7, 15, 9)).utcoffset() == dt.timedelta(hours=2)
    assert clock.to_centre(dt.datetime(2026, 7, 15, 9)) == dt.datetime(2026, 7, 15, 9)  # naive: already local
