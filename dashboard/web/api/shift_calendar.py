"""Published shifts as an iCalendar file (RFC 5545), in the centre's time zone (the setting), worded in German."""

from __future__ import annotations

from dashboard.services.partner_portal import ShiftRow
from dashboard.texts.i18n import CATALOGUE, t
from dashboard.web import ical

STATUS = {"pending": "TENTATIVE", "confirmed": "CONFIRMED", "declined": "CANCELLED"}


def task_label(task: str, lang: str | None = None) -> str:
    key = f"partner.task.{task}"
    return t(key, lang) if key in CATALOGUE else task


def shifts_to_ical(rows: list[ShiftRow], calendar_name: str) -> bytes:
    def event(row: ShiftRow):
        person = row.staff_name or t("partner.person.none", "de")
        state = t(f"partner.state.{row.confirmation}", "de")
        return ical.shift_event(
            f"assignment-{row.id}@migrado-ops", row.day, row.starts_at, row.ends_at,
            f"{task_label(row.task, 'de')} – {row.location_name}", row.location_name,
            f"{t('partner.col.person', 'de')}: {person}\n{t('partner.col.state', 'de')}: {state}",
            STATUS[row.confirmation])

    return ical.to_ical(ical.new_calendar(f"MigraDo – {calendar_name}"),
                        ((row.day, event(row)) for row in rows))
