"""Sick calls and replacements after publishing (issue 20, point 2).

The coordination team records an absence from a day and time; the person's published
shifts from then on become open shifts (what each leaves uncovered is part of the answer).
`proposals` ranks who could take one (planner/replacements.py, the roster's hard rules and
fairness); `ask` asks chosen colleagues in the app; the first who accepts (`accept`, from
the team's own page) gets the shift, and a new version of the week is published that
changes only that shift. Each step is one transaction with its audit line; a refusal is a
`Problem` (a code and the field or rule it concerns) and writes nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError

from dashboard.services.unit_of_work import UnitOfWork
from data_access.repositories.after_publishing import as_time, minutes
from planner import clock
from planner.centre import LATE_SHIFT_CODES
from planner.replacements import Booked, OpenShift, Proposal, Situation, check, open_part, rank, required_break

ABSENCE_KINDS = ("sick", "vacation", "training", "other")
# Recent late shifts are counted over this many weeks before the open shift's week.
FAIRNESS_WEEKS = 4
MAX_ASKED = 10  # colleagues asked at once


@dataclass(frozen=True)
class Problem:
    """Why nothing was saved: `code` (missing, invalid, order, not_found, taken, not_open,
    rule, conflict, ...) and the `field` or rule code it concerns."""

    code: str
    field: str
    value: str = ""


@dataclass(frozen=True)
class SickCall:
    absence_id: int
    open_shifts: list[int]


@dataclass(frozen=True)
class OpenShiftView:
    id: int
    day: dt.date
    place: str
    template: str
    task: str
    starts_at: dt.time
    ends_at: dt.time
    absent: str
    status: str
    filled_by: str | None
    others_on_task: int  # others on the same task at the same place at some time of it
    offers: list[tuple[str, str, dt.datetime | None]]  # (name, status, answered at)
    origin: str = "absence"  # or "swap": given away by the person, approved by coordination


def parse_time(value) -> dt.time | None:
    """"HH:MM" as the form sent it; None when empty or not a time."""
    try:
        return dt.time.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


def parse_day(value) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


def _int(value) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


# --- the sick call --------------------------------------------------------------------------
def record_sick_call(person, start, at, end, kind, *, by: str, uow: UnitOfWork | None = None) -> SickCall | Problem:
    """An absence of `person` from day `start` (at time `at`, "HH:MM"; empty: the whole day,
    or from now on when the day is today) to day `end`; each published shift it touches
    from now on becomes an open shift (of a shift under way, the part still to come)."""
    staff_id, first, last, from_time = _int(person), parse_day(start), parse_day(end) or parse_day(start), parse_time(at)
    if staff_id is None:
        return Problem("missing", "person")
    if first is None:
        return Problem("missing" if not start else "invalid", "from", str(start or ""))
    if at and from_time is None:
        return Problem("invalid", "time", str(at))
    if last < first:
        return Problem("order", "to", str(end))
    now = clock.now()
    if first == now.date() and from_time is None:
        from_time = now.time().replace(second=0, microsecond=0)  # a call today without a time: from now on
    with uow or UnitOfWork() as work:
        repo = work.after_publishing
        if repo.staff(staff_id) is None:
            return Problem("not_found", "person", str(person))
        absence = repo.add_absence(staff_id, first, last, kind if kind in ABSENCE_KINDS else "other", from_time)
        opened = []
        for shift in repo.published(max(first, now.date()), last, staff_id):
            absent_from = minutes(from_time) if (from_time and shift.day == first) else 0
            if shift.day == now.date():
                absent_from = max(absent_from, minutes(now.time()))  # what is past is not open any more
            part = open_part(shift.day, minutes(shift.starts_at), minutes(shift.ends_at), shift.break_minutes, absent_from)
            if part is None:
                continue
            row = repo.add_open_shift(absence_id=absence.id, shift=shift, start=part[0], end=part[1], by=by)
            opened.append(row.id)
            work.audit.record(by, "open_shift", "open_shift", row.id, assignment=shift.id, day=shift.day,
                              place=shift.place, task=shift.task, starts_at=as_time(part[0]), ends_at=as_time(part[1]))
        work.audit.record(by, "sick_call", "absence", absence.id, staff_id=staff_id, starts_on=first, ends_on=last,
                          starts_at=from_time, kind=kind, open_shifts=opened)
        work.commit()
        return SickCall(absence.id, opened)


def open_shifts(today: dt.date, *, uow: UnitOfWork | None = None) -> list[OpenShiftView]:
    """Open shifts (and those filled or closed) from today on, with who was asked."""
    with uow or UnitOfWork() as work:
        repo = work.after_publishing
        names = repo.staff_names()
        rows = repo.open_shifts(today)
        if not rows:
            return []
        published = repo.published(min(r.day for r in rows), max(r.day for r in rows))
        out = []
        for r in rows:
            others = sum(
                1 for p in published
                if p.day == r.day and p.place == r.place and p.task == r.task and p.staff_id != r.absent_staff_id
                and p.starts_at < r.ends_at and p.ends_at > r.starts_at
            )
            offers = [(names.get(o.staff_id, ""), o.status, o.answered_at) for o in repo.offers_of_shift(r.id)]
            out.append(OpenShiftView(r.id, r.day, r.place, r.template, r.task, r.starts_at, r.ends_at,
                                     names.get(r.absent_staff_id, ""), r.status,
                                     names.get(r.filled_by_staff_id) if r.filled_by_staff_id else None, others, offers,
                                     r.origin))
        return out


# --- proposals -----------------------------------------------------------------------------
def _as_open(row) -> OpenShift:
    """The open shift for the ranking, with the break the law asks for its length."""
    start, end = minutes(row.starts_at), minutes(row.ends_at)
    return OpenShift(row.day, row.place, row.template, row.task, start, end, required_break(end - start))


def situation_for(work, day: dt.date, exclude: set[str]) -> Situation:
    """What the ranking needs about the team around `day`, read in one unit of work."""
    repo = work.after_publishing
    monday = day - dt.timedelta(days=day.weekday())
    sunday = monday + dt.timedelta(days=6)
    since = monday - dt.timedelta(weeks=FAIRNESS_WEEKS)
    members = work.planning.members(day, day)
    rows = repo.published(since, sunday + dt.timedelta(days=1))
    booked = tuple(
        Booked(str(r.staff_id), r.day, r.place, minutes(r.starts_at), minutes(r.ends_at), r.break_minutes)
        for r in rows if r.staff_id is not None and r.day >= monday - dt.timedelta(days=1)
    )
    absent: dict[str, dict[dt.date, int]] = {}
    for a in repo.absences_between(monday - dt.timedelta(days=1), sunday + dt.timedelta(days=1)):
        d = a.starts_on
        while d <= a.ends_on:
            start = minutes(a.starts_at) if (a.starts_at and d == a.starts_on) else 0
            per = absent.setdefault(str(a.staff_id), {})
            per[d] = min(per.get(d, start), start)
            d += dt.timedelta(days=1)
    for person, days in work.planning.unavailable(monday, sunday).items():
        for d in days:
            absent.setdefault(person, {})[d] = 0
    late: dict[str, int] = {}
    for r in rows:
        if r.staff_id is None or r.day > sunday:
            continue
        person = str(r.staff_id)
        if r.day < monday and r.template in LATE_SHIFT_CODES:
            late[person] = late.get(person, 0) + 1
    # The hour balance is the hour account's (over the year, from the imported starting balance).
    from dashboard.services.own_shifts import hour_balances

    balance = {str(k): v for k, v in hour_balances(work, {int(m.id) for m in members}, day).items()}
    return Situation(members, booked, absent, balance, late, frozenset(exclude))


def proposals(open_shift_id: int, *, limit: int = 8, uow: UnitOfWork | None = None) -> list[Proposal] | None:
    """Ranked proposals for an open shift (eligible first); None when there is no such shift."""
    with uow or UnitOfWork() as work:
        row = work.after_publishing.open_shift(open_shift_id)
        if row is None:
            return None
        situation = situation_for(work, row.day, {str(row.absent_staff_id)})
        shift = _as_open(row)
    return rank(shift, situation)[:limit]


def ask(open_shift_id, people, *, by: str, uow: UnitOfWork | None = None) -> list[int] | Problem:
    """Ask chosen colleagues to take an open shift; the ids of the offers made. Each person
    is checked again here against the hard rules: the browser's list is not trusted."""
    shift_id = _int(open_shift_id)
    chosen = [p for p in (_int(x) for x in (people or [])) if p is not None]
    if shift_id is None:
        return Problem("missing", "shift")
    if not chosen:
        return Problem("missing", "people")
    if len(chosen) > MAX_ASKED:
        return Problem("too_many", "people", str(len(chosen)))
    with uow or UnitOfWork() as work:
        repo = work.after_publishing
        row = repo.open_shift(shift_id)
        if row is None:
            return Problem("not_found", "shift", str(open_shift_id))
        if row.status != "open":
            return Problem("not_open", "shift", row.status)
        situation = situation_for(work, row.day, {str(row.absent_staff_id)})
        ranked = {p.person: p for p in rank(_as_open(row), situation)}
        made = []
        for person in chosen:
            proposal = ranked.get(str(person))
            if proposal is None:
                return Problem("not_found", "people", str(person))
            if proposal.broken:
                return Problem("rule", proposal.broken[0], proposal.name)
            offer = repo.ask(shift_id, person, by)
            if offer is not None:
                made.append(offer.id)
                repo.notify(person, f"offer:{offer.id}", "asked", row)
                work.audit.record(by, "replacement_asked", "replacement_offer", offer.id, open_shift=shift_id,
                                  staff_id=person)
        work.commit()
        return made


# --- the colleague's answer ---------------------------------------------------------------------
@dataclass(frozen=True)
class OfferView:
    id: int
    status: str
    open_status: str
    day: dt.date
    place: str
    template: str
    task: str
    starts_at: dt.time
    ends_at: dt.time


def my_offers(staff_id: int, today: dt.date, *, uow: UnitOfWork | None = None) -> list[OfferView]:
    """The offers made to one person (from the session), from today on."""
    with uow or UnitOfWork() as work:
        return [OfferView(o.id, o.status, s.status, s.day, s.place, s.template, s.task, s.starts_at, s.ends_at)
                for o, s in work.after_publishing.offers_of_staff(staff_id, today)]


def accept(offer_id, staff_id: int, *, by: str, uow: UnitOfWork | None = None) -> int | None | Problem:
    """The colleague `staff_id` (from the session) takes the shift of their offer: the first
    one gets it, and the week's new published version (its number is returned) changes only
    that shift. For a swap the acceptance waits for the coordination team's approval (None
    is returned). Too late, another person's offer, or a hard rule broken meanwhile: a Problem."""
    ident = _int(offer_id)
    if ident is None:
        return Problem("missing", "offer")
    try:
        with uow or UnitOfWork() as work:
            repo = work.after_publishing
            offer = repo.own_offer(ident, staff_id)
            if offer is None:
                return Problem("not_found", "offer", str(offer_id))
            row = repo.open_shift(offer.open_shift_id)
            if offer.status != "asked" or row.status != "open" or row.day < clock.today():
                return Problem("taken", "offer")
            situation = situation_for(work, row.day, {str(row.absent_staff_id)})
            member = next((m for m in situation.members if m.id == str(staff_id)), None)
            broken = check(member, _as_open(row), situation) if member else ("absent",)
            if broken:
                return Problem("rule", broken[0])
            swap = row.origin == "swap"
            if not repo.take(row.id, staff_id, "accepted" if swap else "filled"):
                return Problem("taken", "offer")
            repo.answer(offer, "accepted", by)
            closed = repo.close_other_offers(row.id, keep=offer.id)
            work.audit.record(by, "swap_accepted" if swap else "replacement_accepted", "replacement_offer", offer.id,
                              open_shift=row.id, staff_id=staff_id, others_closed=closed)
            if swap:
                work.commit()
                return None
            version = _publish(work, row, staff_id, by)
            work.commit()
            return version
    except IntegrityError:
        # Another change of the same week was published at the same moment: nothing was written.
        return Problem("conflict", "offer")


def _publish(work, row, staff_id: int, by: str) -> int:
    """Publish the open shift's week with only that shift changed; both people are told."""
    repo = work.after_publishing
    schedule = repo.publish_replacement(row, staff_id, by)
    row.schedule_id = schedule.id
    repo.notify(staff_id, f"filled:{row.id}", "taken", row)
    repo.notify(row.absent_staff_id, f"filled:{row.id}", "replaced" if row.origin == "absence" else "given", row)
    work.audit.record(by, "publish", "schedule", schedule.id, week=f"{schedule.iso_year}-W{schedule.iso_week:02d}",
                      version=schedule.version, added=1, removed=1, replacement=row.id)
    return schedule.version


# --- swaps: a team member gives a shift away -------------------------------------------------------
SWAP_ASKED = 5  # without a named colleague, this many of the best-ranked are asked


def give_away(staff_id: int, assignment_id, colleague, *, by: str, today: dt.date,
              uow: UnitOfWork | None = None) -> list[int] | Problem:
    """The person in the session offers one of their future published shifts to a named
    colleague (checked against the hard rules; a rule broken refuses it, named), or to the
    best-ranked colleagues who may take it. The ids of the offers made."""
    ident, named = _int(assignment_id), _int(colleague)
    with uow or UnitOfWork() as work:
        repo = work.after_publishing
        shift = next((r for r in repo.published(today + dt.timedelta(days=1), today + dt.timedelta(weeks=8), staff_id)
                      if r.id == ident), None)
        if shift is None:
            return Problem("not_found", "shift", str(assignment_id))
        if repo.pending_swap(staff_id, shift):
            return Problem("already", "shift")
        start, end = minutes(shift.starts_at), minutes(shift.ends_at)
        situation = situation_for(work, shift.day, {str(staff_id)})
        open_shift = OpenShift(shift.day, shift.place, shift.template, shift.task, start, end, required_break(end - start))
        ranked = rank(open_shift, situation)
        if named is not None:
            proposal = next((p for p in ranked if p.person == str(named)), None)
            if proposal is None:
                return Problem("not_found", "colleague", str(colleague))
            if proposal.broken:
                return Problem("rule", proposal.broken[0], proposal.name)
            chosen = [proposal]
        else:
            chosen = [p for p in ranked if p.eligible][:SWAP_ASKED]
            if not chosen:
                return Problem("nobody", "shift")
        row = repo.add_open_shift(absence_id=None, shift=shift, start=start, end=end, by=by, origin="swap")
        made = []
        for p in chosen:
            offer = repo.ask(row.id, int(p.person), by)
            made.append(offer.id)
            repo.notify(int(p.person), f"offer:{offer.id}", "asked", row)
        work.audit.record(by, "swap_offered", "open_shift", row.id, assignment=shift.id, staff_id=staff_id,
                          named=named, asked=[int(p.person) for p in chosen])
        work.commit()
        return made


def decide_swap(open_shift_id, approve: bool, *, by: str, uow: UnitOfWork | None = None) -> int | None | Problem:
    """The coordination team approves an accepted swap in one click (the rules are checked
    again; the week's new version is returned) or refuses it (None)."""
    ident = _int(open_shift_id)
    try:
        with uow or UnitOfWork() as work:
            repo = work.after_publishing
            row = repo.open_shift(ident) if ident is not None else None
            if row is None or row.origin != "swap" or row.status != "accepted":
                return Problem("not_waiting", "swap")
            taker = row.filled_by_staff_id
            if approve:
                situation = situation_for(work, row.day, {str(row.absent_staff_id)})
                member = next((m for m in situation.members if m.id == str(taker)), None)
                broken = check(member, _as_open(row), situation) if member else ("absent",)
                if broken:
                    return Problem("rule", broken[0], member.name if member else "")
            if not repo.settle_swap(row.id, approve):
                return Problem("not_waiting", "swap")
            work.audit.record(by, "swap_approved" if approve else "swap_refused", "open_shift", row.id,
                              giver=row.absent_staff_id, taker=taker)
            version = _publish(work, row, taker, by) if approve else None
            work.commit()
            return version
    except IntegrityError:
        return Problem("conflict", "swap")


# --- partner organisations answer for their members ----------------------------------------------
@dataclass(frozen=True)
class MemberOfferView:
    id: int
    person: str
    day: dt.date
    place: str
    task: str
    starts_at: dt.time
    ends_at: dt.time


def organisation_offers(organisation_id: int, today: dt.date, *, uow: UnitOfWork | None = None) -> list[MemberOfferView]:
    """Open requests to cover made to members of the organisation (from the session)."""
    with uow or UnitOfWork() as work:
        return [MemberOfferView(o.id, name, s.day, s.place, s.task, s.starts_at, s.ends_at)
                for o, s, name in work.after_publishing.offers_of_organisation(organisation_id, today)
                if o.status == "asked" and s.status == "open"]


def answer_for_organisation(offer_id, organisation_id: int, take: bool, *, by: str):
    """A partner organisation takes (or declines) a request made to one of its members, as it
    confirms its turns; another organisation's request is simply not found."""
    ident = _int(offer_id)
    with UnitOfWork() as work:
        staff_id = work.after_publishing.offer_member(ident, organisation_id) if ident is not None else None
    if staff_id is None:
        return Problem("not_found", "offer", str(offer_id))
    return accept(ident, staff_id, by=by) if take else decline(ident, staff_id, by=by)


def decline(offer_id, staff_id: int, *, by: str, uow: UnitOfWork | None = None) -> Problem | None:
    ident = _int(offer_id)
    with uow or UnitOfWork() as work:
        repo = work.after_publishing
        offer = repo.own_offer(ident, staff_id) if ident is not None else None
        if offer is None:
            return Problem("not_found", "offer", str(offer_id))
        if offer.status != "asked":
            return Problem("taken", "offer")
        repo.answer(offer, "declined", by)
        work.audit.record(by, "replacement_declined", "replacement_offer", offer.id, open_shift=offer.open_shift_id,
                          staff_id=staff_id)
        work.commit()
    return None


def team_members(today: dt.date, *, uow: UnitOfWork | None = None) -> list[tuple[str, str]]:
    """(id, name) of the team active today: whom a sick call can be recorded for."""
    with uow or UnitOfWork() as work:
        return [(m.id, m.name) for m in work.planning.members(today, today)]



# --- notices of changes --------------------------------------------------------------------------
@dataclass(frozen=True)
class NoticeView:
    id: int
    staff_id: int
    kind: str  # asked, taken, replaced
    day: dt.date
    place: str
    task: str
    starts_at: dt.time
    ends_at: dt.time
    created_at: dt.datetime
    email: str = ""
    name: str = ""
    details: dict = None  # for "published": year, week, version, added, removed


def _notice(n, email: str = "", name: str = "") -> NoticeView:
    import json

    return NoticeView(n.id, n.staff_id, n.kind, n.day, n.place, n.task, n.starts_at, n.ends_at, n.created_at, email,
                      name, json.loads(n.details or "{}"))


def my_notices(staff_id: int, *, uow: UnitOfWork | None = None) -> list[NoticeView]:
    """The newest notices of one person (from the session)."""
    with uow or UnitOfWork() as work:
        return [_notice(n) for n in work.after_publishing.notices_of(staff_id)]


def unmailed_notices(*, uow: UnitOfWork | None = None) -> list[NoticeView]:
    with uow or UnitOfWork() as work:
        return [_notice(n, email, name) for n, email, name in work.after_publishing.unmailed()]


def claim_mail(notice_id: int, *, uow: UnitOfWork | None = None) -> bool:
    """Mark a notice as mailed before it is sent; False when someone else claimed it."""
    with uow or UnitOfWork() as work:
        claimed = work.after_publishing.claim_mail(notice_id)
        work.commit()
        return claimed


def mail_failed(notice_id: int, error: str, *, uow: UnitOfWork | None = None) -> None:
    """Give a claimed notice back (it is tried again later) with the reason."""
    with uow or UnitOfWork() as work:
        work.after_publishing.mail_failed(notice_id, error)
        work.audit.record("system", "notice_mail_failed", "notice", notice_id, error=error[:300])
        work.commit()
