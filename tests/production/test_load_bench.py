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
    # The queue beside them: desks called, the displays showed it, every status page polled.
    assert result["tickets_missing"] == 0 and result["calls"] > 0 and result["call_to_display_p95_s"] is not None
    assert result["status_polls"] >= load_queue.STATUS_PAGES
