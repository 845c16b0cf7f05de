"""The walk-in queue's use cases: tickets, the desk's calls, the call display, the visitor's page.

Each function is one transaction on a unit of work (docs/architecture.md) and returns plain
data; the desk page, the display and the status page word it. Nothing here knows a visitor:
a ticket is a number, a queue, a language and a random token valid on its day only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from dashboard.services.unit_of_work import UnitOfWork
from data_access.repositories.checkin import CONCERNS
from data_access.repositories.queue import QueueError, StepFigures, TicketRow
from planner import clock
from planner.queue import Light, expected_wait_minutes, traffic_light

__all__ = ["CONCERNS", "QueueError", "issue_ticket", "desk_board", "desk_action", "display_state", "ticket_status",
           "create_display_token", "revoke_display_token", "display_tokens", "places_and_desks", "step_figures"]

DESK_ACTIONS = ("call_next", "call", "recall", "park", "back_in_line", "no_show", "refer", "finish")
RECENT_CALLS = 6  # how many calls the display keeps showing
NEXT_SHOWN = 5  # and how many numbers it shows as next
# A desk that called from a queue within this many minutes counts as serving it.
DESK_ACTIVE_MINUTES = 45


@dataclass(frozen=True)
class IssuedTicket:
    label: str
    token: str
    location_id: int
    day: dt.date
    issued_at: dt.datetime
    language: str


@dataclass(frozen=True)
class BoardEntry:
    ticket_id: int
    label: str
    queue_code: str
    state: str
    minutes_waiting: int
    language: str
    concern: str
    desk: str | None


@dataclass(frozen=True)
class DeskBoard:
    desk_id: int
    desk_name: str
    queue_codes: tuple[str, ...]
    current: BoardEntry | None  # the ticket called to this desk and not yet finished
    waiting: list[BoardEntry]  # the desk's queues, first to be called first
    parked: list[BoardEntry]
    queues: list[tuple[str, str, str]]  # (code, German name, English name) of the place


@dataclass(frozen=True)
class Call:
    label: str
    desk: str
    at: dt.datetime
    count: int  # recalls raise it, so the display can announce again


@dataclass(frozen=True)
class DisplayState:
    location_id: int
    calls: list[Call]
    next_labels: list[str]
    waiting: int
    light: Light


@dataclass(frozen=True)
class Link:
    id: int
    concern: str | None
    language: str
    title: str
    url: str
    status: str
    checked_at: dt.datetime | None


@dataclass(frozen=True)
class TicketStatus:
    label: str
    state: str  # waiting, called, parked, done, no_show
    ahead: int
    light: Light | None
    desk: str | None
    language: str
    location_id: int
    links: list[Link]  # leaflets, forms and videos for the concern, in the ticket's language


def _link(row) -> Link:
    return Link(row.id, row.concern, row.language, row.title, row.url, row.status, row.checked_at)


def _entry(row: TicketRow, now: dt.datetime) -> BoardEntry:
    minutes = max(0, int((now - row.waiting_since).total_seconds() // 60))
    return BoardEntry(row.id, row.label, row.queue_code, row.state, minutes,
                      row.language, row.concern, row.desk_name)


def issue_ticket(visit_id: int, language: str, *, uow: UnitOfWork | None = None) -> IssuedTicket:
    """The ticket of a recorded visit (the same one again if it has one)."""
    with uow or UnitOfWork() as work:
        visit = work.checkin.get(visit_id)
        if visit is None:
            raise QueueError("visit", "unknown")
        row = work.queue.issue(visit, language)
        work.commit()
        return IssuedTicket(row.label, row.token, row.location_id, row.day,
                            visit.arrived_at, row.language)


def place_code(location_id: int, *, uow: UnitOfWork | None = None) -> str:
    """The code of a place ("" for none), as a ticket's print names it."""
    with uow or UnitOfWork() as work:
        return work.checkin.place_code(location_id) or ""


def places_and_desks(*, uow: UnitOfWork | None = None) -> list[tuple[int, str, list[tuple[int, str]]]]:
    """[(place id, place code, [(desk id, desk name)])], setting up a place's default queues on first use."""
    with uow or UnitOfWork() as work:
        found = [(loc.id, loc.code, [(d.id, d.name) for d in work.queue.desks(loc.id)])
                 for loc in work.checkin.locations()]
        work.commit()
        return found


def desk_board(desk_id: int, now: dt.datetime | None = None, *, uow: UnitOfWork | None = None) -> DeskBoard:
    now = now or clock.now()
    with uow or UnitOfWork() as work:
        desk = work.queue.desk(desk_id)
        if desk is None:
            raise QueueError("desk", "unknown")
        codes = tuple(c.strip() for c in desk.queue_codes.split(",") if c.strip())
        rows = work.queue.open_tickets(desk.location_id, now.date())
        current = next((r for r in rows if r.state == "called" and r.desk_id == desk.id), None)
        waiting = [_entry(r, now) for r in rows if r.state == "waiting" and r.queue_code in codes]
        parked = [_entry(r, now) for r in rows if r.state == "parked" and r.queue_code in codes]
        queues = [(q.code, q.name_de, q.name_en) for q in work.queue.queues(desk.location_id)]
        return DeskBoard(desk.id, desk.name, codes, _entry(current, now) if current else None, waiting, parked, queues)


def desk_action(desk_id: int, action: str, *, by: str, ticket_id: int | None = None, queue_code: str | None = None,
                now: dt.datetime | None = None, uow: UnitOfWork | None = None) -> str | None:
    """One step of the desk's work; returns the ticket's label, or None when nobody waits.

    Raises QueueError (field, code) when the step does not fit the ticket's state.
    """
    if action not in DESK_ACTIONS:
        raise QueueError("action", "unknown")
    now = now or clock.now()
    with uow or UnitOfWork() as work:
        desk = work.queue.desk(desk_id)
        if desk is None:
            raise QueueError("desk", "unknown")
        day = now.date()
        # Single indexed look-ups: a busy day's queue holds thousands of tickets.
        if action == "call_next":
            codes = tuple(c.strip() for c in desk.queue_codes.split(",") if c.strip())
            ticket_id = work.queue.first_open(desk.location_id, day, state="waiting", codes=codes)
            if ticket_id is None:
                return None
        elif action in ("recall", "finish", "no_show") and ticket_id is None:
            ticket_id = work.queue.first_open(desk.location_id, day, state="called", desk_id=desk.id)
        if ticket_id is None:
            raise QueueError("ticket", "required")
        if not work.queue.is_open_at(ticket_id, desk.location_id, day):  # another place's, another day's
            raise QueueError("ticket", "unknown")
        if action in ("call_next", "call"):
            row = work.queue.call(ticket_id, desk.id, now)
        elif action == "recall":
            row = work.queue.recall(ticket_id, now)
        elif action == "park":
            row = work.queue.park(ticket_id, now)
        elif action == "back_in_line":
            row = work.queue.back_in_line(ticket_id, now)
        elif action == "refer":
            target = work.queue.queue_by_code(desk.location_id, queue_code or "")
            if target is None:
                raise QueueError("queue", "unknown")
            row = work.queue.refer(ticket_id, target.id, now)
        else:
            row = work.queue.finish(ticket_id, now, no_show=action == "no_show")
        work.audit.record(by, f"queue_{action}", "visit", row.visit_id, desk=desk.name,
                          ticket=row.label)
        work.commit()
        return row.label


def _light(work: UnitOfWork, location_id: int, queue_id: int | None, ahead: int, now: dt.datetime) -> Light:
    service = work.queue.mean_service_minutes(location_id, now.date())
    desks = work.queue.desks_calling(location_id, now - dt.timedelta(minutes=DESK_ACTIVE_MINUTES))
    if queue_id is None:  # the place as a whole: a new arrival's wait
        total_desks = sum(desks.values())
        mean = sum(service.values()) / len(service) if service else None
        return traffic_light(expected_wait_minutes(ahead, total_desks, mean))
    return traffic_light(expected_wait_minutes(ahead, desks.get(queue_id, 0), service.get(queue_id)))


def display_state(token: str, now: dt.datetime | None = None, *, uow: UnitOfWork | None = None) -> DisplayState | None:
    """What a place's call display shows; None for an unknown or revoked token."""
    now = now or clock.now()
    with uow or UnitOfWork() as work:
        location_id = work.queue.display_location(token)
        if location_id is None:
            return None
        waiting, next_labels = work.queue.waiting(location_id, now.date(), NEXT_SHOWN)
        # The last few called stay on screen after they went in (people look up late).
        calls = [Call(r.label, r.desk_name or "", r.called_at, r.call_count)
                 for r in work.queue.recent_calls(location_id, now.date(), RECENT_CALLS)]
        light = _light(work, location_id, None, waiting, now)
        return DisplayState(location_id, calls, next_labels, waiting, light)


def ticket_status(token: str, now: dt.datetime | None = None, *, language: str | None = None,
                  uow: UnitOfWork | None = None) -> TicketStatus | None:
    """One visitor's view of their ticket (links in `language`, else the ticket's); None when
    unknown or of another day."""
    now = now or clock.now()
    with uow or UnitOfWork() as work:
        row = work.queue.by_token(token)
        if row is None or row.day != now.date():
            return None
        light = None
        ahead = 0
        if row.state in ("waiting", "parked"):
            ahead = work.queue.ahead(row)  # counted in the database: phones poll this
            light = _light(work, row.location_id, row.queue_id, ahead, now)
        links = [_link(link) for link in work.queue.links_for(row.concern, language or row.language)]
        return TicketStatus(row.label, row.state, ahead, light,
                            row.desk_name if row.state == "called" else None, row.language, row.location_id, links)


def create_display_token(location_id: int, label: str, *, by: str, uow: UnitOfWork | None = None) -> str:
    """A new display token for a place; the token is returned once and never stored."""
    with uow or UnitOfWork() as work:
        token_id, token = work.queue.create_display_token(location_id, label.strip() or "Anzeige", by, clock.now())
        work.audit.record(by, "display_token_created", "display_token", token_id, location=location_id)
        work.commit()
        return token


def revoke_display_token(token_id: int, *, by: str, uow: UnitOfWork | None = None) -> bool:
    with uow or UnitOfWork() as work:
        done = work.queue.revoke_display_token(token_id, clock.now())
        if done:
            work.audit.record(by, "display_token_revoked", "display_token", token_id)
            work.commit()
        return done


def step_figures(start: dt.date, end: dt.date, *, uow: UnitOfWork | None = None) -> list[StepFigures]:
    """Waiting and service per place, desk and queue; referrals, no-shows and time stepped out."""
    with uow or UnitOfWork() as work:
        return work.queue.step_figures(start, end)


@dataclass(frozen=True)
class DisplayTokenRow:
    id: int
    location_id: int
    label: str
    created_at: dt.datetime
    created_by: str
    revoked_at: dt.datetime | None


def display_tokens(*, uow: UnitOfWork | None = None) -> list[DisplayTokenRow]:
    with uow or UnitOfWork() as work:
        return [DisplayTokenRow(t.id, t.location_id, t.label, t.created_at, t.created_by, t.revoked_at)
                for t in work.queue.display_tokens()]


LINK_CHECK_TIMEOUT_S = 8


def links(*, uow: UnitOfWork | None = None) -> list[Link]:
    with uow or UnitOfWork() as work:
        return [_link(row) for row in work.queue.info_links()]


def add_link(concern: str | None, language: str, title: str, url: str, *, by: str,
             uow: UnitOfWork | None = None) -> int:
    """A new link for people waiting; refuses what is not an http(s) address (field, code)."""
    from urllib.parse import urlparse

    title, url = (title or "").strip(), (url or "").strip()
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https") or not parsed.netloc or len(url) > 500:
        raise QueueError("url", "invalid")
    if not title or len(title) > 120:
        raise QueueError("title", "required")
    if not language or len(language) > 8:
        raise QueueError("language", "required")
    with uow or UnitOfWork() as work:
        link = work.queue.add_link(concern or None, language, title, url, by)
        work.audit.record(by, "info_link_added", "info_link", link.id, url=url)
        work.commit()
        return link.id


def remove_link(link_id: int, *, by: str, uow: UnitOfWork | None = None) -> bool:
    with uow or UnitOfWork() as work:
        done = work.queue.remove_link(link_id)
        if done:
            work.audit.record(by, "info_link_removed", "info_link", link_id)
            work.commit()
        return done


def check_links(fetch=None, *, database_url: str | None = None) -> dict[str, int]:
    """Ask every link's address once; a 4xx/5xx answer or none at all marks it broken.

    `fetch(url) -> status code` is the HTTP client (requests by default). The addresses are
    asked outside any transaction, the results stored in one afterwards.
    """
    fetch = fetch or _http_status
    results = {}
    for link in links(uow=UnitOfWork(database_url)):
        try:
            results[link.id] = "ok" if fetch(link.url) < 400 else "broken"
        except Exception:  # noqa: BLE001 - no answer at all is as broken as a 404 for a visitor
            results[link.id] = "broken"
    with UnitOfWork(database_url) as work:
        for link_id, status in results.items():
            work.queue.set_link_status(link_id, status, clock.now())
        work.commit()
    return {state: sum(1 for s in results.values() if s == state) for state in ("ok", "broken")}


def _http_status(url: str) -> int:
    import requests

    answer = requests.head(url, timeout=LINK_CHECK_TIMEOUT_S, allow_redirects=True)
    if answer.status_code in (405, 501):  # some servers answer only GET
        answer = requests.get(url, timeout=LINK_CHECK_TIMEOUT_S, stream=True)
    return answer.status_code


if __name__ == "__main__":  # `python -m dashboard.services.queue`: check the links (`make check-links`)
    print(check_links())
