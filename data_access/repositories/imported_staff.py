"""Staff members from an import file: the ones there already (by display name), the
reference values a row may name, and writing the new and changed members."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from data_access.models import Location, Organisation, StaffLanguage, StaffLocation, StaffMember


class ImportedStaffRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def organisations(self) -> dict[str, tuple[int, str]]:
        """Organisation code and name, in lower case -> (id, code)."""
        out = {}
        for id_, code, name in self.session.execute(select(Organisation.id, Organisation.code, Organisation.name)):
            out[name.casefold()] = out[code.casefold()] = (id_, code)
        return out

    def places(self) -> dict[str, tuple[int, str]]:
        """Place code and name, in lower case -> (id, code)."""
        out = {}
        for id_, code, name in self.session.execute(select(Location.id, Location.code, Location.name)):
            out[name.casefold()] = out[code.casefold()] = (id_, code)
        return out

    def by_name(self) -> dict[str, list[StaffMember]]:
        """Every staff member (also former ones), by display name in lower case."""
        stmt = select(StaffMember).options(
            selectinload(StaffMember.languages), selectinload(StaffMember.home_locations),
            selectinload(StaffMember.organisation)).order_by(StaffMember.id)
        out: dict[str, list[StaffMember]] = {}
        for member in self.session.scalars(stmt):
            out.setdefault(" ".join(member.display_name.split()).casefold(), []).append(member)
        return out

    def save(self, member: StaffMember | None, values: dict) -> StaffMember:
        """Add a member (member None) or change one, from the import's values, in the caller's
        transaction: display_name, role, organisation_id, weekly_contract_minutes,
        active_from, active_to as columns; languages (codes) and location_ids as sets."""
        if member is None:
            member = StaffMember()
            self.session.add(member)
        for column in ("display_name", "role", "organisation_id", "weekly_contract_minutes", "active_from",
                       "active_to", "email", "balance_minutes", "balance_from"):
            if column in values:
                setattr(member, column, values[column])
        # Rows that stay are kept (not deleted and added again under the same key).
        if "languages" in values:
            keep = [row for row in member.languages if row.language in values["languages"]]
            have = {row.language for row in keep}
            member.languages = keep + [StaffLanguage(language=c) for c in sorted(values["languages"] - have)]
        if "location_ids" in values:
            keep = [row for row in member.home_locations if row.location_id in values["location_ids"]]
            have = {row.location_id for row in keep}
            member.home_locations = keep + [StaffLocation(location_id=i)
                                            for i in sorted(values["location_ids"] - have)]
        self.session.flush()
        return member
