"""Scheduled delivery: the last month's report, mailed with its PDF on the month's first
working day (weekdays that are no public holiday in NRW).

    python -m dashboard.reports.delivery [--month 2026-11] [--force]    # or: make report

`run_monthly()` is what a scheduler calls, as often as it likes (hourly is fine): it sends
only on or after the first working day and only once per month (a successful delivery is
an audit line, `dashboard.services.reports.delivered`). Production mode runs it from
Celery beat (worker.py); the embedded mode from a light background thread of the web
process (`start_thread`). Every attempt, sent or failed, is an audit line the report page
shows to admins; a failure is also logged.

Settings (environment): MIGRADO_SMTP_HOST, MIGRADO_SMTP_PORT (25), MIGRADO_SMTP_SENDER,
MIGRADO_SMTP_USER and MIGRADO_SMTP_PASSWORD (optional), MIGRADO_SMTP_STARTTLS (1 to use
STARTTLS), MIGRADO_REPORT_RECIPIENTS (comma-separated), MIGRADO_REPORT_LANGUAGE (de).
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import os
import smtplib
import sys
import threading
from dataclasses import dataclass
from email.message import EmailMessage

from dashboard.reports.files import file_name, render
from dashboard.reports.summary import period_label, sentences
from dashboard.services.reports import (
    Period, delivered, first_working_day, last_month, parse_period, period_report, record_delivery,
)
from dashboard.texts.i18n import LANGUAGES, t
from planner import clock

LOG = logging.getLogger(__name__)
CHECK_EVERY_SECONDS = 3600


@dataclass(frozen=True)
class MailSettings:
    host: str
    port: int
    sender: str
    recipients: tuple[str, ...]
    user: str | None = None
    password: str | None = None
    starttls: bool = False
    language: str = "de"


def mail_settings(environ=None) -> MailSettings | None:
    """The mail settings from the environment; None when no host or no recipient is set."""
    env = os.environ if environ is None else environ
    host = env.get("MIGRADO_SMTP_HOST", "").strip()
    recipients = tuple(r.strip() for r in env.get("MIGRADO_REPORT_RECIPIENTS", "").split(",") if r.strip())
    if not host or not recipients:
        return None
    try:
        port = int(env.get("MIGRADO_SMTP_PORT", "25"))
    except ValueError:
        raise ValueError(f"MIGRADO_SMTP_PORT={env.get('MIGRADO_SMTP_PORT')!r} is not a port number") from None
    lang = env.get("MIGRADO_REPORT_LANGUAGE", "de").strip()
    return MailSettings(host, port, env.get("MIGRADO_SMTP_SENDER", "").strip() or f"migrado@{host}", recipients,
                        env.get("MIGRADO_SMTP_USER") or None, env.get("MIGRADO_SMTP_PASSWORD") or None,
                        env.get("MIGRADO_SMTP_STARTTLS") == "1", lang if lang in LANGUAGES else "de")


def message(p: Period, today: dt.date, settings: MailSettings) -> EmailMessage:
    lang = settings.language
    report = period_report(p, today)
    label = period_label(p, lang)
    mail = EmailMessage()
    mail["Subject"] = t("report.mail.subject", lang, period=label)
    mail["From"] = settings.sender
    mail["To"] = ", ".join(settings.recipients)
    mail.set_content(t("report.mail.body", lang, period=label, summary="\n".join(sentences(report, lang))))
    mail.add_attachment(render(report, "pdf", lang), maintype="application", subtype="pdf",
                        filename=file_name(p, "pdf", lang))
    return mail


def send(p: Period, today: dt.date, settings: MailSettings) -> bool:
    """Mail the report of `p`; True when the server took it. Records the attempt either way."""
    try:
        mail = message(p, today, settings)
        with smtplib.SMTP(settings.host, settings.port, timeout=30) as smtp:
            if settings.starttls:
                smtp.starttls()
            if settings.user:
                smtp.login(settings.user, settings.password or "")
            smtp.send_message(mail)
    except Exception as error:  # noqa: BLE001 - any failure is reported, none may stop the scheduler
        LOG.error("report %s could not be mailed: %s", p.key, error)
        record_delivery(p.key, ok=False, recipients=len(settings.recipients),
                        error=f"{error.__class__.__name__}: {error}"[:300])
        return False
    record_delivery(p.key, ok=True, recipients=len(settings.recipients))
    LOG.info("report %s mailed to %d recipients", p.key, len(settings.recipients))
    return True


def run_monthly(today: dt.date | None = None, settings: MailSettings | None = None, *, force: bool = False) -> str:
    """Send last month's report when it is due: "sent", "failed", "not_due", "already_sent"
    or "not_configured"."""
    today = today or clock.today()
    settings = settings or mail_settings()
    if settings is None:
        return "not_configured"
    p = last_month(today)
    if not force and today < first_working_day(today.year, today.month):
        return "not_due"
    if not force and delivered(p.key):
        return "already_sent"
    return "sent" if send(p, today, settings) else "failed"


_thread: threading.Thread | None = None


def start_thread() -> bool:
    """The embedded mode's scheduler: check hourly in a daemon thread (once per process)."""
    global _thread
    if _thread is not None or mail_settings() is None:
        return False
    stop = threading.Event()

    def loop() -> None:
        if stop.wait(60):  # let the app finish starting first
            return
        while True:
            try:
                run_monthly()
            except Exception:  # noqa: BLE001 - e.g. the database away: try again next hour
                LOG.exception("scheduled report delivery failed")
            if stop.wait(CHECK_EVERY_SECONDS):
                return

    _thread = threading.Thread(target=loop, name="report-delivery", daemon=True)
    _thread.start()
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dashboard.reports.delivery", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--month", help="the month to send (YYYY-MM); default: last month, when due")
    parser.add_argument("--force", action="store_true", help="send even when not due or already sent")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s")
    try:
        settings = mail_settings()
    except ValueError as error:
        print(error, file=sys.stderr)
        return 1
    if settings is None:
        print("MIGRADO_SMTP_HOST and MIGRADO_REPORT_RECIPIENTS must be set", file=sys.stderr)
        return 1
    if args.month:
        try:
            p = parse_period(args.month)
        except ValueError as error:
            print(error, file=sys.stderr)
            return 1
        ok = send(p, clock.today(), settings)
        print("sent" if ok else "failed")
        return 0 if ok else 1
    outcome = run_monthly(settings=settings, force=args.force)
    print(outcome)
    return 1 if outcome == "failed" else 0


if __name__ == "__main__":
    sys.exit(main())
