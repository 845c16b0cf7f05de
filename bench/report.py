"""Time leadership's annual report (PDF and XLSX) on a database of about a million visits.

    python -m bench.report [--visits N] [--repeat R] [--year Y] [--json] [--no-postgres] [--no-write]

It builds (once, then reuses) the same large demo databases as bench/dashboard.py (SQLite
under var/bench/, PostgreSQL in a schema of its own at MIGRADO_BENCH_POSTGRES_URL when
reachable), keeps the rollup of finished days current as the running app does, and then,
R times per database and format, gathers the last full year's report from scratch (the
report cache cleared) and renders it: `pdf_seconds` and `xlsx_seconds` are gathering plus
rendering, what a click on the download costs. `gather_seconds` (the queries alone) is the
baseline the renderings are set against. Target: under 10 s on both databases. It checks
that the report's total equals the Trends page's total for the same year. `--json` prints
one line per database (database, visits, pdf_seconds, xlsx_seconds, gather_seconds).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.dashboard import BENCH_DIR, ensure_filled, postgres_url, sqlite_url  # noqa: E402
from bench.docs import write_section  # noqa: E402
from planner import clock  # noqa: E402

TARGET_SECONDS = 10.0


def time_report(url: str, year: int, repeat: int) -> dict:
    os.environ["DATABASE_URL"] = url
    os.environ["MIGRADO_STATS_CACHE_SECONDS"] = "0"
    from dashboard.reports.files import render
    from dashboard.services import reports
    from dashboard.services.cache import clear_all
    from dashboard.services.stats_rollup import ensure_rollup, forget
    from dashboard.trends import data
    from data_access.db import dispose_engines
    from data_access.repositories.statistics import VisitFilter

    dispose_engines()
    forget()
    today = clock.today()
    ensure_rollup(today)  # the running app keeps it current; its first build is not a report's cost
    p = reports.period("year", year)
    samples: dict[str, list[float]] = {"gather": [], "pdf": [], "xlsx": []}
    cpu: dict[str, list[float]] = {"gather": [], "pdf": [], "xlsx": []}
    sizes = {}
    report = None
    for _ in range(repeat):
        for kind in ("gather", "pdf", "xlsx"):
            clear_all()
            started, cpu_started = time.perf_counter(), time.process_time()
            report = reports.period_report(p, today)
            if kind != "gather":
                sizes[kind] = len(render(report, kind, "de"))
            samples[kind].append(time.perf_counter() - started)
            # CPU time of this process (the app and, on SQLite, the database): the cost
            # without the waiting that other work on a shared machine adds.
            cpu[kind].append(time.process_time() - cpu_started)
    trends_total = data.totals(VisitFilter(p.start, p.end)).points["total"]
    if trends_total != report.total:
        raise SystemExit(f"report total {report.total} differs from the Trends total {trends_total}")
    dispose_engines()
    return {"samples": samples, "cpu": cpu, "total": report.total, "sizes": sizes}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.report", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--visits", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--year", type=int, help="the report's year (default: the last full year)")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--no-write", "--no-docs", dest="no_write", action="store_true",
                        help="leave docs/benchmarks.md alone")
    args = parser.parse_args(argv)
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    year = args.year or clock.today().year - 1
    load_before = os.getloadavg()[0]
    targets = [("SQLite", sqlite_url(args.visits))]
    if not args.no_postgres:
        url = postgres_url(args.visits)
        if url:
            targets.append(("PostgreSQL", url))
    rows = []
    for database, url in targets:
        visits = ensure_filled(url, args.visits)
        measured = time_report(url, year, args.repeat)
        s = measured["samples"]
        row = {"database": database, "visits": visits,
               "pdf_seconds": round(statistics.median(s["pdf"]), 2),
               "xlsx_seconds": round(statistics.median(s["xlsx"]), 2),
               "gather_seconds": round(statistics.median(s["gather"]), 2),
               "pdf_max_seconds": round(max(s["pdf"]), 2), "xlsx_max_seconds": round(max(s["xlsx"]), 2),
               "pdf_cpu_seconds": round(statistics.median(measured["cpu"]["pdf"]), 2),
               "xlsx_cpu_seconds": round(statistics.median(measured["cpu"]["xlsx"]), 2),
               "year": year, "report_total": measured["total"], "pdf_bytes": measured["sizes"].get("pdf")}
        rows.append(row)
        if args.json:
            print(json.dumps(row), flush=True)
    table = ["| database | visits | report total | gather s | PDF s (max) | XLSX s (max) | PDF / gather | XLSX / gather "
             "| PDF CPU s | XLSX CPU s |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        g = r["gather_seconds"] or 1e-9
        table.append(f"| {r['database']} | {r['visits']:,} | {r['report_total']:,} | {r['gather_seconds']:.2f} | "
                     f"{r['pdf_seconds']:.2f} ({r['pdf_max_seconds']:.2f}) | "
                     f"{r['xlsx_seconds']:.2f} ({r['xlsx_max_seconds']:.2f}) | "
                     f"{r['pdf_seconds'] / g:.1f} | {r['xlsx_seconds'] / g:.1f} | "
                     f"{r['pdf_cpu_seconds']:.2f} | {r['xlsx_cpu_seconds']:.2f} |")
    verdict = [f"- {r['database']}: PDF {r['pdf_seconds']:.2f} s, XLSX {r['xlsx_seconds']:.2f} s "
               f"({'under' if max(r['pdf_max_seconds'], r['xlsx_max_seconds']) < TARGET_SECONDS else 'NOT under'} "
               f"the {TARGET_SECONDS:.0f} s target in every run)" for r in rows]
    load = (f"Load average (1 min) {load_before:.1f} at the start and {os.getloadavg()[0]:.1f} at the end, on "
            f"{os.cpu_count()} cores (shared); run of {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC.")
    body = (f"## Annual report (PDF and XLSX)\n\n`python -m bench.report --repeat {args.repeat}`: the report of "
            f"{year} on the large demo databases of `bench/dashboard.py`, gathered from scratch (report cache "
            f"cleared; the rollup of finished days kept current as the app does) and rendered, median of "
            f"{args.repeat} runs per format (slowest in brackets). \"gather\" is the queries alone, the baseline "
            f"the renderings are compared with; \"CPU s\" is this process's CPU time (on SQLite it includes the database, on PostgreSQL not). The report's total equals the Trends page's total for the same "
            f"year (checked in each run).\n\n" + "\n".join(table) + "\n\n" + "\n".join(verdict) + "\n\n" + load + "\n")
    if not args.json:
        print(body)
    if not args.no_write:
        write_section("report", body)
    return 0


if __name__ == "__main__":
    sys.exit(main())
