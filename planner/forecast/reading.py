"""Read an arrivals file as users have it into slot counts in the centre's local time.

Accepted: one row per arrival (no count column) or one row per slot with a count; times with
an offset or `Z` (converted to the centre's zone), or without (then in `tz`, the file's own
zone, default the centre's); one place or several (a place column); 5/15/30/60-minute slots
or daily totals only (dates without a time of day); business hours only or around the clock.
A day without rows is missing, not zero: the forecast neither learns nor is scored on it.

Bad input raises `ArrivalFileError` whose message is one line naming the file, column, row
(1 = header, as a spreadsheet counts) and value.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import numpy as np
import pandas as pd

from planner import clock

TIME_NAMES = ("arrived_at", "slot_start", "timestamp", "time", "datetime", "date_time", "ts", "date", "day", "start")
COUNT_NAMES = ("count", "counts", "n", "total", "arrivals", "calls", "visits", "value", "y")
PLACE_NAMES = ("location", "place", "site", "sensor", "branch", "unique_id")
SLOT_CHOICES = (5, 10, 15, 20, 30, 60)


class ArrivalFileError(ValueError):
    """An arrivals file that cannot be read; the message is one line for the user."""


@dataclass(frozen=True)
class ArrivalFile:
    """`counts`: location, slot_start (naive, centre-local), count; one row per slot with rows."""

    counts: pd.DataFrame
    slot_minutes: int
    level: str  # "slot" or "daily"
    resolution_minutes: int | None  # of the file's timestamps; None for one row per arrival
    notes: list[str] = field(default_factory=list)


def _pick(columns: list[str], given: str | None, names: tuple[str, ...], what: str, path: Path) -> str | None:
    if given is not None:
        if given not in columns:
            raise ArrivalFileError(f"{path.name}: no column {given!r} ({what}); columns are {', '.join(columns)}")
        return given
    lower = {c.lower().strip(): c for c in columns}
    return next((lower[n] for n in names if n in lower), None)


def _zone(name: str, path: Path) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ArrivalFileError(f"{path.name}: unknown time zone {name!r} (e.g. Europe/Berlin, Australia/Melbourne)") from None


def parse_times(raw: pd.Series, *, path: Path, column: str, tz: str | None, centre_tz: str) -> pd.Series:
    """Naive centre-local timestamps from text with or without offsets; one-line error on a bad cell."""
    text = raw.astype("string").str.strip()
    empty = text.isna() | (text == "")
    if empty.any():
        row = int(np.flatnonzero(empty.to_numpy())[0]) + 2
        raise ArrivalFileError(f"{path.name}: column {column!r}, row {row}: empty time")
    has_offset = text.str.contains(r"(?:Z|[+-]\d\d:?\d\d)$", regex=True)
    centre = _zone(centre_tz, path)
    if has_offset.any() and not has_offset.all():
        row = int(np.flatnonzero(~has_offset.to_numpy())[0]) + 2
        raise ArrivalFileError(
            f"{path.name}: column {column!r}, row {row}: time {text.iloc[row - 2]!r} has no offset while others do"
        )
    try:
        if has_offset.any():
            times = pd.to_datetime(text, utc=True, format="ISO8601")
            return times.dt.tz_convert(centre).dt.tz_localize(None)
        times = pd.to_datetime(text, format="mixed", dayfirst=False)
    except (ValueError, TypeError, OverflowError):
        bad = pd.to_datetime(text, errors="coerce", format="mixed", utc=bool(has_offset.any())).isna().to_numpy()
        row = int(np.flatnonzero(bad)[0]) + 2 if bad.any() else 2
        raise ArrivalFileError(f"{path.name}: column {column!r}, row {row}: not a time: {text.iloc[row - 2]!r}") from None
    if tz is not None and tz != centre_tz:
        own = _zone(tz, path)
        times = times.dt.tz_localize(own, ambiguous="NaT", nonexistent="shift_forward").dt.tz_convert(centre).dt.tz_localize(None)
    return times


def resolution_minutes(times: pd.Series) -> int:
    """The file's step: the gcd of the minutes of the day of its timestamps (1440 for dates only)."""
    minutes = (times.dt.hour * 60 + times.dt.minute).to_numpy()
    step = 0
    for m in np.unique(minutes):
        step = math.gcd(step, int(m))
    return step or 24 * 60


def read_arrivals(
    path: str | Path,
    *,
    time_col: str | None = None,
    count_col: str | None = None,
    place_col: str | None = None,
    tz: str | None = None,
    centre_tz: str | None = None,
    level: str | None = None,
    slot_minutes: int | None = None,
) -> ArrivalFile:
    """Read `path` (CSV) into slot counts; columns are found by name when not given."""
    path = Path(path)
    centre_tz = centre_tz or clock.zone().key  # the centre's zone (the setting) by default
    if not path.is_file():
        raise ArrivalFileError(f"{path}: no such file")
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, skipinitialspace=True)
    except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as exc:
        raise ArrivalFileError(f"{path.name}: not a readable CSV file ({str(exc).splitlines()[0]})") from None
    if frame.empty:
        raise ArrivalFileError(f"{path.name}: no rows")
    columns = list(frame.columns)
    notes: list[str] = []
    time_col = _pick(columns, time_col, TIME_NAMES, "time", path) or columns[0]
    place_col = _pick(columns, place_col, PLACE_NAMES, "place", path)
    count_col = _pick(columns, count_col, COUNT_NAMES, "count", path)
    if count_col is None:
        # One numeric column beside time and place is the count; none means one row per arrival.
        numeric = [c for c in columns if c not in (time_col, place_col)
                   and pd.to_numeric(frame[c].str.strip(), errors="coerce").notna().all()]
        if len(numeric) == 1:
            count_col = numeric[0]
            notes.append(f"column {count_col!r} read as the count")
    times = parse_times(frame[time_col], path=path, column=time_col, tz=tz, centre_tz=centre_tz)
    if times.isna().any():
        row = int(np.flatnonzero(times.isna().to_numpy())[0]) + 2
        raise ArrivalFileError(f"{path.name}: column {time_col!r}, row {row}: time {frame[time_col].iloc[row - 2]!r} does not exist in {tz}")
    if count_col is not None:
        counts = pd.to_numeric(frame[count_col].str.replace(",", ".", regex=False).str.strip(), errors="coerce")
        bad = counts.isna() & (frame[count_col].str.strip() != "")
        bad |= counts < 0
        if bad.any():
            row = int(np.flatnonzero(bad.to_numpy())[0]) + 2
            raise ArrivalFileError(
                f"{path.name}: column {count_col!r}, row {row}: not a count: {frame[count_col].iloc[row - 2]!r}"
            )
        # An empty count cell is a missing slot, not zero arrivals.
        keep = counts.notna().to_numpy()
        if not keep.all():
            notes.append(f"{int((~keep).sum())} rows with an empty count left out as missing")
        times, counts, frame = times[keep], counts[keep], frame[keep]
        resolution: int | None = resolution_minutes(times)
    else:
        counts = pd.Series(1.0, index=frame.index)
        resolution = None
    places = frame[place_col].astype(str).str.strip() if place_col else pd.Series("all", index=frame.index)
    if resolution == 24 * 60 or level == "daily":
        level = "daily"
        slot_minutes = 24 * 60
        if resolution not in (None, 24 * 60):
            notes.append("daily totals only, as asked (--level daily)")
        else:
            notes.append("daily totals only: no slot level")
    else:
        level = "slot"
        wanted = slot_minutes or 30
        step = max(wanted, resolution or 1)
        # The slot must be a whole number of the file's steps and divide the day.
        slot_minutes = next((s for s in SLOT_CHOICES if s >= step and (resolution is None or s % resolution == 0)), 60)
        if slot_minutes != wanted:
            notes.append(f"slots of {slot_minutes} min (the file counts per {resolution} min)")
    out = pd.DataFrame(
        {"location": places.to_numpy(), "slot_start": times.dt.floor(f"{slot_minutes}min").to_numpy(), "count": counts.to_numpy(float)}
    )
    out = out.groupby(["location", "slot_start"], as_index=False, sort=True)["count"].sum()
    return ArrivalFile(counts=out, slot_minutes=slot_minutes, level=level, resolution_minutes=resolution, notes=notes)
