"""Language courses and the course outcomes of visits: the finder's query, the catalogue,
the import's look-ups and writes, and the figures of unmet needs and referrals.

Rows leave as frozen dataclasses (`CourseRow`), never as ORM objects, so the finder's
result can be ranked, cached and handed to a page without a session.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import and_, extract, func, insert, or_, select, update
from sqlalchemy.orm import Session

from data_access.models import Course, CourseOutcome, Visit

# Funding for which a visitor pays nothing (with a BAMF entitlement for "bamf").
NO_COST_FUNDINGS = ("free", "bamf")
# Columns a course is written with (import and the catalogue form); the rest are kept by the database.
COURSE_FIELDS = (
    "provider", "provider_course_id", "title", "kind", "level", "starts_on", "ends_on", "time_of_day",
    "intensity", "schedule", "place", "district", "childcare", "free_places", "funding", "cost_eur", "contact",
)
NEED_DIMENSIONS = {"kind": CourseOutcome.needed_kind, "district": CourseOutcome.needed_district,
                   "audience": CourseOutcome.audience}


@dataclass(frozen=True)
class CourseRow:
    id: int
    provider: str
    provider_course_id: str
    title: str
    kind: str
    level: str
    starts_on: dt.date
    ends_on: dt.date | None
    time_of_day: str
    intensity: str
    schedule: str
    place: str
    district: str
    childcare: bool
    free_places: int
    funding: str
    cost_eur: float | None
    contact: str

    def values(self) -> dict:
        return {name: getattr(self, name) for name in COURSE_FIELDS}


@dataclass(frozen=True)
class CourseSearch:
    """The finder's filters; None means "any"."""

    start_from: dt.date
    start_until: dt.date | None = None
    kinds: tuple[str, ...] | None = None
    level: str | None = None
    time_of_day: str | None = None
    district: str | None = None  # only courses in this district
    childcare: bool = False  # only courses with childcare
    free_places_only: bool = False
    max_cost_eur: float | None = None  # courses free of cost always pass


@dataclass(frozen=True)
class VisitInAdvice:
    id: int
    called_at: dt.datetime
    concern: str
    language: str


_COLUMNS = (Course.id, *(getattr(Course, name) for name in COURSE_FIELDS))


def _row(values) -> CourseRow:
    return CourseRow(*values)


class CourseRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    # --- the catalogue and the finder ---------------------------------------------------
    def _filtered(self, stmt, f: CourseSearch):
        stmt = stmt.where(Course.starts_on >= f.start_from)
        if f.start_until is not None:
            stmt = stmt.where(Course.starts_on <= f.start_until)
        if f.kinds:
            stmt = stmt.where(Course.kind.in_(f.kinds))
        if f.level:
            stmt = stmt.where(Course.level == f.level)
        if f.time_of_day:
            stmt = stmt.where(Course.time_of_day == f.time_of_day)
        if f.district:
            stmt = stmt.where(Course.district == f.district)
        if f.childcare:
            stmt = stmt.where(Course.childcare.is_(True))
        if f.free_places_only:
            stmt = stmt.where(Course.free_places > 0)
        if f.max_cost_eur is not None:
            stmt = stmt.where(or_(Course.funding.in_(NO_COST_FUNDINGS), func.coalesce(Course.cost_eur, 0) <= f.max_cost_eur))
        return stmt

    def search(self, f: CourseSearch) -> list[CourseRow]:
        """Courses starting in the window that pass every filter, in no particular order."""
        return [_row(r) for r in self.session.execute(self._filtered(select(*_COLUMNS), f))]

    def count_matching(self, f: CourseSearch) -> int:
        return self.session.scalar(self._filtered(select(func.count()).select_from(Course), f)) or 0

    def stream_by_start(self, f: CourseSearch, batch: int = 100) -> Iterator[CourseRow]:
        """The matching courses, those with free places first, each part by start date: read
        in batches, so a caller that needs only the first few stops the reading early. Each
        part walks the start-date index in order (no sort of every match), so stopping early
        saves the database's work as well."""
        for has_places in (True, False):
            stmt = self._filtered(select(*_COLUMNS), f)
            stmt = stmt.where(Course.free_places > 0 if has_places else Course.free_places <= 0)
            for part in self.session.execute(stmt.order_by(Course.starts_on).execution_options(yield_per=batch)).partitions():
                for values in part:
                    yield _row(values)

    def get(self, course_id: int) -> CourseRow | None:
        found = self.session.execute(select(*_COLUMNS).where(Course.id == course_id)).first()
        return _row(found) if found else None

    def catalogue(self) -> list[CourseRow]:
        """Every course, the latest start first."""
        return [_row(r) for r in self.session.execute(select(*_COLUMNS).order_by(Course.starts_on.desc(), Course.id))]

    def districts(self) -> list[str]:
        return list(self.session.scalars(select(Course.district).distinct().order_by(Course.district)))

    def count(self) -> int:
        return self.session.scalar(select(func.count()).select_from(Course)) or 0

    def keyed(self) -> dict[tuple[str, str], CourseRow]:
        """Every course by (provider in lower case with single spaces, provider's course id)."""
        return {course_key(r.provider, r.provider_course_id): r for r in self.catalogue()}

    def insert_many(self, rows: list[dict], now: dt.datetime) -> None:
        # Core's executemany on the table: the ORM's bulk insert splits the rows into a
        # statement per run of equal None-patterns (thousands of round trips on PostgreSQL).
        if rows:
            self.session.execute(insert(Course.__table__), [{**r, "updated_at": now} for r in rows])

    def update_many(self, rows: list[dict], now: dt.datetime) -> None:
        """Change courses by id (each dict holds "id" and the columns to write)."""
        if rows:
            self.session.execute(update(Course), [{**r, "updated_at": now} for r in rows])

    def save(self, course_id: int | None, values: dict, now: dt.datetime) -> int:
        """Add a course (course_id None) or change one; returns its id."""
        if course_id is None:
            course = Course(**values, updated_at=now)
            self.session.add(course)
            self.session.flush()
            return course.id
        course = self.session.get(Course, course_id)
        if course is None:
            raise LookupError(course_id)
        for name, value in values.items():
            setattr(course, name, value)
        course.updated_at = now
        self.session.flush()
        return course.id

    # --- outcomes -------------------------------------------------------------------------
    def add_outcome(self, **values) -> int:
        outcome = CourseOutcome(**values)
        self.session.add(outcome)
        self.session.flush()
        return outcome.id

    def add_outcomes(self, rows: list[dict]) -> None:
        if rows:
            self.session.execute(insert(CourseOutcome.__table__), rows)

    def visits_in_advice(self, day: dt.date) -> list[VisitInAdvice]:
        """Today's visits called to advice (still in it or finished): the ones an outcome can belong to."""
        stmt = (select(Visit.id, Visit.called_at, Visit.concern, Visit.language)
                .where(Visit.day == day, Visit.called_at.is_not(None), or_(Visit.outcome.is_(None),
                                                                            Visit.outcome != "left"))
                .order_by(Visit.called_at.desc()).limit(50))
        return [VisitInAdvice(*r) for r in self.session.execute(stmt)]

    def visit_exists(self, visit_id: int) -> bool:
        return self.session.get(Visit, visit_id) is not None

    # --- figures ----------------------------------------------------------------------------
    def unmet_by_month(self, start: dt.date, end: dt.date, dimension: str) -> list[tuple[int, int, str | None, int]]:
        """(year, month, value of the dimension, count) of "nothing suitable" outcomes in [start, end]."""
        column = NEED_DIMENSIONS[dimension]
        year, month = extract("year", CourseOutcome.day), extract("month", CourseOutcome.day)
        stmt = (select(year, month, column, func.count())
                .where(CourseOutcome.result == "unmet", CourseOutcome.day.between(start, end))
                .group_by(year, month, column).order_by(year, month, column))
        return [(int(y), int(m), v, n) for y, m, v, n in self.session.execute(stmt)]

    def referrals_per_course(self, start: dt.date, end: dt.date) -> list[tuple[CourseRow, int]]:
        """Each course referred to in [start, end] with its number of referrals, most first."""
        counted = (select(CourseOutcome.course_id, func.count().label("n"))
                   .where(CourseOutcome.result == "referred", CourseOutcome.day.between(start, end),
                          CourseOutcome.course_id.is_not(None))
                   .group_by(CourseOutcome.course_id).subquery())
        stmt = (select(*_COLUMNS, counted.c.n).join(counted, counted.c.course_id == Course.id)
                .order_by(counted.c.n.desc(), Course.provider, Course.id))
        return [(_row(r[:-1]), int(r[-1])) for r in self.session.execute(stmt)]

    def free_places_by_kind(self, from_day: dt.date) -> dict[str, tuple[int, int]]:
        """Per kind: (courses starting on or after from_day, their free places)."""
        stmt = (select(Course.kind, func.count(), func.coalesce(func.sum(Course.free_places), 0))
                .where(Course.starts_on >= from_day).group_by(Course.kind))
        return {k: (int(c), int(p)) for k, c, p in self.session.execute(stmt)}

    def referrals_by_kind(self, start: dt.date, end: dt.date) -> dict[str, int]:
        stmt = (select(Course.kind, func.count()).join(CourseOutcome, CourseOutcome.course_id == Course.id)
                .where(and_(CourseOutcome.result == "referred", CourseOutcome.day.between(start, end)))
                .group_by(Course.kind))
        return {k: int(n) for k, n in self.session.execute(stmt)}

    def outcome_days(self) -> tuple[dt.date | None, dt.date | None]:
        first, last = self.session.execute(select(func.min(CourseOutcome.day), func.max(CourseOutcome.day))).one()
        return first, last


def course_key(provider: str, provider_course_id: str) -> tuple[str, str]:
    """How a re-import recognises a course: the provider's name (case and spaces aside) and its id."""
    return " ".join(provider.split()).casefold(), provider_course_id.strip()
