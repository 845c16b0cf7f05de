"""Hour accounts through the app: a public holiday of the centre's state lowers the week's
contract target (issue 20, point 4), on the demo database."""

from __future__ import annotations

import datetime as dt

from dashboard.services import own_shifts
from data_access.db import session_scope
from data_access.models import StaffMember
from tests.test_api_support import own_db  # noqa: F401 - fixture


def test_christmas_lowers_the_weeks_target_and_an_ordinary_week_does_not(own_db):
    with session_scope(own_db) as session:
        member = session.query(StaffMember).filter(StaffMember.weekly_contract_minutes > 0).order_by(StaffMember.id).first()
        ident, contract = member.id, member.weekly_contract_minutes
    rows = own_shifts.my_hour_account(ident, dt.date(2026, 12, 23), weeks=2)
    ordinary, christmas = rows
    assert (ordinary.monday, christmas.monday) == (dt.date(2026, 12, 14), dt.date(2026, 12, 21))
    assert ordinary.target == contract  # nobody is absent in the demo's week 51 ...
    assert christmas.target == round(contract * 4 / 5)  # ... and Friday 25 December is a holiday in NRW
