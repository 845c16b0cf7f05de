"""Statements that issue a queue ticket, shared by the check-in API's path
(device_arrivals.py) and the desk's (QueueRepository.issue).

Built once at import: composing a statement costs more than running it on these paths.
The queue is chosen as QueueRepository.queue_for chooses it (tests/test_queue_arrivals.py
holds them together).
"""

from __future__ import annotations

from sqlalchemy import Date, DateTime, Float, Integer, String, bindparam, case, func, insert, literal, select, true
from sqlalchemy.dialects import postgresql

from data_access.queue_models import QueueLine, Ticket, TicketCounter, TicketStep

QUEUE_LINE, TICKET, COUNTER, STEP = (QueueLine.__table__, Ticket.__table__, TicketCounter.__table__,
                                     TicketStep.__table__)
TICKET_COLUMNS = ("visit_id", "location_id", "queue_id", "day", "issue_code", "number", "token", "language", "state",
                  "waiting_since", "call_count")


def queue_line(location_id):
    """The place's queue for the concern: the first naming it, else the first catch-all, else the first."""
    concerns = literal(",") + QUEUE_LINE.c.concerns + literal(",")
    named = concerns.like(literal("%,") + bindparam("concern", type_=String) + literal(",%"))
    catch_all = func.trim(QUEUE_LINE.c.concerns) == ""
    return (select(QUEUE_LINE.c.id, QUEUE_LINE.c.code)
            .where(QUEUE_LINE.c.location_id == location_id, QUEUE_LINE.c.active)
            .order_by(case((named, 0), (catch_all, 1), else_=2), QUEUE_LINE.c.position, QUEUE_LINE.c.code)
            .limit(1))


def counter_upsert(dialect, rows):
    """The day's next number of a queue letter: its counter row created or moved on by one."""
    return (dialect.insert(COUNTER).from_select(("location_id", "day", "code", "last"), rows)
            .on_conflict_do_update(index_elements=["location_id", "day", "code"], set_={"last": COUNTER.c.last + 1})
            .returning(COUNTER.c.last, COUNTER.c.code))


def ticket_values(visit_id, location_id, queue_id, code, number):
    """A new waiting ticket's row (TICKET_COLUMNS), its day, token, language and arrival as parameters."""
    return select(visit_id, location_id, queue_id, bindparam("day", type_=Date), code, number,
                  bindparam("token", type_=String), bindparam("language", type_=String), literal("waiting"),
                  bindparam("arrived_at", type_=DateTime), literal(0, Integer))


def first_step(ticket):
    """The ticket's first step: waiting in its queue since the arrival."""
    return insert(STEP).from_select(
        ("ticket_id", "queue_id", "waiting_since", "parked_minutes"),
        select(ticket.c.id, ticket.c.queue_id, bindparam("arrived_at", type_=DateTime), literal(0.0, Float)))


def _issue_new_ticket():
    """A recorded visit's ticket on PostgreSQL: queue, number, ticket and first step in one statement.

    In the caller's transaction: the counter's row stays locked until it commits, which
    the desk's few entries a minute never feel (the API's ticket machines, many at once,
    draw apart: device_arrivals.DRAW_NUMBER_FOR_POST). No row when the place has no queue
    yet or the number is taken (a counter behind its tickets after a crash).
    """
    location_id = bindparam("location_id", type_=Integer)
    line = queue_line(location_id).cte("line")
    counter = counter_upsert(postgresql, select(location_id, bindparam("day", type_=Date), line.c.code,
                                                literal(1))).cte("counter")
    ticket = (postgresql.insert(TICKET).from_select(
        TICKET_COLUMNS,
        ticket_values(bindparam("visit_id", type_=Integer), location_id, line.c.id, line.c.code, counter.c.last)
        .select_from(line).join(counter, true()))
        .on_conflict_do_nothing()
        .returning(TICKET.c.id, TICKET.c.queue_id, TICKET.c.issue_code, TICKET.c.number).cte("ticket"))
    return (select(ticket.c.id, ticket.c.queue_id, ticket.c.issue_code, ticket.c.number)
            .add_cte(first_step(ticket).cte("step")))


ISSUE_NEW_TICKET = _issue_new_ticket()
