"""A unit of work without a database, for testing use cases (dashboard/services) alone.

`FakeUnitOfWork(schedules=..., audit=...)` carries whichever fake repositories a use case
needs; reaching for one it was not given fails loudly. It records whether the use case
committed, so a test can tell "written" from "rolled back".
"""

from __future__ import annotations

from dataclasses import dataclass, field


class FakeUnitOfWork:
    def __init__(self, **repositories) -> None:
        self._repositories = repositories
        self.committed = False
        self.opened = 0

    def __getattr__(self, name):
        try:
            return self.__dict__["_repositories"][name]
        except KeyError:
            raise AttributeError(f"this fake unit of work has no repository {name!r}") from None

    def __enter__(self):
        self.opened += 1
        return self

    def __exit__(self, *exc) -> None:
        return None

    def commit(self) -> None:
        self.committed = True

    def rollback(self) -> None:
        self.committed = False


@dataclass
class FakeAudit:
    """The audit log as a list of (who, action, kind, id, details)."""

    lines: list[tuple] = field(default_factory=list)

    def record(self, actor, action, entity, entity_id=None, **details) -> None:
        # The real repository's parameter names: a detail called "kind" or "who" must fit.
        self.lines.append((actor, action, entity, entity_id, details))

    def latest_id(self, ignoring: tuple[str, ...] = ()) -> int:
        return max((i + 1 for i, line in enumerate(self.lines) if not line[1].startswith(tuple(ignoring) or ("\0",))),
                   default=0)


@dataclass
class FakeQueue:
    """The queue's tickets as far as the check-in use cases move them: issued per visit, then
    followed (called, finished, left) as (visit id, event)."""

    issued: dict[int, object] = field(default_factory=dict)
    followed: list[tuple[int, str]] = field(default_factory=list)

    def issue(self, visit, language, new_visit=False):
        from types import SimpleNamespace

        if visit.id not in self.issued:
            self.issued[visit.id] = SimpleNamespace(label=f"B-{len(self.issued) + 1:03d}", token=f"tok{visit.id}",
                                                    language=language)
        return self.issued[visit.id]

    def follow_visit(self, visit_id, event, at):
        self.followed.append((visit_id, event))


@dataclass
class FakeDeskSteps:
    """The check-in page's call and finish (DeskStepRepository) as the fake check-in, queue
    and audit repositories take them: the visit changed, its ticket followed, one audit line."""

    checkin: object
    queue: FakeQueue
    audit: FakeAudit

    def record(self, arrival, at, key, actor):
        return None  # the one-statement path is PostgreSQL's: these use cases take the general one

    def call(self, visit_id, at, actor):
        visit = self.checkin.call(visit_id, at)
        self.queue.follow_visit(visit.id, "called", at)
        self.audit.record(actor, "visit_called", "visit", visit.id)
        return visit.wait_minutes

    def finish(self, visit_id, at, outcome, video, actor):
        visit = self.checkin.finish(visit_id, at, outcome, video)
        self.queue.follow_visit(visit.id, "finished", at)
        self.audit.record(actor, "visit_finished", "visit", visit.id)
        return visit.service_minutes
