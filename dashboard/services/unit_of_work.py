"""The unit of work: one transaction, the repositories on it, commit or nothing.

Every use case in dashboard/services takes a unit of work and returns plain data:

    def publish_draft(uow: UnitOfWork, iso_year: int, iso_week: int, *, by: str): ...
        with uow:
            draft = uow.schedules.draft(iso_year, iso_week)
            ...
            uow.audit.record(by, "publish", "schedule", draft.id)
            uow.commit()

Leaving the block without `commit()` rolls everything back, so a use case that raises
or returns early writes nothing. Entry points (pages, callbacks, Flask routes, the API)
pass `UnitOfWork()` (the database DATABASE_URL names); tests of a use case pass a fake
with in-memory repositories (tests/services/fakes.py). docs/architecture.md has the picture.
"""

from __future__ import annotations

from functools import cached_property
from types import TracebackType

from sqlalchemy.orm import Session

from data_access.db import open_session
from data_access.repositories.after_publishing import AfterPublishingRepository
from data_access.repositories.assignments import AssignmentRepository
from data_access.repositories.audit import AuditRepository
from data_access.repositories.checkin import CheckinRepository
from data_access.repositories.courses import CourseRepository
from data_access.repositories.day_counts import DayCountRepository
from data_access.repositories.desk_steps import DeskStepRepository
from data_access.repositories.forecasts import ForecastRepository
from data_access.repositories.imported_staff import ImportedStaffRepository
from data_access.repositories.imported_visits import ImportedVisitRepository
from data_access.repositories.ledger import VisitLedger
from data_access.repositories.login_attempts import LoginAttemptRepository
from data_access.repositories.planning import PlanningRepository
from data_access.repositories.queue import QueueRepository
from data_access.repositories.reference import ReferenceRepository
from data_access.repositories.schedules import ScheduleRepository
from data_access.repositories.session_versions import SessionVersionRepository
from data_access.repositories.staff import StaffRepository
from data_access.repositories.statistics import LiveStatistics, ReportStatistics, StatsRollup, VisitStatistics
from data_access.repositories.tokens import TokenRepository
from data_access.repositories.users import UserRepository
from data_access.repositories.visits import VisitRepository


class UnitOfWork:
    """One session, opened on `with` and closed after it; repositories made on first use."""

    def __init__(self, url: str | None = None) -> None:
        self._url = url
        self._session: Session | None = None

    def __enter__(self) -> UnitOfWork:
        if self._session is not None:
            raise RuntimeError("a unit of work is used for one transaction only")
        self._session = open_session(self._url)
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        session, self._session = self._session, None
        try:
            session.rollback()  # a no-op after commit(); undoes everything otherwise
        finally:
            session.close()

    def commit(self) -> None:
        self.session.commit()

    def rollback(self) -> None:
        self.session.rollback()

    @property
    def session(self) -> Session:
        if self._session is None:
            raise RuntimeError("open the unit of work with `with uow:` first")
        return self._session

    # The repositories, one per kind of data (data_access/repositories).
    @cached_property
    def after_publishing(self) -> AfterPublishingRepository:
        return AfterPublishingRepository(self.session)

    @cached_property
    def assignments(self) -> AssignmentRepository:
        return AssignmentRepository(self.session)

    @cached_property
    def audit(self) -> AuditRepository:
        return AuditRepository(self.session)

    @cached_property
    def checkin(self) -> CheckinRepository:
        return CheckinRepository(self.session)

    @cached_property
    def courses(self) -> CourseRepository:
        return CourseRepository(self.session)

    @cached_property
    def day_counts(self) -> DayCountRepository:
        return DayCountRepository(self.session)

    @cached_property
    def desk_steps(self) -> DeskStepRepository:
        return DeskStepRepository(self.session)

    @cached_property
    def forecasts(self) -> ForecastRepository:
        return ForecastRepository(self.session)

    @cached_property
    def imported_staff(self) -> ImportedStaffRepository:
        return ImportedStaffRepository(self.session)

    @cached_property
    def imported_visits(self) -> ImportedVisitRepository:
        return ImportedVisitRepository(self.session)

    @cached_property
    def ledger(self) -> VisitLedger:
        return VisitLedger(self.session)

    @cached_property
    def live(self) -> LiveStatistics:
        return LiveStatistics(self.session)

    @cached_property
    def login_attempts(self) -> LoginAttemptRepository:
        return LoginAttemptRepository(self.session)

    @cached_property
    def planning(self) -> PlanningRepository:
        return PlanningRepository(self.session)

    @cached_property
    def queue(self) -> QueueRepository:
        return QueueRepository(self.session)

    @cached_property
    def reference(self) -> ReferenceRepository:
        return ReferenceRepository(self.session)

    @cached_property
    def report_statistics(self) -> ReportStatistics:
        return ReportStatistics(self.session)

    @cached_property
    def rollup(self) -> StatsRollup:
        return StatsRollup(self.session)

    @cached_property
    def schedules(self) -> ScheduleRepository:
        return ScheduleRepository(self.session)

    @cached_property
    def session_versions(self) -> SessionVersionRepository:
        return SessionVersionRepository(self.session)

    @cached_property
    def staff(self) -> StaffRepository:
        return StaffRepository(self.session)

    @cached_property
    def statistics(self) -> VisitStatistics:
        return VisitStatistics(self.session)

    @cached_property
    def tokens(self) -> TokenRepository:
        return TokenRepository(self.session)

    @cached_property
    def users(self) -> UserRepository:
        return UserRepository(self.session)

    @cached_property
    def visits(self) -> VisitRepository:
        return VisitRepository(self.session)
