"""The monthly report mailing against a real local SMTP server (aiosmtpd)."""

from __future__ import annotations

import datetime as dt
import email
import io
import socket
from email import policy

import pytest
from aiosmtpd.controller import Controller
from pypdf import PdfReader

from dashboard.reports import delivery
from dashboard.services import reports
from dashboard.services.cache import clear_all
from data_access.db import dispose_engines
from tests.conftest import private_copy


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.rcpt_tos, email.message_from_bytes(envelope.content, policy=policy.default)))
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def database(filled_sqlite_url, tmp_path, monkeypatch):
    url = private_copy(filled_sqlite_url, tmp_path)  # the deliveries write audit lines
    monkeypatch.setenv("DATABASE_URL", url)
    dispose_engines()
    clear_all()
    yield url
    dispose_engines()


@pytest.fixture
def smtp():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    yield controller, inbox
    controller.stop()


def test_settings_come_from_the_environment():
    assert delivery.mail_settings({"MIGRADO_SMTP_HOST": "mail"}) is None  # nobody to send to
    settings = delivery.mail_settings({"MIGRADO_SMTP_HOST": "mail", "MIGRADO_SMTP_PORT": "2525",
                                       "MIGRADO_REPORT_RECIPIENTS": "a@x.de, b@x.de", "MIGRADO_SMTP_SENDER": "m@x.de"})
    assert (settings.host, settings.port, settings.recipients, settings.sender) == ("mail", 2525, ("a@x.de", "b@x.de"),
                                                                                    "m@x.de")
    with pytest.raises(ValueError, match="MIGRADO_SMTP_PORT"):
        delivery.mail_settings({"MIGRADO_SMTP_HOST": "mail", "MIGRADO_SMTP_PORT": "x",
                                "MIGRADO_REPORT_RECIPIENTS": "a@x.de"})


def test_last_months_report_is_mailed_once_on_the_first_working_day(database, smtp):
    controller, inbox = smtp
    settings = delivery.MailSettings("127.0.0.1", controller.port, "migrado@stadt.example",
                                     ("leitung@stadt.example", "presse@stadt.example"))
    # 1 November 2026 is a Sunday and All Saints' Day: October's report is due on the 2nd.
    assert delivery.run_monthly(dt.date(2026, 11, 1), settings) == "not_due"
    assert inbox.messages == []
    assert delivery.run_monthly(dt.date(2026, 11, 2), settings) == "sent"
    assert delivery.run_monthly(dt.date(2026, 11, 3), settings) == "already_sent"
    assert len(inbox.messages) == 1
    recipients, mail = inbox.messages[0]
    assert sorted(recipients) == ["leitung@stadt.example", "presse@stadt.example"]
    assert mail["Subject"] == "MigraDo – Monatsbericht Oktober 2026"
    report = reports.period_report(reports.parse_period("2026-10"), dt.date(2026, 11, 2))
    total = f"{report.total:,}".replace(",", ".")
    assert f"Im Oktober 2026 fanden {total} Beratungen statt" in mail.get_body(("plain",)).get_content()
    attachment = next(mail.iter_attachments())
    assert attachment.get_filename() == "migrado-bericht-2026-10.pdf"
    pdf = PdfReader(io.BytesIO(attachment.get_content()))
    text = " ".join(" ".join(p.extract_text() for p in pdf.pages).split())
    assert f"fanden {total} Beratungen statt" in text
    sent = reports.deliveries()
    assert (sent[0].period, sent[0].ok, sent[0].recipients) == ("2026-10", True, 2)


def test_a_failed_delivery_is_recorded_for_the_admin_and_tried_again(database, smtp, caplog):
    controller, inbox = smtp
    nobody = delivery.MailSettings("127.0.0.1", _free_port(), "migrado@stadt.example", ("leitung@stadt.example",))
    assert delivery.run_monthly(dt.date(2026, 11, 2), nobody) == "failed"
    assert "could not be mailed" in caplog.text
    failed = reports.deliveries()[0]
    assert (failed.period, failed.ok) == ("2026-10", False)
    assert "ConnectionRefusedError" in failed.error
    # The next run (the scheduler asks hourly) tries again and, with a server, succeeds.
    working = delivery.MailSettings("127.0.0.1", controller.port, "migrado@stadt.example", ("leitung@stadt.example",))
    assert delivery.run_monthly(dt.date(2026, 11, 2), working) == "sent"
    assert len(inbox.messages) == 1
    assert [d.ok for d in reports.deliveries()] == [True, False]


def test_the_admin_sees_the_deliveries_on_the_report_page(database, smtp):
    from app import app
    from tests.web import login, page_content

    controller, _ = smtp
    nobody = delivery.MailSettings("127.0.0.1", _free_port(), "m@x.de", ("a@x.de",))
    delivery.run_monthly(dt.date(2026, 11, 2), nobody)
    client = app.server.test_client()
    login(client, "admin")
    shown = page_content(client, "/reports").get_data(as_text=True)
    assert "Versand des Berichts 2026-10 fehlgeschlagen" in shown
    client.post("/logout")
    login(client, "leitung")
    assert "report-deliveries" not in page_content(client, "/reports").get_data(as_text=True)
