"""Notices of changes to someone's shifts: in the app and by e-mail with the calendar entry,
sent to a real local SMTP server (aiosmtpd) and read back; nobody is mailed twice for one
change; e-mail addresses come with the staff import."""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest
from sqlalchemy.orm import Session

from dashboard.services import replacements
from dashboard.web import notice_mail
from data_access.db import get_engine, session_scope
from data_access.imports import import_staff
from data_access.models import Notice, StaffMember
from tests.test_replacements_flow import TUE, _plan, db, ids, publish_week  # noqa: F401 - fixture
from tests.test_report_delivery import Inbox, _free_port
from tests.test_visit_import import csv_bytes, where

SQLITE = pytest.mark.parametrize("db", ["sqlite"], indirect=True)


@pytest.fixture
def smtp():
    from aiosmtpd.controller import Controller

    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    yield notice_mail.SmtpSettings("127.0.0.1", controller.port, "migrado@stadt.example"), inbox
    controller.stop()


def set_emails(url, **addresses):
    with session_scope(url) as session:
        for member in session.query(StaffMember):
            if member.display_name in addresses:
                member.email = addresses[member.display_name]


@SQLITE
def test_asked_taken_and_replaced_are_mailed_once_with_the_calendar_entry(db, smtp):
    settings, inbox = smtp
    staff = ids(db)
    publish_week(db, _plan(staff))
    set_emails(db, Sabine="sabine@stadt.example", Iryna="iryna@stadt.example")  # Katrin has no address
    [open_id] = replacements.record_sick_call(str(staff["Iryna"]), TUE.isoformat(), "", "", "sick", by="k").open_shifts
    sabine_offer, _ = replacements.ask(open_id, [staff["Sabine"], staff["Katrin"]], by="k")
    assert notice_mail.send_pending(settings) == 1
    [(to, mail)] = inbox.messages
    assert to == ["sabine@stadt.example"] and "Anfrage" in mail["Subject"]
    assert "Empfang" in mail.get_body(("plain",)).get_content() and "08:45–12:30" in mail.get_body(("plain",)).get_content()
    assert notice_mail.send_pending(settings) == 0 and len(inbox.messages) == 1  # not twice
    assert replacements.accept(sabine_offer, staff["Sabine"], by="sabine") == 2
    assert notice_mail.send_pending(settings) == 2
    received = {tuple(to): mail for to, mail in inbox.messages[1:]}
    assert set(received) == {("sabine@stadt.example",), ("iryna@stadt.example",)}
    entry = next(p for p in received[("sabine@stadt.example",)].iter_attachments() if p.get_content_type() == "text/calendar")
    event = icalendar.Calendar.from_ical(entry.get_content()).walk("VEVENT")[0]
    assert event.decoded("dtstart").replace(tzinfo=None) == dt.datetime.combine(TUE, dt.time(8, 45))
    assert str(event["status"]) == "CONFIRMED"
    replaced = next(p for p in received[("iryna@stadt.example",)].iter_attachments())
    assert str(icalendar.Calendar.from_ical(replaced.get_content()).walk("VEVENT")[0]["status"]) == "CANCELLED"
    # In the app: each person sees only their own notices; Katrin (no address) has hers too.
    assert [n.kind for n in replacements.my_notices(staff["Sabine"])] == ["taken", "asked"]
    assert [n.kind for n in replacements.my_notices(staff["Katrin"])] == ["asked"]
    assert [n.kind for n in replacements.my_notices(staff["Iryna"])] == ["replaced"]
    assert notice_mail.send_pending(settings) == 0 and len(inbox.messages) == 3


@SQLITE
def test_a_relay_that_is_away_keeps_the_notice_for_the_next_try(db, smtp):
    settings, inbox = smtp
    staff = ids(db)
    publish_week(db, _plan(staff))
    set_emails(db, Sabine="sabine@stadt.example")
    [open_id] = replacements.record_sick_call(str(staff["Iryna"]), TUE.isoformat(), "", "", "sick", by="k").open_shifts
    replacements.ask(open_id, [staff["Sabine"]], by="k")
    away = notice_mail.SmtpSettings("127.0.0.1", _free_port(), "m@x")
    assert notice_mail.send_pending(away) == 0
    with session_scope(db) as session:
        notice = session.query(Notice).one()
        assert notice.mailed_at is None and "ConnectionRefused" in notice.mail_error
    assert notice_mail.send_pending(settings) == 1 and len(inbox.messages) == 1


def test_settings_come_from_the_environment():
    assert notice_mail.smtp_settings({}) is None
    settings = notice_mail.smtp_settings({"MIGRADO_SMTP_HOST": "relay.stadt", "MIGRADO_SMTP_PORT": "2525"})
    assert (settings.host, settings.port, settings.sender) == ("relay.stadt", 2525, "migrado@relay.stadt")


def test_the_staff_import_carries_e_mail_addresses_and_names_a_bad_one(filled_sqlite_url):
    header = "name;rolle;organisation;wochenstunden;aktiv_ab;email"
    with Session(get_engine(filled_sqlite_url)) as session:
        bad = import_staff(session, csv_bytes(["Olena;social_worker;city;39;2022-02-25;olena(at)stadt"], header=header),
                           "team.csv", dry_run=False)
        assert where(bad) == [("bad_email", 2, "email", "olena(at)stadt")] and not bad.written
        good = import_staff(session, csv_bytes(["Olena;social_worker;city;39;2022-02-25;olena@stadt.example"],
                                               header=header), "team.csv", dry_run=False)
        assert good.written and [c.fields for c in good.changed] == [(("email", "", "olena@stadt.example"),)]
        assert session.query(StaffMember).filter_by(display_name="Olena").one().email == "olena@stadt.example"
        session.rollback()


def test_the_staff_import_carries_the_starting_balance_of_the_hour_account(filled_sqlite_url):
    header = "name;rolle;organisation;wochenstunden;aktiv_ab;stundensaldo;saldo_ab"
    with Session(get_engine(filled_sqlite_url)) as session:
        bad = import_staff(session, csv_bytes(["Olena;social_worker;city;39;2022-02-25;viel;2026-01-01"], header=header),
                           "team.csv", dry_run=False)
        assert where(bad) == [("not_number", 2, "stundensaldo", "viel")]
        good = import_staff(session, csv_bytes(["Olena;social_worker;city;39;2022-02-25;-12,5;05.01.2026"], header=header),
                            "team.csv", dry_run=False)
        assert good.written
        olena = session.query(StaffMember).filter_by(display_name="Olena").one()
        assert (olena.balance_minutes, olena.balance_from) == (-750, dt.date(2026, 1, 5))
        session.rollback()


@SQLITE
def test_publishing_tells_only_the_people_whose_shifts_changed_once_with_their_week(db, smtp):
    from dashboard.services import schedule_changes
    from data_access.repositories.schedules import ScheduleRepository
    from planner.centre import PlannedShift
    from tests.test_replacements_flow import MON, WEEK, YEAR

    settings, inbox = smtp
    staff = ids(db)
    set_emails(db, Sabine="sabine@stadt.example", Iryna="iryna@stadt.example", Mariia="mariia@stadt.example")
    with session_scope(db) as session:
        ScheduleRepository(session).save_draft(YEAR, WEEK, _plan(staff), by="test")
    schedule_changes.publish_draft(YEAR, WEEK, by="koordination")
    assert notice_mail.send_pending(settings) == 3  # Iryna, Sabine, Mariia (Olena has no address)
    assert [n.kind for n in replacements.my_notices(staff["Olena"])] == ["published"]
    # Version 2 moves only Sabine's Monday: only she is told, once.
    with session_scope(db) as session:
        changed = [s for s in _plan(staff) if s.person != str(staff["Sabine"])]
        changed.append(PlannedShift(MON, str(staff["Sabine"]), "centre", "FRUEH", "reception", 465, 825, 0))
        ScheduleRepository(session).save_draft(YEAR, WEEK, changed, by="test")
    schedule_changes.publish_draft(YEAR, WEEK, by="koordination")
    assert notice_mail.send_pending(settings) == 1 and notice_mail.send_pending(settings) == 0
    to, mail = inbox.messages[-1]
    assert to == ["sabine@stadt.example"] and "KW 51" in mail["Subject"]
    assert "Version 2" in mail.get_body(("plain",)).get_content()
    entry = next(p for p in mail.iter_attachments() if p.get_content_type() == "text/calendar")
    events = icalendar.Calendar.from_ical(entry.get_content()).walk("VEVENT")
    assert [e.decoded("dtstart").replace(tzinfo=None) for e in events] == [dt.datetime.combine(MON, dt.time(7, 45))]
    assert [n.kind for n in replacements.my_notices(staff["Iryna"])] == ["published"]  # not told twice
