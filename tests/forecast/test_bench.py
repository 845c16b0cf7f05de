"""bench/forecast.py on arrival files as users have them (issue 18): JSON keys, odd inputs, bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from bench import forecast as bench
from tests.forecast.synthetic import synthetic_visits

ROOT = Path(__file__).resolve().parents[2]
LEVEL_KEYS = {"mase", "mase_naive", "mase_mean4w", "mase_peer", "peer", "coverage80", "fit_seconds"}
FAST = ["--origins", "5", "--no-peers", "--no-write", "--json"]


def _call_centre(start: str, periods: int, freq: str = "5min") -> pd.DataFrame:
    """Around-the-clock counts with a weekly and daily rhythm, Poisson noise; times in UTC."""
    rng = np.random.default_rng(7)
    times = pd.date_range(start, periods=periods, freq=freq, tz="UTC")
    hour = times.tz_convert("Europe/Berlin").hour.to_numpy()
    rate = np.where((hour >= 7) & (hour < 20), 6.0, 0.5) * np.where(times.day_of_week < 5, 1.0, 0.4)
    return pd.DataFrame({"ts": times.strftime("%Y-%m-%dT%H:%M:%SZ"), "calls": rng.poisson(rate * (int(freq[:-3]) / 5))})


@pytest.fixture(scope="module")
def arrivals_csv(tmp_path_factory) -> Path:
    history = synthetic_visits(levels={("a", "x"): 40.0, ("b", "x"): 15.0})
    path = tmp_path_factory.mktemp("csv") / "arrivals.csv"
    history[["arrived_at", "location"]].rename(columns={"arrived_at": "ts", "location": "place"}).to_csv(path, index=False)
    return path


def test_json_has_the_keys_the_issue_names_per_level_and_place(arrivals_csv, capsys):
    assert bench.main(["--csv", str(arrivals_csv), "--time-col", "ts", "--place-col", "place", *FAST]) == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out) == {"daily", "slot", "places"}
    assert set(out["places"]) == {"a", "b"}
    for level in ("daily", "slot"):
        assert set(out[level]) == LEVEL_KEYS
        assert 0 < out[level]["mase"] < out[level]["mase_naive"]
        assert 0.5 < out[level]["coverage80"] <= 1.0
        for place in ("a", "b"):
            assert set(out["places"][place][level]) == LEVEL_KEYS


def test_seven_months_of_five_minute_utc_counts_as_a_script(tmp_path):
    path = tmp_path / "calls.csv"
    _call_centre("2003-03-03T00:00:00Z", 7 * 30 * 288).to_csv(path, index=False)
    run = subprocess.run([sys.executable, "bench/forecast.py", "--csv", str(path), *FAST],
                         cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    out = json.loads(run.stdout)
    assert out["daily"]["mase"] < out["daily"]["mase_naive"]
    assert out["slot"]["mase"] < out["slot"]["mase_naive"]


def test_daily_totals_only_eight_weeks_with_a_gap(tmp_path, capsys):
    days = pd.date_range("2024-01-01", periods=56)
    rng = np.random.default_rng(1)
    counts = rng.poisson(np.where(days.day_of_week < 5, 80, 20))
    frame = pd.DataFrame({"date": days.strftime("%Y-%m-%d"), "visits": counts}).drop(index=range(20, 24))
    path = tmp_path / "daily.csv"
    frame.to_csv(path, index=False)
    assert bench.main(["--csv", str(path), *FAST[:-1]]) == 0
    text = capsys.readouterr().out
    assert "daily totals only" in text and "no yearly component" in text
    assert bench.main(["--csv", str(path), *FAST]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["slot"] is None and out["daily"]["mase"] > 0


def test_offset_file_and_tz_file_give_the_same_figures(tmp_path, capsys):
    frame = _call_centre("2015-01-05T00:00:00Z", 24 * 7 * 12, "60min")
    local = pd.to_datetime(frame["ts"]).dt.tz_convert("Australia/Melbourne")
    with_offset, naive = tmp_path / "offset.csv", tmp_path / "naive.csv"
    frame.assign(ts=local.map(lambda t: t.isoformat())).to_csv(with_offset, index=False)
    frame.assign(ts=local.dt.strftime("%Y-%m-%dT%H:%M:%S")).to_csv(naive, index=False)
    assert bench.main(["--csv", str(with_offset), *FAST]) == 0
    a = json.loads(capsys.readouterr().out)
    assert bench.main(["--csv", str(naive), "--tz", "Australia/Melbourne", *FAST]) == 0
    b = json.loads(capsys.readouterr().out)
    assert a["daily"]["mase"] == pytest.approx(b["daily"]["mase"])


def test_bad_input_is_one_line_without_traceback(tmp_path):
    path = tmp_path / "bad.csv"
    pd.DataFrame({"ts": ["2024-01-01 08:00", "2024-01-01 09:00"], "n": ["3", "drei"]}).to_csv(path, index=False)
    run = subprocess.run([sys.executable, "-m", "bench.forecast", "--csv", str(path), "--count-col", "n", "--no-write"],
                         cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert run.returncode == 2
    assert run.stderr.strip() == "error: bad.csv: column 'n', row 3: not a count: 'drei'"


def test_docs_section_is_replaced_in_place(tmp_path):
    from bench.docs import write_section

    docs = tmp_path / "benchmarks.md"
    docs.write_text("# Benchmarks\n\n<!-- roster:begin -->\nroster\n<!-- roster:end -->\n")
    write_section("forecast", "first", docs)
    write_section("forecast", "second", docs)
    text = docs.read_text()
    assert text.count("<!-- forecast:begin -->") == 1 and "second" in text and "first" not in text
    assert "<!-- roster:begin -->\nroster\n<!-- roster:end -->" in text
