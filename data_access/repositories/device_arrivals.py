"""Arrivals posted by check-in devices (the REST API): few round trips, no ORM objects.

Ticket machines post every arrival of the day, and in a rush fifty of them at once, so this
path is written for the database: one query finds the device and the place, one INSERT ...
ON CONFLICT DO NOTHING stores the visit unless the device already sent that idempotency key
(the unique constraint decides, also between two racing retries), one INSERT writes the
audit row. The desk's path (CheckinRepository.record_arrival) stays on the ORM; both write
the same visit row.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from data_access.models import AuditEvent, DeviceToken, Location, Visit
from data_access.repositories.checkin import Arrival, slot_of, validate_arrival
from data_access.repositories.tokens import token_hash

VISIT = Visit.__table__
# last_used_at tells the admin whether a device is still in use; minute precision is
# plenty, and writing it on every post would make all posts of a device queue on its row.
LAST_USED_EVERY = dt.timedelta(minutes=1)
VISIT_COLUMNS = (
    VISIT.c.id, VISIT.c.location_id, VISIT.c.arrived_at, VISIT.c.called_at, VISIT.c.finished_at,
    VISIT.c.target_group, VISIT.c.language, VISIT.c.concern, VISIT.c.video_interpreter, VISIT.c.outcome,
    VISIT.c.wait_minutes, VISIT.c.service_minutes,
)

# Built once: composing a statement costs more than running it on this path.
DEVICE_AND_PLACE = (
    select(DeviceToken.id, DeviceToken.last_used_at, Location.id, Location.code, Location.kind)
    .select_from(DeviceToken)
    .outerjoin(Location, Location.code == bindparam("code"))
    .where(DeviceToken.token_hash == bindparam("hash"), DeviceToken.revoked_at.is_(None))
)
INSERT_VISIT = {
    name: dialect.insert(VISIT).on_conflict_do_nothing(index_elements=["device_token_id", "idempotency_key"])
    .returning(VISIT.c.id)
    for name, dialect in (("postgresql", postgresql), ("sqlite", sqlite))
}
INSERT_AUDIT = insert(AuditEvent.__table__)
TOUCH_DEVICE = update(DeviceToken.__table__).where(DeviceToken.id == bindparam("device")).values(
    last_used_at=bindparam("now"))
VISIT_BY_KEY = select(*VISIT_COLUMNS).where(VISIT.c.device_token_id == bindparam("device"),
                                           VISIT.c.idempotency_key == bindparam("key"))


@dataclass(frozen=True)
class Device:
    id: int
    last_used_at: dt.datetime | None


@dataclass(frozen=True)
class Place:
    id: int
    code: str
    kind: str


@dataclass(frozen=True)
class StoredVisit:
    """A visit as the API returns it (plain values, read in the request's transaction)."""

    id: int
    location_id: int
    arrived_at: dt.datetime
    called_at: dt.datetime | None
    finished_at: dt.datetime | None
    target_group: str
    language: str
    concern: str
    video_interpreter: bool
    outcome: str | None
    wait_minutes: float | None
    service_minutes: float | None

    def same_arrival(self, arrival: Arrival) -> bool:
        return (self.location_id, self.target_group, self.language, self.concern) == (
            arrival.location_id, arrival.target_group, arrival.language, arrival.concern,
        )


class DeviceArrivals:
    def __init__(self, session: Session) -> None:
        self.session = session
        self._db = session.connection()  # Core statements on the session's transaction

    def device_and_place(self, token: str, location_code: str | None) -> tuple[Device | None, Place | None]:
        """The active device of a bearer token and the place of a code, in one query.

        (None, None) for an unknown or revoked token; (device, None) for an unknown place.
        """
        row = self._db.execute(DEVICE_AND_PLACE, {"code": location_code, "hash": token_hash(token)}).first()
        if row is None:
            return None, None
        return Device(row[0], row[1]), (Place(row[2], row[3], row[4]) if row[2] is not None else None)

    def record_once(self, device: Device, location: Place, arrival: Arrival, at: dt.datetime, key: str,
                    now: dt.datetime) -> tuple[StoredVisit, bool]:
        """(visit, created): a new visit arrived `at`, or the one this device stored earlier with this key."""
        validate_arrival(arrival)
        values = dict(
            location_id=location.id, arrived_at=at, day=at.date(), weekday=at.weekday(), slot=slot_of(at),
            channel="infopoint" if location.kind == "infopoint" else "advice",
            target_group=arrival.target_group, language=arrival.language, concern=arrival.concern,
            video_interpreter=False, device_token_id=device.id, idempotency_key=key,
        )
        visit_id = self._db.execute(INSERT_VISIT[self._db.dialect.name], values).scalar()
        if visit_id is None:
            return self.by_key(device.id, key), False
        self._db.execute(INSERT_AUDIT, dict(
            at=now.replace(microsecond=0), actor=f"device:{device.id}",
            action="visit_arrival", entity="visit", entity_id=visit_id, details="{}",
        ))
        self._touch(device, now)
        visit = StoredVisit(visit_id, location.id, at, None, None, arrival.target_group, arrival.language,
                            arrival.concern, False, None, None, None)
        return visit, True

    def by_key(self, device_id: int, key: str) -> StoredVisit:
        row = self._db.execute(VISIT_BY_KEY, {"device": device_id, "key": key}).one()
        return StoredVisit(*row[:8], bool(row[8]), *row[9:])

    def _touch(self, device: Device, now: dt.datetime) -> None:
        if device.last_used_at is None or now - device.last_used_at >= LAST_USED_EVERY:
            self._db.execute(TOUCH_DEVICE, {"device": device.id, "now": now})
