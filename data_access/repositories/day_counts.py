"""Daily visit counts from before the tool (table day_count): read, compared, saved."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from data_access.models import DayCount, Location, Visit

# (day, location id, target group): the cell a count or a day's visits belong to.
Cell = tuple[dt.date, int, str]


def _date(value) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])


class DayCountRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def places(self) -> dict[str, tuple[int, str]]:
        """Place code and name, in lower case -> (id, code)."""
        out = {}
        for id_, code, name in self.session.execute(select(Location.id, Location.code, Location.name)):
            out[name.casefold()] = out[code.casefold()] = (id_, code)
        return out

    def counts(self, start: dt.date, end: dt.date) -> dict[Cell, int]:
        stmt = select(DayCount.day, DayCount.location_id, DayCount.target_group, DayCount.visits).where(
            DayCount.day >= start, DayCount.day <= end)
        return {(_date(d), loc, grp): n for d, loc, grp, n in self.session.execute(stmt)}

    def counted_cells(self, start: dt.date, end: dt.date) -> set[Cell]:
        return set(self.counts(start, end))

    def visited_cells(self, start: dt.date, end: dt.date) -> set[Cell]:
        """The days, places and groups with individual visits (from ix_visit_day_stats)."""
        stmt = (
            select(Visit.day, Visit.location_id, Visit.target_group)
            .where(Visit.day >= start, Visit.day <= end)
            .group_by(Visit.day, Visit.location_id, Visit.target_group)
        )
        return {(_date(d), loc, grp) for d, loc, grp in self.session.execute(stmt)}

    def save(self, new: dict[Cell, int], changed: dict[Cell, int]) -> None:
        """Add the new counts and overwrite the changed ones, in the caller's transaction."""
        rows = [{"day": d, "location_id": loc, "target_group": grp, "visits": n} for (d, loc, grp), n in new.items()]
        for start in range(0, len(rows), 5000):
            self.session.execute(insert(DayCount), rows[start:start + 5000])
        for (d, loc, grp), n in changed.items():
            self.session.execute(update(DayCount).where(
                DayCount.day == d, DayCount.location_id == loc, DayCount.target_group == grp).values(visits=n))
