"""Notices of changes to someone's shifts, mailed with the calendar entry attached.

The use cases write a notice per person and change (dashboard/services/replacements.py;
one per change, never two); this module words each unmailed one in German, attaches the
shift as an iCalendar entry and sends it through the city's mail relay. A notice is marked
mailed before it is sent (of two senders at once only one claims it); a failure gives it
back with the reason, to be tried again at the next change, and is an audit line.

Settings (environment, shared with the report mailing): MIGRADO_SMTP_HOST,
MIGRADO_SMTP_PORT (25), MIGRADO_SMTP_SENDER, MIGRADO_SMTP_USER, MIGRADO_SMTP_PASSWORD,
MIGRADO_SMTP_STARTTLS. Without a host, notices stay in the app only.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import smtplib
from dataclasses import dataclass
from email.message import EmailMessage

from dashboard.services import replacements
from dashboard.texts.i18n import CATALOGUE, fmt_date, t
from dashboard.web import ical
from dashboard.web.api.shift_calendar import task_label

LOG = logging.getLogger(__name__)
LANG = "de"  # notices go out in the interface's first language
STATUS = {"asked": "TENTATIVE", "taken": "CONFIRMED", "replaced": "CANCELLED", "given": "CANCELLED"}


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    sender: str
    user: str | None = None
    password: str | None = None
    starttls: bool = False


def smtp_settings(environ=None) -> SmtpSettings | None:
    env = os.environ if environ is None else environ
    host = env.get("MIGRADO_SMTP_HOST", "").strip()
    if not host:
        return None
    try:
        port = int(env.get("MIGRADO_SMTP_PORT", "25"))
    except ValueError:
        LOG.error("MIGRADO_SMTP_PORT=%r is not a port number", env.get("MIGRADO_SMTP_PORT"))
        return None
    return SmtpSettings(host, port, env.get("MIGRADO_SMTP_SENDER", "").strip() or f"migrado@{host}",
                        env.get("MIGRADO_SMTP_USER") or None, env.get("MIGRADO_SMTP_PASSWORD") or None,
                        env.get("MIGRADO_SMTP_STARTTLS") == "1")


def _place(code: str) -> str:
    return t(f"location.{code}", LANG) if f"location.{code}" in CATALOGUE else code


def words(n: replacements.NoticeView, lang: str | None = LANG) -> dict:
    details = n.details or {}
    return dict(day=fmt_date(n.day, lang), start=n.starts_at.strftime("%H:%M"), end=n.ends_at.strftime("%H:%M"),
                place=_place(n.place), task=task_label(n.task, lang), week=details.get("week", ""),
                version=details.get("version", ""), added=details.get("added", 0), removed=details.get("removed", 0))


def calendar_entry(n: replacements.NoticeView) -> bytes:
    event = ical.shift_event(f"notice-{n.id}@migrado-ops", n.day, n.starts_at, n.ends_at,
                             f"{task_label(n.task, LANG)} – {_place(n.place)}", _place(n.place),
                             status=STATUS.get(n.kind, "CONFIRMED"))
    return ical.to_ical(ical.new_calendar(method="PUBLISH"), [(n.day, event)])


def message(n: replacements.NoticeView, settings: SmtpSettings) -> EmailMessage:
    mail = EmailMessage()
    mail["Subject"] = t(f"notice.{n.kind}.subject", LANG, **words(n))
    mail["From"] = settings.sender
    mail["To"] = n.email
    mail.set_content(t("notice.mail.body", LANG, name=n.name, text=t(f"notice.{n.kind}", LANG, **words(n))))
    if n.kind == "published":
        # The person's shifts of that week as the new version has them.
        from dashboard.services.own_shifts import calendar_rows
        from dashboard.web.api.shift_calendar import shifts_to_ical

        monday = n.day - dt.timedelta(days=n.day.weekday())
        name, rows = calendar_rows(n.staff_id, monday)
        week = [r for r in rows if monday <= r.day < monday + dt.timedelta(days=7)]
        mail.add_attachment(shifts_to_ical(week, name), maintype="text", subtype="calendar", filename="dienstplan.ics")
    else:
        mail.add_attachment(calendar_entry(n), maintype="text", subtype="calendar", filename="schicht.ics")
    return mail


def send_pending(settings: SmtpSettings | None = None) -> int:
    """Mail every notice not mailed yet to people with an address; the number sent."""
    settings = settings or smtp_settings()
    if settings is None:
        return 0
    sent = 0
    for notice in replacements.unmailed_notices():
        if not replacements.claim_mail(notice.id):
            continue
        try:
            with smtplib.SMTP(settings.host, settings.port, timeout=10) as smtp:
                if settings.starttls:
                    smtp.starttls()
                if settings.user:
                    smtp.login(settings.user, settings.password or "")
                smtp.send_message(message(notice, settings))
            sent += 1
        except Exception as error:  # noqa: BLE001 - a mail relay away must not break the change itself
            LOG.error("notice %s could not be mailed: %s", notice.id, error)
            replacements.mail_failed(notice.id, f"{error.__class__.__name__}: {error}")
    return sent
