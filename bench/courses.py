"""The language-course finder and the course-list import with a large catalogue.

    python -m bench.courses [--courses N] [--queries Q] [--seed S] [--json] [--no-write] [--no-postgres]

For each database (a fresh SQLite file under var/bench/, and PostgreSQL in a schema of its
own when MIGRADO_BENCH_POSTGRES_URL, default postgresql+psycopg://root@127.0.0.1:5432/test,
answers) it migrates an empty database, then:

- import: a synthetic course list of N courses (CSV, deterministic from the seed: 40
  providers, every course kind and level, starts spread over a year and a half, twelve
  districts and a few the distance table does not know) is imported through the use case
  the page calls (dashboard/services/courses.py import_catalogue: checked row by row, then
  written in one transaction); then the same list again with every tenth course changed
  (the re-import that updates by provider and course id);
- finder: Q searches with random filters (each filter set or not, as an adviser would), each
  posted to the finder's callback through Flask's test client as the browser does, signed in
  as a reception user: role check, query, ranking, the result cards as JSON. Alongside, the
  same searches through the use case alone, and through a naive baseline measured in the
  same run (load the whole catalogue, filter and rank in Python) for the ratio.

Prints a table; `--json` prints one JSON object per database (keys finder_p95_ms,
import_seconds, courses, and more); writes its section of docs/benchmarks.md unless
--no-write (--no-docs is the same).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.docs import write_section  # noqa: E402
from planner import clock  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"
POSTGRES_URL = os.environ.get("MIGRADO_BENCH_POSTGRES_URL", "postgresql+psycopg://root@127.0.0.1:5432/test")
SCHEMA = "migrado_bench_courses"
FINDER_MUST_MS, IMPORT_MUST_S = 200, 10
PASSWORD = "bench-courses-1"
EXTRA_DISTRICTS = ("Castrop-Rauxel", "Schwerte", "Lünen")  # neighbouring towns: no distance known


def course_list(n: int, seed: int, today: dt.date, changed_every: int = 0) -> bytes:
    """A provider list of n courses as CSV; with changed_every k, every k-th course has other free places."""
    from dashboard.services.course_fit import DISTRICT_CENTRES
    from data_access.models import COURSE_KINDS, COURSE_LEVELS, FUNDINGS, INTENSITIES, TIMES_OF_DAY

    rng = random.Random(seed)
    districts = (*DISTRICT_CENTRES, *EXTRA_DISTRICTS)
    lines = ["anbieter;kurs_id;titel;kursart;niveau;beginn;ende;zeit;umfang;zeiten;ort;bezirk;kinderbetreuung;"
             "freie_plaetze;finanzierung;kosten;kontakt"]
    for i in range(n):
        start = today + dt.timedelta(days=rng.randint(-180, 365))
        funding = rng.choice(FUNDINGS)
        places = rng.randint(0, 20)
        if changed_every and i % changed_every == 0:
            places = (places + 7) % 21
        lines.append(";".join([
            f"Anbieter {i % 40:02d}", f"K-{i:06d}", f"Kurs {i}", rng.choice(COURSE_KINDS), rng.choice(COURSE_LEVELS),
            start.isoformat(), (start + dt.timedelta(weeks=rng.randint(4, 40))).isoformat(), rng.choice(TIMES_OF_DAY),
            rng.choice(INTENSITIES), "Mo-Do 09:00-12:15", f"Straße {i % 300} 1", rng.choice(districts),
            rng.choice(("ja", "nein")), str(places), funding,
            "" if funding in ("free", "bamf") else f"{rng.randint(20, 400)},00", "0231 555 0000",
        ]))
    return ("\n".join(lines) + "\n").encode()


def random_filters(rng: random.Random) -> dict:
    """The finder's control values for one search: each filter set with some probability."""
    from dashboard.services.course_fit import DISTRICT_CENTRES
    from dashboard.services.courses import KIND_CHOICES
    from data_access.models import COURSE_LEVELS, TIMES_OF_DAY

    def maybe(p, value, default=""):
        return value if rng.random() < p else default

    options = [o for o, p in (("only_district", 0.2), ("childcare", 0.3), ("free_only", 0.5)) if rng.random() < p]
    return {
        "courses-kind.value": maybe(0.6, rng.choice(KIND_CHOICES)),
        "courses-level.value": maybe(0.5, rng.choice(COURSE_LEVELS)),
        "courses-weeks.value": maybe(0.7, rng.choice(("2", "4", "8", "12", "26"))),
        "courses-time.value": maybe(0.4, rng.choice(TIMES_OF_DAY)),
        "courses-district.value": maybe(0.7, rng.choice(sorted(DISTRICT_CENTRES))),
        "courses-options.value": options,
        "courses-max-cost.value": maybe(0.2, rng.choice((0, 50, 200)), None),
    }


def query_of(values: dict):
    from dashboard.courses.page import query_from

    return query_from(*(values[f"{f}.value"] for f in ("courses-kind", "courses-level", "courses-weeks", "courses-time",
                                                       "courses-district", "courses-options", "courses-max-cost")))


def naive_find(url: str, query, today: dt.date):
    """The baseline: every course into Python, then filter and rank there."""
    from dashboard.services.course_fit import rank
    from dashboard.services.courses import kinds_of
    from dashboard.services.unit_of_work import UnitOfWork

    with UnitOfWork(url) as work:
        rows = work.courses.catalogue()
    kinds = kinds_of(query.kind)
    until = today + dt.timedelta(weeks=query.start_within_weeks) if query.start_within_weeks is not None else None
    keep = [c for c in rows if c.starts_on >= today and (until is None or c.starts_on <= until)
            and (kinds is None or c.kind in kinds) and (not query.level or c.level == query.level)
            and (not query.time_of_day or c.time_of_day == query.time_of_day)
            and (not (query.only_district and query.district) or c.district == query.district)
            and (not query.childcare or c.childcare) and (not query.free_places_only or c.free_places > 0)
            and (query.max_cost_eur is None or c.funding in ("free", "bamf") or (c.cost_eur or 0) <= query.max_cost_eur)]
    return rank(keep, today=today, district=query.district)[:20]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def prepare(url: str) -> None:
    from werkzeug.security import generate_password_hash

    from data_access.db import dispose_engines, session_scope
    from data_access.migrate import upgrade
    from data_access.models import User

    dispose_engines()
    upgrade(url)
    with session_scope(url) as session:
        session.add(User(login="bench-empfang", password_hash=generate_password_hash(PASSWORD), role="reception",
                         created_at=dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)))


def run(database: str, url: str, n: int, queries: int, seed: int) -> dict:
    from dashboard.services import courses as service
    from dashboard.services.unit_of_work import UnitOfWork
    from data_access.db import dispose_engines

    today = clock.today()
    prepare(url)
    first, second = course_list(n, seed, today), course_list(n, seed, today, changed_every=10)
    began = time.perf_counter()
    report = service.import_catalogue(first, "kurse.csv", by="bench", dry_run=False, uow=UnitOfWork(url))
    import_seconds = time.perf_counter() - began
    assert report.written and report.added == n, report.problems[:3]
    began = time.perf_counter()
    again = service.import_catalogue(second, "kurse.csv", by="bench", dry_run=False, uow=UnitOfWork(url))
    reimport_seconds = time.perf_counter() - began
    assert again.added == 0 and len(again.changed) == (n + 9) // 10, (again.added, len(again.changed))

    os.environ["DATABASE_URL"] = url
    dispose_engines()
    from app import app
    from tests.web import call

    client = app.server.test_client()
    response = client.post("/login", data={"login": "bench-empfang", "password": PASSWORD})
    assert response.status_code == 302, response.status_code
    rng = random.Random(seed + 1)
    searches = [random_filters(rng) for _ in range(queries)]
    call(client, app, "courses-kind.value", searches[0], "courses-results")  # warm: first request registers callbacks
    http, alone, naive, found = [], [], [], []
    for values in searches:
        began = time.perf_counter()
        response = call(client, app, "courses-kind.value", values, "courses-results")
        http.append((time.perf_counter() - began) * 1000)
        assert response.status_code == 200, response.status_code
        query = query_of(values)
        began = time.perf_counter()
        result = service.find_courses(query, today=today, uow=UnitOfWork(url))
        alone.append((time.perf_counter() - began) * 1000)
        found.append(result.total)
        began = time.perf_counter()
        baseline = naive_find(url, query, today)
        naive.append((time.perf_counter() - began) * 1000)
        assert [m.course.id for m in baseline] == [m.course.id for m in result.matches]  # same answer
    client.post("/logout")
    dispose_engines()
    return {
        "database": database, "courses": n, "queries": queries, "finder_p95_ms": round(percentile(http, 0.95), 1),
        "finder_p50_ms": round(percentile(http, 0.5), 1), "service_p95_ms": round(percentile(alone, 0.95), 1),
        "naive_p95_ms": round(percentile(naive, 0.95), 1), "import_seconds": round(import_seconds, 2),
        "reimport_seconds": round(reimport_seconds, 2), "matches_median": int(percentile(found, 0.5)),
        "matches_max": max(found),
    }


def postgres_url() -> str | None:
    from sqlalchemy import create_engine, text

    try:
        engine = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
        with engine.connect() as connection:
            connection.execute(text(f'DROP SCHEMA IF EXISTS "{SCHEMA}" CASCADE'))
            connection.execute(text(f'CREATE SCHEMA "{SCHEMA}"'))
        engine.dispose()
    except Exception as error:  # noqa: BLE001 - any failure means "not reachable"
        print(f"PostgreSQL not reachable ({error.__class__.__name__}); skipped", file=sys.stderr)
        return None
    separator = "&" if "?" in POSTGRES_URL else "?"
    return f"{POSTGRES_URL}{separator}options=-csearch_path%3D{SCHEMA}"


def table(results: list[dict]) -> str:
    lines = ["| database | courses | finder p50 ms | finder p95 ms | use case p95 ms | naive p95 ms | use case / naive "
             "| import s | re-import s | matches (median / max) |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in results:
        ratio = r["service_p95_ms"] / r["naive_p95_ms"] if r["naive_p95_ms"] else float("nan")
        lines.append(f"| {r['database']} | {r['courses']:,} | {r['finder_p50_ms']:.1f} | {r['finder_p95_ms']:.1f} | "
                     f"{r['service_p95_ms']:.1f} | {r['naive_p95_ms']:.1f} | {ratio:.2f} | {r['import_seconds']:.2f} | "
                     f"{r['reimport_seconds']:.2f} | {r['matches_median']} / {r['matches_max']} |")
    return "\n".join(lines)


def verdict(results: list[dict]) -> list[str]:
    out = []
    for r in results:
        ok = r["finder_p95_ms"] < FINDER_MUST_MS and r["import_seconds"] < IMPORT_MUST_S
        out.append(f"- {r['database']}: finder p95 {r['finder_p95_ms']:.0f} ms (must < {FINDER_MUST_MS}), import of "
                   f"{r['courses']:,} courses {r['import_seconds']:.1f} s (must < {IMPORT_MUST_S}): "
                   f"{'met' if ok else 'NOT met'}.")
    return out


NOTE = """\
`python -m bench.courses` (this machine: 2 shared cores, timings noisy). "finder" is the
finder's callback posted through Flask's test client as the browser does (role check, SQL
filter on the indexed start date, kind and level, ranking by fit in Python, the 20 result
cards as JSON); "use case" is `find_courses` alone; "naive" is the baseline of the same run,
the whole catalogue loaded and filtered in Python (the same answer is asserted). The import
is the coordination page's import (every row checked, then one transaction); the re-import
sends the same list with every tenth course changed and updates those by provider and
course id. The searches draw each filter at random (start window, kind, level, time of day,
district, childcare, free places, cost); the courses are synthetic, deterministic from the seed.
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.courses", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--courses", type=int, default=5000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--seed", type=int, default=23)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--no-write", action="store_true", help="leave docs/benchmarks.md alone")
    parser.add_argument("--no-docs", action="store_true", help="the same as --no-write")
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args(argv)
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    path = BENCH_DIR / "courses.db"
    path.unlink(missing_ok=True)
    targets = [("SQLite", f"sqlite:///{path}")]
    if not args.no_postgres and (url := postgres_url()):
        targets.append(("PostgreSQL", url))
    load_before = os.getloadavg()[0]
    results = []
    for database, url in targets:
        result = run(database, url, args.courses, args.queries, args.seed)
        results.append(result)
        if args.json:
            print(json.dumps(result))
    load = (f"Load average (1 min) {load_before:.1f} at the start and {os.getloadavg()[0]:.1f} at the end, on "
            f"{os.cpu_count()} cores; {args.queries} searches, seed {args.seed}; run of "
            f"{dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC.")
    body = NOTE + "\n" + table(results) + "\n\n" + "\n".join(verdict(results)) + "\n\n" + load + "\n"
    if not args.json:
        print(body)
    if not (args.no_write or args.no_docs):
        write_section("courses", f"## Language-course finder and import (`python -m bench.courses`)\n\n{body}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
