"""Counting what was stored, to check that every acknowledged check-in is there exactly once.

Used by the load benchmark (bench/load.py) after a run; kept here because queries live in
repositories only.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from data_access.models import Visit


class VisitLedger:
    def __init__(self, session: Session) -> None:
        self.session = session

    def rows_by_key(self, device_token_id: int) -> dict[str, int]:
        """Idempotency key -> number of visits stored under it, for one device."""
        stmt = (
            select(Visit.idempotency_key, func.count(Visit.id))
            .where(Visit.device_token_id == device_token_id)
            .group_by(Visit.idempotency_key)
        )
        return {key: n for key, n in self.session.execute(stmt)}

    def desk_arrivals_since(self, since: dt.datetime) -> int:
        """Visits recorded at a desk (no device token) that arrived at or after `since`."""
        stmt = select(func.count(Visit.id)).where(Visit.device_token_id.is_(None), Visit.arrived_at >= since)
        return int(self.session.scalar(stmt) or 0)
