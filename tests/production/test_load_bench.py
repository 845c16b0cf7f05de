"""The load benchmark itself: a small run counts every acknowledged check-in exactly once."""

from __future__ import annotations

import json

from bench import load, load_queue


def test_a_small_load_run_reports_every_check_in_stored_once(capsys):
    status = load.main(["--clients", "10", "--per-client", "3", "--modes", "embedded-sqlite",
                        "--max-seconds", "60", "--json", "--no-docs"])
    result = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert status == 0
    assert {"mode", "database", "clients", "acknowledged", "stored", "lost", "duplicated", "errors", "throughput",
            "p50_ms", "p95_ms", "overview_p95_ms"} <= result.keys()
    # Nine ticket machines and one desk, three check-ins each, and the status pages' tickets
    # issued through the API, all acknowledged and stored once, each with its ticket.
    stored = 30 + load_queue.STATUS_PAGES
    assert (result["acknowledged"], result["stored"], result["lost"], result["duplicated"], result["errors"]) == (
        stored, stored, 0, 0, 0)
    assert result["throughput_all_running"] > 0 and result["p95_ms"] > 0
    # The server's own CPU per check-in, read from its process group (no database server on SQLite).
    assert result["web_cpu_ms_per_checkin"] > 0 and result["db_cpu_ms_per_checkin"] is None
    # The queue beside them: desks called, the displays showed it, every status page polled.
    assert result["tickets_missing"] == 0 and result["calls"] > 0 and result["call_to_display_p95_s"] is not None
    assert result["status_polls"] >= load_queue.STATUS_PAGES


def test_repeated_runs_get_a_median_line_per_mode():
    from bench.load import table

    run = dict(started="10:00", mode="production", workers=2, database="postgresql", clients=50, per_client=200,
               acknowledged=10, stored=10, lost=0, duplicated=0, errors=0, throughput_all_running=600,
               throughput=500, p50_ms=50, p95_ms=90, api_p95_ms=91, desk_p95_ms=80, overview_p95_ms=150,
               overview_requests=60, call_to_display_p95_s=1.0, calls_seen=30, calls=30, status_polls=400,
               display_polls=150, tickets_missing=0, web_cpu_ms_per_checkin=3.0, db_cpu_ms_per_checkin=1.0)
    lines = table([run, dict(run, p95_ms=130, errors=2), dict(run, p95_ms=95), dict(run, database="sqlite")])
    medians = [line for line in lines.splitlines() if line.startswith("| median")]
    assert medians == [next(line for line in medians if "postgresql" in line)]  # sqlite ran once: no median
    assert "**95.0**" in medians[0] and "| 2 |" in medians[0]  # the middle p95, the errors of all runs
    assert medians[0].count("|") == lines.splitlines()[0].count("|")
