"""How well a course fits: the finder's ranking, pure Python (no database, no interface).

The order an adviser can explain in one sentence: courses with free places first; among
them the earliest start, counted in calendar weeks, so that courses starting in the same
week come nearest first; then the earlier day. "Nearest" is the straight-line distance
between the centres of the visitor's city district and the course's district; a district
the table does not know sorts after the known ones of its week.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass

from data_access.repositories.courses import CourseRow

# Centres of Dortmund's twelve city districts (Stadtbezirke), rounded to about 100 m.
# Another city replaces this table; nothing else in the ranking knows the city.
DISTRICT_CENTRES: dict[str, tuple[float, float]] = {
    "Innenstadt-West": (51.510, 7.450),
    "Innenstadt-Nord": (51.528, 7.466),
    "Innenstadt-Ost": (51.505, 7.492),
    "Eving": (51.556, 7.478),
    "Scharnhorst": (51.548, 7.545),
    "Brackel": (51.520, 7.560),
    "Aplerbeck": (51.490, 7.565),
    "Hörde": (51.482, 7.505),
    "Hombruch": (51.470, 7.440),
    "Lütgendortmund": (51.500, 7.345),
    "Huckarde": (51.540, 7.410),
    "Mengede": (51.570, 7.385),
}
EARTH_RADIUS_KM = 6371.0


@dataclass(frozen=True)
class Match:
    course: CourseRow
    starts_in_days: int
    distance_km: float | None  # None when either district is unknown (or no district was given)


def distance_km(a: str | None, b: str | None) -> float | None:
    if not a or not b:
        return None
    if a == b:
        return 0.0
    pa, pb = DISTRICT_CENTRES.get(a), DISTRICT_CENTRES.get(b)
    if pa is None or pb is None:
        return None
    lat1, lon1, lat2, lon2 = map(math.radians, (*pa, *pb))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))


def _week(course: CourseRow, monday: dt.date) -> tuple[bool, int]:
    """The part of the order that does not depend on the visitor's district."""
    return course.free_places <= 0, (course.starts_on - monday).days // 7


def rank(courses: Iterable[CourseRow], *, today: dt.date, district: str | None) -> list[Match]:
    """The courses as matches, best fit first (see the module's docstring)."""
    monday = today - dt.timedelta(days=today.weekday())
    matches = [Match(c, (c.starts_on - today).days, distance_km(district, c.district)) for c in courses]

    def key(m: Match):
        return (*_week(m.course, monday), math.inf if m.distance_km is None else m.distance_km,
                m.course.starts_on, m.course.id)

    matches.sort(key=key)
    return matches


def best(by_start: Iterable[CourseRow], *, today: dt.date, district: str | None, limit: int) -> list[Match]:
    """The best `limit` matches, reading courses ordered by (no free places, start) only as far
    as needed: to the end of the calendar week of the `limit`-th course, since distance
    reorders courses only within a week. The same answer as rank(all)[:limit]."""
    monday = today - dt.timedelta(days=today.weekday())
    taken: list[CourseRow] = []
    cut = None
    for course in by_start:
        if cut is not None and _week(course, monday) > cut:
            break
        taken.append(course)
        if cut is None and len(taken) == limit:
            cut = _week(course, monday)
    return rank(taken, today=today, district=district)[:limit]
