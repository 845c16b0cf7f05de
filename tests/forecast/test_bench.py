"""bench/forecast.py on a user's arrivals file, and its docs section."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bench import forecast as bench
from tests.forecast.synthetic import synthetic_visits

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def arrivals_csv(tmp_path_factory) -> Path:
    history = synthetic_visits(levels={("a", "x"): 40.0})
    path = tmp_path_factory.mktemp("csv") / "arrivals.csv"
    history[["arrived_at"]].rename(columns={"arrived_at": "ts"}).to_csv(path, index=False)
    return path


def test_json_per_level_from_one_row_per_arrival(arrivals_csv, capsys):
    assert bench.main(["--csv", str(arrivals_csv), "--time-col", "ts", "--origins", "8", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    for level in ("daily", "slot"):
        assert set(out[level]) == {"mase", "mase_naive", "mae", "coverage80", "fit_seconds"}
        assert 0 < out[level]["mase"] < out[level]["mase_naive"]
        assert 0.5 < out[level]["coverage80"] <= 1.0
    assert out["origins"] == 8


def test_slot_counts_with_a_count_column_as_a_script(arrivals_csv, tmp_path):
    import pandas as pd

    ts = pd.to_datetime(pd.read_csv(arrivals_csv)["ts"])
    counts = ts.dt.floor("30min").value_counts().rename_axis("slot").reset_index(name="n")
    path = tmp_path / "counts.csv"
    counts.to_csv(path, index=False)
    run = subprocess.run(
        [sys.executable, "bench/forecast.py", "--csv", str(path), "--time-col", "slot", "--count-col", "n", "--origins", "8", "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    out = json.loads(run.stdout)
    assert out["daily"]["mase"] < out["daily"]["mase_naive"]


def test_docs_section_is_replaced_in_place(tmp_path, monkeypatch):
    docs = tmp_path / "benchmarks.md"
    docs.write_text("# Benchmarks\n\n<!-- roster:begin -->\nroster\n<!-- roster:end -->\n")
    monkeypatch.setattr(bench, "DOCS", docs)
    bench.write_docs("first")
    bench.write_docs("second")
    text = docs.read_text()
    assert text.count(bench.BEGIN) == 1 and "second" in text and "first" not in text
    assert "<!-- roster:begin -->\nroster\n<!-- roster:end -->" in text
