"""The audit log: who changed what, when."""

from __future__ import annotations

import json

from sqlalchemy import not_, or_, select
from sqlalchemy.orm import Session

from data_access.models import AuditEvent
from planner import clock


class AuditRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def record(self, actor: str, action: str, entity: str, entity_id: int | None = None, **details) -> None:
        self.session.add(
            AuditEvent(
                at=clock.now().replace(microsecond=0), actor=actor, action=action,
                entity=entity, entity_id=entity_id, details=json.dumps(details, default=str),
            )
        )

    def latest_id(self, ignoring: tuple[str, ...] = ()) -> int:
        """The newest event's id (0 for an empty log), leaving out actions that start with one
        of `ignoring`: every audited change moves it, so it tells a cache whether anything
        was changed since (read from the newest event backwards)."""
        stmt = select(AuditEvent.id).order_by(AuditEvent.id.desc()).limit(1)
        if ignoring:
            stmt = stmt.where(not_(or_(*(AuditEvent.action.startswith(p, autoescape=True) for p in ignoring))))
        return self.session.scalar(stmt) or 0

    def latest(self, limit: int = 50) -> list[AuditEvent]:
        stmt = select(AuditEvent).order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).limit(limit)
        return list(self.session.scalars(stmt))

    def latest_of(self, action_prefix: str, limit: int = 50) -> list[AuditEvent]:
        """The newest events whose action starts with `action_prefix`."""
        stmt = (select(AuditEvent).where(AuditEvent.action.startswith(action_prefix, autoescape=True))
                .order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).limit(limit))
        return list(self.session.scalars(stmt))
