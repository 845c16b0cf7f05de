"""Benchmark of the roster engine on the Curtois-Qu instances.

    python -m bench.roster --seconds 60 --workers 2 [--seeds K] [PATH ...] [--json]

Solves each instance (default: every instance of the shared folder) with the engine and,
in the same run, with the plain reference model (bench/roster_plain.py; ``--no-plain``
skips it); checks every plan with the independent checker; with ``--seeds K`` each model
runs K times (seeds seed..seed+K-1) and the row gives the median and the range; prints a
table (or one JSON object per instance with ``--json``) and replaces the roster section of
docs/benchmarks.md (``--no-write`` leaves it alone).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    # Run as a script (python bench/roster.py): make the repository root importable.
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.docs import write_section  # noqa: E402
from bench.roster_plain import solve_plain  # noqa: E402
from planner.benchmarks.curtois_qu import DEFAULT_FOLDER, best_known, instance_paths, read  # noqa: E402
from planner.roster import SolveOptions, check, solve  # noqa: E402
from planner.roster.solver import auto_search, decisions  # noqa: E402
from planner.roster.search.walk_jit import warm  # noqa: E402

DOC = Path(__file__).resolve().parents[1] / "docs" / "benchmarks.md"
BEGIN, END = "<!-- roster:begin -->", "<!-- roster:end -->"


def _engine_run(problem, seconds: float, workers: int, seed: int,
                search: str | None = None) -> dict:
    options = SolveOptions(time_limit_s=seconds, num_workers=workers, random_seed=seed,
                           search=search)
    result = solve(problem, options)
    report = check(problem, result.assignments) if result.feasible else None
    return {
        "objective": result.objective,
        "bound": result.best_bound,
        "status": result.status,
        "checker_ok": bool(report and report.ok and report.objective == result.objective),
        "checker_objective": report.objective if report else None,
        "seconds_to_first": result.seconds_to_first,
        "seconds_to_best": result.seconds_to_best,
        "seconds": result.wall_time,
        "gains": dict(result.gains),
    }


def _plain_run(problem, seconds: float, workers: int, seed: int) -> dict:
    plan, objective, bound, status, first = solve_plain(problem, seconds, workers, seed)
    report = check(problem, plan) if objective is not None else None
    return {"objective": report.objective if report else None, "status": status,
            "checker_ok": bool(report and report.ok)}


def _median(values: list):
    """The median of the known values (the upper one of an even count: a plan that exists)."""
    known = sorted(v for v in values if v is not None)
    if not known:
        return None
    return known[len(known) // 2]


def _median_run(runs: list[dict]) -> dict:
    """The run whose objective is the median (no plan counts as worst)."""
    order = sorted(runs, key=lambda r: (r["objective"] is None, r["objective"] or 0))
    return order[(len(order) - 1) // 2] if len(order) % 2 else order[len(order) // 2 - 1]


def run_instance(path: Path, seconds: float, workers: int, seed: int, plain: bool,
                 known: dict[str, int], seeds: int = 1, search: str | None = None) -> dict:
    problem = read(path)
    runs = [_engine_run(problem, seconds, workers, seed + k, search) for k in range(seeds)]
    mid = _median_run(runs)
    objectives = [r["objective"] for r in runs]
    best = known.get(path.stem)
    gains: dict[str, int] = {}
    for r in runs:
        for part, gain in r["gains"].items():
            gains[part] = gains.get(part, 0) + gain
    bounds = [r["bound"] for r in runs if r["bound"] is not None]
    row = {
        "instance": path.stem,
        "size": f"{problem.days}d x {len(problem.people)} staff x {len(problem.shift_types)} shifts",
        "objective": mid["objective"],
        "objective_range": _range(objectives),
        "best_known": best,
        "gap_to_best_known": (None if best is None or mid["objective"] is None
                              else (mid["objective"] - best) / best),
        "bound": None if not bounds else round(max(bounds), 2),
        "status": mid["status"],
        "checker_ok": all(r["checker_ok"] for r in runs),
        "checker_objective": mid["checker_objective"],
        "seconds_to_first": _round(_median([r["seconds_to_first"] for r in runs])),
        "seconds_to_best": _round(mid["seconds_to_best"]),
        "seconds": _round(_median([r["seconds"] for r in runs])),
        "seeds": seeds,
        # Objective each part of the search gained, summed over the seeds.
        "gains": gains,
    }
    if plain:
        plain_runs = [_plain_run(problem, seconds, workers, seed + k) for k in range(seeds)]
        plain_objective = _median([r["objective"] for r in plain_runs])
        row.update({
            "plain_objective": plain_objective,
            "plain_range": _range([r["objective"] for r in plain_runs]),
            "plain_status": _median_run(plain_runs)["status"],
            "plain_checker_ok": all(r["checker_ok"] for r in plain_runs),
            "ratio_to_plain": (None if not plain_objective or mid["objective"] is None
                               else mid["objective"] / plain_objective),
        })
    return row


def _range(values: list) -> list | None:
    known = [v for v in values if v is not None]
    return [min(known), max(known)] if known else None


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def _fmt(value, pct: bool = False) -> str:
    if value is None:
        return "-"
    if pct:
        return f"{100 * value:.1f} %"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def table(rows: list[dict]) -> str:
    head = ("| instance | size | objective | range | best known | gap to best | bound | status | "
            "first (s) | best (s) | checker | plain model | plain range | engine / plain | "
            "gained by (share of the improvement after the first plan) |")
    lines = [head, "|" + "---|" * (head.count("|") - 1)]
    for r in rows:
        lines.append(
            f"| {r['instance']} | {r['size']} | {_fmt(r['objective'])} | "
            f"{_span(r.get('objective_range'))} | {_fmt(r['best_known'])} | "
            f"{_fmt(r['gap_to_best_known'], pct=True)} | {_fmt(r['bound'])} | {r['status']} | "
            f"{_fmt(r['seconds_to_first'])} | {_fmt(r['seconds_to_best'])} | "
            f"{'ok' if r['checker_ok'] else 'FAILED'} | {_fmt(r.get('plain_objective'))} | "
            f"{_span(r.get('plain_range'))} | "
            f"{_fmt(r.get('ratio_to_plain') and round(r['ratio_to_plain'], 3))} | "
            f"{_shares(r.get('gains') or {})} |")
    return "\n".join(lines)


def _span(values) -> str:
    return "-" if not values else f"{values[0]}-{values[1]}"


def _shares(gains: dict[str, int]) -> str:
    total = sum(gains.values())
    if total <= 0:
        return "-"
    parts = sorted(gains.items(), key=lambda kv: -kv[1])
    return ", ".join(f"{part} {100 * gain / total:.0f} %" for part, gain in parts if gain > 0)


def _engine_text(rows: list[dict]) -> str:
    modes = {(r.get("search") or "").split(":")[0] for r in rows}
    if modes & {"auto", "split"}:
        return ("Engine: planner/roster, `--search " + "/".join(sorted(modes)) + "` (`auto`, "
                "the default, is `single` on models of at most four weeks and 10,000 "
                "decisions and `split` beyond; planner/roster/solver.py). `single`: one CP-SAT "
                "run with the "
                "tuned portfolio (maximal-LP full worker, linearization level 2) hinted with the "
                "greedy plan, or with the greedy plan whose rule-breakers' rows were replaced by "
                "their best rows (planner/roster/search/rows.py) when that keeps every hard rule "
                "(then it is the first plan); where covers and requests are the whole "
                "objective, column generation over the rows and a dive to a plan follow for up "
                "to three quarters of the time (planner/roster/search/columns.py; from a "
                "closed LP it dives again while time lasts and keeps the cheapest plan), and "
                "the full model is hinted with the better plan. `split`: the greedy plan if it keeps every hard "
                "rule, else that repair (then a sweep of everyone's best rows), the full "
                "model on every worker for a first plan only where neither gives one (half of the time at most, "
                "then the construction by LNS); then roster-shaped LNS on one worker "
                "(planner/roster/search/concurrent.py) beside, on the other, column generation "
                "and its dive (up to 60 % of the time; by people from a closed LP, again while "
                "its share lasts, by days "
                "of people from an open one, its plan swept by best responses before the "
                "LNS takes it; the LNS's best plan joins the pool; it gives up "
                "when a pass over the people would be too slow; while it generates, its LP's "
                "leaning guides the LNS's `lp` neighbourhood) and then, where covers and "
                "requests are the whole objective, a walk of best responses with ties broken "
                "at random (planner/roster/search/responses.py, `walk`: its better plans "
                "handed to the LNS) until it stalls, and then the full model, "
                "the background model retired and its worker given to the LNS once it has "
                "gone 30 % of the time without an improving plan. The rows' walk is compiled "
                "(planner/roster/search/walk_jit.py). "
                "`gained by` splits the improvement after the first plan among the parts. ")
    if modes == {"single"}:
        return ("Engine: planner/roster, one CP-SAT run with the tuned portfolio (maximal-LP "
                "full worker, linearization level 2; planner/roster/params.py) hinted with the "
                "greedy plan of planner/roster/heuristic.py, or with its rows' repair when that "
                "keeps every hard rule (`--search single`). ")
    if modes == {"concurrent"}:
        return ("Engine: planner/roster with the concurrent search (planner/roster/search/"
                "concurrent.py; `--search concurrent`): the full model (tuned portfolio) "
                "in a background thread on all workers but one, beside roster-shaped LNS on "
                "the last (greedy plan priced, construction by LNS on the priced model, then "
                "day windows, people over the horizon, blocks around the costliest covers, "
                "random blocks; small sub-models around the freed cells). `gained by` splits "
                "the improvement after the first plan among the parts. ")
    return ("Engine: planner/roster with the hybrid search (planner/roster/search/; "
            "`--search hybrid`): the greedy plan "
            "priced on the model (a first plan if it keeps every hard rule), a full-model slice "
            "(tuned portfolio: maximal-LP full worker, linearization level 2; the bound), a "
            "construction by LNS on the model with the hard rules priced when no plan exists "
            "yet, then rounds of roster-shaped LNS (day windows for everyone, people over the "
            "horizon, blocks around the costliest covers, random blocks; adaptive size and "
            "operator weights) alternating with full-model slices, each part's share of a round "
            "set by its measured gain per second in the last. `gained by` splits the "
            "improvement after the first plan among the parts (measured in the run). ")


def write_doc(rows: list[dict], seconds: float, workers: int, seed: int, seeds: int = 1,
              note: str = "") -> None:
    body = "\n".join([
        "## Roster engine on the Curtois-Qu instances",
        "",
        f"`python -m bench.roster --seconds {seconds:g} --workers {workers}"
        f"{f' --seeds {seeds}' if seeds > 1 else ''}` "
        f"(seed {seed}{f'..{seed + seeds - 1}, median and range' if seeds > 1 else ''}; "
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; "
        f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, shared with "
        "other work: figures are noisy). "
        + _engine_text(rows) +
        "Objective from the search, bound from CP-SAT or from column generation's closed "
        "LP of rows (the larger; columns.Columns.lagrangian); every plan re-checked by the "
        "independent "
        "checker (`checker` = no hard violation and the same objective). `plain model` is "
        "bench/roster_plain.py (one Boolean per person, day and shift, CP-SAT defaults) "
        "solved in the same run with the same limits; `engine / plain` below 1 means the "
        "engine is better.",
        "",
        table(rows),
        *([""] + [note] if note else []),
    ])
    write_section("roster", body, DOC)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path,
                        help=f"instance files (default: every instance in {DEFAULT_FOLDER})")
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--seeds", type=int, default=1,
                        help="runs per model and instance (median and range reported)")
    parser.add_argument("--search",
                        choices=("default", "auto", "concurrent", "hybrid", "single", "split"),
                        default="default",
                        help="engine search: the default of SolveOptions, the hybrid LNS search "
                             "(planner/roster/search/) or one CP-SAT run")
    parser.add_argument("--json", action="store_true", help="one JSON object per instance")
    parser.add_argument("--no-plain", action="store_true", help="skip the plain reference model")
    parser.add_argument("--no-write", action="store_true", help="leave docs/benchmarks.md alone")
    args = parser.parse_args(argv)
    # The compiled walk loaded (or compiled, once after install) before any clock runs,
    # as `make install` leaves it for the app.
    warm()

    paths = args.paths or instance_paths()
    if not paths:
        parser.error(f"no instances given and none found in {DEFAULT_FOLDER}")
    known = best_known(paths[0].parent) or best_known()
    load_before = os.getloadavg()[0]
    rows = []
    for path in paths:
        search = None if args.search == "default" else args.search
        row = run_instance(path, args.seconds, args.workers, args.seed, not args.no_plain, known,
                           max(1, args.seeds), search)
        mode = SolveOptions(search=search).search_mode
        if mode == "auto":
            problem = read(path)
            mode = "auto: " + auto_search(problem, decisions(problem))
        row["search"] = mode
        rows.append(row)
        if args.json:
            print(json.dumps(row), flush=True)
    if not args.json:
        print(table(rows))
    if not args.no_write:
        load = f"{load_before:.1f} at the start, {os.getloadavg()[0]:.1f} at the end"
        write_doc(rows, args.seconds, args.workers, args.seed, max(1, args.seeds),
                  note=f"Load average of the machine during the run: {load} "
                       f"(other work shares the {os.cpu_count()} cores).")
    return 0 if all(r["checker_ok"] for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
