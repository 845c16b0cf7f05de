"""Benchmark of the roster engine on half-year and year-long cases made from the shared ones.

    python -m bench.roster_long [--seconds 60] [--workers 2] [--cases NAME ...] [--json]

The Curtois-Qu instances are at most eight weeks long; half-year and year-long ones are made
from them by planner/benchmarks/stretch.py (covers, requests and absences recur, staff
copied with the covers scaled, horizon-wide limits scaled with the horizon). For each case
the engine runs twice in the same run: as it is, and with the rows
switched off (the baseline, what the engine did before: ``ROWS_FIRST`` in
planner/roster/search/concurrent.py, ``ROW_REPAIR`` in construction.py, the ``row``
neighbourhood, ``ROW`` in neighbourhoods.py, and the single search's start, ``ROWS_START`` in
single.py). Every plan is re-checked by the independent checker. Prints a table
(``--json``: one JSON object per case with keys case, size, objective, first_objective,
seconds_to_first, checker_ok, baseline_objective, baseline_seconds_to_first) and replaces the
``roster-long`` section of docs/benchmarks.md (``--no-write`` leaves it alone).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.docs import write_section  # noqa: E402
from planner.benchmarks.curtois_qu import DEFAULT_FOLDER, read  # noqa: E402
from planner.benchmarks.stretch import stretched  # noqa: E402
from planner.roster import SolveOptions, check, solve  # noqa: E402
from planner.roster.search import concurrent, construction, neighbourhoods, single  # noqa: E402
from planner.roster.search.walk_jit import warm  # noqa: E402

# (instance, days, staff copies): half a year and a year, 40 to 135 staff, 3 to 18 types.
CASES = (
    ("Instance16", 182, 2),
    ("Instance11", 182, 2),
    ("Instance15", 182, 2),
    ("Instance13", 182, 1),
    ("Instance10", 364, 2),
    ("Instance16", 364, 3),
    ("Instance15", 364, 3),
    ("Instance13", 364, 1),
)


def case_name(instance: str, days: int, copies: int) -> str:
    return f"{instance}x{days}dx{copies}"


SWITCHES = ((concurrent, "ROWS_FIRST"), (construction, "ROW_REPAIR"), (neighbourhoods, "ROW"),
            (single, "ROWS_START"))


def _run(problem, seconds: float, workers: int, seed: int, rows: bool) -> dict:
    """``rows`` off: every use of the rows (rows.py) switched off, the engine as before."""
    before = [getattr(module, name) for module, name in SWITCHES]
    for module, name in SWITCHES:
        setattr(module, name, rows)
    firsts: list[int] = []
    try:
        options = SolveOptions(time_limit_s=seconds, num_workers=workers, random_seed=seed,
                               on_progress=lambda objective, bound, t: firsts.append(objective)
                               if not firsts else None)
        result = solve(problem, options)
    finally:
        for (module, name), value in zip(SWITCHES, before):
            setattr(module, name, value)
    report = check(problem, result.assignments) if result.feasible else None
    return {
        "objective": result.objective,
        "first_objective": firsts[0] if firsts else None,
        "seconds_to_first": None if result.seconds_to_first is None
        else round(result.seconds_to_first, 2),
        "checker_ok": bool(report and report.ok and report.objective == result.objective),
    }


def run_case(instance: str, days: int, copies: int, seconds: float, workers: int,
             seed: int, baseline: bool = True, folder: Path = DEFAULT_FOLDER) -> dict:
    problem = stretched(read(folder / f"{instance}.txt"), days, copies)
    engine = _run(problem, seconds, workers, seed, True)
    row = {
        "case": case_name(instance, days, copies),
        "size": f"{problem.days}d x {len(problem.people)} staff x "
                f"{len(problem.shift_types)} shifts",
        **engine,
    }
    if baseline:
        base = _run(problem, seconds, workers, seed, False)
        row.update(baseline_objective=base["objective"],
                   baseline_seconds_to_first=base["seconds_to_first"],
                   baseline_checker_ok=base["checker_ok"])
    return row


def _fmt(value) -> str:
    return "-" if value is None else f"{value:g}" if isinstance(value, float) else str(value)


def table(rows: list[dict]) -> str:
    head = ("| case | size | first plan (s) | first objective | objective | checker | "
            "baseline: first plan (s) | baseline objective | objective / baseline |")
    lines = [head, "|" + "---|" * (head.count("|") - 1)]
    for r in rows:
        base = r.get("baseline_objective")
        ratio = (round(r["objective"] / base, 3)
                 if base and r.get("objective") is not None else None)
        lines.append(
            f"| {r['case']} | {r['size']} | {_fmt(r['seconds_to_first'])} | "
            f"{_fmt(r['first_objective'])} | {_fmt(r['objective'])} | "
            f"{'ok' if r['checker_ok'] else ('no plan' if r['objective'] is None else 'FAILED')}"
            f" | {_fmt(r.get('baseline_seconds_to_first'))} | {_fmt(base)} | {_fmt(ratio)} |")
    return "\n".join(lines)


def write_doc(rows: list[dict], seconds: float, workers: int, seed: int) -> None:
    body = "\n".join([
        "## Roster engine on half-year and year-long cases",
        "",
        f"`python -m bench.roster_long --seconds {seconds:g} --workers {workers}` (seed {seed}; "
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; {os.cpu_count()} cores). "
        "Cases: a shared Curtois-Qu instance stretched to the horizon with its staff copied "
        "(planner/benchmarks/stretch.py; `Instance15x364dx3` is instance 15 over 364 days "
        "with three copies of its staff). `baseline`: the same engine in the same run with "
        "every use of the rows (planner/roster/search/rows.py) switched off: the search "
        "before 2026-12-05 10:00 UTC (the full model's first plan, else the construction by "
        "LNS). `-`: no plan within the time. Every plan re-checked by the independent checker.",
        "",
        table(rows),
    ])
    write_section("roster-long", body)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--cases", nargs="*", default=None,
                        help="cases as INSTANCE:DAYS:COPIES (default: the built-in list)")
    parser.add_argument("--folder", type=Path, default=DEFAULT_FOLDER,
                        help="folder of the Curtois-Qu instances")
    parser.add_argument("--json", action="store_true", help="one JSON object per case")
    parser.add_argument("--no-baseline", action="store_true",
                        help="skip the run without the rows")
    parser.add_argument("--no-write", "--no-docs", action="store_true",
                        help="leave docs/benchmarks.md alone")
    args = parser.parse_args(argv)
    # The compiled walk loaded (or compiled, once after install) before any clock runs,
    # as `make install` leaves it for the app.
    warm()
    cases = CASES
    if args.cases:
        try:
            cases = tuple((name, int(days), int(copies))
                          for name, days, copies in (c.split(":") for c in args.cases))
        except ValueError:
            parser.error("cases are INSTANCE:DAYS:COPIES, for example Instance16:182:2")
    rows = []
    for instance, days, copies in cases:
        if not (args.folder / f"{instance}.txt").exists():
            print(f"skipped {instance}: not in {args.folder}", file=sys.stderr)
            continue
        row = run_case(instance, days, copies, args.seconds, args.workers, args.seed,
                       not args.no_baseline, args.folder)
        rows.append(row)
        if args.json:
            print(json.dumps(row), flush=True)
    if not args.json:
        print(table(rows))
    if not args.no_write and rows:
        write_doc(rows, args.seconds, args.workers, args.seed)
    return 0 if all(r["checker_ok"] or r["objective"] is None for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
