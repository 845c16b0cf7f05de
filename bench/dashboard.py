"""Latency of every Trends and Overview callback at 100,000 and 1,000,000 visits.

    python -m bench.dashboard [--visits N ...] [--repeat R] [--json] [--no-postgres] [--no-docs]

For each size it builds (once, then reuses) a demo database with the generator's scale
flag: SQLite under var/bench/, and on PostgreSQL (MIGRADO_BENCH_POSTGRES_URL, default
postgresql+psycopg://root@127.0.0.1:5432/test, when reachable) a schema of its own. Then it
signs in as the demo user "leitung" and posts to /_dash-update-component through Flask's
test client exactly as the browser does, for several filter combinations, R times each,
with the statistics cache off (every call reaches the database). It prints p50 and p95 per
callback, size and database, and writes the table into docs/benchmarks.md between
<!-- dashboard:begin --> and <!-- dashboard:end -->. `--json` prints one JSON object per
callback, size and database instead (keys: callback, visits, database, p50_ms, p95_ms).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np

from bench.docs import write_section  # noqa: E402
from planner import clock  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"
DOCS = ROOT / "docs" / "benchmarks.md"
POSTGRES_URL = os.environ.get("MIGRADO_BENCH_POSTGRES_URL", "postgresql+psycopg://root@127.0.0.1:5432/test")
PAGES_OUTPUT = ".._pages_content.children..._pages_store.data.."
DEFAULT_SIZES = (100_000, 1_000_000)


# --- calling callbacks as the browser does ------------------------------------------------
def _is_pattern(id_) -> bool:
    return isinstance(id_, dict) or str(id_).startswith("{")


def _key(d: dict) -> str:
    id_ = json.dumps(d["id"], sort_keys=True, separators=(",", ":")) if isinstance(d["id"], dict) else d["id"]
    return f"{id_}.{d['property']}"


def callback_body(app, output: str, values: dict[str, Any], changed: list[str] | None = None) -> dict:
    """The JSON Dash's renderer posts for the callback with this output key.

    values: "component-id.property" -> value; for a pattern-matching input the key is the
    JSON of its id pattern and the value the list of {"id", "property", "value"} items the
    renderer would send.
    """
    entry = app.callback_map[output]

    def dep(d):
        if _is_pattern(d["id"]):
            return values[_key(d)]
        return {"id": d["id"], "property": d["property"], "value": values.get(_key(d))}

    outs = entry["output"]
    if isinstance(outs, list) and len(outs) > 1 or output.startswith(".."):
        outputs: Any = [{"id": o.component_id, "property": o.component_property} for o in outs]
    else:
        single = outs[0] if isinstance(outs, list) else outs
        outputs = {"id": single.component_id, "property": single.component_property}
    first = entry["inputs"][0]
    return {
        "output": output,
        "outputs": outputs,
        "inputs": [dep(d) for d in entry["inputs"]],
        "state": [dep(d) for d in entry["state"]],
        "changedPropIds": changed if changed is not None else ([] if _is_pattern(first["id"]) else [_key(first)]),
    }


def page_body(path: str) -> dict:
    return {
        "output": PAGES_OUTPUT,
        "outputs": [{"id": "_pages_content", "property": "children"}, {"id": "_pages_store", "property": "data"}],
        "inputs": [{"id": "_pages_location", "property": "pathname", "value": path},
                   {"id": "_pages_location", "property": "search", "value": ""}],
        "changedPropIds": ["_pages_location.pathname"],
        "state": [],
    }


def output_key(app, first_output: str) -> str:
    """The callback_map key of the callback whose outputs start with `first_output`."""
    for key in app.callback_map:
        if key == first_output or key.startswith(f"..{first_output}..."):
            return key
    raise KeyError(first_output)


def trends_values(start: dt.date, end: dt.date, places=("infopoint", "centre"), groups=("ukraine", "other"),
                  concern="all", language="all", granularity="day", breakdown="location",
                  place="infopoint", preset="custom") -> dict[str, Any]:
    return {
        "trends-preset.value": preset,
        "trends-start.value": start.isoformat(), "trends-end.value": end.isoformat(),
        "trends-places.value": list(places), "trends-groups.value": list(groups),
        "trends-concern.value": concern, "trends-language.value": language,
        "trends-granularity.value": granularity, "trends-breakdown.value": breakdown,
        "trends-forecast-place.value": place,
        "overview-interval.n_intervals": 1,
    }


def export_body(app, values: dict, figure: str, fmt: str) -> dict:
    pattern = app.callback_map["trends-download.data"]["inputs"][0]
    body = callback_body(app, "trends-download.data", {**values, _key(pattern): _export_clicks(figure, fmt)})
    body["changedPropIds"] = [json.dumps({"figure": figure, "format": fmt, "type": "trends-export"},
                                         separators=(",", ":"), sort_keys=True) + ".n_clicks"]
    return body


def _export_clicks(figure: str, fmt: str) -> list[dict]:
    from dashboard.trends.data import FIGURES
    from dashboard.trends.export import FORMATS

    return [
        {"id": {"figure": name, "format": f, "type": "trends-export"}, "property": "n_clicks",
         "value": 1 if (name, f) == (figure, fmt) else None}
        for name in FIGURES for f in FORMATS
    ]


# --- scenarios ----------------------------------------------------------------------------
def scenarios(today: dt.date) -> list[dict[str, Any]]:
    from data_access.demo.reference import OPENED
    from data_access.demo.visits import FIRST_YEAR_END

    return [
        trends_values(today - dt.timedelta(days=27), today),
        trends_values(dt.date(today.year, 1, 1), today, places=("centre",), granularity="week",
                      breakdown="target_group", place="centre"),
        trends_values(OPENED, FIRST_YEAR_END, groups=("ukraine",), granularity="month", breakdown="concern"),
        trends_values(OPENED, today, language="ar", breakdown="language"),
        trends_values(OPENED, today, granularity="month"),
    ]


TREND_CALLBACKS = {
    "trends: totals": "trends-totals-summary.children",
    "trends: volume": "trends-volume-graph.figure",
    "trends: year over year": "trends-yoy-graph.figure",
    "trends: heat map": "trends-heatmap-graph.figure",
    "trends: wait distribution": "trends-wait_buckets-graph.figure",
    "trends: wait per day": "trends-wait_daily-graph.figure",
    "trends: service time": "trends-service-graph.figure",
    "trends: video share": "trends-video-graph.figure",
    "trends: forecast": "trends-forecast-graph.figure",
}


def requests_for(app, values: dict) -> dict[str, tuple[str, dict]]:
    """callback name -> (url, body) for one filter combination."""
    reqs = {name: ("/_dash-update-component", callback_body(app, output_key(app, first), values))
            for name, first in TREND_CALLBACKS.items()}
    reqs["trends: preset"] = ("/_dash-update-component", callback_body(
        app, output_key(app, "trends-preset.value"), {**values, "trends-preset.value": "this_year"},
        changed=["trends-preset.value"]))
    reqs["trends: export CSV"] = ("/_dash-update-component", export_body(app, values, "volume", "csv"))
    reqs["trends: export XLSX"] = ("/_dash-update-component", export_body(app, values, "wait_daily", "xlsx"))
    reqs["trends: page"] = ("/_dash-update-component", page_body("/trends"))
    reqs["overview: live refresh"] = ("/_dash-update-component", callback_body(
        app, output_key(app, "overview-live.children"), values))
    reqs["overview: page"] = ("/_dash-update-component", page_body("/"))
    return reqs


# --- databases ----------------------------------------------------------------------------
def sqlite_url(visits: int) -> str:
    return f"sqlite:///{BENCH_DIR / f'dashboard-{visits}.db'}"


def postgres_url(visits: int) -> str | None:
    from sqlalchemy import create_engine, text

    try:
        engine = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
        with engine.connect() as connection:
            connection.execute(text(f'CREATE SCHEMA IF NOT EXISTS "migrado_bench_dashboard_{visits}"'))
        engine.dispose()
    except Exception as error:  # noqa: BLE001 - any failure means "not reachable"
        print(f"PostgreSQL not reachable ({error.__class__.__name__}); skipped", file=sys.stderr)
        return None
    separator = "&" if "?" in POSTGRES_URL else "?"
    return f"{POSTGRES_URL}{separator}options=-csearch_path%3Dmigrado_bench_dashboard_{visits}"


def ensure_filled(url: str, visits: int) -> int:
    """Migrate and fill the database with about `visits` visits unless it already holds them."""
    from sqlalchemy import text

    from data_access.db import get_engine, session_scope
    from data_access.demo.__main__ import scale_for
    from data_access.demo.loader import fill
    from data_access.demo.visits import generate_visit_frame
    from data_access.migrate import upgrade
    from data_access.repositories import ReferenceRepository, VisitRepository

    upgrade(url)
    with session_scope(url) as session:
        if ReferenceRepository(session).has_locations():
            return VisitRepository(session).count()
    now = clock.now()
    scale = scale_for(visits, 1, now)
    # The first year is fixed to the report's totals, so one correction step gets the size right.
    scale *= visits / len(generate_visit_frame(seed=1, until=now, scale=scale))
    started = time.perf_counter()
    with session_scope(url) as session:
        written = fill(session, seed=1, scale=scale, now=now)
    if url.startswith("postgresql"):
        with get_engine(url).connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("VACUUM ANALYZE"))
    else:
        with get_engine(url).connect() as connection:
            connection.execute(text("ANALYZE"))
    print(f"filled {url.split('?')[0]} with {written:,} visits in {time.perf_counter() - started:.0f} s",
          file=sys.stderr)
    return written


# --- timing -------------------------------------------------------------------------------
def time_callbacks(url: str, repeat: int) -> tuple[dict[str, list[float]], int]:
    os.environ["DATABASE_URL"] = url
    os.environ["MIGRADO_STATS_CACHE_SECONDS"] = "0"
    from data_access.db import dispose_engines

    dispose_engines()
    from app import app
    from dashboard.services.forecast import clear_cache
    from data_access.demo.reference import DEMO_PASSWORD

    clear_cache()
    client = app.server.test_client()
    if client.post("/login", data={"login": "leitung", "password": DEMO_PASSWORD}).status_code != 302:
        raise SystemExit("could not sign in as leitung")
    samples: dict[str, list[float]] = {}
    cpu_samples: dict[str, list[float]] = {}
    failures = 0
    for values in scenarios(clock.today()):
        reqs = requests_for(app, values)
        for name, (path, body) in reqs.items():
            client.post(path, json=body)  # warm: the day's forecast, caches of the database
            for _ in range(repeat):
                started, cpu = time.perf_counter(), time.process_time()
                response = client.post(path, json=body)
                samples.setdefault(name, []).append((time.perf_counter() - started) * 1000)
                # CPU time of this process (the app, and SQLite, which runs inside it): what the
                # call costs without the waiting a busy shared machine adds.
                cpu_samples.setdefault(name, []).append((time.process_time() - cpu) * 1000)
                if response.status_code != 200:
                    failures += 1
                    print(f"{name}: HTTP {response.status_code}", file=sys.stderr)
    dispose_engines()
    return samples, cpu_samples, failures


def summarise(samples: dict[str, list[float]], visits: int, database: str) -> list[dict]:
    return [
        {"callback": name, "visits": visits, "database": database,
         "p50_ms": round(float(np.percentile(v, 50)), 1), "p95_ms": round(float(np.percentile(v, 95)), 1)}
        for name, v in samples.items()
    ]


def cpu_p95(cpu_samples: dict[str, list[float]]) -> dict[str, float]:
    return {name: round(float(np.percentile(v, 95)), 1) for name, v in cpu_samples.items()}


def table(results: list[dict], sizes: dict[tuple[str, int], int], cpu: dict[tuple[str, int], dict]) -> str:
    columns = sorted({(r["database"], r["visits"]) for r in results}, key=lambda k: (k[0] != "SQLite", k[1]))
    names = list(dict.fromkeys(r["callback"] for r in results))
    by = {(r["callback"], r["database"], r["visits"]): r for r in results}
    head = "| callback | " + " | ".join(f"{db} {sizes[(db, n)]:,}: p50 / p95 (CPU p95) ms" for db, n in columns) + " |"
    lines = [head, "|---|" + "---:|" * len(columns)]
    for name in names:
        cells = []
        for db, n in columns:
            r = by.get((name, db, n))
            c = cpu.get((db, n), {}).get(name)
            cells.append(f"{r['p50_ms']:.0f} / {r['p95_ms']:.0f} ({c:.0f})" if r else "–")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def verdict(results: list[dict], cpu: dict[tuple[str, int], dict]) -> list[str]:
    out = []
    largest = max(r["visits"] for r in results)
    for db in sorted({r["database"] for r in results}):
        big = [r for r in results if r["database"] == db and r["visits"] == largest]
        cpu_big = cpu.get((db, largest), {})
        parts = []
        for page, must, aim in (("trends", 300, 150), ("overview", 100, 50)):
            wall = max((r["p95_ms"] for r in big if r["callback"].startswith(page)), default=0)
            own = max((v for k, v in cpu_big.items() if k.startswith(page)), default=0)
            parts.append(f"slowest {page.title()} callback p95 {wall:.0f} ms wall, {own:.0f} ms CPU "
                         f"(must ≤ {must}, aim ≤ {aim})")
        out.append(f"- {db}, {largest:,} visits: " + "; ".join(parts) + ".")
    return out


def write_docs(body: str) -> None:
    write_section("dashboard", f"## Dashboard callbacks\n\n{body}", DOCS)


NOTE = """\
`python -m bench.dashboard` (this machine: 2 shared cores). Each callback is posted to
`/_dash-update-component` through Flask's test client, signed in as `leitung`, for five
filter combinations (last 4 weeks; this year at the service centre by week and group; the
first year, Ukraine, by month and concern; everything since opening in Arabic by language;
everything since opening by month), each after one warm-up call, with the statistics
cache off (`MIGRADO_STATS_CACHE_SECONDS=0`), so every call reaches the database. Sizes are
the visits actually generated with the generator's scale flag. "page" rows are Dash's
page-content callback rendering the layout (the Overview's includes its live part). The
Overview's forecast is computed once a day and stored (forecast_run); the warm-up call
pays for it, the timed calls reuse it. "CPU p95" is the 95th percentile of the CPU time this
process spent on the call (the app and, on SQLite, the database, which runs inside it): the
wall time minus the waiting that other work on this shared machine adds.

How it stays fast (`data_access/repositories/statistics.py`, migrations `0003_stats_indexes`,
`0004_stats_rollup`): finished days are summed once per place and target group into
`visit_day_rollup` (a few rows per day; checked at most once a minute, rebuilt whole once a
day and at once when past days gain or lose visits), so totals, volumes by place or group, year over year, wait distribution, mean
wait and video share without a concern or language filter read a few thousand rows whatever
the history holds. Everything else filters a day range and groups by day first and one
column second, the order of a covering index (day, x, filter columns), so the database
streams the index without a sort or a table read; other groupings run as an outer query over
the few rows per day; weeks and months are rolled up from days in Python. The 90th
percentile walks the (day, wait) index down from the longest wait per day (SQLite: one
scalar subquery per day; PostgreSQL: one correlated subquery). Charts are sent as plain
figure dicts and tables as one Markdown string. What still grows with the history: figures
with a concern or language filter or split, the heat map, service times and the 90th
percentile read every visit in the range, so over all four years they grow about linearly
from 100,000 to 1,000,000 visits.
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.dashboard", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--visits", type=int, action="append", help="size(s) in visits (default 100000 and 1000000)")
    parser.add_argument("--repeat", type=int, default=8, help="timed calls per callback and filter combination")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--no-write", "--no-docs", dest="no_docs", action="store_true",
                        help="leave docs/benchmarks.md alone")
    args = parser.parse_args(argv)
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    load_before = os.getloadavg()[0]
    results: list[dict] = []
    sizes: dict[tuple[str, int], int] = {}
    cpu: dict[tuple[str, int], dict] = {}
    for visits in args.visits or DEFAULT_SIZES:
        targets = [("SQLite", sqlite_url(visits))]
        if not args.no_postgres:
            url = postgres_url(visits)
            if url:
                targets.append(("PostgreSQL", url))
        for database, url in targets:
            actual = ensure_filled(url, visits)
            samples, cpu_samples, failures = time_callbacks(url, args.repeat)
            cpu[(database, visits)] = cpu_p95(cpu_samples)
            if failures:
                print(f"{failures} callback(s) failed on {database} {visits:,}", file=sys.stderr)
            rows = summarise(samples, visits, database)
            sizes[(database, visits)] = actual
            results += rows
            if args.json:
                for row in rows:
                    print(json.dumps(row))
    # Other work on a shared machine shows in the p95 column: say how busy it was.
    load = (f"Load average (1 min) {load_before:.1f} at the start and {os.getloadavg()[0]:.1f} at the end, "
            f"on {os.cpu_count()} cores; run of {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC.")
    body = NOTE + "\n" + table(results, sizes, cpu) + "\n\n" + "\n".join(verdict(results, cpu)) + "\n\n" + load + "\n"
    if not args.json:
        print(body)
    if not args.no_docs:
        write_docs(body)
    return 0


if __name__ == "__main__":
    sys.exit(main())
