"""After publishing: open shifts of sick calls, the colleagues asked, a replacement's new
version, team members' own shifts and leave requests.

A replacement is published as a new version of the week copied from its last published
version with only the open shift changed: the absent person's assignment is removed (or
cut at the time the absence began) and the colleague who accepted gets the open part,
confirmed by them. Every other assignment keeps its confirmation. A draft the coordination
team is working on gets the same change and moves behind the new version, so publishing
it later never hides the replacement.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from data_access.models import (
    Absence,
    Assignment,
    LeaveRequest,
    Location,
    Notice,
    OpenShift,
    ReplacementOffer,
    Schedule,
    ShiftTemplate,
    StaffCalendarToken,
    StaffMember,
    StaffPreference,
    User,
)
from data_access.repositories.tokens import new_token, token_hash
from planner import clock


def _now() -> dt.datetime:
    return clock.now().replace(microsecond=0)


def minutes(value: dt.time) -> int:
    return value.hour * 60 + value.minute


def as_time(value: int) -> dt.time:
    return dt.time(value // 60, value % 60)


@dataclass(frozen=True)
class PublishedShift:
    """An assignment of the newest published version of its week, with what a person reads."""

    id: int
    schedule_id: int
    version: int
    day: dt.date
    staff_id: int | None
    person: str
    organisation_id: int | None
    place: str
    place_name: str
    template: str
    template_name: str
    template_name_en: str
    task: str
    starts_at: dt.time
    ends_at: dt.time
    break_minutes: int
    confirmation: str


class AfterPublishingRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    # --- published shifts ------------------------------------------------------------
    def _newest_published(self):
        return (
            select(Schedule.iso_year, Schedule.iso_week, func.max(Schedule.version).label("version"))
            .where(Schedule.status == "published")
            .group_by(Schedule.iso_year, Schedule.iso_week)
            .subquery()
        )

    def published(self, start: dt.date, end: dt.date, staff_id: int | None = None) -> list[PublishedShift]:
        """Assignments of the newest published version of each week, start <= day <= end
        (only one person's with `staff_id`), in the order of day and time."""
        newest = self._newest_published()
        stmt = (
            select(Assignment, Schedule.version, Location.code, Location.name, ShiftTemplate, StaffMember.display_name)
            .join(Schedule, Schedule.id == Assignment.schedule_id)
            .join(newest, (newest.c.iso_year == Schedule.iso_year) & (newest.c.iso_week == Schedule.iso_week)
                  & (newest.c.version == Schedule.version))
            .join(Location, Location.id == Assignment.location_id)
            .outerjoin(ShiftTemplate, ShiftTemplate.id == Assignment.shift_template_id)
            .outerjoin(StaffMember, StaffMember.id == Assignment.staff_id)
            .where(Schedule.status == "published", Assignment.day.between(start, end))
            .order_by(Assignment.day, Assignment.starts_at, Location.code, Assignment.id)
        )
        if staff_id is not None:
            stmt = stmt.where(Assignment.staff_id == staff_id)
        return [
            PublishedShift(
                a.id, a.schedule_id, version, a.day, a.staff_id, name or "", a.organisation_id, code, place_name,
                template.code if template else "", template.name if template else "",
                (template.name_en or template.name) if template else "", a.task, a.starts_at, a.ends_at,
                template.break_minutes if template and minutes(a.starts_at) == minutes(template.starts_at) else 0,
                a.confirmation,
            )
            for a, version, code, place_name, template, name in self.session.execute(stmt)
        ]

    def absences_between(self, start: dt.date, end: dt.date) -> list[Absence]:
        stmt = select(Absence).where(Absence.starts_on <= end, Absence.ends_on >= start)
        return list(self.session.scalars(stmt))

    def staff(self, staff_id: int) -> StaffMember | None:
        return self.session.get(StaffMember, staff_id)

    def staff_names(self) -> dict[int, str]:
        return dict(self.session.execute(select(StaffMember.id, StaffMember.display_name)).all())

    # --- sick calls and open shifts ------------------------------------------------------
    def add_absence(self, staff_id: int, starts_on: dt.date, ends_on: dt.date, kind: str,
                    starts_at: dt.time | None, note: str | None = None) -> Absence:
        absence = Absence(staff_id=staff_id, starts_on=starts_on, ends_on=ends_on, kind=kind, starts_at=starts_at,
                          note=note)
        self.session.add(absence)
        self.session.flush()
        return absence

    def add_open_shift(self, *, absence_id: int | None, shift: PublishedShift, start: int, end: int, by: str,
                       origin: str = "absence") -> OpenShift:
        row = OpenShift(absence_id=absence_id, absent_staff_id=shift.staff_id, day=shift.day, place=shift.place,
                        template=shift.template, task=shift.task, starts_at=as_time(start), ends_at=as_time(end),
                        shift_starts_at=shift.starts_at, status="open", origin=origin, created_at=_now(),
                        created_by=by)
        self.session.add(row)
        self.session.flush()
        return row

    def open_shift(self, open_shift_id: int) -> OpenShift | None:
        return self.session.get(OpenShift, open_shift_id)

    def open_shifts(self, since: dt.date) -> list[OpenShift]:
        stmt = select(OpenShift).where(OpenShift.day >= since).order_by(OpenShift.day, OpenShift.starts_at, OpenShift.id)
        return list(self.session.scalars(stmt))

    def offers_of_shift(self, open_shift_id: int) -> list[ReplacementOffer]:
        stmt = select(ReplacementOffer).where(ReplacementOffer.open_shift_id == open_shift_id).order_by(ReplacementOffer.id)
        return list(self.session.scalars(stmt))

    def offers_of_staff(self, staff_id: int, since: dt.date) -> list[tuple[ReplacementOffer, OpenShift]]:
        stmt = (
            select(ReplacementOffer, OpenShift)
            .join(OpenShift, OpenShift.id == ReplacementOffer.open_shift_id)
            .where(ReplacementOffer.staff_id == staff_id, OpenShift.day >= since)
            .order_by(OpenShift.day, OpenShift.starts_at)
        )
        return [tuple(r) for r in self.session.execute(stmt)]

    def offers_of_organisation(self, organisation_id: int, since: dt.date) -> list[tuple[ReplacementOffer, OpenShift, str]]:
        """Offers made to members of a (partner) organisation, from `since` on, with the member's name."""
        stmt = (
            select(ReplacementOffer, OpenShift, StaffMember.display_name)
            .join(OpenShift, OpenShift.id == ReplacementOffer.open_shift_id)
            .join(StaffMember, StaffMember.id == ReplacementOffer.staff_id)
            .where(StaffMember.organisation_id == organisation_id, OpenShift.day >= since)
            .order_by(OpenShift.day, OpenShift.starts_at)
        )
        return [tuple(r) for r in self.session.execute(stmt)]

    def offer_member(self, offer_id: int, organisation_id: int) -> int | None:
        """The staff id an offer was made to, if they belong to the organisation; else None."""
        return self.session.scalar(
            select(ReplacementOffer.staff_id).join(StaffMember, StaffMember.id == ReplacementOffer.staff_id)
            .where(ReplacementOffer.id == offer_id, StaffMember.organisation_id == organisation_id))

    def ask(self, open_shift_id: int, staff_id: int, by: str) -> ReplacementOffer | None:
        """Ask a colleague (once per shift); None when they were asked before."""
        exists = self.session.scalar(select(ReplacementOffer.id).where(
            ReplacementOffer.open_shift_id == open_shift_id, ReplacementOffer.staff_id == staff_id))
        if exists is not None:
            return None
        offer = ReplacementOffer(open_shift_id=open_shift_id, staff_id=staff_id, status="asked", asked_by=by,
                                 asked_at=_now())
        self.session.add(offer)
        self.session.flush()
        return offer

    def own_offer(self, offer_id: int, staff_id: int) -> ReplacementOffer | None:
        """The offer if it was made to this person; another person's is simply not found."""
        return self.session.scalar(select(ReplacementOffer).where(
            ReplacementOffer.id == offer_id, ReplacementOffer.staff_id == staff_id))

    def answer(self, offer: ReplacementOffer, status: str, by: str) -> None:
        offer.status = status
        offer.answered_by = by
        offer.answered_at = _now()
        self.session.flush()

    def take(self, open_shift_id: int, staff_id: int, status: str = "filled") -> bool:
        """Mark the open shift filled (or, for a swap, accepted) by `staff_id`; False when
        someone else was first (the UPDATE matches only while it is still open: of two at
        once, exactly one wins)."""
        result = self.session.execute(
            update(OpenShift).where(OpenShift.id == open_shift_id, OpenShift.status == "open")
            .values(status=status, filled_by_staff_id=staff_id, filled_at=_now())
        )
        return result.rowcount == 1

    def settle_swap(self, open_shift_id: int, approve: bool) -> bool:
        """The coordination team's decision on an accepted swap; False when it is not waiting."""
        result = self.session.execute(
            update(OpenShift).where(OpenShift.id == open_shift_id, OpenShift.status == "accepted",
                                    OpenShift.origin == "swap")
            .values(status="filled" if approve else "cancelled")
        )
        return result.rowcount == 1

    def pending_swap(self, staff_id: int, shift: PublishedShift) -> bool:
        """Whether the person gives this shift away already (open or accepted)."""
        return self.session.scalar(select(OpenShift.id).where(
            OpenShift.absent_staff_id == staff_id, OpenShift.day == shift.day, OpenShift.place == shift.place,
            OpenShift.task == shift.task, OpenShift.origin == "swap",
            OpenShift.status.in_(("open", "accepted"))).limit(1)) is not None

    def close_other_offers(self, open_shift_id: int, keep: int) -> int:
        result = self.session.execute(
            update(ReplacementOffer)
            .where(ReplacementOffer.open_shift_id == open_shift_id, ReplacementOffer.id != keep,
                   ReplacementOffer.status == "asked")
            .values(status="too_late", answered_at=_now())
        )
        return result.rowcount

    # --- a replacement as a new published version --------------------------------------------
    def publish_replacement(self, open_shift: OpenShift, staff_id: int, by: str) -> Schedule:
        """A new published version of the open shift's week with only that shift changed."""
        year, week, _ = open_shift.day.isocalendar()
        versions = list(self.session.scalars(
            select(Schedule).where(Schedule.iso_year == year, Schedule.iso_week == week).order_by(Schedule.version)))
        published = [s for s in versions if s.status == "published"]
        if not published:
            raise LookupError("the week has no published version")
        source = published[-1]
        draft = next((s for s in reversed(versions) if s.status == "draft"), None)
        now = _now()
        number = max(s.version for s in versions) + 1
        if draft is not None:
            # The draft moves behind the new version (its number goes to the new version).
            number, draft.version = draft.version, number
            self.session.flush()
        new = Schedule(iso_year=year, iso_week=week, version=number, status="published",
                       created_at=now, created_by=by, published_at=now, forecast_run_id=source.forecast_run_id,
                       objective=None, solver_status="REPLACEMENT")
        self.session.add(new)
        self.session.flush()
        self._apply(source.id, new.id, open_shift, staff_id, by, now)
        if draft is not None:
            # The draft carries the same change.
            self._apply(draft.id, draft.id, open_shift, staff_id, by, None)
        self.session.flush()
        return new

    def _apply(self, source_id: int, target_id: int, open_shift: OpenShift, staff_id: int, by: str,
               now: dt.datetime | None) -> None:
        location_id = self.session.scalar(select(Location.id).where(Location.code == open_shift.place))
        template_id = self.session.scalar(select(ShiftTemplate.id).where(
            ShiftTemplate.location_id == location_id, ShiftTemplate.code == open_shift.template))
        rows = list(self.session.scalars(select(Assignment).where(Assignment.schedule_id == source_id)))
        absent = next((a for a in rows if a.staff_id == open_shift.absent_staff_id and a.day == open_shift.day
                       and a.location_id == location_id and a.task == open_shift.task
                       and a.shift_template_id == template_id), None)
        copy = source_id != target_id
        for a in rows:
            if a is absent:
                continue
            if copy:
                self.session.add(_copy(a, target_id))
        cut = open_shift.starts_at > open_shift.shift_starts_at
        if absent is not None:
            if cut:
                # The absent person worked until the sick call: their shift ends then.
                kept = _copy(absent, target_id) if copy else absent
                kept.ends_at = open_shift.starts_at
                if copy:
                    self.session.add(kept)
            elif not copy:
                self.session.delete(absent)
        organisation_id = self.session.scalar(select(StaffMember.organisation_id).where(StaffMember.id == staff_id))
        self.session.add(Assignment(
            schedule_id=target_id, day=open_shift.day, location_id=location_id, staff_id=staff_id,
            organisation_id=organisation_id, shift_template_id=template_id, starts_at=open_shift.starts_at,
            ends_at=open_shift.ends_at, task=open_shift.task, locked=True,
            confirmation="confirmed" if now else "pending", confirmed_by=by if now else None, confirmed_at=now,
        ))
        self.session.flush()

    def publish_changes(self, source: Schedule, changes: list[tuple[int, dt.date, "PlannedShift | None"]],
                        by: str) -> Schedule:
        """A new published version of `source`'s week with only the given person-days changed:
        each (staff id, day, new shift or None for a day off) replaces that person's assignment
        of the day; every other assignment is copied with its confirmation. A draft in progress
        gets the same change and moves behind the new version (as for a replacement)."""
        versions = list(self.session.scalars(
            select(Schedule).where(Schedule.iso_year == source.iso_year, Schedule.iso_week == source.iso_week)
            .order_by(Schedule.version)))
        draft = next((s for s in reversed(versions) if s.status == "draft"), None)
        now = _now()
        number = max(s.version for s in versions) + 1
        if draft is not None:
            number, draft.version = draft.version, number
            self.session.flush()
        new = Schedule(iso_year=source.iso_year, iso_week=source.iso_week, version=number, status="published",
                       created_at=now, created_by=by, published_at=now, forecast_run_id=source.forecast_run_id,
                       objective=None, solver_status="REPLAN")
        self.session.add(new)
        self.session.flush()
        touched = {(staff_id, day) for staff_id, day, _ in changes}
        for a in self.session.scalars(select(Assignment).where(Assignment.schedule_id == source.id)):
            if (a.staff_id, a.day) not in touched:
                self.session.add(_copy(a, new.id))
        if draft is not None:
            for a in list(self.session.scalars(select(Assignment).where(Assignment.schedule_id == draft.id))):
                if (a.staff_id, a.day) in touched:
                    self.session.delete(a)
        locations = {code: id_ for id_, code in self.session.execute(select(Location.id, Location.code))}
        templates = {(place, code): id_ for id_, place, code in self.session.execute(
            select(ShiftTemplate.id, Location.code, ShiftTemplate.code).join(Location))}
        organisations = dict(self.session.execute(select(StaffMember.id, StaffMember.organisation_id)).all())
        for staff_id, day, shift in changes:
            if shift is None:
                continue
            for target in (new.id, draft.id if draft is not None else None):
                if target is None:
                    continue
                self.session.add(Assignment(
                    schedule_id=target, day=day, location_id=locations[shift.place], staff_id=staff_id,
                    organisation_id=organisations.get(staff_id), shift_template_id=templates.get((shift.place, shift.template)),
                    starts_at=as_time(shift.start), ends_at=as_time(shift.end), task=shift.task, locked=False,
                    confirmation="pending"))
        self.session.flush()
        return new

    def close_open_shifts(self, staff_id: int, days: set[dt.date]) -> list[int]:
        """Close the still open shifts of an absent person on `days` (a re-plan covered them);
        their unanswered offers end as too late. The ids closed."""
        rows = list(self.session.scalars(select(OpenShift).where(
            OpenShift.absent_staff_id == staff_id, OpenShift.day.in_(days), OpenShift.status == "open")))
        for row in rows:
            row.status = "cancelled"
            self.session.execute(update(ReplacementOffer).where(
                ReplacementOffer.open_shift_id == row.id, ReplacementOffer.status == "asked")
                .values(status="too_late", answered_at=_now()))
        self.session.flush()
        return [r.id for r in rows]

    # --- notices ----------------------------------------------------------------------------
    def notify(self, staff_id: int, key: str, kind: str, shift: OpenShift) -> Notice | None:
        """A notice of one change for one person; None when they were told of it already."""
        exists = self.session.scalar(select(Notice.id).where(Notice.staff_id == staff_id, Notice.key == key))
        if exists is not None:
            return None
        notice = Notice(staff_id=staff_id, key=key, kind=kind, day=shift.day, place=shift.place, task=shift.task,
                        starts_at=shift.starts_at, ends_at=shift.ends_at, created_at=_now())
        self.session.add(notice)
        self.session.flush()
        return notice

    def notify_published(self, schedule_id: int, previous_id: int | None) -> int:
        """One notice per person whose shifts a published version changed (against the version
        published before): the week, the version and how many of their shifts came and went."""
        from data_access.repositories.schedules import ScheduleRepository, compare

        schedules = ScheduleRepository(self.session)
        schedule = schedules.get(schedule_id)
        diff = compare(schedules.rows(previous_id) if previous_id else [], schedules.rows(schedule_id))
        per: dict[int, dict] = {}
        for kind in ("added", "removed"):
            for row in diff[kind]:
                if row.staff_id is None:
                    continue
                entry = per.setdefault(row.staff_id, {"added": 0, "removed": 0, "first": row})
                entry[kind] += 1
                if kind == "added" and entry["first"] not in diff["added"]:
                    entry["first"] = row
        made = 0
        for staff_id, entry in per.items():
            first = entry["first"]
            key = f"publish:{schedule_id}"
            if self.session.scalar(select(Notice.id).where(Notice.staff_id == staff_id, Notice.key == key)):
                continue
            self.session.add(Notice(
                staff_id=staff_id, key=key, kind="published", day=first.day, place=first.place, task=first.task,
                starts_at=first.starts_at, ends_at=first.ends_at, created_at=_now(),
                details=json.dumps({"week": schedule.iso_week, "year": schedule.iso_year, "version": schedule.version,
                                    "added": entry["added"], "removed": entry["removed"]}),
            ))
            made += 1
        self.session.flush()
        return made

    def notices_of(self, staff_id: int, limit: int = 20) -> list[Notice]:
        stmt = select(Notice).where(Notice.staff_id == staff_id).order_by(Notice.created_at.desc(), Notice.id.desc())
        return list(self.session.scalars(stmt.limit(limit)))

    def unmailed(self) -> list[tuple[Notice, str, str]]:
        """(notice, e-mail address, name) of notices not mailed yet to people with an address."""
        stmt = (
            select(Notice, StaffMember.email, StaffMember.display_name)
            .join(StaffMember, StaffMember.id == Notice.staff_id)
            .where(Notice.mailed_at.is_(None), StaffMember.email.is_not(None), StaffMember.email != "")
            .order_by(Notice.id)
        )
        return [tuple(r) for r in self.session.execute(stmt)]

    def claim_mail(self, notice_id: int) -> bool:
        """Mark a notice mailed before sending it; False when another process did (no mail twice)."""
        result = self.session.execute(
            update(Notice).where(Notice.id == notice_id, Notice.mailed_at.is_(None)).values(mailed_at=_now()))
        return result.rowcount == 1

    def mail_failed(self, notice_id: int, error: str) -> None:
        self.session.execute(update(Notice).where(Notice.id == notice_id).values(mailed_at=None, mail_error=error[:300]))

    # --- a team member's calendar subscription ---------------------------------------------------
    def renew_calendar(self, staff_id: int) -> str:
        """Revoke the person's subscription address(es) and make a new one; the plain token once."""
        self.revoke_calendar(staff_id)
        token = new_token()
        self.session.add(StaffCalendarToken(staff_id=staff_id, token_hash=token_hash(token), created_at=_now()))
        self.session.flush()
        return token

    def revoke_calendar(self, staff_id: int) -> int:
        result = self.session.execute(
            update(StaffCalendarToken).where(StaffCalendarToken.staff_id == staff_id,
                                             StaffCalendarToken.revoked_at.is_(None)).values(revoked_at=_now()))
        return result.rowcount

    def calendar_since(self, staff_id: int) -> dt.datetime | None:
        return self.session.scalar(select(StaffCalendarToken.created_at).where(
            StaffCalendarToken.staff_id == staff_id, StaffCalendarToken.revoked_at.is_(None))
            .order_by(StaffCalendarToken.created_at.desc()).limit(1))

    def staff_for_calendar(self, token: str) -> int | None:
        return self.session.scalar(select(StaffCalendarToken.staff_id).where(
            StaffCalendarToken.token_hash == token_hash(token), StaffCalendarToken.revoked_at.is_(None)))

    # --- team logins --------------------------------------------------------------------
    def user_staff(self, user_id: int) -> int | None:
        return self.session.scalar(select(User.staff_id).where(User.id == user_id))

    # --- a team member's own wishes ----------------------------------------------------------
    def wishes_of(self, staff_id: int, since: dt.date) -> list[StaffPreference]:
        stmt = (select(StaffPreference).where(StaffPreference.staff_id == staff_id, StaffPreference.day >= since)
                .order_by(StaffPreference.day, StaffPreference.id))
        return list(self.session.scalars(stmt))

    def week_published(self, day: dt.date) -> bool:
        year, week, _ = day.isocalendar()
        return self.session.scalar(select(Schedule.id).where(
            Schedule.iso_year == year, Schedule.iso_week == week, Schedule.status == "published").limit(1)) is not None

    # --- leave requests -------------------------------------------------------------------
    def add_leave_request(self, staff_id: int, starts_on: dt.date, ends_on: dt.date, note: str | None,
                          by: str) -> LeaveRequest:
        row = LeaveRequest(staff_id=staff_id, starts_on=starts_on, ends_on=ends_on, note=note, status="pending",
                           requested_at=_now(), requested_by=by)
        self.session.add(row)
        self.session.flush()
        return row

    def leave_requests(self, staff_id: int | None = None, status: str | None = None) -> list[LeaveRequest]:
        stmt = select(LeaveRequest).order_by(LeaveRequest.starts_on, LeaveRequest.id)
        if staff_id is not None:
            stmt = stmt.where(LeaveRequest.staff_id == staff_id)
        if status is not None:
            stmt = stmt.where(LeaveRequest.status == status)
        return list(self.session.scalars(stmt))

    def decide_leave(self, request_id: int, approve: bool, by: str) -> LeaveRequest | None:
        """Approve (an absence of kind vacation) or refuse a pending request; None when it is
        not pending (decided already, or unknown). The UPDATE matches only a pending row."""
        result = self.session.execute(
            update(LeaveRequest).where(LeaveRequest.id == request_id, LeaveRequest.status == "pending")
            .values(status="approved" if approve else "refused", decided_by=by, decided_at=_now())
        )
        if result.rowcount != 1:
            return None
        row = self.session.get(LeaveRequest, request_id)
        self.session.refresh(row)
        if approve:
            absence = self.add_absence(row.staff_id, row.starts_on, row.ends_on, "vacation", None, row.note)
            row.absence_id = absence.id
            self.session.flush()
        return row


def _copy(a: Assignment, schedule_id: int) -> Assignment:
    return Assignment(
        schedule_id=schedule_id, day=a.day, location_id=a.location_id, staff_id=a.staff_id,
        organisation_id=a.organisation_id, shift_template_id=a.shift_template_id, starts_at=a.starts_at,
        ends_at=a.ends_at, task=a.task, locked=a.locked, confirmation=a.confirmation, confirmed_by=a.confirmed_by,
        confirmed_at=a.confirmed_at, decline_reason=a.decline_reason,
    )
