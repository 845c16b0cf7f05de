"""Visit statistics of the Trends and Overview pages, aggregated in SQL.

Every query here filters a date range and groups by `day` first and by one more column
second, which is the order of one of the covering indexes of migration 0003: the database
streams the index in order and never sorts nor reads the table. Grouping by something
other than the day (weekday and slot, concern, place and group) happens in an outer query
over the few rows per day. The same SQL runs on SQLite and PostgreSQL; only the 90th
percentile has a dialect of its own (see `daily_wait_p90`). Weeks and months are rolled up
from days by the caller: days are few, raw visits are never loaded.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace

from sqlalchemy import and_, case, delete, func, insert, select, text
from sqlalchemy.orm import Session, aliased

from data_access.models import (
    Assignment,
    DayCount,
    ForecastDay,
    ForecastRun,
    Location,
    Organisation,
    Schedule,
    ShiftTemplate,
    StaffMember,
    StatsRollupState,
    Visit,
    VisitDayRollup,
)
from planner import clock

WAIT_BUCKETS = ((0, 10), (10, 20), (20, 40), (40, None))  # minutes, upper bound exclusive
BREAKDOWNS = ("location", "target_group", "concern", "language")


@dataclass(frozen=True)
class VisitFilter:
    """Which visits a figure counts: a date range (inclusive) and optional value lists.

    An empty tuple means "all"; `locations` holds place codes.
    """

    start: dt.date
    end: dt.date
    locations: tuple[str, ...] = ()
    target_groups: tuple[str, ...] = ()
    concerns: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()

    def shifted(self, days: int) -> VisitFilter:
        delta = dt.timedelta(days=days)
        return replace(self, start=self.start + delta, end=self.end + delta)


@dataclass(frozen=True)
class PlaceToday:
    """A place's visits of one day up to now, for the live Overview."""

    location: str
    arrivals: int
    waiting: int
    oldest_waiting_since: dt.datetime | None
    mean_wait: float | None
    max_wait: float | None


@dataclass(frozen=True)
class QueueToday:
    """A place's walk-in queue of one day, for the live Overview: per step, so a visit
    referred to a second desk waits (and is counted) again."""

    location: str
    tickets: int
    waiting: int  # tickets waiting in a queue now (parked ones stepped out: not counted)
    oldest_waiting_since: dt.datetime | None  # since when the longest waiting step waits
    mean_wait: float | None  # minutes, steps called today
    max_wait: float | None
    served: int  # steps served today
    mean_service: float | None  # minutes per served step
    desks_calling: int  # desks that called since `since`


class VisitStatistics:
    def __init__(self, session: Session) -> None:
        self.session = session
        self._ids: dict[str, int] | None = None

    # --- helpers -----------------------------------------------------------------------
    def location_ids(self) -> dict[str, int]:
        if self._ids is None:
            self._ids = {code: id_ for id_, code in self.session.execute(select(Location.id, Location.code))}
        return self._ids

    def location_codes(self) -> dict[int, str]:
        return {id_: code for code, id_ in self.location_ids().items()}

    def _where(self, f: VisitFilter, visit=Visit) -> list:
        conditions = [visit.day >= f.start, visit.day <= f.end]
        if f.locations:
            ids = [self.location_ids()[c] for c in f.locations if c in self.location_ids()]
            # "+ 0": SQLite must not pick the (location_id, day) index, which does not
            # cover the other columns; the day-first covering indexes are faster here.
            conditions.append((visit.location_id + 0).in_(ids or [-1]))
        for column, values in (
            (visit.target_group, f.target_groups),
            (visit.concern, f.concerns),
            (visit.language, f.languages),
        ):
            if values:
                conditions.append(column.in_(values))
        return conditions

    # --- the Trends figures ------------------------------------------------------------
    def daily_counts(self, f: VisitFilter, by: str = "location") -> list[tuple[dt.date, str, int]]:
        """(day, value of `by`, visits) for every day and value with visits, oldest first."""
        if by not in BREAKDOWNS:
            raise ValueError(f"unknown breakdown {by!r}")
        if by in ("location", "target_group"):
            key = "location_id" if by == "location" else "target_group"
            counted = self._counted(f, ("day", key))
            past, rest = self._split(f)
            if past is not None:
                rolled = [(d, v, int(n)) for d, v, n in self._rollup(past, ("day", key), ("visits",))]
                return _plus(rolled + (self._raw_daily_counts(rest, by) if rest else []), counted)
            return _plus(self._raw_daily_counts(f, by), counted)
        return self._raw_daily_counts(f, by)

    def _raw_daily_counts(self, f: VisitFilter, by: str) -> list[tuple[dt.date, str, int]]:
        if by == "target_group":
            # Grouped by place too, in the order of ix_visit_day_stats; otherwise SQLite takes
            # the older (day, target_group) index, which does not cover the filters.
            stmt = (
                select(Visit.day, Visit.target_group, func.count())
                .where(*self._where(f))
                .group_by(Visit.day, Visit.location_id, Visit.target_group)
            )
            summed: dict[tuple[dt.date, str], int] = {}
            for d, v, n in self.session.execute(stmt):
                key = (_as_date(d), v)
                summed[key] = summed.get(key, 0) + n
            return [(d, v, n) for (d, v), n in sorted(summed.items())]
        column = Visit.location_id if by == "location" else getattr(Visit, by)
        stmt = (
            select(Visit.day, column, func.count())
            .where(*self._where(f))
            .group_by(Visit.day, column)
            .order_by(Visit.day, column)
        )
        codes = self.location_codes() if by == "location" else None
        return [(_as_date(d), codes[v] if codes else v, n) for d, v, n in self.session.execute(stmt)]

    def _raw_daily_place_group_counts(self, f: VisitFilter) -> list[tuple[dt.date, str, str, int]]:
        """(day, place code, target group, visits), in the order of ix_visit_day_stats."""
        stmt = (
            select(Visit.day, Visit.location_id, Visit.target_group, func.count())
            .where(*self._where(f))
            .group_by(Visit.day, Visit.location_id, Visit.target_group)
        )
        codes = self.location_codes()
        return [(_as_date(d), codes[loc], grp, n) for d, loc, grp, n in self.session.execute(stmt)]

    def _raw_totals(self, f: VisitFilter) -> list[tuple[str, str, int]]:
        """(place code, target group, visits), summed over the days of the range."""
        per_day = (
            select(Visit.location_id.label("loc"), Visit.target_group.label("grp"), func.count().label("n"))
            .where(*self._where(f))
            .group_by(Visit.day, Visit.location_id, Visit.target_group)
            .subquery()
        )
        stmt = select(per_day.c.loc, per_day.c.grp, func.sum(per_day.c.n)).group_by(per_day.c.loc, per_day.c.grp)
        codes = self.location_codes()
        rows = [(codes[loc], grp, int(n)) for loc, grp, n in self.session.execute(stmt)]
        return sorted(rows)

    def _raw_daily_waits(self, f: VisitFilter) -> list[tuple[dt.date, int, float]]:
        """(day, seen visits, sum of their waits in minutes) per day; a visit is seen when it
        has a wait (people who left unseen have none)."""
        stmt = (
            select(Visit.day, func.count(Visit.wait_minutes), func.sum(Visit.wait_minutes))
            .where(*self._where(f))
            .group_by(Visit.day)
            .order_by(Visit.day)
        )
        return [(_as_date(d), int(n), float(total or 0.0)) for d, n, total in self.session.execute(stmt) if n]

    def _raw_daily_video(self, f: VisitFilter) -> list[tuple[dt.date, int, int]]:
        """(day, seen visits, of them with a video interpreter) per day."""
        stmt = (
            select(Visit.day, func.count(Visit.wait_minutes), func.sum(case((Visit.video_interpreter, 1), else_=0)))
            .where(*self._where(f))
            .group_by(Visit.day)
            .order_by(Visit.day)
        )
        return [(_as_date(d), int(n), int(v or 0)) for d, n, v in self.session.execute(stmt) if n]

    def _raw_wait_buckets(self, f: VisitFilter) -> list[int]:
        """Seen visits per wait bucket of WAIT_BUCKETS (0-10, 10-20, 20-40, 40+ minutes)."""
        # Inner: one row per day and distinct wait, streamed from the (day, wait) index;
        # the CASE then runs on those few rows instead of on every visit.
        per_wait = (
            select(Visit.wait_minutes.label("w"), func.count().label("n"))
            .where(*self._where(f), Visit.wait_minutes.is_not(None))
            .group_by(Visit.day, Visit.wait_minutes)
            .subquery()
        )
        w = per_wait.c.w
        # One conditional sum per bucket: a single pass over those rows, no sort.
        sums = [
            func.sum(case(((w >= lo) & (w < hi) if hi is not None else w >= lo, per_wait.c.n), else_=0))
            for lo, hi in WAIT_BUCKETS
        ]
        row = self.session.execute(select(*sums)).one()
        return [int(n or 0) for n in row]

    def daily_wait_stats(self, f: VisitFilter) -> list[tuple[dt.date, int, float, float]]:
        """(day, seen visits, sum of their waits, 90th percentile wait) per day with seen visits."""
        if self.session.get_bind().dialect.name != "postgresql":
            waits = self.daily_waits(f)
            p90 = self._sqlite_p90(f, {d: n for d, n, _ in waits})
            return [(d, n, total, p90[d]) for d, n, total in waits]
        # PostgreSQL lets the per-day subquery's OFFSET refer to the outer row, so counts,
        # sums and the walk down the (day, wait) index are one statement.
        per_day = (
            select(Visit.day.label("day"), func.count(Visit.wait_minutes).label("n"),
                   func.sum(Visit.wait_minutes).label("total"))
            .where(*self._where(f))
            .group_by(Visit.day)
            .subquery("per_day")
        )
        inner = aliased(Visit)
        p90 = (
            select(inner.wait_minutes)
            .where(inner.day == per_day.c.day, inner.wait_minutes.is_not(None), *self._where(f, inner))
            .order_by(inner.wait_minutes.desc())
            .offset(per_day.c.n - (per_day.c.n * 9 + 9) // 10)
            .limit(1)
            .scalar_subquery()
        )
        stmt = select(per_day.c.day, per_day.c.n, per_day.c.total, p90).where(per_day.c.n > 0).order_by(per_day.c.day)
        return [(_as_date(d), int(n), float(total), float(w)) for d, n, total, w in self.session.execute(stmt)]

    def daily_wait_p90(self, f: VisitFilter, seen_per_day=None) -> dict[dt.date, float]:
        """The 90th percentile of the wait per day: the smallest wait that at least 90 % of
        the day's seen visits did not exceed (numpy's "inverted_cdf"; PostgreSQL's
        percentile_disc). `seen_per_day` ({day: seen visits} or its items, from
        `daily_waits`) saves SQLite a query.
        """
        if self.session.get_bind().dialect.name == "postgresql":
            stmt = (
                select(Visit.day, func.percentile_disc(0.9).within_group(Visit.wait_minutes))
                .where(*self._where(f), Visit.wait_minutes.is_not(None))
                .group_by(Visit.day)
            )
            return {_as_date(d): float(w) for d, w in self.session.execute(stmt)}
        if seen_per_day is None:
            seen_per_day = {day: seen for day, seen, _ in self.daily_waits(f)}
        seen_per_day = dict(seen_per_day)
        return self._sqlite_p90(f, seen_per_day)

    def _sqlite_p90(self, f: VisitFilter, seen_per_day: dict[dt.date, int]) -> dict[dt.date, float]:
        # SQLite has no percentile function, and LIMIT/OFFSET cannot refer to an outer
        # query; so one scalar subquery per day walks the (day, wait_minutes) index to the
        # k-th wait. It walks from the longest wait down, so it passes only the top tenth
        # of each day's entries: far less than one scan.
        conditions, params = self._sqlite_conditions(f)
        parts, values = [], {}
        for i, (day, seen) in enumerate(sorted(seen_per_day.items())):
            if not seen:
                continue
            parts.append(
                f"SELECT :d{i} AS day, (SELECT wait_minutes FROM visit INDEXED BY ix_visit_day_wait "
                f"WHERE day = :d{i} AND wait_minutes IS NOT NULL{conditions} "
                f"ORDER BY wait_minutes DESC LIMIT 1 OFFSET :k{i}) AS p90"
            )
            values[f"d{i}"] = day.isoformat()
            # The k-th smallest (k = ceil(0.9 n), 1-based) is the (n - k + 1)-th largest.
            values[f"k{i}"] = seen - (9 * seen + 9) // 10
        out: dict[dt.date, float] = {}
        for chunk in range(0, len(parts), 400):  # SQLite allows 500 terms per compound SELECT
            sql = " UNION ALL ".join(parts[chunk : chunk + 400])
            for day, p90 in self.session.execute(text(sql), {**values, **params}):
                if p90 is not None:
                    out[_as_date(day)] = float(p90)
        return out

    def _sqlite_conditions(self, f: VisitFilter) -> tuple[str, dict]:
        sql, params = "", {}
        if f.locations:
            ids = [self.location_ids().get(c, -1) for c in f.locations]
            names = [f"loc{i}" for i in range(len(ids))]
            sql += f" AND location_id IN ({', '.join(':' + n for n in names)})"
            params.update(zip(names, ids))
        for column, values in (("target_group", f.target_groups), ("concern", f.concerns), ("language", f.languages)):
            if values:
                names = [f"{column}{i}" for i in range(len(values))]
                sql += f" AND {column} IN ({', '.join(':' + n for n in names)})"
                params.update(zip(names, values))
        return sql, params

    def weekday_slot_counts(self, f: VisitFilter) -> dict[tuple[int, int], int]:
        """Visits per (weekday 0 = Monday, 30-minute slot)."""
        per_day = (
            select(Visit.weekday.label("wd"), Visit.slot.label("slot"), func.count().label("n"))
            .where(*self._where(f))
            .group_by(Visit.day, Visit.weekday, Visit.slot)
            .subquery()
        )
        stmt = select(per_day.c.wd, per_day.c.slot, func.sum(per_day.c.n)).group_by(per_day.c.wd, per_day.c.slot)
        return {(int(wd), int(slot)): int(n) for wd, slot, n in self.session.execute(stmt)}

    def service_by_concern(self, f: VisitFilter) -> list[tuple[str, int, float]]:
        """(concern, visits with a service time, mean service minutes), by concern."""
        per_day = (
            select(
                Visit.concern.label("concern"),
                func.count(Visit.service_minutes).label("n"),
                func.sum(Visit.service_minutes).label("total"),
            )
            .where(*self._where(f))
            .group_by(Visit.day, Visit.concern)
            .subquery()
        )
        stmt = (
            select(per_day.c.concern, func.sum(per_day.c.n), func.sum(per_day.c.total))
            .group_by(per_day.c.concern)
            .order_by(per_day.c.concern)
        )
        return [(c, int(n), float(total) / int(n)) for c, n, total in self.session.execute(stmt) if n]

    def values(self, column: str) -> list[str]:
        """The distinct values of a visit column (concern, language) for the filters."""
        if column not in ("concern", "language", "target_group"):
            raise ValueError(f"no value list for {column!r}")
        stmt = select(getattr(Visit, column)).distinct().order_by(getattr(Visit, column))
        return list(self.session.scalars(stmt))

    def first_and_last_day(self) -> tuple[dt.date | None, dt.date | None]:
        """The first and last day with visits (the reports' "years with data")."""
        first, last = self.session.execute(select(func.min(Visit.day), func.max(Visit.day))).one()
        return _as_date(first), _as_date(last)

    # --- daily counts of the time before the tool (day_count) ---------------------------
    # Imported days known only as numbers per place and group (data_access/imports/
    # day_counts.py); a day, place and group has either a count or visits, so the visit
    # figures without a concern or language filter add them. They have no time of day,
    # wait, concern or language, so no other figure can count them.
    def first_day(self, locations: tuple[str, ...] = ()) -> dt.date | None:
        """The first day with visits, recorded or imported as day counts, at `locations` (all: ())."""
        ids = [self.location_ids().get(c, -1) for c in locations]
        days = []
        for table in (Visit, DayCount):
            stmt = select(func.min(table.day))
            if ids:
                stmt = stmt.where(table.location_id.in_(ids))
            day = self.session.scalar(stmt)
            if day is not None:
                days.append(_as_date(day))
        return min(days, default=None)

    def _counted(self, f: VisitFilter, keys: tuple[str, ...]) -> list[tuple]:
        """Sums of day_count grouped by `keys` (day, location_id, target_group), as `_rollup`."""
        if f.concerns or f.languages:
            return []
        d = DayCount
        columns = [getattr(d, k) for k in keys]
        stmt = select(*columns, func.sum(d.visits)).where(d.day >= f.start, d.day <= f.end)
        if f.locations:
            stmt = stmt.where(d.location_id.in_([self.location_ids().get(c, -1) for c in f.locations]))
        if f.target_groups:
            stmt = stmt.where(d.target_group.in_(f.target_groups))
        stmt = stmt.group_by(*columns)
        codes = self.location_codes()
        return [(*(codes[v] if k == "location_id" else _as_date(v) if k == "day" else v for k, v in zip(keys, row)),
                 int(row[-1])) for row in self.session.execute(stmt)]

    # --- the rollup of finished days (visit_day_rollup) --------------------------------
    # Without a concern or language filter, the days the rollup holds are read from its few
    # rows per day; the days after it from the visits. Both give the same numbers.
    def _built_until(self) -> dt.date | None:
        if not hasattr(self, "_until"):
            state = self.session.get(StatsRollupState, 1)
            self._until = _as_date(state.built_until) if state else None
        return self._until

    def _split(self, f: VisitFilter) -> tuple[VisitFilter | None, VisitFilter | None]:
        """(the part the rollup answers, the rest for the visit table)."""
        until = self._built_until()
        if f.concerns or f.languages or until is None or f.start > until:
            return None, f
        past = replace(f, end=min(f.end, until))
        rest = replace(f, start=until + dt.timedelta(days=1)) if f.end > until else None
        return past, rest

    def _rollup(self, f: VisitFilter, keys: tuple[str, ...], measures: tuple[str, ...]) -> list[tuple]:
        """Sums of rollup `measures` grouped by `keys` (day, location_id, target_group), in SQL;
        location ids come back as place codes, days as dates."""
        r = VisitDayRollup
        columns = [getattr(r, k) for k in keys]
        stmt = select(*columns, *(func.sum(getattr(r, m)) for m in measures)).where(r.day >= f.start, r.day <= f.end)
        if f.locations:
            stmt = stmt.where(r.location_id.in_([self.location_ids().get(c, -1) for c in f.locations]))
        if f.target_groups:
            stmt = stmt.where(r.target_group.in_(f.target_groups))
        if columns:
            stmt = stmt.group_by(*columns).order_by(*columns)
        codes = self.location_codes()
        out = []
        for row in self.session.execute(stmt):
            keyed = [codes[v] if k == "location_id" else _as_date(v) if k == "day" else v for k, v in zip(keys, row)]
            out.append((*keyed, *row[len(keys):]))
        return out

    def daily_place_group_counts(self, f: VisitFilter) -> list[tuple[dt.date, str, str, int]]:
        """(day, place code, target group, visits)."""
        past, rest = self._split(f)
        rolled = [(d, loc, grp, int(n)) for d, loc, grp, n in
                  self._rollup(past, ("day", "location_id", "target_group"), ("visits",))] if past else []
        return _plus(rolled + (self._raw_daily_place_group_counts(rest) if rest else []),
                     self._counted(f, ("day", "location_id", "target_group")))

    def totals(self, f: VisitFilter) -> list[tuple[str, str, int]]:
        """(place code, target group, visits), summed over the days of the range."""
        past, rest = self._split(f)
        summed: dict[tuple[str, str], int] = {}
        rolled = self._rollup(past, ("location_id", "target_group"), ("visits",)) if past else []
        counted = self._counted(f, ("location_id", "target_group"))
        for loc, grp, n in rolled + (self._raw_totals(rest) if rest else []) + counted:
            summed[(loc, grp)] = summed.get((loc, grp), 0) + int(n)
        return sorted((loc, grp, n) for (loc, grp), n in summed.items())

    def daily_waits(self, f: VisitFilter) -> list[tuple[dt.date, int, float]]:
        """(day, seen visits, sum of their waits in minutes) per day with seen visits; a visit
        is seen when it has a wait (people who left unseen have none)."""
        past, rest = self._split(f)
        rolled = [(d, int(n), float(total)) for d, n, total in
                  self._rollup(past, ("day",), ("seen", "wait_sum")) if n] if past else []
        return rolled + (self._raw_daily_waits(rest) if rest else [])

    def daily_video(self, f: VisitFilter) -> list[tuple[dt.date, int, int]]:
        """(day, seen visits, of them with a video interpreter) per day."""
        past, rest = self._split(f)
        rolled = [(d, int(n), int(v)) for d, n, v in self._rollup(past, ("day",), ("seen", "video")) if n] if past else []
        return rolled + (self._raw_daily_video(rest) if rest else [])

    def wait_buckets(self, f: VisitFilter) -> list[int]:
        """Seen visits per wait bucket of WAIT_BUCKETS (0-10, 10-20, 20-40, 40+ minutes)."""
        past, rest = self._split(f)
        counts = self._raw_wait_buckets(rest) if rest else [0] * len(WAIT_BUCKETS)
        if past:
            sums = self._rollup(past, (), ("wait_0_10", "wait_10_20", "wait_20_40", "wait_40"))[0]
            counts = [c + int(n or 0) for c, n in zip(counts, sums)]
        return counts


class StatsRollup:
    """Keeps visit_day_rollup up to yesterday. It is rebuilt whole once a day (so a late
    correction of a past visit shows by the next day at the latest) and at once when the
    number of visits of the rolled-up days changed (a visit added, removed or imported)."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def refresh(self, today: dt.date) -> bool:
        """Roll up the finished days not yet in; True when anything was written."""
        state = self.session.get(StatsRollupState, 1)
        until = _as_date(state.built_until) if state else None
        stale_day = state is not None and _as_datetime(state.built_at).date() < today
        if state is not None and (stale_day or self._visits_until(until) != state.visits):
            self.session.execute(delete(VisitDayRollup))
            until = None
        yesterday = today - dt.timedelta(days=1)
        if until is not None and until >= yesterday:
            return False
        wait = Visit.wait_minutes
        buckets = [
            func.sum(case((and_(wait >= lo, wait < hi) if hi is not None else wait >= lo, 1), else_=0))
            for lo, hi in WAIT_BUCKETS
        ]
        source = (
            select(Visit.day, Visit.location_id, Visit.target_group, func.count(), func.count(wait),
                   func.coalesce(func.sum(wait), 0.0), *buckets, func.sum(case((Visit.video_interpreter, 1), else_=0)))
            .where(Visit.day <= yesterday, *([Visit.day > until] if until else []))
            .group_by(Visit.day, Visit.location_id, Visit.target_group)
        )
        r = VisitDayRollup
        self.session.execute(insert(r).from_select(
            [r.day, r.location_id, r.target_group, r.visits, r.seen, r.wait_sum, r.wait_0_10, r.wait_10_20,
             r.wait_20_40, r.wait_40, r.video], source))
        visits = self._visits_until(yesterday)
        now = clock.now().replace(microsecond=0)
        if state is None:
            self.session.add(StatsRollupState(id=1, built_until=yesterday, built_at=now, visits=visits))
        else:
            state.built_until, state.built_at, state.visits = yesterday, now, visits
        self.session.flush()
        return True

    def _visits_until(self, day: dt.date | None) -> int:
        if day is None:
            return -1
        return self.session.scalar(select(func.count()).select_from(Visit).where(Visit.day <= day)) or 0


class LiveStatistics:
    """Today's queue per place and who is on duty now, for the live Overview."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def today(self, day: dt.date, now: dt.datetime) -> dict[str, PlaceToday]:
        waiting = and_(Visit.called_at.is_(None), Visit.outcome.is_(None))
        stmt = (
            select(
                Location.code,
                func.count(Visit.id),
                func.sum(case((waiting, 1), else_=0)),
                func.min(case((waiting, Visit.arrived_at), else_=None)),
                func.avg(Visit.wait_minutes),
                func.max(Visit.wait_minutes),
            )
            .join(Location, Location.id == Visit.location_id)
            .where(Visit.day == day, Visit.arrived_at <= now)
            .group_by(Location.code)
        )
        out = {}
        for code, n, n_waiting, oldest, mean_wait, max_wait in self.session.execute(stmt):
            out[code] = PlaceToday(
                code, int(n), int(n_waiting or 0), _as_datetime(oldest),
                float(mean_wait) if mean_wait is not None else None,
                float(max_wait) if max_wait is not None else None,
            )
        return out

    def queue_today(self, day: dt.date, since: dt.datetime) -> dict[str, QueueToday]:
        """Per place code: the day's tickets and their steps (two grouped queries)."""
        from data_access.queue_models import Ticket, TicketStep

        waiting = Ticket.state == "waiting"
        counts = dict((code, (int(n), int(w or 0))) for code, n, w in self.session.execute(
            select(Location.code, func.count(Ticket.id), func.sum(case((waiting, 1), else_=0)))
            .join(Location, Location.id == Ticket.location_id).where(Ticket.day == day).group_by(Location.code)))
        open_step = and_(waiting, TicketStep.called_at.is_(None), TicketStep.finished_at.is_(None))
        served = TicketStep.outcome == "served"
        stmt = (select(Location.code, func.min(case((open_step, TicketStep.waiting_since), else_=None)),
                       func.avg(TicketStep.wait_minutes), func.max(TicketStep.wait_minutes),
                       func.sum(case((served, 1), else_=0)), func.avg(case((served, TicketStep.service_minutes),
                                                                           else_=None)),
                       func.count(func.distinct(case((TicketStep.called_at >= since, TicketStep.desk_id),
                                                     else_=None))))
                .join(Ticket, Ticket.id == TicketStep.ticket_id).join(Location, Location.id == Ticket.location_id)
                .where(Ticket.day == day).group_by(Location.code))
        out = {}
        for code, oldest, mean_wait, max_wait, n_served, mean_service, desks in self.session.execute(stmt):
            tickets, n_waiting = counts.get(code, (0, 0))
            out[code] = QueueToday(code, tickets, n_waiting, _as_datetime(oldest),
                                   float(mean_wait) if mean_wait is not None else None,
                                   float(max_wait) if max_wait is not None else None, int(n_served or 0),
                                   float(mean_service) if mean_service is not None else None, int(desks or 0))
        return out

    def on_duty(self, day: dt.date, at: dt.time) -> dict[str, tuple[int, int]] | None:
        """(people on duty, of them not at reception) per place at `at` on `day`, from the
        newest published plan of that ISO week; None when no plan of that week is published.
        Declined partner shifts do not count.
        """
        iso_year, iso_week, _ = day.isocalendar()
        schedule_id = self.session.scalar(
            select(Schedule.id)
            .where(Schedule.iso_year == iso_year, Schedule.iso_week == iso_week, Schedule.status == "published")
            .order_by(Schedule.version.desc())
            .limit(1)
        )
        if schedule_id is None:
            return None
        at_reception = (Assignment.task == "reception") | (StaffMember.role == "reception")
        stmt = (
            select(Location.code, func.count(Assignment.id), func.sum(case((at_reception, 0), else_=1)))
            .join(Location, Location.id == Assignment.location_id)
            .outerjoin(StaffMember, StaffMember.id == Assignment.staff_id)
            .where(
                Assignment.schedule_id == schedule_id,
                Assignment.day == day,
                Assignment.starts_at <= at,
                Assignment.ends_at > at,
                Assignment.confirmation != "declined",
            )
            .group_by(Location.code)
        )
        return {code: (int(n), int(counselling or 0)) for code, n, counselling in self.session.execute(stmt)}


def _plus(rows: list[tuple], counted: list[tuple]) -> list[tuple]:
    """Per-day rows (keys..., n) with the daily counts added; unchanged when there are none."""
    if not counted:
        return rows
    summed: dict[tuple, int] = {}
    for *key, n in (*rows, *counted):
        summed[tuple(key)] = summed.get(tuple(key), 0) + n
    return [(*key, n) for key, n in sorted(summed.items())]


def _as_date(value) -> dt.date | None:
    if value is None or (isinstance(value, dt.date) and not isinstance(value, dt.datetime)):
        return value
    if isinstance(value, dt.datetime):
        return value.date()
    return dt.date.fromisoformat(str(value)[:10])


def _as_datetime(value) -> dt.datetime | None:
    if value is None or isinstance(value, dt.datetime):
        return value
    return dt.datetime.fromisoformat(str(value))


__all__: Sequence[str] = ("BREAKDOWNS", "WAIT_BUCKETS", "ForecastActual", "LiveStatistics",
                          "PlaceToday", "ReportStatistics", "ShiftCount", "VisitFilter", "VisitMix", "VisitStatistics")


# --- the figures of leadership's reports (dashboard/services/reports.py) -------------------
@dataclass(frozen=True)
class VisitMix:
    """Visits sharing concern, language, outcome, whether seen and whether interpreted by video."""

    concern: str
    language: str
    outcome: str | None  # None while still open
    seen: bool  # has a wait (was called)
    video: bool
    visits: int


@dataclass(frozen=True)
class ShiftCount:
    """Shifts of published plans sharing organisation, role, times and confirmation."""

    organisation: str
    organisation_kind: str
    role: str | None  # the person's role; None for an organisation's slot without a person
    starts_at: dt.time
    ends_at: dt.time
    break_minutes: int
    confirmation: str
    shifts: int


@dataclass(frozen=True)
class ForecastActual:
    """A place's day: what the newest forecast made before it expected."""

    location: str
    day: dt.date
    expected: float
    lo80: float | None
    hi80: float | None


class ReportStatistics:
    """What a period's report needs beyond the Trends figures, aggregated in SQL."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._visits = VisitStatistics(session)

    def wait_histograms(self, f: VisitFilter) -> dict[str, tuple[tuple[float, int], ...]]:
        """Per concern, the seen visits per distinct wait (minutes, ascending): means, shares
        within a target and percentiles follow from these few rows. The inner grouping
        streams the (day, wait, ...) covering index."""
        per_wait = (
            select(Visit.concern.label("concern"), Visit.wait_minutes.label("w"), func.count().label("n"))
            .where(*self._visits._where(f), Visit.wait_minutes.is_not(None))
            .group_by(Visit.day, Visit.wait_minutes, Visit.concern)
            .subquery()
        )
        stmt = (select(per_wait.c.concern, per_wait.c.w, func.sum(per_wait.c.n))
                .group_by(per_wait.c.concern, per_wait.c.w).order_by(per_wait.c.concern, per_wait.c.w))
        out: dict[str, list[tuple[float, int]]] = {}
        for concern, w, n in self.session.execute(stmt):
            out.setdefault(concern, []).append((float(w), int(n)))
        return {concern: tuple(rows) for concern, rows in out.items()}

    def visit_mix(self, f: VisitFilter) -> list[VisitMix]:
        """Visits counted by concern, language, outcome, seen and video: one pass over the
        range (the outcome is in no index, so this reads the range's rows once) that gives
        the languages, the video share per language and the referrals per concern."""
        seen = case((Visit.wait_minutes.is_(None), 0), else_=1)
        video = case((Visit.video_interpreter, 1), else_=0)
        stmt = (select(Visit.concern, Visit.language, Visit.outcome, seen, video, func.count())
                .where(*self._visits._where(f))
                .group_by(Visit.concern, Visit.language, Visit.outcome, seen, video))
        return [VisitMix(c, lang, o, bool(s), bool(v), int(n)) for c, lang, o, s, v, n in self.session.execute(stmt)]

    def head_count(self, day: dt.date) -> list[tuple[str, str, str, int]]:
        """(role, organisation code, organisation kind, people) of the team active on `day`."""
        stmt = (
            select(StaffMember.role, Organisation.code, Organisation.kind, func.count())
            .join(Organisation, Organisation.id == StaffMember.organisation_id)
            .where(StaffMember.active_from <= day,
                   StaffMember.active_to.is_(None) | (StaffMember.active_to >= day))
            .group_by(StaffMember.role, Organisation.code, Organisation.kind)
        )
        return sorted((r, o, k, int(n)) for r, o, k, n in self.session.execute(stmt))

    def published_shifts(self, start: dt.date, end: dt.date) -> list[ShiftCount]:
        """Shifts of the newest published version of every week, between two days, counted
        per organisation, role, times, break and confirmation (a few dozen rows)."""
        newest = (
            select(Schedule.iso_year, Schedule.iso_week, func.max(Schedule.version).label("version"))
            .where(Schedule.status == "published")
            .group_by(Schedule.iso_year, Schedule.iso_week)
            .subquery()
        )
        schedule_ids = select(Schedule.id).join(
            newest, (Schedule.iso_year == newest.c.iso_year) & (Schedule.iso_week == newest.c.iso_week)
            & (Schedule.version == newest.c.version))
        person_org = aliased(Organisation)
        slot_org = aliased(Organisation)
        org_code = func.coalesce(person_org.code, slot_org.code)
        org_kind = func.coalesce(person_org.kind, slot_org.kind)
        brk = func.coalesce(ShiftTemplate.break_minutes, 0)
        stmt = (
            select(org_code, org_kind, StaffMember.role, Assignment.starts_at, Assignment.ends_at, brk,
                   Assignment.confirmation, func.count())
            .outerjoin(StaffMember, StaffMember.id == Assignment.staff_id)
            .outerjoin(person_org, person_org.id == StaffMember.organisation_id)
            .outerjoin(slot_org, slot_org.id == Assignment.organisation_id)
            .outerjoin(ShiftTemplate, ShiftTemplate.id == Assignment.shift_template_id)
            .where(Assignment.schedule_id.in_(schedule_ids), Assignment.day >= start, Assignment.day <= end)
            .group_by(org_code, org_kind, StaffMember.role, Assignment.starts_at, Assignment.ends_at, brk,
                      Assignment.confirmation)
        )
        return [ShiftCount(o or "", k or "", role, _as_time(s), _as_time(e), int(b), conf, int(n))
                for o, k, role, s, e, b, conf, n in self.session.execute(stmt)]

    def forecasts_before(self, start: dt.date, end: dt.date) -> list[ForecastActual]:
        """Per place and day of the range, the daily forecast of the newest run made from
        history before that day (a forecast, not a fit); days without one are left out."""
        ranked = (
            select(
                ForecastDay.location_id.label("loc"), ForecastDay.day.label("day"),
                ForecastDay.expected.label("expected"), ForecastDay.lo80.label("lo80"),
                ForecastDay.hi80.label("hi80"),
                func.row_number().over(
                    partition_by=(ForecastDay.location_id, ForecastDay.day),
                    order_by=(ForecastRun.created_at.desc(), ForecastRun.id.desc()),
                ).label("rank"),
            )
            .join(ForecastRun, ForecastRun.id == ForecastDay.run_id)
            .where(ForecastDay.day >= start, ForecastDay.day <= end, ForecastRun.history_until < ForecastDay.day)
            .subquery()
        )
        stmt = (select(ranked.c.loc, ranked.c.day, ranked.c.expected, ranked.c.lo80, ranked.c.hi80)
                .where(ranked.c.rank == 1).order_by(ranked.c.day, ranked.c.loc))
        codes = self._visits.location_codes()
        return [ForecastActual(codes[loc], _as_date(day), float(e), lo, hi)
                for loc, day, e, lo, hi in self.session.execute(stmt)]


def _as_time(value) -> dt.time:
    if isinstance(value, dt.time):
        return value
    return dt.time.fromisoformat(str(value))
