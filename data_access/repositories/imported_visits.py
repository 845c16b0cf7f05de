"""Visits from an import file: which are there already, and adding the new ones."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from data_access.models import Location, Visit

VISIT = Visit.__table__
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
        copy = self.session.get_bind().dialect.name == "postgresql"
        for start in range(0, len(rows), chunk_size):
            chunk = rows[start:start + chunk_size]
            if copy:
                self._copy(chunk)
            else:
                self.session.execute(insert(Visit), chunk)
            if after_chunk is not None:
                after_chunk()
        return len(rows)

    def _copy(self, rows: list[dict]) -> None:
        """The rows by COPY, in the session's transaction (PostgreSQL). An INSERT per row (what the
        driver does with many parameter sets) cost a 50,000-row import 50,000 statements, the
        database's CPU that the desks' check-ins were waiting for; one INSERT of many rows spends
        longer in the driver's parsing of its placeholders than the database in storing them."""
        columns = list(rows[0])
        driver = self.session.connection().connection.driver_connection
        with driver.cursor() as cursor, cursor.copy(
                f"COPY {VISIT.name} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row([row[c] for c in columns])
