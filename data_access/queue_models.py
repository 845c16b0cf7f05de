"""The walk-in queue's tables: queues and desks per place, tickets, the steps of a visit,
and the tokens of the call displays. docs/architecture.md has the picture.

A ticket belongs to one visit and holds no personal data: a number that restarts each day
per place and queue, the language the visitor chose for their status page, and the random
token of that page (valid on the ticket's day only).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, CheckConstraint, Date, DateTime, Float, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from data_access.models import Base, _in

TICKET_STATES = ("waiting", "called", "parked", "done", "no_show")
STEP_OUTCOMES = ("served", "referred", "no_show")
LINK_STATES = ("unchecked", "ok", "broken")


class QueueLine(Base):
    """A queue of one place by concern ("B" for advice, ...); its letter leads its ticket numbers."""

    __tablename__ = "queue_line"
    __table_args__ = (UniqueConstraint("location_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    location_id: Mapped[int] = mapped_column(ForeignKey("location.id"))
    code: Mapped[str] = mapped_column(String(4))
    name_de: Mapped[str] = mapped_column(String(60))
    name_en: Mapped[str] = mapped_column(String(60))
    concerns: Mapped[str] = mapped_column(String(200), default="")  # comma-separated; empty: any
    position: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Desk(Base):
    """A desk of one place and the queues it calls from (comma-separated codes)."""

    __tablename__ = "desk"
    __table_args__ = (UniqueConstraint("location_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    location_id: Mapped[int] = mapped_column(ForeignKey("location.id"))
    name: Mapped[str] = mapped_column(String(40))
    queue_codes: Mapped[str] = mapped_column(String(60))
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Ticket(Base):
    __tablename__ = "ticket"
    __table_args__ = (
        UniqueConstraint("location_id", "day", "issue_code", "number"),
        CheckConstraint(_in("state", TICKET_STATES), name="state"),
        # The polls' look-ups, each a range of one index (a display and a hundred phones poll):
        # the next to be called, how many wait before a ticket in its queue, the last called.
        Index("ix_ticket_waiting_order", "location_id", "day", "state", "waiting_since", "id"),
        Index("ix_ticket_queue_order", "location_id", "day", "queue_id", "state", "waiting_since"),
        Index("ix_ticket_called", "location_id", "day", "called_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    visit_id: Mapped[int] = mapped_column(ForeignKey("visit.id", ondelete="CASCADE"), unique=True)
    location_id: Mapped[int] = mapped_column(ForeignKey("location.id"))
    queue_id: Mapped[int] = mapped_column(ForeignKey("queue_line.id"))  # where it waits now
    day: Mapped[dt.date] = mapped_column(Date)
    # The number as printed: the letter of the queue it was issued for and the day's count
    # there; a referral moves the ticket, never its number.
    issue_code: Mapped[str] = mapped_column(String(4))
    number: Mapped[int] = mapped_column(Integer)
    token: Mapped[str] = mapped_column(String(43), unique=True)
    language: Mapped[str] = mapped_column(String(8))
    state: Mapped[str] = mapped_column(String(12), default="waiting")
    desk_id: Mapped[int | None] = mapped_column(ForeignKey("desk.id"))
    # Where it stands in its queue: the first arrival's time, kept through referrals and parking.
    waiting_since: Mapped[dt.datetime] = mapped_column(DateTime)
    called_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    call_count: Mapped[int] = mapped_column(Integer, default=0)
    parked_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class TicketCounter(Base):
    """The last number given per place, day and queue letter: one atomic upsert draws the
    next, so desks and ticket machines issuing at once never wait for each other's retries."""

    __tablename__ = "ticket_counter"

    location_id: Mapped[int] = mapped_column(ForeignKey("location.id"), primary_key=True)
    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    code: Mapped[str] = mapped_column(String(4), primary_key=True)
    last: Mapped[int] = mapped_column(Integer)


class TicketStep(Base):
    """One step of a visit: waited in a queue, called and served (or referred on) at a desk."""

    __tablename__ = "ticket_step"
    __table_args__ = (CheckConstraint(f"outcome IS NULL OR {_in('outcome', STEP_OUTCOMES)}", name="outcome"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("ticket.id", ondelete="CASCADE"), index=True)
    queue_id: Mapped[int] = mapped_column(ForeignKey("queue_line.id"))
    desk_id: Mapped[int | None] = mapped_column(ForeignKey("desk.id"))
    waiting_since: Mapped[dt.datetime] = mapped_column(DateTime)
    called_at: Mapped[dt.datetime | None] = mapped_column(DateTime, index=True)  # the desks at work now
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    outcome: Mapped[str | None] = mapped_column(String(12))
    # Repeated from the times, as on a visit, so figures are plain averages in SQL.
    wait_minutes: Mapped[float | None] = mapped_column(Float)
    service_minutes: Mapped[float | None] = mapped_column(Float)
    parked_minutes: Mapped[float] = mapped_column(Float, default=0.0)  # time stepped out, all told


class DisplayToken(Base):
    """The secret of one place's call display; only its SHA-256 is stored."""

    __tablename__ = "display_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    location_id: Mapped[int] = mapped_column(ForeignKey("location.id"))
    label: Mapped[str] = mapped_column(String(60))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    created_by: Mapped[str] = mapped_column(String(64))
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class InfoLink(Base):
    """A leaflet, form or video for people waiting: per concern (None: any) and language.

    Kept by the coordination team; a job checks the address now and then (`status`). The
    visitor's page lists them as plain links: nothing records who opened what.
    """

    __tablename__ = "info_link"
    __table_args__ = (CheckConstraint(_in("status", LINK_STATES), name="status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    concern: Mapped[str | None] = mapped_column(String(32))
    language: Mapped[str] = mapped_column(String(8))
    title: Mapped[str] = mapped_column(String(120))
    url: Mapped[str] = mapped_column(String(500))
    status: Mapped[str] = mapped_column(String(12), default="unchecked")
    checked_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    created_by: Mapped[str] = mapped_column(String(64))
