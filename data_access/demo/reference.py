"""The centre's reference data for the demo: places, hours, organisations, staff, shifts.

Drawn from the centre's description (README.md): 13 people at the start (3 coordination, 3 social workers,
1 language adviser, 2 reception, 1 welfare-association representative, 1 Jobcenter,
2 citizen services), 16 a year later. Staff records hold only what planning needs.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

OPENED = dt.date(2022, 2, 25)
INFOPOINT_OPEN_TO_ALL = dt.date(2022, 12, 1)


@dataclass(frozen=True)
class LocationSpec:
    code: str
    name: str
    kind: str
    address: str
    # weekday -> (opens, closes) for days the place is open
    hours: dict[int, tuple[dt.time, dt.time]]


def _t(text: str) -> dt.time:
    return dt.time.fromisoformat(text)


LOCATIONS = (
    LocationSpec(
        "infopoint",
        "Infopoint Berswordt-Halle",
        "infopoint",
        "Kleppingstraße 37, 44135 Dortmund",
        {d: (_t("09:00"), _t("15:00")) for d in range(5)},
    ),
    LocationSpec(
        "centre",
        "MigraDo Servicezentrum Friedensplatz",
        "service_centre",
        "Friedensplatz 1, 44135 Dortmund",
        {**{d: (_t("08:00"), _t("16:00")) for d in range(4)}, 4: (_t("08:00"), _t("13:00"))},
    ),
)


@dataclass(frozen=True)
class OrganisationSpec:
    code: str
    name: str
    kind: str


ORGANISATIONS = (
    OrganisationSpec("city", "Stadt Dortmund – MigraDo", "city"),
    OrganisationSpec("welfare", "Arbeitsgemeinschaft der Wohlfahrtsverbände", "partner"),
    OrganisationSpec("jobcenter", "Jobcenter Dortmund", "partner"),
    OrganisationSpec("citizen_services", "Bürgerdienste", "partner"),
)


@dataclass(frozen=True)
class StaffSpec:
    name: str
    role: str
    organisation: str
    languages: tuple[str, ...]
    weekly_hours: float
    locations: tuple[str, ...]
    active_from: dt.date = OPENED


STAFF = (
    StaffSpec("Katrin", "coordination", "city", ("de", "en"), 39, ("centre", "infopoint")),
    StaffSpec("Stefan", "coordination", "city", ("de", "en"), 39, ("centre", "infopoint")),
    StaffSpec("Ayşe", "coordination", "city", ("de", "tr"), 30, ("centre", "infopoint")),
    StaffSpec("Olena", "social_worker", "city", ("uk", "ru", "de"), 39, ("centre", "infopoint")),
    StaffSpec("Mehmet", "social_worker", "city", ("tr", "ku", "de"), 39, ("centre", "infopoint")),
    StaffSpec("Julia", "social_worker", "city", ("de", "en", "fr"), 30, ("centre", "infopoint")),
    StaffSpec("Dmytro", "language_adviser", "city", ("uk", "ru", "de", "en"), 39, ("centre", "infopoint")),
    StaffSpec("Sabine", "reception", "city", ("de", "en"), 30, ("centre", "infopoint")),
    StaffSpec("Iryna", "reception", "city", ("uk", "ru", "de"), 25, ("centre", "infopoint")),
    StaffSpec("Thomas", "welfare_rep", "welfare", ("de", "en"), 20, ("centre",)),
    StaffSpec("Nadia", "jobcenter_rep", "jobcenter", ("ar", "fr", "de"), 32, ("centre",)),
    StaffSpec("Piotr", "citizen_services", "citizen_services", ("pl", "ru", "de"), 39, ("centre",)),
    StaffSpec("Elena", "citizen_services", "citizen_services", ("ro", "bg", "de"), 39, ("centre",)),
    # Joined in the second year:
    StaffSpec("Farid", "social_worker", "city", ("fa", "ar", "de"), 39, ("centre", "infopoint"), dt.date(2023, 2, 1)),
    StaffSpec("Mariia", "reception", "city", ("uk", "de", "en"), 30, ("centre", "infopoint"), dt.date(2023, 4, 1)),
    StaffSpec("Hanna", "welfare_rep", "welfare", ("de", "uk"), 20, ("centre",), dt.date(2023, 6, 1)),
)


@dataclass(frozen=True)
class ShiftSpec:
    location: str
    code: str
    name: str
    name_en: str
    starts: dt.time
    ends: dt.time
    break_minutes: int
    weekdays: str  # the ISO weekdays (0 = Monday) it is offered on


SHIFT_TEMPLATES = (
    ShiftSpec("centre", "FRUEH", "Frühdienst", "Early shift", _t("07:45"), _t("13:45"), 0, "0123"),
    ShiftSpec("centre", "SPAET", "Spätdienst", "Late shift", _t("10:00"), _t("16:30"), 30, "0123"),
    ShiftSpec("centre", "TAG", "Ganztag", "Full day", _t("07:45"), _t("16:30"), 45, "0123"),
    ShiftSpec("centre", "FREITAG", "Freitagsdienst", "Friday shift", _t("07:45"), _t("13:15"), 0, "4"),
    ShiftSpec("infopoint", "VORM", "Infopoint Vormittag", "Infopoint morning", _t("08:45"), _t("12:30"), 0, "01234"),
    ShiftSpec("infopoint", "NACHM", "Infopoint Nachmittag", "Infopoint afternoon", _t("11:30"), _t("15:15"), 0,
              "01234"),
    ShiftSpec("infopoint", "TAG", "Infopoint Ganztag", "Infopoint full day", _t("08:45"), _t("15:15"), 30, "01234"),
)


@dataclass(frozen=True)
class CommitmentSpec:
    organisation: str
    location: str
    weekdays: str
    role: str
    people: int
    rotation: str


PARTNER_COMMITMENTS = (
    CommitmentSpec("jobcenter", "centre", "0123", "jobcenter_rep", 1, "eine Person Montag bis Donnerstag"),
    CommitmentSpec("welfare", "centre", "01234", "welfare_rep", 1, "die Verbände wechseln wöchentlich"),
    CommitmentSpec("citizen_services", "centre", "01234", "citizen_services", 1, "Anmeldung von EU-Bürgerinnen und -Bürgern"),
)

# Days the whole centre closes although they are no public holiday in NRW.
def extra_closures(years: range) -> list[tuple[dt.date, str]]:
    days = []
    for year in years:
        days.append((dt.date(year, 12, 24), "Heiligabend"))
        days.append((dt.date(year, 12, 31), "Silvester"))
    return days


@dataclass(frozen=True)
class UserSpec:
    login: str
    role: str
    organisation: str | None
    staff: str | None = None  # a team member's login: the display name of their staff record


DEMO_PASSWORD = "migrado-demo"
DEMO_USERS = (
    UserSpec("admin", "admin", None),
    UserSpec("koordination", "coordination", None),
    UserSpec("leitung", "leadership", None),
    UserSpec("empfang", "reception", None),
    UserSpec("jobcenter", "partner", "jobcenter"),
    UserSpec("wohlfahrt", "partner", "welfare"),
    UserSpec("buergerdienste", "partner", "citizen_services"),
    # Team members (issue 20): each sees only their own shifts, requests and answers.
    UserSpec("olena", "team", None, "Olena"),
    UserSpec("mehmet", "team", None, "Mehmet"),
    UserSpec("sabine", "team", None, "Sabine"),
)
