"""SQLAlchemy 2 typed models of the centre's data (docs/architecture.md).

Enumerations are stored as short strings guarded by CHECK constraints rather than
database enum types, so the same Alembic migrations serve SQLite and PostgreSQL.
Visits carry no personal data: no name, no identifier of the visitor.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    SmallInteger,
    String,
    Text,
    Time,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from planner.roles import ROLE_NAMES

# Named constraints keep Alembic's autogenerate and SQLite batch migrations stable.
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

LOCATION_KINDS = ("infopoint", "service_centre")
CHANNELS = ("infopoint", "advice")
TARGET_GROUPS = ("ukraine", "other")
OUTCOMES = ("served", "left", "referred")
ORGANISATION_KINDS = ("city", "partner")
STAFF_ROLES = tuple(ROLE_NAMES)  # the codes, in the order the interface lists them
ABSENCE_KINDS = ("vacation", "sick", "training", "other")
PREFERENCE_KINDS = ("desired", "undesired", "unavailable")
SCHEDULE_STATUSES = ("draft", "published")
CONFIRMATIONS = ("pending", "confirmed", "declined")
USER_ROLES = ("admin", "coordination", "leadership", "reception", "partner", "team")
# After publishing (issue 20): open shifts, the colleagues asked to take them, leave requests.
OPEN_SHIFT_STATES = ("open", "accepted", "filled", "cancelled")
OPEN_SHIFT_ORIGINS = ("absence", "swap")  # a sick call, or a team member giving a shift away
OFFER_STATES = ("asked", "accepted", "declined", "too_late")
LEAVE_STATES = ("pending", "approved", "refused")
# Language courses (issue 23), as KURSNET and BAMF's course finder describe them.
COURSE_KINDS = (
    "integration_general", "integration_youth", "integration_parents", "integration_women",
    "integration_literacy", "integration_second_script", "integration_intensive", "integration_special",
    "job_language", "adult_education", "children", "youth",
)
COURSE_LEVELS = ("A1", "A2", "B1", "B2", "C1")
TIMES_OF_DAY = ("morning", "afternoon", "evening", "weekend")
INTENSITIES = ("full_time", "part_time")
# free for everyone; free with a BAMF entitlement; own contribution per lesson; a course fee
FUNDINGS = ("free", "bamf", "own_contribution", "fee")
# For whom a course was sought: no person, only the kind of person.
AUDIENCES = ("adult", "parent", "woman", "young_person", "child")
COURSE_RESULTS = ("referred", "unmet")


def _in(column: str, values: tuple[str, ...]) -> str:
    quoted = ", ".join(f"'{v}'" for v in values)
    return f"{column} IN ({quoted})"


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Location(Base):
    __tablename__ = "location"
    __table_args__ = (CheckConstraint(_in("kind", LOCATION_KINDS), name="kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(20))
    address: Mapped[str | None] = mapped_column(String(200))

    opening_hours: Mapped[list[OpeningHours]] = relationship(back_populates="location")


class OpeningHours(Base):
    __tablename__ = "opening_hours"
    __table_args__ = (
        CheckConstraint("weekday BETWEEN 0 AND 6", name="weekday"),
        CheckConstraint("closes_at > opens_at", name="order"),
        CheckConstraint("valid_to IS NULL OR valid_to >= valid_from", name="validity"),
        Index("ix_opening_hours_location_weekday", "location_id", "weekday"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    location_id: Mapped[int] = mapped_column(ForeignKey("location.id", ondelete="CASCADE"))
    weekday: Mapped[int] = mapped_column(SmallInteger)  # 0 = Monday, as in ISO and Python
    opens_at: Mapped[dt.time] = mapped_column(Time)
    closes_at: Mapped[dt.time] = mapped_column(Time)
    valid_from: Mapped[dt.date] = mapped_column(Date)
    valid_to: Mapped[dt.date | None] = mapped_column(Date)

    location: Mapped[Location] = relationship(back_populates="opening_hours")


class Closure(Base):
    """A day a place is closed beyond weekends and public holidays."""

    __tablename__ = "closure"
    __table_args__ = (UniqueConstraint("location_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    location_id: Mapped[int | None] = mapped_column(ForeignKey("location.id", ondelete="CASCADE"))
    day: Mapped[dt.date] = mapped_column(Date, index=True)
    reason: Mapped[str] = mapped_column(String(200))


DESK_KEY_WHERE = "device_token_id IS NULL AND idempotency_key IS NOT NULL"


class Visit(Base):
    """One walk-in consultation, without any data about the visitor as a person.

    `day`, `weekday`, `slot`, `wait_minutes` and `service_minutes` repeat what the
    timestamps say; they exist so that every chart can GROUP BY plain indexed columns
    the same way on SQLite and PostgreSQL.
    """

    __tablename__ = "visit"
    __table_args__ = (
        CheckConstraint(_in("channel", CHANNELS), name="channel"),
        CheckConstraint(_in("target_group", TARGET_GROUPS), name="target_group"),
        CheckConstraint(f"outcome IS NULL OR {_in('outcome', OUTCOMES)}", name="outcome"),
        CheckConstraint("weekday BETWEEN 0 AND 6", name="weekday"),
        CheckConstraint("slot BETWEEN 0 AND 47", name="slot"),
        CheckConstraint("called_at IS NULL OR called_at >= arrived_at", name="called_order"),
        CheckConstraint(
            "finished_at IS NULL OR (called_at IS NOT NULL AND finished_at >= called_at)",
            name="finished_order",
        ),
        Index("ix_visit_location_day", "location_id", "day"),
        Index("ix_visit_day_target_group", "day", "target_group"),
        Index("ix_visit_location_weekday_slot", "location_id", "weekday", "slot"),
        # Covering indexes of the statistics (data_access/repositories/statistics.py): each
        # starts with day and then the column grouped by, so a date-range GROUP BY (day, x)
        # streams in index order without a sort and without reading the table.
        Index(
            "ix_visit_day_stats", "day", "location_id", "target_group", "concern", "language",
            "video_interpreter", "wait_minutes", "service_minutes",
        ),
        Index("ix_visit_day_weekday_slot", "day", "weekday", "slot", "location_id", "target_group", "concern", "language"),
        Index("ix_visit_day_concern", "day", "concern", "location_id", "target_group", "language", "service_minutes"),
        Index("ix_visit_day_language", "day", "language", "location_id", "target_group", "concern"),
        Index("ix_visit_day_wait", "day", "wait_minutes", "location_id", "target_group", "concern", "language"),
        # A retried API request with the same key never creates a second visit.
        UniqueConstraint("device_token_id", "idempotency_key"),
        # Nor does a desk entry saved again after a failure (no device: the key alone; NULLs
        # would never collide in the constraint above).
        Index("ux_visit_desk_key", "idempotency_key", unique=True,
              sqlite_where=text(DESK_KEY_WHERE), postgresql_where=text(DESK_KEY_WHERE)),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    location_id: Mapped[int] = mapped_column(ForeignKey("location.id"))
    arrived_at: Mapped[dt.datetime] = mapped_column(DateTime, index=True)
    called_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    day: Mapped[dt.date] = mapped_column(Date)
    weekday: Mapped[int] = mapped_column(SmallInteger)
    slot: Mapped[int] = mapped_column(SmallInteger)  # 30-minute slot of the day, 0..47
    channel: Mapped[str] = mapped_column(String(16))
    target_group: Mapped[str] = mapped_column(String(16))
    language: Mapped[str] = mapped_column(String(8))
    concern: Mapped[str] = mapped_column(String(32))
    video_interpreter: Mapped[bool] = mapped_column(Boolean, default=False)
    outcome: Mapped[str | None] = mapped_column(String(16))
    wait_minutes: Mapped[float | None] = mapped_column(Float)
    service_minutes: Mapped[float | None] = mapped_column(Float)
    # Which check-in device sent the visit and its Idempotency-Key: no data about the visitor.
    device_token_id: Mapped[int | None] = mapped_column(ForeignKey("device_token.id"))
    idempotency_key: Mapped[str | None] = mapped_column(String(128))


class VisitDayRollup(Base):
    """Visits of one finished day per place and target group, summed once.

    The Trends page's figures without a concern or language filter read these few rows
    instead of every visit. Days up to `StatsRollupState.built_until` are in it; later days
    are read from the visit table (data_access/repositories/statistics.py).
    """

    __tablename__ = "visit_day_rollup"

    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    location_id: Mapped[int] = mapped_column(ForeignKey("location.id"), primary_key=True)
    target_group: Mapped[str] = mapped_column(String(16), primary_key=True)
    visits: Mapped[int] = mapped_column(Integer)
    seen: Mapped[int] = mapped_column(Integer)  # visits with a wait (not left unseen)
    wait_sum: Mapped[float] = mapped_column(Float)
    wait_0_10: Mapped[int] = mapped_column(Integer)
    wait_10_20: Mapped[int] = mapped_column(Integer)
    wait_20_40: Mapped[int] = mapped_column(Integer)
    wait_40: Mapped[int] = mapped_column(Integer)
    video: Mapped[int] = mapped_column(Integer)


class StatsRollupState(Base):
    """Up to which day visit_day_rollup is complete (one row)."""

    __tablename__ = "stats_rollup_state"

    id: Mapped[int] = mapped_column(primary_key=True)
    built_until: Mapped[dt.date] = mapped_column(Date)
    built_at: Mapped[dt.datetime] = mapped_column(DateTime)
    visits: Mapped[int] = mapped_column(Integer)  # visits summed, to notice later changes


class DayCount(Base):
    """Visits of one day, place and target group known only as a number: history from before
    the tool, imported from a file (data_access/imports/day_counts.py). A day, place and
    group has either a count or individual visits, never both; the statistics add the
    counts to the visits (data_access/repositories/statistics.py)."""

    __tablename__ = "day_count"
    __table_args__ = (
        CheckConstraint(_in("target_group", TARGET_GROUPS), name="target_group"),
        CheckConstraint("visits >= 0", name="visits"),
    )

    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    location_id: Mapped[int] = mapped_column(ForeignKey("location.id"), primary_key=True)
    target_group: Mapped[str] = mapped_column(String(16), primary_key=True)
    visits: Mapped[int] = mapped_column(Integer)


class Organisation(Base):
    __tablename__ = "organisation"
    __table_args__ = (CheckConstraint(_in("kind", ORGANISATION_KINDS), name="kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(160))
    kind: Mapped[str] = mapped_column(String(16))

    members: Mapped[list[StaffMember]] = relationship(back_populates="organisation")


class StaffMember(Base):
    __tablename__ = "staff_member"
    __table_args__ = (
        CheckConstraint(_in("role", STAFF_ROLES), name="role"),
        CheckConstraint("weekly_contract_minutes BETWEEN 0 AND 3600", name="contract"),
        CheckConstraint("active_to IS NULL OR active_to >= active_from", name="active"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    display_name: Mapped[str] = mapped_column(String(80))
    role: Mapped[str] = mapped_column(String(32), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    weekly_contract_minutes: Mapped[int] = mapped_column(Integer)
    active_from: Mapped[dt.date] = mapped_column(Date)
    active_to: Mapped[dt.date | None] = mapped_column(Date)
    # Where notices about changes to their shifts are mailed (optional; staff import "email").
    email: Mapped[str | None] = mapped_column(String(200))
    # The hour account's starting balance (staff import "stundensaldo", "saldo_ab"): minutes
    # above (+) or below (-) the contract on the day it applies from (None: 1 January).
    balance_minutes: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    balance_from: Mapped[dt.date | None] = mapped_column(Date)

    organisation: Mapped[Organisation] = relationship(back_populates="members")
    languages: Mapped[list[StaffLanguage]] = relationship(
        cascade="all, delete-orphan", order_by="StaffLanguage.language"
    )
    home_locations: Mapped[list[StaffLocation]] = relationship(cascade="all, delete-orphan")


class StaffLanguage(Base):
    __tablename__ = "staff_language"

    staff_id: Mapped[int] = mapped_column(
        ForeignKey("staff_member.id", ondelete="CASCADE"), primary_key=True
    )
    language: Mapped[str] = mapped_column(String(8), primary_key=True)


class StaffLocation(Base):
    __tablename__ = "staff_location"

    staff_id: Mapped[int] = mapped_column(
        ForeignKey("staff_member.id", ondelete="CASCADE"), primary_key=True
    )
    location_id: Mapped[int] = mapped_column(
        ForeignKey("location.id", ondelete="CASCADE"), primary_key=True
    )


class Absence(Base):
    __tablename__ = "absence"
    __table_args__ = (
        CheckConstraint(_in("kind", ABSENCE_KINDS), name="kind"),
        CheckConstraint("ends_on >= starts_on", name="order"),
        Index("ix_absence_staff_dates", "staff_id", "starts_on", "ends_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_member.id", ondelete="CASCADE"))
    starts_on: Mapped[dt.date] = mapped_column(Date)
    ends_on: Mapped[dt.date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(16))
    note: Mapped[str | None] = mapped_column(String(200))
    # From which time of the first day (a sick call at 10:30); None: the whole first day.
    starts_at: Mapped[dt.time | None] = mapped_column(Time)


class StaffPreference(Base):
    """A wish for one day: to work (a given shift), not to work, or unavailable."""

    __tablename__ = "staff_preference"
    __table_args__ = (
        CheckConstraint(_in("kind", PREFERENCE_KINDS), name="kind"),
        CheckConstraint("weight BETWEEN 0 AND 1000", name="weight"),
        Index("ix_staff_preference_staff_day", "staff_id", "day"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_member.id", ondelete="CASCADE"))
    day: Mapped[dt.date] = mapped_column(Date)
    shift_template_id: Mapped[int | None] = mapped_column(
        ForeignKey("shift_template.id", ondelete="CASCADE")
    )
    kind: Mapped[str] = mapped_column(String(16))
    weight: Mapped[int] = mapped_column(Integer, default=1)


class ShiftTemplate(Base):
    __tablename__ = "shift_template"
    __table_args__ = (
        UniqueConstraint("location_id", "code"),
        CheckConstraint("ends_at > starts_at", name="order"),
        CheckConstraint("break_minutes BETWEEN 0 AND 120", name="break"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    location_id: Mapped[int] = mapped_column(ForeignKey("location.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(80))  # German, the interface's first language
    name_en: Mapped[str | None] = mapped_column(String(80))  # English; the German name when empty
    starts_at: Mapped[dt.time] = mapped_column(Time)
    ends_at: Mapped[dt.time] = mapped_column(Time)
    break_minutes: Mapped[int] = mapped_column(SmallInteger, default=0)
    weekdays: Mapped[str] = mapped_column(String(16), default="01234")  # ISO weekdays it runs on

    location: Mapped[Location] = relationship()


class PartnerCommitment(Base):
    """A turn a partner organisation agreed to: how many people, which weekday, where."""

    __tablename__ = "partner_commitment"
    __table_args__ = (
        CheckConstraint("weekday BETWEEN 0 AND 6", name="weekday"),
        CheckConstraint("people >= 1", name="people"),
        UniqueConstraint("organisation_id", "location_id", "weekday", "role"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"))
    location_id: Mapped[int] = mapped_column(ForeignKey("location.id", ondelete="CASCADE"))
    weekday: Mapped[int] = mapped_column(SmallInteger)
    role: Mapped[str] = mapped_column(String(32))
    people: Mapped[int] = mapped_column(SmallInteger, default=1)
    rotation: Mapped[str | None] = mapped_column(String(200))


class ForecastRun(Base):
    __tablename__ = "forecast_run"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, index=True)
    history_until: Mapped[dt.date] = mapped_column(Date)
    horizon_weeks: Mapped[int] = mapped_column(SmallInteger)
    method: Mapped[str] = mapped_column(String(64))
    parameters: Mapped[str] = mapped_column(Text, default="{}")  # JSON
    scenario: Mapped[str] = mapped_column(Text, default="{}")  # JSON


class Forecast(Base):
    __tablename__ = "forecast"
    __table_args__ = (
        UniqueConstraint("run_id", "location_id", "slot_start"),
        CheckConstraint("expected >= 0", name="expected"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("forecast_run.id", ondelete="CASCADE"))
    location_id: Mapped[int] = mapped_column(ForeignKey("location.id"))
    slot_start: Mapped[dt.datetime] = mapped_column(DateTime)
    expected: Mapped[float] = mapped_column(Float)
    lo80: Mapped[float] = mapped_column(Float)
    hi80: Mapped[float] = mapped_column(Float)
    lo95: Mapped[float] = mapped_column(Float)
    hi95: Mapped[float] = mapped_column(Float)


class ForecastDay(Base):
    """Daily totals of a forecast run with their own intervals (slot intervals do not add up)."""

    __tablename__ = "forecast_day"
    __table_args__ = (
        UniqueConstraint("run_id", "location_id", "day"),
        CheckConstraint("expected >= 0", name="expected"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("forecast_run.id", ondelete="CASCADE"))
    location_id: Mapped[int] = mapped_column(ForeignKey("location.id"))
    day: Mapped[dt.date] = mapped_column(Date)
    expected: Mapped[float] = mapped_column(Float)
    lo80: Mapped[float | None] = mapped_column(Float)
    hi80: Mapped[float | None] = mapped_column(Float)
    lo95: Mapped[float | None] = mapped_column(Float)
    hi95: Mapped[float | None] = mapped_column(Float)


class ForecastChoice(Base):
    """Which method a run chose per place and level, and its error in the choosing backtest."""

    __tablename__ = "forecast_choice"
    __table_args__ = (UniqueConstraint("run_id", "location_id", "level"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("forecast_run.id", ondelete="CASCADE"))
    location_id: Mapped[int] = mapped_column(ForeignKey("location.id"))
    level: Mapped[str] = mapped_column(String(8))  # "daily" or "slot"
    method: Mapped[str] = mapped_column(String(32))
    backtest_mae: Mapped[float] = mapped_column(Float)


class Schedule(Base):
    """One version of one ISO week's plan; a published version is never changed again."""

    __tablename__ = "schedule"
    __table_args__ = (
        UniqueConstraint("iso_year", "iso_week", "version"),
        CheckConstraint(_in("status", SCHEDULE_STATUSES), name="status"),
        CheckConstraint("iso_week BETWEEN 1 AND 53", name="iso_week"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    iso_year: Mapped[int] = mapped_column(SmallInteger)
    iso_week: Mapped[int] = mapped_column(SmallInteger)
    version: Mapped[int] = mapped_column(SmallInteger)
    status: Mapped[str] = mapped_column(String(16), default="draft")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    created_by: Mapped[str | None] = mapped_column(String(64))
    published_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    forecast_run_id: Mapped[int | None] = mapped_column(
        ForeignKey("forecast_run.id", ondelete="SET NULL")
    )
    objective: Mapped[float | None] = mapped_column(Float)
    solver_status: Mapped[str | None] = mapped_column(String(32))

    assignments: Mapped[list[Assignment]] = relationship(
        back_populates="schedule", cascade="all, delete-orphan"
    )


class Assignment(Base):
    __tablename__ = "assignment"
    __table_args__ = (
        CheckConstraint(_in("confirmation", CONFIRMATIONS), name="confirmation"),
        CheckConstraint("ends_at > starts_at", name="order"),
        CheckConstraint(
            "staff_id IS NOT NULL OR organisation_id IS NOT NULL", name="staff_or_organisation"
        ),
        Index("ix_assignment_schedule_day", "schedule_id", "day"),
        Index("ix_assignment_organisation_day", "organisation_id", "day"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    schedule_id: Mapped[int] = mapped_column(ForeignKey("schedule.id", ondelete="CASCADE"))
    day: Mapped[dt.date] = mapped_column(Date)
    location_id: Mapped[int] = mapped_column(ForeignKey("location.id"))
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_member.id", ondelete="SET NULL"))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))
    shift_template_id: Mapped[int | None] = mapped_column(
        ForeignKey("shift_template.id", ondelete="SET NULL")
    )
    starts_at: Mapped[dt.time] = mapped_column(Time)
    ends_at: Mapped[dt.time] = mapped_column(Time)
    task: Mapped[str] = mapped_column(String(32))
    locked: Mapped[bool] = mapped_column(Boolean, default=False)
    confirmation: Mapped[str] = mapped_column(String(16), default="pending")
    confirmed_by: Mapped[str | None] = mapped_column(String(80))
    confirmed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    decline_reason: Mapped[str | None] = mapped_column(String(300))

    schedule: Mapped[Schedule] = relationship(back_populates="assignments")


class User(Base):
    __tablename__ = "app_user"
    __table_args__ = (
        CheckConstraint(_in("role", USER_ROLES), name="role"),
        CheckConstraint(
            "(role = 'partner') = (organisation_id IS NOT NULL)", name="partner_organisation"
        ),
        CheckConstraint("(role = 'team') = (staff_id IS NOT NULL)", name="team_staff"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    login: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(256))
    role: Mapped[str] = mapped_column(String(16))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))
    # A team member's login is bound to their staff record: they see only their own shifts.
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_member.id", ondelete="CASCADE"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_logins: Mapped[int] = mapped_column(SmallInteger, default=0)
    locked_until: Mapped[dt.datetime | None] = mapped_column(DateTime)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    # Raised by logout (and any change that must end sessions): a signed cookie that carries
    # an older number is refused at its next request, on every device at once.
    session_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class OpenShift(Base):
    """A published shift whose person became absent (a sick call): open until a colleague
    takes it. It copies the shift (day, place, template, task, time) because the published
    version it came from is replaced when a replacement is published."""

    __tablename__ = "open_shift"
    __table_args__ = (
        CheckConstraint(_in("status", OPEN_SHIFT_STATES), name="status"),
        CheckConstraint(_in("origin", OPEN_SHIFT_ORIGINS), name="origin"),
        CheckConstraint("ends_at > starts_at", name="order"),
        Index("ix_open_shift_day_status", "day", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    absence_id: Mapped[int | None] = mapped_column(ForeignKey("absence.id", ondelete="SET NULL"))
    absent_staff_id: Mapped[int] = mapped_column(ForeignKey("staff_member.id", ondelete="CASCADE"))
    day: Mapped[dt.date] = mapped_column(Date)
    place: Mapped[str] = mapped_column(String(32))  # location code
    template: Mapped[str] = mapped_column(String(32))  # shift template code
    task: Mapped[str] = mapped_column(String(32))
    starts_at: Mapped[dt.time] = mapped_column(Time)  # what is open: from the absence's time on
    ends_at: Mapped[dt.time] = mapped_column(Time)
    shift_starts_at: Mapped[dt.time] = mapped_column(Time)  # the published shift as it was
    status: Mapped[str] = mapped_column(String(16), default="open")
    # "swap": the person gives the shift away; a colleague's acceptance waits for the
    # coordination team's approval (status "accepted") before it is published.
    origin: Mapped[str] = mapped_column(String(16), default="absence", server_default="absence")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    created_by: Mapped[str] = mapped_column(String(64))
    filled_by_staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_member.id", ondelete="SET NULL"))
    filled_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    schedule_id: Mapped[int | None] = mapped_column(ForeignKey("schedule.id", ondelete="SET NULL"))


class ReplacementOffer(Base):
    """One colleague asked to take an open shift, and their answer (who and when)."""

    __tablename__ = "replacement_offer"
    __table_args__ = (
        CheckConstraint(_in("status", OFFER_STATES), name="status"),
        UniqueConstraint("open_shift_id", "staff_id"),
        Index("ix_replacement_offer_staff_status", "staff_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    open_shift_id: Mapped[int] = mapped_column(ForeignKey("open_shift.id", ondelete="CASCADE"))
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_member.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(16), default="asked")
    asked_by: Mapped[str] = mapped_column(String(64))
    asked_at: Mapped[dt.datetime] = mapped_column(DateTime)
    answered_by: Mapped[str | None] = mapped_column(String(64))
    answered_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class LeaveRequest(Base):
    """Leave a team member asked for; the coordination team approves (an absence) or refuses."""

    __tablename__ = "leave_request"
    __table_args__ = (
        CheckConstraint(_in("status", LEAVE_STATES), name="status"),
        CheckConstraint("ends_on >= starts_on", name="order"),
        Index("ix_leave_request_staff_status", "staff_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_member.id", ondelete="CASCADE"))
    starts_on: Mapped[dt.date] = mapped_column(Date)
    ends_on: Mapped[dt.date] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(16), default="pending")
    requested_at: Mapped[dt.datetime] = mapped_column(DateTime)
    requested_by: Mapped[str] = mapped_column(String(64))
    decided_by: Mapped[str | None] = mapped_column(String(64))
    decided_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    absence_id: Mapped[int | None] = mapped_column(ForeignKey("absence.id", ondelete="SET NULL"))


class Notice(Base):
    """A change to someone's shifts they are told about, in the app and by e-mail.

    `key` names the change (e.g. "offer:12"): one person gets one notice, and at most one
    mail, per change (the unique constraint). The shift's facts are copied so the notice
    and its calendar entry can be worded later in the reader's language."""

    __tablename__ = "notice"
    __table_args__ = (
        UniqueConstraint("staff_id", "key"),
        Index("ix_notice_mailed_at", "mailed_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_member.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(32))  # asked, taken, replaced, given, published
    details: Mapped[str] = mapped_column(Text, default="{}", server_default="{}")  # JSON: week, version, counts
    day: Mapped[dt.date] = mapped_column(Date)
    place: Mapped[str] = mapped_column(String(32))
    task: Mapped[str] = mapped_column(String(32))
    starts_at: Mapped[dt.time] = mapped_column(Time)
    ends_at: Mapped[dt.time] = mapped_column(Time)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    mailed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    mail_error: Mapped[str | None] = mapped_column(String(300))


class AuditEvent(Base):
    __tablename__ = "audit_event"
    __table_args__ = (Index("ix_audit_event_entity", "entity", "entity_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, index=True)
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(64))
    entity: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[int | None] = mapped_column(Integer)
    details: Mapped[str] = mapped_column(Text, default="{}")  # JSON


class DeviceToken(Base):
    """A bearer token of one check-in device (ticket machine); only its SHA-256 is stored."""

    __tablename__ = "device_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    created_by: Mapped[str] = mapped_column(String(64))
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    last_used_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    # The place a device stands at: it may change that place's visits. Without one, a device
    # may change only the visits it posted itself (dashboard.services.device_scope).
    location_id: Mapped[int | None] = mapped_column(ForeignKey("location.id"))


class CalendarToken(Base):
    """The secret of an organisation's calendar subscription URL; only its SHA-256 is stored."""

    __tablename__ = "calendar_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    created_by: Mapped[str] = mapped_column(String(64))
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class StaffCalendarToken(Base):
    """The secret of a team member's own calendar subscription URL; only its SHA-256 is stored."""

    __tablename__ = "staff_calendar_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_member.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class Course(Base):
    """One language course of a provider, as its catalogue or the course database lists it.

    A course is known by its provider and the provider's own course id: a re-import of the
    provider's list updates the course instead of adding it twice.
    """

    __tablename__ = "course"
    __table_args__ = (
        UniqueConstraint("provider", "provider_course_id"),
        CheckConstraint(_in("kind", COURSE_KINDS), name="kind"),
        CheckConstraint(_in("level", COURSE_LEVELS), name="level"),
        CheckConstraint(_in("time_of_day", TIMES_OF_DAY), name="time_of_day"),
        CheckConstraint(_in("intensity", INTENSITIES), name="intensity"),
        CheckConstraint(_in("funding", FUNDINGS), name="funding"),
        CheckConstraint("ends_on IS NULL OR ends_on >= starts_on", name="dates"),
        CheckConstraint("free_places >= 0", name="free_places"),
        CheckConstraint("cost_eur IS NULL OR cost_eur >= 0", name="cost"),
        # The finder filters by start first (start within N weeks), then by kind and level.
        Index("ix_course_starts_on_kind_level", "starts_on", "kind", "level"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    provider: Mapped[str] = mapped_column(String(120))
    provider_course_id: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(32))
    level: Mapped[str] = mapped_column(String(2))
    starts_on: Mapped[dt.date] = mapped_column(Date)
    ends_on: Mapped[dt.date | None] = mapped_column(Date)
    time_of_day: Mapped[str] = mapped_column(String(16))
    intensity: Mapped[str] = mapped_column(String(16))
    schedule: Mapped[str] = mapped_column(String(200), default="")  # e.g. "Mo-Fr 08:30-12:45"
    place: Mapped[str] = mapped_column(String(200), default="")  # the address
    district: Mapped[str] = mapped_column(String(60))
    childcare: Mapped[bool] = mapped_column(Boolean, default=False)
    free_places: Mapped[int] = mapped_column(Integer, default=0)
    funding: Mapped[str] = mapped_column(String(20))
    cost_eur: Mapped[float | None] = mapped_column(Float)  # what the visitor pays, when anything
    contact: Mapped[str] = mapped_column(String(200), default="")
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime)  # UTC


class CourseOutcome(Base):
    """What a consultation about a language course ended with: a referral to a course, or
    "nothing suitable" with what was needed. Nothing about the visitor as a person: the
    audience is a kind of person (a child, a parent), never someone."""

    __tablename__ = "course_outcome"
    __table_args__ = (
        CheckConstraint(_in("result", COURSE_RESULTS), name="result"),
        CheckConstraint(f"audience IS NULL OR {_in('audience', AUDIENCES)}", name="audience"),
        CheckConstraint(f"needed_kind IS NULL OR {_in('needed_kind', COURSE_KINDS)}", name="needed_kind"),
        CheckConstraint(f"needed_level IS NULL OR {_in('needed_level', COURSE_LEVELS)}", name="needed_level"),
        CheckConstraint(f"needed_time IS NULL OR {_in('needed_time', TIMES_OF_DAY)}", name="needed_time"),
        Index("ix_course_outcome_day_result", "day", "result"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    visit_id: Mapped[int | None] = mapped_column(ForeignKey("visit.id", ondelete="SET NULL"), index=True)
    day: Mapped[dt.date] = mapped_column(Date)  # the centre's local day
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime)  # UTC
    result: Mapped[str] = mapped_column(String(16))
    course_id: Mapped[int | None] = mapped_column(ForeignKey("course.id", ondelete="SET NULL"), index=True)
    audience: Mapped[str | None] = mapped_column(String(16))
    needed_kind: Mapped[str | None] = mapped_column(String(32))
    needed_level: Mapped[str | None] = mapped_column(String(2))
    needed_time: Mapped[str | None] = mapped_column(String(16))
    needed_district: Mapped[str | None] = mapped_column(String(60))
    needed_childcare: Mapped[bool | None] = mapped_column(Boolean)


class LoginThrottle(Base):
    """Failed logins per login name (existing or not, so both behave alike), counted by
    single atomic statements; see data_access/repositories/login_attempts.py."""

    __tablename__ = "login_throttle"

    login: Mapped[str] = mapped_column(String(64), primary_key=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    lockouts: Mapped[int] = mapped_column(Integer, default=0)
    blocked_until: Mapped[dt.datetime | None] = mapped_column(DateTime)
    last_at: Mapped[dt.datetime] = mapped_column(DateTime, index=True)


# The walk-in queue's tables live in a module of their own; importing it here puts them
# into Base.metadata wherever the models are (migrations, the schema test).
from data_access import queue_models  # noqa: E402,F401
