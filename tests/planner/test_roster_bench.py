"""bench/roster.py: JSON output and its own section of docs/benchmarks.md."""

from __future__ import annotations

import json

from bench import roster

from .test_curtois_qu_reader import TEXT


def test_json_lines_carry_the_required_keys(tmp_path, capsys):
    path = tmp_path / "Tiny7.txt"
    path.write_text(TEXT)
    code = roster.main(["--seconds", "2", "--workers", "1", "--json", "--no-write", str(path)])
    row = json.loads(capsys.readouterr().out.strip())
    for key in ("instance", "objective", "best_known", "bound", "status", "checker_ok",
                "seconds_to_first", "seconds"):
        assert key in row
    assert row["instance"] == "Tiny7" and row["best_known"] is None
    assert row["checker_ok"] is True and code == 0
    assert row["plain_objective"] >= row["objective"]


def test_doc_section_is_replaced_and_others_kept(tmp_path, monkeypatch):
    doc = tmp_path / "benchmarks.md"
    doc.write_text("# Benchmarks\n\n<!-- forecast:begin -->\nF\n<!-- forecast:end -->\n")
    monkeypatch.setattr(roster, "DOC", doc)
    row = {"instance": "I", "size": "s", "objective": 5, "best_known": 4,
           "gap_to_best_known": 0.25, "bound": 3, "status": "FEASIBLE", "checker_ok": True,
           "seconds_to_first": 0.1, "seconds_to_best": 0.2}
    roster.write_doc([row], 1, 2, 0)
    roster.write_doc([dict(row, objective=4)], 1, 2, 0)
    text = doc.read_text()
    assert text.count(roster.BEGIN) == 1 and "<!-- forecast:begin -->\nF" in text
    assert "| I | s | 4 | - | 4 |" in text and "| I | s | 5 |" not in text


def test_seeds_give_the_median_and_range_of_checked_runs(tmp_path, capsys):
    path = tmp_path / "Tiny7.txt"
    path.write_text(TEXT)
    code = roster.main(["--seconds", "1", "--workers", "1", "--json", "--no-write",
                        "--seeds", "3", "--no-plain", str(path)])
    row = json.loads(capsys.readouterr().out.strip())
    low, high = row["objective_range"]
    assert low <= row["objective"] <= high and row["seeds"] == 3
    assert row["checker_ok"] is True and code == 0
    assert "plain_objective" not in row


def test_median_run_is_the_middle_objective_and_no_plan_counts_worst():
    runs = [{"objective": 9}, {"objective": None}, {"objective": 3}]
    assert roster._median_run(runs)["objective"] == 9
    assert roster._median_run([{"objective": 5}, {"objective": 2}])["objective"] == 2


def test_long_cases_report_a_checked_plan_beside_the_baseline(tmp_path, capsys):
    from bench import roster_long
    from planner.roster.search import concurrent

    (tmp_path / "Tiny7.txt").write_text(TEXT)
    code = roster_long.main(["--seconds", "3", "--workers", "1", "--json", "--no-write",
                             "--folder", str(tmp_path), "--cases", "Tiny7:28:2"])
    row = json.loads(capsys.readouterr().out.strip())
    for key in ("case", "size", "objective", "first_objective", "seconds_to_first",
                "checker_ok", "baseline_objective", "baseline_seconds_to_first"):
        assert key in row
    assert row["case"] == "Tiny7x28dx2" and row["size"].startswith("28d x 4 staff")
    assert row["checker_ok"] is True and code == 0
    assert row["first_objective"] >= row["objective"]
    assert concurrent.ROWS_FIRST is True  # the baseline run leaves the switches as they were
