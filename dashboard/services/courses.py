"""Language courses (issue 23): find a fitting course during a consultation, record how the
consultation ended (referred, or nothing suitable and what was needed), keep the catalogue,
import providers' lists, and the figures of unmet needs and referrals for leadership.

Every use case runs on a unit of work and returns plain data: rows, ids, codes; the pages
word them. Nothing here knows anything about a visitor as a person: an outcome holds the
kind of course and the kind of person it was for, never who.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from dashboard.services.course_fit import DISTRICT_CENTRES, Match, best
from dashboard.services.unit_of_work import UnitOfWork
from data_access.imports.courses import CourseImport, import_courses
from data_access.imports.problems import ImportProblem
from data_access.models import (
    AUDIENCES,
    COURSE_KINDS,
    COURSE_LEVELS,
    FUNDINGS,
    INTENSITIES,
    TIMES_OF_DAY,
)
from data_access.repositories.courses import COURSE_FIELDS, CourseRow, CourseSearch, VisitInAdvice, course_key
from planner import clock

__all__ = [
    "AUDIENCES", "COURSE_KINDS", "COURSE_LEVELS", "CourseImport", "CourseRow", "DISTRICT_CENTRES", "FUNDINGS",
    "INTENSITIES", "ImportProblem", "Match", "TIMES_OF_DAY", "VisitInAdvice",
]

# The kinds the finder offers as one choice: every BAMF integration course.
INTEGRATION = tuple(k for k in COURSE_KINDS if k.startswith("integration_"))
KIND_CHOICES = ("integration", *COURSE_KINDS)
NEED_DIMENSIONS = ("kind", "district", "audience")
TEXT_LIMITS = {"provider": 120, "provider_course_id": 64, "title": 200, "schedule": 200, "place": 200,
               "district": 60, "contact": 200}
REQUIRED_TEXT = ("provider", "provider_course_id", "title", "district")
MAX_PLACES = 1000


def _utc_now() -> dt.datetime:
    """An instant as the database keeps it: UTC without the offset."""
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None, microsecond=0)


# --- the finder ---------------------------------------------------------------------------
@dataclass(frozen=True)
class FinderQuery:
    kind: str | None = None  # a course kind, "integration" (every integration course) or None
    level: str | None = None
    start_within_weeks: int | None = None  # None: any later start
    time_of_day: str | None = None
    district: str | None = None  # where the visitor would go from: ranks the nearest first
    only_district: bool = False  # ...and shows only courses there
    childcare: bool = False
    free_places_only: bool = False
    max_cost_eur: float | None = None


@dataclass(frozen=True)
class FinderResult:
    matches: list[Match]  # the best `limit`, best first
    total: int  # how many courses passed the filters


def kinds_of(choice: str | None) -> tuple[str, ...] | None:
    if not choice:
        return None
    if choice == "integration":
        return INTEGRATION
    if choice not in COURSE_KINDS:
        raise ValueError(f"unknown course kind {choice!r}")
    return (choice,)


def find_courses(query: FinderQuery, *, today: dt.date | None = None, limit: int = 20,
                 uow: UnitOfWork | None = None) -> FinderResult:
    """Courses passing the filters, ranked by fit (dashboard/services/course_fit.py)."""
    today = today or clock.today()
    weeks = query.start_within_weeks
    search = CourseSearch(
        start_from=today, start_until=today + dt.timedelta(weeks=weeks) if weeks is not None else None,
        kinds=kinds_of(query.kind), level=query.level or None, time_of_day=query.time_of_day or None,
        district=query.district if query.only_district and query.district else None,
        childcare=query.childcare, free_places_only=query.free_places_only, max_cost_eur=query.max_cost_eur,
    )
    with uow or UnitOfWork() as work:
        total = work.courses.count_matching(search)
        matches = best(work.courses.stream_by_start(search), today=today, district=query.district or None, limit=limit)
    return FinderResult(matches, total)


def course(course_id: int, *, uow: UnitOfWork | None = None) -> CourseRow | None:
    with uow or UnitOfWork() as work:
        return work.courses.get(course_id)


def districts(*, uow: UnitOfWork | None = None) -> list[str]:
    """The districts the finder offers: the city's and any other the catalogue names."""
    with uow or UnitOfWork() as work:
        named = work.courses.districts()
    return sorted(set(DISTRICT_CENTRES) | set(named))


def visits_in_advice(*, today: dt.date | None = None, uow: UnitOfWork | None = None) -> list[VisitInAdvice]:
    with uow or UnitOfWork() as work:
        return work.courses.visits_in_advice(today or clock.today())


# --- the outcome of a consultation --------------------------------------------------------
@dataclass(frozen=True)
class Need:
    """What was needed when nothing suitable was found; each part optional but the audience."""

    audience: str | None = None
    kind: str | None = None
    level: str | None = None
    time_of_day: str | None = None
    district: str | None = None
    childcare: bool | None = None


@dataclass(frozen=True)
class Recorded:
    outcome_id: int | None = None
    problem: str | None = None  # "no_course", "no_visit", "no_audience", "unknown_value"


def record_referral(course_id: int, *, by: str, audience: str | None = None, visit_id: int | None = None,
                    today: dt.date | None = None, uow: UnitOfWork | None = None) -> Recorded:
    """The consultation referred the visitor to this course."""
    if audience is not None and audience not in AUDIENCES:
        return Recorded(problem="unknown_value")
    with uow or UnitOfWork() as work:
        target = work.courses.get(course_id)
        if target is None:
            return Recorded(problem="no_course")
        if visit_id is not None and not work.courses.visit_exists(visit_id):
            return Recorded(problem="no_visit")
        outcome = work.courses.add_outcome(
            day=today or clock.today(), recorded_at=_utc_now(), result="referred", course_id=course_id,
            audience=audience, visit_id=visit_id, needed_kind=target.kind, needed_level=target.level,
        )
        work.audit.record(by, "course_referral", "course_outcome", outcome, course=course_id, visit=visit_id)
        work.commit()
    return Recorded(outcome)


def record_unmet(need: Need, *, by: str, visit_id: int | None = None, today: dt.date | None = None,
                 uow: UnitOfWork | None = None) -> Recorded:
    """Nothing suitable: keep what was needed, so leadership sees which courses are missing."""
    if not need.audience:
        return Recorded(problem="no_audience")
    checks = ((need.audience, AUDIENCES), (need.kind, COURSE_KINDS), (need.level, COURSE_LEVELS),
              (need.time_of_day, TIMES_OF_DAY))
    if any(value is not None and value not in allowed for value, allowed in checks):
        return Recorded(problem="unknown_value")
    with uow or UnitOfWork() as work:
        if visit_id is not None and not work.courses.visit_exists(visit_id):
            return Recorded(problem="no_visit")
        outcome = work.courses.add_outcome(
            day=today or clock.today(), recorded_at=_utc_now(), result="unmet", course_id=None,
            audience=need.audience, visit_id=visit_id, needed_kind=need.kind, needed_level=need.level,
            needed_time=need.time_of_day, needed_district=need.district, needed_childcare=need.childcare,
        )
        work.audit.record(by, "course_unmet", "course_outcome", outcome, needed_kind=need.kind, audience=need.audience,
                          visit=visit_id)
        work.commit()
    return Recorded(outcome)


def need_from(query: FinderQuery, audience: str | None) -> Need:
    """The need a search stood for: what the adviser filtered by."""
    kind = query.kind if query.kind in COURSE_KINDS else None
    return Need(audience=audience, kind=kind, level=query.level or None, time_of_day=query.time_of_day or None,
                district=query.district or None, childcare=True if query.childcare else None)


# --- the catalogue ------------------------------------------------------------------------
@dataclass(frozen=True)
class Saved:
    course_id: int | None = None
    problems: list[tuple[str, str]] = field(default_factory=list)  # (field, code)


def catalogue(*, uow: UnitOfWork | None = None) -> list[CourseRow]:
    with uow or UnitOfWork() as work:
        return work.courses.catalogue()


def check_course(values: dict) -> list[tuple[str, str]]:
    """What is wrong with a course as the catalogue form sends it: (field, code) pairs."""
    problems = []
    for name, limit in TEXT_LIMITS.items():
        text = values.get(name) or ""
        if name in REQUIRED_TEXT and not text.strip():
            problems.append((name, "required"))
        elif len(text) > limit:
            problems.append((name, "course_too_long"))
    for name, allowed in (("kind", COURSE_KINDS), ("level", COURSE_LEVELS), ("time_of_day", TIMES_OF_DAY),
                          ("intensity", INTENSITIES), ("funding", FUNDINGS)):
        if values.get(name) not in allowed:
            problems.append((name, "unknown"))
    start, end = values.get("starts_on"), values.get("ends_on")
    if not isinstance(start, dt.date):
        problems.append(("starts_on", "bad_day"))
    elif isinstance(end, dt.date) and end < start:
        problems.append(("ends_on", "course_end_before_start"))
    places = values.get("free_places")
    if not isinstance(places, int) or isinstance(places, bool):
        problems.append(("free_places", "not_integer"))
    elif places < 0:
        problems.append(("free_places", "negative"))
    elif places > MAX_PLACES:
        problems.append(("free_places", "course_too_many_places"))
    cost = values.get("cost_eur")
    if cost is not None and (not isinstance(cost, (int, float)) or cost < 0):
        problems.append(("cost_eur", "negative"))
    return problems


def save_course(course_id: int | None, values: dict, *, by: str, uow: UnitOfWork | None = None) -> Saved:
    """Add (course_id None) or change a course from the catalogue form; nothing is written
    when a value is wrong or another course already has this provider and course id."""
    values = {name: values.get(name) for name in COURSE_FIELDS}
    for name in TEXT_LIMITS:
        values[name] = " ".join((values[name] or "").split())
    values["childcare"] = bool(values["childcare"])
    problems = check_course(values)
    if problems:
        return Saved(problems=problems)
    with uow or UnitOfWork() as work:
        other = work.courses.keyed().get(course_key(values["provider"], values["provider_course_id"]))
        if other is not None and other.id != course_id:
            return Saved(problems=[("provider_course_id", "course_taken")])
        if course_id is not None and work.courses.get(course_id) is None:
            return Saved(problems=[("course", "no_course")])
        saved = work.courses.save(course_id, values, _utc_now())
        work.audit.record(by, "course_add" if course_id is None else "course_edit", "course", saved,
                          provider=values["provider"], provider_course_id=values["provider_course_id"])
        work.commit()
    return Saved(saved)


def import_catalogue(data: bytes, filename: str, *, by: str, dry_run: bool = True,
                     uow: UnitOfWork | None = None) -> CourseImport:
    """Check (dry run) or import a course list: all or nothing, courses updated by provider and id."""
    with uow or UnitOfWork() as work:
        report = import_courses(work.courses, data, filename, now=_utc_now(), dry_run=dry_run)
        if report.written:
            work.audit.record(by, "import_courses", "course", None, file=filename, added=report.added,
                              changed=len(report.changed))
            work.commit()
    return report


# --- leadership's figures -----------------------------------------------------------------
@dataclass(frozen=True)
class NeedSeries:
    dimension: str
    months: list[dt.date]  # first day of each month, every month of the range
    series: dict[str | None, list[int]]  # value of the dimension (None: not given) -> count per month

    def total(self, value: str | None) -> int:
        return sum(self.series.get(value, []))


def _months(start: dt.date, end: dt.date) -> list[dt.date]:
    months, day = [], start.replace(day=1)
    while day <= end:
        months.append(day)
        day = (day + dt.timedelta(days=32)).replace(day=1)
    return months


def unmet_needs(start: dt.date, end: dt.date, dimension: str, *, uow: UnitOfWork | None = None) -> NeedSeries:
    """"Nothing suitable" per month of [start, end], split by kind, district or audience."""
    if dimension not in NEED_DIMENSIONS:
        raise ValueError(f"unknown dimension {dimension!r}")
    with uow or UnitOfWork() as work:
        rows = work.courses.unmet_by_month(start, end, dimension)
    months = _months(start, end)
    index = {m: i for i, m in enumerate(months)}
    series: dict[str | None, list[int]] = defaultdict(lambda: [0] * len(months))
    for year, month, value, count in rows:
        series[value][index[dt.date(year, month, 1)]] += count
    ordered = dict(sorted(series.items(), key=lambda item: (-sum(item[1]), item[0] or "")))
    return NeedSeries(dimension, months, ordered)


@dataclass(frozen=True)
class ProviderReferrals:
    provider: str
    courses: int  # courses of the provider referred to
    referrals: int


@dataclass(frozen=True)
class Referrals:
    per_course: list[tuple[CourseRow, int]]
    per_provider: list[ProviderReferrals]


def referrals(start: dt.date, end: dt.date, *, uow: UnitOfWork | None = None) -> Referrals:
    with uow or UnitOfWork() as work:
        per_course = work.courses.referrals_per_course(start, end)
    providers: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for row, n in per_course:
        providers[row.provider][0] += 1
        providers[row.provider][1] += n
    per_provider = sorted((ProviderReferrals(p, c, n) for p, (c, n) in providers.items()),
                          key=lambda r: (-r.referrals, r.provider))
    return Referrals(per_course, per_provider)


@dataclass(frozen=True)
class KindPlaces:
    kind: str
    upcoming_courses: int  # courses starting from today on
    free_places: int  # their free places now
    referrals: int  # referrals to courses of this kind in the range
    unmet: int  # "nothing suitable" for this kind in the range


def places_against_referrals(start: dt.date, end: dt.date, *, today: dt.date | None = None,
                             uow: UnitOfWork | None = None) -> list[KindPlaces]:
    """Per course kind: the free places of courses yet to start against referrals and unmet needs."""
    today = today or clock.today()
    with uow or UnitOfWork() as work:
        places = work.courses.free_places_by_kind(today)
        referred = work.courses.referrals_by_kind(start, end)
        unmet = defaultdict(int)
        for _y, _m, kind, n in work.courses.unmet_by_month(start, end, "kind"):
            if kind:
                unmet[kind] += n
    rows = [KindPlaces(k, places.get(k, (0, 0))[0], places.get(k, (0, 0))[1], referred.get(k, 0), unmet[k])
            for k in COURSE_KINDS]
    return [r for r in rows if r.upcoming_courses or r.referrals or r.unmet]


def outcome_range(*, uow: UnitOfWork | None = None) -> tuple[dt.date | None, dt.date | None]:
    with uow or UnitOfWork() as work:
        return work.courses.outcome_days()
