"""The demo's language courses: a plausible catalogue for Dortmund (invented providers, real
course types and levels) and the course outcomes of the demo's language-course visits.

Deterministic from the seed, with a random stream of its own, so the visits and every other
figure of the demo stay as they are. The story the figures tell: integration courses are
there, evening and weekend courses and courses with childcare are scarce, and children's
courses are missing altogether: families arriving with children grow from 2023 on, every
need for a children's course stays unmet until the centre sets up a first small course
some ten weeks before "now", and the gap still grows.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from dataclasses import dataclass

import numpy as np
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from data_access.demo.reference import OPENED
from data_access.models import Visit
from data_access.repositories.courses import CourseRepository
from planner import clock

STREAM = 23  # this module's random stream beside the seed
SHARE_RECORDED = 0.45  # language-course visits whose outcome an adviser recorded
REFERRAL_WINDOW_DAYS = 91  # a course starting within thirteen weeks counts as an offer
# Referrals a course takes per place: not everyone referred enrols, so advisers refer more
# people than a course has places; beyond that the course counts as full.
REFERRALS_PER_PLACE = 3


@dataclass(frozen=True)
class Offer:
    """A course a provider runs again and again: every `every_weeks` from `first` on."""

    provider: str
    code: str
    title: str
    kind: str
    level: str
    time_of_day: str
    intensity: str
    schedule: str
    place: str
    district: str
    childcare: bool
    funding: str
    cost_eur: float | None
    contact: str
    places: int
    every_weeks: int
    weeks: int  # how long one course runs
    first: dt.date = OPENED


_PHOENIX = ("Sprachschule am Phoenix-See", "Hörder Bahnhofstraße 12, 44263 Dortmund", "Hörde",
            "0231 5550 1210, kurse@phoenix-sprachschule.example")
_NORD = ("Bildungswerk Nordstadt", "Mallinckrodtstraße 90, 44145 Dortmund", "Innenstadt-Nord",
         "0231 5550 2300, anmeldung@bildungswerk-nordstadt.example")
_WEST = ("Lernhaus Westfalen", "Kampstraße 45, 44137 Dortmund", "Innenstadt-West",
         "0231 5550 3410, info@lernhaus-westfalen.example")
_BORSIG = ("Deutsch am Borsigplatz e. V.", "Oesterholzstraße 120, 44145 Dortmund", "Innenstadt-Nord",
           "0231 5550 4120, hallo@deutsch-borsigplatz.example")
_HELLWEG = ("Akademie Hellweg", "Brackeler Hellweg 150, 44309 Dortmund", "Brackel",
            "0231 5550 5080, beratung@akademie-hellweg.example")
_EMSCHER = ("Berufsbildungszentrum Emscher", "Huckarder Straße 210, 44147 Dortmund", "Huckarde",
            "0231 5550 6600, sprache@bbz-emscher.example")
_SCHARNHORST = ("Integrationsforum Scharnhorst", "Gleiwitzstraße 280, 44328 Dortmund", "Scharnhorst",
                "0231 5550 7010, kontakt@if-scharnhorst.example")
_MENGEDE = ("Kulturtreff Mengede", "Am Amtshaus 3, 44359 Dortmund", "Mengede",
            "0231 5550 8110, treff@kulturtreff-mengede.example")
_EVING = ("Familienzentrum Kinderland Eving", "Evinger Platz 5, 44339 Dortmund", "Eving",
          "0231 5550 9020, kinderland@fz-eving.example")
_VHS = ("Städtische Abendschule Dortmund-Ost", "Kaiserstraße 60, 44135 Dortmund", "Innenstadt-Ost",
        "0231 5550 9900, abendkurse@abendschule-ost.example")


def _offer(provider: tuple, code: str, title: str, kind: str, level: str, time: str, intensity: str, schedule: str,
           childcare: bool, funding: str, cost: float | None, places: int, every: int, weeks: int,
           first: dt.date = OPENED) -> Offer:
    name, place, district, contact = provider
    return Offer(name, code, title, kind, level, time, intensity, schedule, place, district, childcare, funding, cost,
                 contact, places, every, weeks, first)


OFFERS = (
    _offer(_NORD, "IK-A", "Integrationskurs (allgemein) A1–B1", "integration_general", "B1", "morning", "full_time",
           "Mo–Fr 08:30–12:45", False, "bamf", None, 20, 6, 30),
    _offer(_NORD, "IK-ALPHA", "Integrationskurs mit Alphabetisierung", "integration_literacy", "A2", "morning",
           "full_time", "Mo–Fr 09:00–13:15", True, "bamf", None, 16, 12, 40),
    _offer(_WEST, "IK-N", "Integrationskurs nachmittags", "integration_general", "B1", "afternoon", "part_time",
           "Mo–Do 13:30–16:45", False, "bamf", None, 20, 8, 40),
    _offer(_WEST, "BSK-B2", "Berufssprachkurs B2", "job_language", "B2", "morning", "full_time",
           "Mo–Fr 08:30–13:30", False, "free", None, 20, 10, 20),
    _offer(_PHOENIX, "IK-INT", "Intensivkurs für schnell Lernende", "integration_intensive", "B1", "morning",
           "full_time", "Mo–Fr 08:30–13:30", False, "bamf", None, 18, 12, 22),
    _offer(_PHOENIX, "C1-ABEND", "Deutsch C1 am Abend", "adult_education", "C1", "evening", "part_time",
           "Di, Do 18:00–21:00", False, "fee", 320.0, 14, 24, 16),
    _offer(_BORSIG, "FRAUEN", "Frauenintegrationskurs mit Kinderbetreuung", "integration_women", "A2", "morning",
           "part_time", "Mo–Do 09:00–12:15", True, "bamf", None, 15, 16, 48),
    _offer(_BORSIG, "ELTERN", "Elternintegrationskurs", "integration_parents", "A2", "morning", "part_time",
           "Mo–Do 08:45–12:00", True, "bamf", None, 15, 20, 48),
    _offer(_HELLWEG, "ZWEIT", "Zweitschriftlernerkurs", "integration_second_script", "A2", "afternoon", "part_time",
           "Mo–Do 14:00–17:15", False, "bamf", None, 16, 16, 42),
    _offer(_HELLWEG, "IK-SA", "Integrationskurs am Wochenende", "integration_general", "A2", "weekend", "part_time",
           "Sa 09:00–15:00", False, "own_contribution", 229.0, 16, 26, 52),
    _offer(_EMSCHER, "BSK-B1", "Berufssprachkurs B1 Pflege und Handwerk", "job_language", "B1", "afternoon",
           "part_time", "Mo–Do 15:00–18:00", False, "free", None, 18, 12, 26),
    _offer(_EMSCHER, "JIK", "Jugendintegrationskurs", "integration_youth", "B1", "morning", "full_time",
           "Mo–Fr 08:00–13:00", False, "bamf", None, 16, 20, 40),
    _offer(_SCHARNHORST, "FOERDER", "Förderkurs (besonderer Förderbedarf)", "integration_special", "A2", "morning",
           "part_time", "Mo–Do 09:00–12:15", True, "bamf", None, 12, 26, 48),
    _offer(_MENGEDE, "A1-TREFF", "Deutsch für den Alltag A1", "adult_education", "A1", "afternoon", "part_time",
           "Mi 15:00–17:15", False, "fee", 60.0, 14, 12, 10),
    _offer(_VHS, "B1-ABEND", "Deutsch B1 am Abend", "adult_education", "B1", "evening", "part_time",
           "Mo, Mi 18:00–20:15", False, "fee", 180.0, 18, 20, 20),
    _offer(_SCHARNHORST, "JUGEND", "Sprachtreff für Jugendliche", "youth", "A2", "afternoon", "part_time",
           "Di, Do 15:30–17:00", False, "free", None, 12, 16, 14, dt.date(2023, 9, 4)),
)
# The centre's own answer to the gap it saw: one small children's course, late.
CHILDREN_OFFER_WEEKS_BEFORE_NOW = 10
CHILDREN_OFFER = _offer(_EVING, "KINDER", "Sprachspielgruppe für Kinder (6–10 Jahre)", "children", "A1", "afternoon",
                        "part_time", "Di, Do 14:30–16:00", False, "free", None, 8, 10, 10)

AUDIENCE_KINDS = {  # what each kind of person is usually looking for
    "adult": ("integration_general", "integration_general", "job_language", "integration_literacy",
              "integration_intensive", "adult_education"),
    "parent": ("integration_parents",),
    "woman": ("integration_women",),
    "young_person": ("integration_youth", "youth"),
    "child": ("children",),
}
DISTRICTS = ("Innenstadt-Nord", "Innenstadt-West", "Innenstadt-Ost", "Eving", "Scharnhorst", "Brackel", "Aplerbeck",
             "Hörde", "Hombruch", "Lütgendortmund", "Huckarde", "Mengede")
DISTRICT_WEIGHTS = np.array([0.22, 0.12, 0.10, 0.09, 0.10, 0.06, 0.04, 0.06, 0.04, 0.05, 0.07, 0.05])
TIMES = ("morning", "afternoon", "evening", "weekend")
TIME_WEIGHTS = np.array([0.45, 0.25, 0.2, 0.1])


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def catalogue(now: dt.datetime, rng: np.random.Generator) -> list[tuple[dict, int]]:
    """Every course of the demo, from the centre's opening to sixteen weeks after `now`, with its size."""
    today, rows = now.date(), []
    until = today + dt.timedelta(weeks=16)
    children = CHILDREN_OFFER.__class__(**{**CHILDREN_OFFER.__dict__,
                                           "first": today - dt.timedelta(weeks=CHILDREN_OFFER_WEEKS_BEFORE_NOW)})
    for offer in (*OFFERS, children):
        start, number = _monday(offer.first) + dt.timedelta(days=int(rng.integers(0, 5)) * 7), 1
        while start <= until:
            started = start <= today
            full = offer.places if not started else 0
            free = int(rng.integers(0, 4)) if started else int(rng.integers(max(0, full // 4), full + 1))
            rows.append((dict(
                provider=offer.provider, provider_course_id=f"{offer.code}-{start:%y%m%d}", title=offer.title,
                kind=offer.kind, level=offer.level, starts_on=start, ends_on=start + dt.timedelta(weeks=offer.weeks),
                time_of_day=offer.time_of_day, intensity=offer.intensity, schedule=offer.schedule, place=offer.place,
                district=offer.district, childcare=offer.childcare, free_places=free, funding=offer.funding,
                cost_eur=offer.cost_eur, contact=offer.contact,
            ), offer.places))
            start += dt.timedelta(weeks=offer.every_weeks)
            number += 1
    return rows


def _child_share(day: dt.date) -> float:
    """Families with school-age children among those asking: from 3 % in 2022 to about 20 %."""
    years = (day - OPENED).days / 365.25
    return min(0.22, 0.03 + 0.045 * years)


def add_course_demo(session: Session, seed: int, now: dt.datetime) -> tuple[int, int]:
    """Write the catalogue and the outcomes; returns (courses, outcomes)."""
    rng = np.random.default_rng([seed, STREAM])
    repo = CourseRepository(session)
    stamp = now.replace(microsecond=0)
    courses = catalogue(now, rng)
    repo.insert_many([row for row, _ in courses], stamp)
    size = {(row["provider"], row["provider_course_id"]): places for row, places in courses}
    by_kind: dict[str, list[tuple[dt.date, int]]] = {}
    seats: dict[int, int] = {}  # referrals a course can still take: advisers refer while places are free
    for row in repo.catalogue():
        by_kind.setdefault(row.kind, []).append((row.starts_on, row.id))
        seats[row.id] = REFERRALS_PER_PLACE * size[(row.provider, row.provider_course_id)]
    for starts in by_kind.values():
        starts.sort()
    visits = session.execute(
        select(Visit.id, Visit.day, Visit.arrived_at)
        .where(Visit.concern == "language_course", or_(Visit.outcome.is_(None), Visit.outcome != "left"))
        .order_by(Visit.id)).all()
    outcomes = []
    audiences = ("adult", "parent", "woman", "young_person")
    for visit_id, day, arrived_at in visits:
        if rng.random() >= SHARE_RECORDED:
            continue
        if rng.random() < _child_share(day):
            audience = "child"
        else:
            audience = audiences[int(rng.choice(4, p=[0.62, 0.14, 0.14, 0.10]))]
        kinds = AUDIENCE_KINDS[audience]
        kind = kinds[int(rng.integers(len(kinds)))]
        time = TIMES[int(rng.choice(4, p=TIME_WEIGHTS))]
        district = DISTRICTS[int(rng.choice(len(DISTRICTS), p=DISTRICT_WEIGHTS))]
        childcare = True if audience in ("parent", "woman") and rng.random() < 0.5 else None
        offered = _next_course(by_kind.get(kind, []), day, seats)
        # Evening and weekend courses and childcare are scarce: such needs often stay unmet.
        scarce = (time in ("evening", "weekend") and rng.random() < 0.35) or (childcare and rng.random() < 0.25)
        recorded_at = arrived_at + dt.timedelta(minutes=int(rng.integers(15, 60)))
        # The demo's visit times are the centre's local time; outcomes keep the instant in UTC.
        utc = recorded_at.replace(tzinfo=clock.zone()).astimezone(dt.timezone.utc).replace(tzinfo=None)
        if offered is not None and not scarce and rng.random() < 0.9:
            seats[offered] -= 1
            outcomes.append(dict(visit_id=visit_id, day=day, recorded_at=utc, result="referred", course_id=offered,
                                 audience=audience, needed_kind=kind, needed_level=None, needed_time=None,
                                 needed_district=None, needed_childcare=None))
        else:
            level = ("A1", "A2", "B1", "B2", "C1")[int(rng.choice(5, p=[0.35, 0.25, 0.25, 0.1, 0.05]))]
            outcomes.append(dict(visit_id=visit_id, day=day, recorded_at=utc, result="unmet", course_id=None,
                                 audience=audience, needed_kind=kind, needed_level="A1" if audience == "child" else level,
                                 needed_time="afternoon" if audience == "child" else time, needed_district=district,
                                 needed_childcare=childcare))
    repo.add_outcomes(outcomes)
    return repo.count(), len(outcomes)


def _next_course(starts: list[tuple[dt.date, int]], day: dt.date, seats: dict[int, int]) -> int | None:
    """The first course of the kind starting after `day`, within the referral window, with a place left."""
    i = bisect_right(starts, (day, 2**62))
    while i < len(starts) and (starts[i][0] - day).days <= REFERRAL_WINDOW_DAYS:
        if seats[starts[i][1]] > 0:
            return starts[i][1]
        i += 1
    return None
