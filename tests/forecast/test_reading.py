"""planner/forecast/reading.py: arrival files as users have them."""

from __future__ import annotations

import pandas as pd
import pytest

from planner.forecast.reading import ArrivalFileError, read_arrivals


def _write(tmp_path, name: str, frame: pd.DataFrame):
    path = tmp_path / name
    frame.to_csv(path, index=False)
    return path


def test_utc_z_timestamps_become_berlin_local_and_slots_widen_to_30_minutes(tmp_path):
    times = pd.date_range("2003-03-03T07:00:00Z", periods=12, freq="5min")
    path = _write(tmp_path, "calls.csv", pd.DataFrame({"ts": times.strftime("%Y-%m-%dT%H:%M:%SZ"), "calls": 1}))
    af = read_arrivals(path)
    # 07:00 UTC is 08:00 in Berlin in March (CET); 12 five-minute rows fill two 30-minute slots.
    assert af.counts["slot_start"].tolist() == [pd.Timestamp("2003-03-03 08:00"), pd.Timestamp("2003-03-03 08:30")]
    assert af.counts["count"].tolist() == [6.0, 6.0]
    assert af.resolution_minutes == 5 and af.slot_minutes == 30 and af.level == "slot"


def test_offset_and_tz_give_the_same_instants(tmp_path):
    local = pd.date_range("2016-01-04 09:00", periods=3, freq="h")
    with_offset = _write(tmp_path, "a.csv", pd.DataFrame({"time": local.strftime("%Y-%m-%dT%H:%M:%S+11:00"), "count": [1, 2, 3]}))
    naive = _write(tmp_path, "b.csv", pd.DataFrame({"time": local.strftime("%Y-%m-%dT%H:%M:%S"), "count": [1, 2, 3]}))
    a = read_arrivals(with_offset).counts
    b = read_arrivals(naive, tz="Australia/Melbourne").counts
    pd.testing.assert_frame_equal(a, b)
    # Melbourne 09:00 (UTC+11) is 23:00 of the day before in Berlin (UTC+1).
    assert a["slot_start"].iloc[0] == pd.Timestamp("2016-01-03 23:00")


def test_hourly_file_keeps_hourly_slots_and_places(tmp_path):
    times = pd.date_range("2015-01-01", periods=48, freq="h").strftime("%Y-%m-%dT%H:%M:%S")
    frame = pd.DataFrame({"location": ["p"] * 48 + ["q"] * 48, "slot_start": list(times) * 2, "count": 5})
    af = read_arrivals(_write(tmp_path, "h.csv", frame))
    assert af.slot_minutes == 60
    assert sorted(af.counts["location"].unique()) == ["p", "q"]


def test_daily_totals_only_is_read_as_daily_level(tmp_path):
    frame = pd.DataFrame({"date": pd.date_range("2024-01-01", periods=10).strftime("%Y-%m-%d"), "visits": range(10)})
    af = read_arrivals(_write(tmp_path, "d.csv", frame))
    assert af.level == "daily" and af.slot_minutes == 24 * 60
    assert af.counts["count"].sum() == sum(range(10))


def test_empty_count_is_missing_not_zero(tmp_path):
    frame = pd.DataFrame({"date": ["2024-01-01", "2024-01-02", "2024-01-03"], "count": ["4", "", "6"]})
    af = read_arrivals(_write(tmp_path, "g.csv", frame))
    assert af.counts["slot_start"].dt.day.tolist() == [1, 3]
    assert any("missing" in n for n in af.notes)


@pytest.mark.parametrize(
    ("frame", "expected"),
    [
        (pd.DataFrame({"time": ["2024-01-01 08:00", "soon"], "count": [1, 2]}), "g.csv: column 'time', row 3: not a time: 'soon'"),
        (pd.DataFrame({"time": ["2024-01-01 08:00", "2024-01-01 09:00"], "count": [1, "x"]}), "g.csv: column 'count', row 3: not a count: 'x'"),
        (pd.DataFrame({"time": ["2024-01-01 08:00", "2024-01-01 09:00"], "count": [1, -2]}), "g.csv: column 'count', row 3: not a count: '-2'"),
        (pd.DataFrame({"time": ["2024-01-01T08:00Z", "2024-01-01 09:00"], "count": [1, 2]}), "row 3: time '2024-01-01 09:00' has no offset"),
    ],
)
def test_bad_input_is_one_line_naming_file_column_row_and_value(tmp_path, frame, expected):
    with pytest.raises(ArrivalFileError) as err:
        read_arrivals(_write(tmp_path, "g.csv", frame))
    assert expected in str(err.value)
    assert "\n" not in str(err.value)


def test_unknown_column_and_zone_are_named(tmp_path):
    path = _write(tmp_path, "g.csv", pd.DataFrame({"time": ["2024-01-01 08:00"], "count": [1]}))
    with pytest.raises(ArrivalFileError, match="no column 'when'"):
        read_arrivals(path, time_col="when")
    with pytest.raises(ArrivalFileError, match="unknown time zone 'Mars/Base'"):
        read_arrivals(path, tz="Mars/Base")


def test_one_numeric_column_is_the_count_and_none_means_one_row_per_arrival(tmp_path):
    frame = pd.DataFrame({"when": ["2024-01-01", "2024-01-02"], "site": ["p", "p"], "footfall": ["10", "12"]})
    af = read_arrivals(_write(tmp_path, "c.csv", frame), time_col="when")
    assert af.counts["count"].tolist() == [10.0, 12.0]
    rows = pd.DataFrame({"arrived_at": ["2024-01-01 08:10", "2024-01-01 08:20", "2024-01-01 09:05"], "place": "p"})
    per_arrival = read_arrivals(_write(tmp_path, "r.csv", rows))
    assert per_arrival.counts["count"].tolist() == [2.0, 1.0] and per_arrival.resolution_minutes is None
