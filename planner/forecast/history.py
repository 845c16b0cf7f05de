"""Turn whatever arrival history the caller has into slot counts.

Accepted shapes (all local, naive timestamps):
- a DataFrame with one row per arrival (`time_col`, optional `location_col` and
  `group_col`), as the visit table or the demo generator gives it;
- a DataFrame with one row per slot and a `count_col`;
- a Series of counts indexed by timestamp (one place, no groups).

A day on which a place has no rows at all counts as closed for that place: the forecast
never learns "zero demand" from a closed day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

DEFAULT_LOCATION = "all"
DEFAULT_GROUP = "all"


@dataclass(frozen=True)
class SlotHistory:
    """Counts per place, target group, day and slot, plus each place's open days.

    `counts` columns: location, group, day (datetime64 at midnight), slot (int index of
    the slot within the day), count. `open_days[location]` is the sorted DatetimeIndex of
    days with at least one arrival at that place.
    """

    counts: pd.DataFrame
    open_days: dict[str, pd.DatetimeIndex]
    slot_minutes: int
    history_until: dt.date

    @property
    def locations(self) -> list[str]:
        return sorted(self.open_days)

    def groups(self, location: str) -> list[str]:
        sub = self.counts[self.counts["location"] == location]
        return sorted(sub["group"].unique())

    def daily(self, location: str) -> pd.DataFrame:
        """Open days (rows) by group (columns) of arrival counts; zeros where a group had none."""
        sub = self.counts[self.counts["location"] == location]
        table = sub.pivot_table(index="day", columns="group", values="count", aggfunc="sum", fill_value=0)
        return table.reindex(self.open_days[location], fill_value=0).astype(float)

    def slot_matrix(self, location: str) -> pd.DataFrame:
        """Open days (rows) by slot index (columns) of arrival counts at one place."""
        sub = self.counts[self.counts["location"] == location]
        table = sub.pivot_table(index="day", columns="slot", values="count", aggfunc="sum", fill_value=0)
        slots = range(24 * 60 // self.slot_minutes)
        return table.reindex(index=self.open_days[location], columns=slots, fill_value=0).astype(float)


def slot_history(
    history: pd.DataFrame | pd.Series,
    *,
    slot_minutes: int = 30,
    time_col: str = "arrived_at",
    count_col: str | None = None,
    location_col: str = "location",
    group_col: str = "target_group",
    history_until: dt.date | None = None,
) -> SlotHistory:
    """Normalise `history` (see module docstring) into a `SlotHistory`.

    `history_until` cuts the history after that day (inclusive); by default it is the
    last day present in the data.
    """
    if 24 * 60 % slot_minutes:
        raise ValueError("slot_minutes must divide a day")
    if isinstance(history, pd.Series):
        frame = pd.DataFrame({time_col: history.index, "count": np.asarray(history, dtype=float)})
        count_col = "count"
    else:
        frame = history
    if time_col not in frame.columns:
        raise ValueError(f"history has no column {time_col!r}")
    times = pd.to_datetime(frame[time_col])
    if getattr(times.dt, "tz", None) is not None:
        times = times.dt.tz_localize(None)
    out = pd.DataFrame(
        {
            "location": frame[location_col].astype(str) if location_col in frame.columns else DEFAULT_LOCATION,
            "group": frame[group_col].astype(str) if group_col in frame.columns else DEFAULT_GROUP,
            "day": times.dt.normalize(),
            "slot": ((times.dt.hour * 60 + times.dt.minute) // slot_minutes).astype(int),
            "count": frame[count_col].astype(float) if count_col else 1.0,
        }
    )
    out = out[out["day"].notna()]
    if history_until is not None:
        out = out[out["day"] <= pd.Timestamp(history_until)]
    if out.empty:
        raise ValueError("history is empty")
    counts = out.groupby(["location", "group", "day", "slot"], as_index=False, sort=True)["count"].sum()
    # A slot row with a zero count still marks the day as open (slot-count files list closed
    # days by leaving them out, not by writing zeros), so open days come from rows, not sums.
    open_days = {
        loc: pd.DatetimeIndex(sorted(days.unique()))
        for loc, days in counts.groupby("location")["day"]
    }
    until = history_until or counts["day"].max().date()
    return SlotHistory(counts=counts, open_days=open_days, slot_minutes=slot_minutes, history_until=until)
