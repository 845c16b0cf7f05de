"""Rolling-origin backtest of the chosen forecast against baselines and library peers.

At every origin the app's forecast (`method="auto"`) is made from the history up to that
origin only; it chooses its method per place and level by its own rolling backtest on that
history (planner/forecast/selection.py), so the choice never sees the week it is scored on.
It is scored on the week after the origin against, measured in the same run, the
seasonal-naive forecast, the mean of the last four same weekdays ("mean4w") and the library
peers (statsforecast AutoETS, AutoTheta, MSTL on daily totals, spread over slots by the
weekday profile; only when the extra `forecast-peers` is installed).

    python -m bench.forecast                      # the demo history
    python -m bench.forecast --csv FILE [--time-col C] [--count-col C] [--place-col C]
           [--tz ZONE] [--level daily] [--slot-minutes 30]

Columns are found by name when not given; times with an offset or Z are converted to the
centre's zone (Europe/Berlin), times without one are read in --tz (default: the centre's).
Days without rows are missing: not forecast as zero, not scored.
MASE scales each origin's MAE by the in-sample seasonal-naive MAE of the 52 weeks before it.
`--json` prints one JSON object: `daily`, `slot` (pooled over places: mase, mase_naive,
mase_mean4w, mase_peer, peer, coverage80, fit_seconds) and `places` (the same per place).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np
import pandas as pd

from bench import forecast_peers  # noqa: E402
from bench.docs import write_section  # noqa: E402
from planner.forecast import forecast_arrivals  # noqa: E402
from planner.forecast.profile import intraday_profiles  # noqa: E402
from planner.forecast.reading import ArrivalFileError, read_arrivals  # noqa: E402

BASELINES = ("seasonal_naive", "mean4w")
DEMO_UNTIL = dt.date(2026, 11, 25)
DOCS = Path(__file__).resolve().parent.parent / "docs" / "benchmarks.md"
MIN_DAYS = 35
LEVELS = ("daily", "slot")


def slot_counts(frame: pd.DataFrame, time_col: str, count_col: str | None, slot_minutes: int) -> pd.DataFrame:
    """location, target_group, slot_start, count: one row per slot with arrivals."""
    times = pd.to_datetime(frame[time_col])
    out = pd.DataFrame(
        {
            "location": frame["location"].astype(str) if "location" in frame else "all",
            "target_group": frame["target_group"].astype(str) if "target_group" in frame else "all",
            "slot_start": times.dt.floor(f"{slot_minutes}min"),
            "count": frame[count_col].astype(float) if count_col else 1.0,
        }
    )
    return out.groupby(["location", "target_group", "slot_start"], as_index=False)["count"].sum()


def choose_origins(days: pd.DatetimeIndex, n: int, source: str) -> tuple[list[dt.date], list[str]]:
    """n origins from a training start that fits the history (a year when there is one) to a week before the end."""
    start, end = days.min().date(), days.max().date()
    span = (end - start).days + 1
    if span < MIN_DAYS:
        raise SystemExit(f"{source}: {span} days of history; the backtest needs at least {MIN_DAYS} (5 weeks)")
    train = min(365, max(28, span // 2))
    notes = []
    if train < 365:
        notes.append(f"{span} days of history: origins after {train} days of training, no yearly component before a year")
    first, last = start + dt.timedelta(days=train), end - dt.timedelta(days=7)
    gap = (last - first).days
    origins = sorted({first + dt.timedelta(days=round(i * gap / max(n - 1, 1))) for i in range(n)})
    return origins, notes


def _matrix(counts: pd.DataFrame, loc: str, slot_minutes: int) -> pd.DataFrame:
    sub = counts[counts["location"] == loc]
    day = sub["slot_start"].dt.normalize()
    slot = (sub["slot_start"] - day) // pd.Timedelta(minutes=slot_minutes)
    table = pd.DataFrame({"day": day, "slot": slot, "count": sub["count"]}).pivot_table(
        index="day", columns="slot", values="count", aggfunc="sum", fill_value=0
    )
    return table.reindex(columns=range(24 * 60 // slot_minutes), fill_value=0).astype(float)


def _naive_scale(matrix: pd.DataFrame, origin: dt.date) -> tuple[float, float]:
    """In-sample seasonal-naive MAE (daily, slot) over the 52 weeks before `origin`."""
    train = matrix[(matrix.index <= pd.Timestamp(origin)) & (matrix.index > pd.Timestamp(origin) - pd.Timedelta(weeks=53))]
    active = train.columns[train.sum(axis=0) > 0]
    daily_err, slot_err = [], []
    for w in range(7):
        rows = train[train.index.day_of_week == w][active].to_numpy()
        if len(rows) < 2:
            continue
        diff = rows[1:] - rows[:-1]
        daily_err.append(np.abs(diff.sum(axis=1)))
        slot_err.append(np.abs(diff).ravel())
    if not daily_err:
        return float("nan"), float("nan")
    return float(np.concatenate(daily_err).mean()), float(np.concatenate(slot_err).mean())


def _arrays(result, loc: str, actual: pd.DataFrame, slot_minutes: int) -> dict[str, np.ndarray]:
    """Daily and slot forecasts (and bounds) of one place aligned to the actual days."""
    daily = result.daily[result.daily["location"] == loc].set_index("day").reindex(actual.index)
    out = {f"day_{k}": daily[k].to_numpy(dtype=float) for k in ("expected", "lo80", "hi80")}
    out["day_expected"] = np.nan_to_num(out["day_expected"])  # a day thought closed that had arrivals: 0
    slots = result.slots[result.slots["location"] == loc]
    day = slots["slot_start"].dt.normalize()
    idx = ((slots["slot_start"] - day) // pd.Timedelta(minutes=slot_minutes)).to_numpy()
    pos = pd.Series(range(len(actual)), index=actual.index)
    present = day.isin(actual.index).to_numpy()
    rows, cols = pos[day[present]].to_numpy(), idx[present]
    for name in ("expected", "lo80", "hi80"):
        grid = np.zeros(actual.shape)
        grid[rows, cols] = slots[name].to_numpy()[present]
        out[f"slot_{name}"] = grid
    has = np.zeros(actual.shape, dtype=bool)
    has[rows, cols] = True
    out["has"] = has
    return out


class Scores:
    """Per place, level and method: scaled errors per origin; coverage of the chosen forecast."""

    def __init__(self) -> None:
        self.scaled: dict = {}
        self.abs: dict = {}
        self.cover: dict = {}
        self.choices: dict = {}

    def add(self, loc: str, level: str, method: str, err: float, scale: float) -> None:
        self.abs.setdefault((loc, level, method), []).append(err)
        self.scaled.setdefault((loc, level, method), []).append(err / scale)

    def mase(self, loc: str, level: str, method: str) -> float:
        v = self.scaled.get((loc, level, method))
        return float(np.mean(v)) if v else float("nan")


def backtest(counts, origins, slot_minutes, holiday_region, level, peers: bool) -> tuple[Scores, list[float]]:
    locations = sorted(counts["location"].unique())
    matrices = {loc: _matrix(counts, loc, slot_minutes) for loc in locations}
    scores = Scores()
    fit_seconds: list[float] = []
    levels = ("daily",) if level == "daily" else LEVELS
    for origin in origins:
        window = pd.date_range(origin + dt.timedelta(days=1), periods=7)
        results = {}
        for method in ("auto", *BASELINES):
            results[method] = forecast_arrivals(
                counts, 1, slot_minutes=slot_minutes, history_until=origin, method=method,
                holiday_region=holiday_region, time_col="slot_start", count_col="count",
            )
        fit_seconds.append(results["auto"].fit_seconds)
        for loc in locations:
            matrix = matrices[loc]
            actual = matrix[matrix.index.isin(window)]
            scale_daily, scale_slot = _naive_scale(matrix, origin)
            if actual.empty or not np.isfinite(scale_daily) or scale_daily <= 0:
                continue
            chosen = results["auto"].parameters["locations"].get(loc, {}).get("chosen")
            if chosen:
                scores.choices.setdefault((loc, "daily"), Counter())[chosen["daily"]] += 1
                scores.choices.setdefault((loc, "slot"), Counter())[chosen["slot"]] += 1
            arrays = {m: _arrays(r, loc, actual, slot_minutes) for m, r in results.items()}
            if peers:
                arrays |= _peer_arrays(matrix, origin, results["auto"], loc, actual)
            y_day = actual.sum(axis=1).to_numpy()
            y = actual.to_numpy()
            served = arrays["auto"]["has"] | (y > 0)
            for method, a in arrays.items():
                scores.add(loc, "daily", method, float(np.abs(y_day - a["day_expected"]).mean()), scale_daily)
                if "slot" in levels and served.any() and scale_slot > 0:
                    scores.add(loc, "slot", method, float(np.abs(y - a["slot_expected"])[served].mean()), scale_slot)
            a = arrays["auto"]
            ok = np.isfinite(a["day_lo80"])
            scores.cover.setdefault((loc, "daily"), []).extend(
                ((y_day >= a["day_lo80"]) & (y_day <= a["day_hi80"]))[ok].tolist()
            )
            if "slot" in levels:
                inside = (y >= a["slot_lo80"]) & (y <= a["slot_hi80"])
                scores.cover.setdefault((loc, "slot"), []).extend(inside[served].tolist())
    return scores, fit_seconds


def _peer_arrays(matrix: pd.DataFrame, origin: dt.date, chosen, loc: str, actual: pd.DataFrame) -> dict:
    """Each library peer's forecast of the days the chosen forecast covers, spread by the weekday profile."""
    train = matrix[matrix.index <= pd.Timestamp(origin)]
    recent = train[train.index > train.index[-1] - pd.Timedelta(weeks=8)]
    season = max(len(set(recent.index.day_of_week)), 2)
    days = chosen.daily[chosen.daily["location"] == loc]["day"]
    if days.empty:
        return {}
    profiles = intraday_profiles(train)
    out = {}
    for name, fc in forecast_peers.forecast_daily(train.sum(axis=1).to_numpy(), season, len(days)).items():
        per_day = pd.Series(fc[: len(days)], index=pd.DatetimeIndex(days)).reindex(actual.index)
        day_expected = np.nan_to_num(per_day.to_numpy())
        out[name] = {
            "day_expected": day_expected,
            "slot_expected": day_expected[:, None] * profiles[actual.index.day_of_week.to_numpy()],
        }
    return out


def summarise(scores: Scores, fit_seconds: list[float], level: str) -> dict:
    """The JSON the issue names: per level pooled over places, and per place."""
    locations = sorted({k[0] for k in scores.scaled})
    methods = sorted({k[2] for k in scores.scaled})
    peers = [m for m in methods if m not in ("auto", *BASELINES)]
    fit = float(np.mean(fit_seconds)) if fit_seconds else float("nan")

    def row(locs: list[str], lvl: str) -> dict | None:
        if not any((loc, lvl, "auto") in scores.scaled for loc in locs):
            return None
        mase = {m: float(np.mean([scores.mase(loc, lvl, m) for loc in locs])) for m in methods}
        peer = min(peers, key=lambda m: mase[m]) if peers else None
        cover = [c for loc in locs for c in scores.cover.get((loc, lvl), [])]
        return {
            "mase": mase["auto"],
            "mase_naive": mase["seasonal_naive"],
            "mase_mean4w": mase["mean4w"],
            "mase_peer": mase[peer] if peer else None,
            "peer": peer,
            "coverage80": float(np.mean(cover)) if cover else None,
            "fit_seconds": fit,
        }

    return {
        "daily": row(locations, "daily"),
        "slot": row(locations, "slot") if level != "daily" else None,
        "places": {loc: {lvl: row([loc], lvl) for lvl in LEVELS} for loc in locations},
    }


def table(scores: Scores, summary: dict, origins: list[dt.date], source: str, notes: list[str]) -> str:
    peers = sorted({k[2] for k in scores.scaled} - {"auto", *BASELINES})
    head = ["place", "level", "MASE chosen", "MASE naive", "MASE mean4w", *[f"MASE {p}" for p in peers],
            "chosen / best baseline", "80 % coverage", "chosen (daily: method, slot: shape)"]
    lines = [
        f"Source: {source}. {len(origins)} origins from {origins[0]} to {origins[-1]}, horizon 1 week.",
        *[f"Note: {n}." for n in notes],
        "",
        "| " + " | ".join(head) + " |",
        "|" + "---|" * len(head),
    ]
    for loc, levels in [*summary["places"].items(), ("pooled", {lvl: summary[lvl] for lvl in LEVELS})]:
        for lvl, r in levels.items():
            if not r:
                continue
            locs = [loc] if loc != "pooled" else list(summary["places"])
            peer_cells = [f"{np.mean([scores.mase(x, lvl, p) for x in locs]):.3f}" for p in peers]
            best = min(r["mase_naive"], r["mase_mean4w"])
            picks = scores.choices.get((loc, lvl), Counter())
            picked = ", ".join(f"{k} {v}" for k, v in picks.most_common(3)) if picks else ""
            lines.append(
                f"| {loc} | {lvl} | {r['mase']:.3f} | {r['mase_naive']:.3f} | {r['mase_mean4w']:.3f} | "
                + "".join(c + " | " for c in peer_cells)
                + f"{r['mase'] / best:.3f} | {100 * r['coverage80']:.1f} % | {picked} |"
            )
    return "\n".join(lines + ["", *findings(scores, summary)])


def findings(scores: Scores, summary: dict) -> list[str]:
    """Where the targets are missed in this run, said in the table's own figures."""
    peers = sorted({k[2] for k in scores.scaled} - {"auto", *BASELINES})
    out = []
    for loc, levels in summary["places"].items():
        for lvl, r in levels.items():
            if not r:
                continue
            best = min(r["mase_naive"], r["mase_mean4w"])
            if r["mase"] > best:
                out.append(f"{loc} {lvl}: chosen {r['mase']:.3f} above the best baseline {best:.3f}")
            beaten = [f"{p} {scores.mase(loc, lvl, p):.3f}" for p in peers if scores.mase(loc, lvl, p) < r["mase"]]
            if beaten:
                out.append(f"{loc} {lvl}: peers below the chosen {r['mase']:.3f}: {', '.join(beaten)}")
            if r["coverage80"] is not None and not 0.75 <= r["coverage80"] <= 0.85:
                out.append(f"{loc} {lvl}: 80 % coverage {100 * r['coverage80']:.1f} % outside 75-85 %")
    if not out:
        return ["Findings: the chosen forecast is at or below every baseline and peer, coverage 75-85 % everywhere."]
    return ["Findings (targets missed in this run):", "", *[f"- {line}" for line in out]]


def time_six_weeks(history: pd.DataFrame, slot_minutes: int, holiday_region, time_col: str, count_col: str | None, repeat: int = 3) -> float:
    """Best of `repeat` wall times of the app's 6-week forecast from the raw history (aggregation included)."""
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        forecast_arrivals(history, 6, slot_minutes=slot_minutes, holiday_region=holiday_region, time_col=time_col, count_col=count_col)
        best = min(best, time.perf_counter() - started)
    return best


METHOD_NOTE = """\
The app's forecast (`forecast_arrivals(method="auto")`, `planner/forecast/selection.py`) is
chosen per place and level by a rolling backtest on the history before each origin. Daily
candidates: the model ("ets": damped-trend exponential smoothing with weekday factors on open
days, per target group, with a time-of-year index where it helps), seasonal naive, the mean of
the last four same weekdays ("mean4w") and the equal-weight mean of the model and mean4w
("ets_mean4w"); the smallest MAE over steps 1-2 weeks ahead from every origin of the last
260 open days wins, except that the combination stays unless another candidate beats it by
3 % (the model's backtest runs on smoothing parameters tuned on that window and flatters it:
on Melbourne's Bourke Street it led mean4w by 15 % there and tied it on the weeks after).
Slots: the chosen day total spread by the slot shape (weekday profile,
last week, last four weeks, or profile and four-week shape averaged) with the smallest slot
MAE, so the slots sum to the day. Intervals: empirical quantiles of the chosen forecast's own
log-ratio errors per horizon week in that backtest (daily totals; slots with continuity
correction). Library peers: statsforecast AutoETS, AutoTheta and MSTL(AutoETS trend) on
daily totals of open days (last two years, season = open weekdays), spread by the weekday
profile; in the optional extra `forecast-peers` (numba compiles for seconds on first use, so
they stay out of the app). They compete in this benchmark, not in the app: a refit per
backtest origin costs seconds per series.

Where the forecast cannot be trusted the run says so per place (`planner/forecast/trust.py`):
under 8 weeks of history, a target group seen for under 8 weeks, or the last 10 open days
more than 15 % (and more than 95 % of earlier such stretches) away from the same weekdays of
the 8 weeks before; less than a year of history is noted (no time-of-year pattern). The
Overview, Trends and the Planner say so in words and the plan uses the upper 80 % bound.
"""


def load(args) -> tuple[pd.DataFrame, int, str, tuple | None, str, list[str], tuple]:
    if args.csv:
        af = read_arrivals(
            args.csv, time_col=args.time_col, count_col=args.count_col, place_col=args.place_col, tz=args.tz,
            level=args.level, slot_minutes=args.slot_minutes,
        )
        counts = af.counts
        return counts, af.slot_minutes, af.level, None, args.csv.name, af.notes, (counts, "slot_start", "count")
    from data_access.demo import generate_visit_frame

    frame = generate_visit_frame(seed=1, until=DEMO_UNTIL)
    slot = args.slot_minutes or 30
    counts = slot_counts(frame, "arrived_at", None, slot)
    return counts, slot, "slot", ("DE", "NW"), f"demo history (seed 1, until {DEMO_UNTIL})", [], (frame, "arrived_at", None)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--csv", type=Path, help="arrivals file; default: the demo history")
    parser.add_argument("--time-col")
    parser.add_argument("--count-col")
    parser.add_argument("--place-col")
    parser.add_argument("--tz", help="the file's own zone for times without an offset")
    parser.add_argument("--level", choices=("daily", "slot"))
    parser.add_argument("--slot-minutes", type=int)
    parser.add_argument("--origins", type=int, default=30)
    parser.add_argument("--no-peers", action="store_true", help="leave the library peers out")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--no-write", "--no-docs", dest="no_write", action="store_true", help="leave docs/benchmarks.md alone")
    args = parser.parse_args(argv)
    try:
        counts, slot_minutes, level, holiday_region, source, notes, raw = load(args)
    except ArrivalFileError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    days = pd.DatetimeIndex(counts["slot_start"].dt.normalize().unique())
    origins, more = choose_origins(days, args.origins, source)
    notes += more
    peers = not args.no_peers and forecast_peers.available()
    if not peers:
        notes.append("library peers not run" + ("" if args.no_peers else " (install the extra forecast-peers)"))
    scores, fit_seconds = backtest(counts, origins, slot_minutes, holiday_region, level, peers)
    summary = summarise(scores, fit_seconds, level)
    report = table(scores, summary, origins, source, notes)
    six = time_six_weeks(raw[0], slot_minutes, holiday_region, raw[1], raw[2])
    report += f"\n\nTiming: the app's 6-week forecast of all places from the whole history: {six:.2f} s (best of 3, shared machine)."
    if args.json:
        print(json.dumps(summary))
    else:
        print(report)
    if not args.no_write:
        name = "forecast" if not args.csv else "forecast-" + re.sub(r"[^a-z0-9]+", "-", args.csv.stem.lower())
        title = "## Forecast" if not args.csv else f"### Forecast on {args.csv.name}"
        body = (METHOD_NOTE + "\n" if not args.csv else "") + report
        write_section(name, f"{title}\n\n{body}", DOCS)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
