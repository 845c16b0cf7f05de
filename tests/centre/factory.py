"""A week of the demo centre as planner input, without a database."""

from __future__ import annotations

import datetime as dt

from data_access.demo import reference as ref
from planner.centre import Member, PartnerTurn, ShiftTemplate, WeekInput

MONDAY = dt.date(2026, 11, 30)


def _minutes(value: dt.time) -> int:
    return value.hour * 60 + value.minute


def templates() -> tuple[ShiftTemplate, ...]:
    return tuple(
        ShiftTemplate(s.location, s.code, s.name, _minutes(s.starts), _minutes(s.ends), s.break_minutes,
                      frozenset(int(c) for c in s.weekdays), name_en=s.name_en)
        for s in ref.SHIFT_TEMPLATES
    )


def members() -> tuple[Member, ...]:
    return tuple(
        Member(str(i), s.name, s.role, s.organisation, frozenset(s.languages), int(s.weekly_hours * 60),
               frozenset(s.locations))
        for i, s in enumerate(ref.STAFF, start=1)
    )


def turns() -> tuple[PartnerTurn, ...]:
    return tuple(
        PartnerTurn(c.organisation, c.location, int(wd), c.role, c.people)
        for c in ref.PARTNER_COMMITMENTS for wd in c.weekdays
    )


def opening() -> dict[str, dict[int, tuple[int, int]]]:
    return {loc.code: {wd: (_minutes(o), _minutes(c)) for wd, (o, c) in loc.hours.items()} for loc in ref.LOCATIONS}


def required(counselling: int = 2) -> dict:
    out = {}
    for place, days in opening().items():
        for i in range(5):
            day = MONDAY + dt.timedelta(days=i)
            if day.weekday() not in days:
                continue
            opens, closes = days[day.weekday()]
            for minute in range(opens, closes, 30):
                out[(place, "counselling", day, minute)] = counselling
                out[(place, "reception", day, minute)] = 1
    return out


def week(**changes) -> WeekInput:
    values = dict(monday=MONDAY, templates=templates(), members=members(), turns=turns(), opening=opening(),
                  required=required())
    values.update(changes)
    return WeekInput(**values)


def name_of(person_id: str) -> str:
    return {m.id: m.name for m in members()}[person_id]


def id_of(name: str) -> str:
    return {m.name: m.id for m in members()}[name]
