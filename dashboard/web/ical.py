"""iCalendar files (RFC 5545) of shifts: one shape for the planner's export, the partner and
staff calendars and the mail notices.

Every event has its UID, a DTSTAMP and its times in the centre's time zone (the setting)
with that zone's rules in the file (VTIMEZONE), for the years its events span; calendar
programs that do not know the zone's name still place the shifts right.
"""

from __future__ import annotations

import datetime as dt
from typing import Iterable

from icalendar import Calendar, Event

from planner import clock

PRODID = "-//Stadt Dortmund//MigraDo Ops//DE"


def new_calendar(name: str | None = None, method: str | None = None) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if method:
        calendar.add("method", method)
    if name:
        calendar.add("x-wr-calname", name)
        calendar.add("x-wr-timezone", clock.zone().key)
    return calendar


def shift_event(uid: str, day: dt.date, starts_at: dt.time, ends_at: dt.time, summary: str,
                location: str, description: str | None = None,
                status: str | None = None) -> Event:
    """One shift on ``day`` from ``starts_at`` to ``ends_at``, centre times."""
    event = Event()
    event.add("uid", uid)
    # The instant the file is made: the calendar's own clock in UTC, as RFC 5545 asks.
    event.add("dtstamp", dt.datetime.now(tz=dt.timezone.utc).replace(microsecond=0))
    event.add("dtstart", clock.with_offset(dt.datetime.combine(day, starts_at)))
    event.add("dtend", clock.with_offset(dt.datetime.combine(day, ends_at)))
    event.add("summary", summary)
    event.add("location", location)
    if description:
        event.add("description", description)
    if status:
        event.add("status", status)
    return event


def to_ical(calendar: Calendar, events: Iterable[tuple[dt.date, Event]]) -> bytes:
    """``calendar`` with ``events`` (each with its day) and the zone's rules for the
    years they span, as bytes."""
    days = []
    for day, event in events:
        calendar.add_component(event)
        days.append(day)
    if days:
        # The zone's rules only for the years the events span keep the file small.
        first, last = min(days), max(days)
        calendar.add_missing_timezones(first_date=first.replace(month=1, day=1),
                                       last_date=last.replace(year=last.year + 1, month=1, day=1))
    return calendar.to_ical()
