"""Visits: writes in bulk, and every aggregate the pages show, computed in SQL."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import pandas as pd
from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from data_access.models import Location, Visit

VISIT_COLUMNS = (
    "arrived_at", "called_at", "finished_at", "day", "weekday", "slot", "channel",
    "target_group", "language", "concern", "video_interpreter", "outcome",
    "wait_minutes", "service_minutes",
)


class VisitRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    # --- writing -----------------------------------------------------------------
    def bulk_insert(self, visits: pd.DataFrame, location_ids: dict[str, int], chunk: int = 20_000) -> int:
        """Insert a frame of visits (the generator's columns); returns the number written."""
        frame = visits.loc[:, list(VISIT_COLUMNS)].copy()
        frame["location_id"] = visits["location"].map(location_ids)
        if frame["location_id"].isna().any():
            unknown = sorted(set(visits.loc[frame["location_id"].isna(), "location"]))
            raise ValueError(f"unknown location code(s): {', '.join(unknown)}")
        frame["day"] = pd.to_datetime(frame["day"]).dt.date
        for column in ("arrived_at", "called_at", "finished_at"):
            frame[column] = pd.to_datetime(frame[column]).astype(object)
        frame = frame.astype(object).where(frame.notna(), None)
        for column in ("weekday", "slot", "location_id"):
            frame[column] = frame[column].astype(int)
        for start in range(0, len(frame), chunk):
            rows = frame.iloc[start : start + chunk].to_dict("records")
            self.session.execute(insert(Visit), rows)
        return len(frame)

    # --- reading -----------------------------------------------------------------
    def count(self) -> int:
        return self.session.scalar(select(func.count()).select_from(Visit)) or 0

    def counts_by_location(self, start: dt.date, end: dt.date) -> dict[str, int]:
        """Visits per place code with start <= day <= end."""
        stmt = (
            select(Location.code, func.count(Visit.id))
            .join(Visit, Visit.location_id == Location.id)
            .where(Visit.day.between(start, end))
            .group_by(Location.code)
        )
        return {code: n for code, n in self.session.execute(stmt)}

    def counts_by_location_until(self, day: dt.date, until: dt.time) -> dict[str, int]:
        """Visits per place on `day` that arrived before the time of day `until`."""
        limit = dt.datetime.combine(day, until)
        stmt = (
            select(Location.code, func.count(Visit.id))
            .join(Visit, Visit.location_id == Location.id)
            .where(Visit.day == day, Visit.arrived_at < limit)
            .group_by(Location.code)
        )
        return {code: n for code, n in self.session.execute(stmt)}

    def daily_counts(self, start: dt.date, end: dt.date) -> list[tuple[dt.date, str, int]]:
        """(day, place code, visits) for every day with visits, oldest first."""
        stmt = (
            select(Visit.day, Location.code, func.count(Visit.id))
            .join(Location, Location.id == Visit.location_id)
            .where(Visit.day.between(start, end))
            .group_by(Visit.day, Location.code)
            .order_by(Visit.day, Location.code)
        )
        return [(_as_date(d), code, n) for d, code, n in self.session.execute(stmt)]

    def counts_by_target_group(self, start: dt.date, end: dt.date) -> list[tuple[str, str, int]]:
        """(place code, target group, visits) between two days."""
        stmt = (
            select(Location.code, Visit.target_group, func.count(Visit.id))
            .join(Location, Location.id == Visit.location_id)
            .where(Visit.day.between(start, end))
            .group_by(Location.code, Visit.target_group)
            .order_by(Location.code, Visit.target_group)
        )
        return [tuple(row) for row in self.session.execute(stmt)]

    def first_day(self, location: str, target_group: str) -> dt.date | None:
        stmt = (
            select(func.min(Visit.day))
            .join(Location, Location.id == Visit.location_id)
            .where(Location.code == location, Visit.target_group == target_group)
        )
        return _as_date(self.session.scalar(stmt))

    def days_with_visits(self, days: Iterable[dt.date]) -> list[dt.date]:
        """Those of `days` on which any visit is recorded."""
        days = list(days)
        if not days:
            return []
        stmt = select(Visit.day).where(Visit.day.in_(days)).distinct().order_by(Visit.day)
        return [_as_date(d) for d in self.session.scalars(stmt)]


def _as_date(value) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))
