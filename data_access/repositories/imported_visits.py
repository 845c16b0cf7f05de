"""Visits from an import file: which are there already, and adding the new ones."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from data_access.models import Location, Visit

# What makes an imported visit "the same" as one stored (minute resolution of the files).
VisitKey = tuple[dt.datetime, str, str, str, str]


class ImportedVisitRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def places(self) -> dict[str, tuple[int, str]]:
        """Place code -> (id, kind)."""
        return {code: (id_, kind) for id_, code, kind in self.session.execute(
            select(Location.id, Location.code, Location.kind))}

    def existing_keys(self, start: dt.date, end: dt.date) -> set[VisitKey]:
        stmt = (
            select(Visit.arrived_at, Location.code, Visit.target_group, Visit.language, Visit.concern)
            .join(Location, Location.id == Visit.location_id)
            .where(Visit.day >= start, Visit.day <= end)
        )
        return {(at.replace(second=0, microsecond=0), *rest) for at, *rest in self.session.execute(stmt)}

    def add(self, rows: list[dict], *, chunk_size: int = 5000, after_chunk=None) -> int:
        """Insert visits given as column dicts of the visit table, in the caller's transaction;
        `after_chunk()` (if given) is called after each chunk, e.g. to commit it."""
        for start in range(0, len(rows), chunk_size):
            self.session.execute(insert(Visit), rows[start:start + chunk_size])
            if after_chunk is not None:
                after_chunk()
        return len(rows)
