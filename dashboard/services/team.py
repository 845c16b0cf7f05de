"""The team as the Staff page lists it: who is active, in which role, with which languages."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from dashboard.services.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class TeamMember:
    name: str
    role: str  # the staff role's code (staffrole.<code> in the texts)
    organisation: str
    partner: bool  # works for a partner organisation
    languages: tuple[str, ...]  # language codes
    weekly_minutes: int  # by contract
    places: tuple[str, ...]  # home location codes
    active_from: dt.date


def team_on(day: dt.date, *, uow: UnitOfWork | None = None) -> list[TeamMember]:
    """Everyone active on `day`, in the order they joined the records."""
    with uow or UnitOfWork() as work:
        codes = {ident: code for code, ident in work.reference.location_ids().items()}
        return [
            TeamMember(s.display_name, s.role, s.organisation.name, s.organisation.kind == "partner",
                       tuple(lang.language for lang in s.languages), s.weekly_contract_minutes,
                       tuple(codes[h.location_id] for h in s.home_locations), s.active_from)
            for s in work.staff.active_on(day)
        ]
