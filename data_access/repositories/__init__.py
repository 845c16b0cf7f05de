"""Repositories: the only place in the project where queries are written."""

from data_access.repositories.assignments import AssignmentRepository
from data_access.repositories.audit import AuditRepository
from data_access.repositories.checkin import CheckinRepository
from data_access.repositories.forecasts import ForecastRepository
from data_access.repositories.reference import ReferenceRepository
from data_access.repositories.staff import StaffRepository
from data_access.repositories.statistics import LiveStatistics, VisitStatistics
from data_access.repositories.tokens import TokenRepository
from data_access.repositories.users import UserRepository
from data_access.repositories.visits import VisitRepository

__all__ = [
    "AssignmentRepository", "AuditRepository", "CheckinRepository", "ForecastRepository", "LiveStatistics",
    "ReferenceRepository", "StaffRepository", "TokenRepository", "UserRepository", "VisitRepository",
    "VisitStatistics",
]
