"""Published shifts as an iCalendar file (RFC 5545), in the centre's time zone (the setting), worded in German."""

from __future__ import annotations

import datetime as dt

from icalendar import Calendar, Event

from dashboard.services.partner_portal import ShiftRow
from dashboard.texts.i18n import CATALOGUE, t
from planner import clock

STATUS = {"pending": "TENTATIVE", "confirmed": "CONFIRMED", "declined": "CANCELLED"}


def task_label(task: str, lang: str | None = None) -> str:
    key = f"partner.task.{task}"
    return t(key, lang) if key in CATALOGUE else task


def shifts_to_ical(rows: list[ShiftRow], calendar_name: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Stadt Dortmund//MigraDo Ops//DE")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", f"MigraDo – {calendar_name}")
    calendar.add("x-wr-timezone", clock.zone().key)
    stamp = dt.datetime.now(tz=dt.timezone.utc).replace(microsecond=0)
    for row in rows:
        event = Event()
        event.add("uid", f"assignment-{row.id}@migrado-ops")
        event.add("dtstamp", stamp)
        event.add("dtstart", clock.with_offset(dt.datetime.combine(row.day, row.starts_at)))
        event.add("dtend", clock.with_offset(dt.datetime.combine(row.day, row.ends_at)))
        event.add("summary", f"{task_label(row.task, 'de')} – {row.location_name}")
        event.add("location", row.location_name)
        person = row.staff_name or t("partner.person.none", "de")
        state = t(f"partner.state.{row.confirmation}", "de")
        event.add("description", f"{t('partner.col.person', 'de')}: {person}\n{t('partner.col.state', 'de')}: {state}")
        event.add("status", STATUS[row.confirmation])
        calendar.add_component(event)
    if rows:
        # The time zone's rules only for the years the events span keep the file small.
        first, last = min(r.day for r in rows), max(r.day for r in rows)
        calendar.add_missing_timezones(first_date=first.replace(month=1, day=1),
                                       last_date=last.replace(year=last.year + 1, month=1, day=1))
    return calendar.to_ical()
