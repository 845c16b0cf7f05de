"""Signing in on a fake unit of work: the password check and its audit line (throttling is
login_throttle's, tested in tests/security)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from types import SimpleNamespace

from werkzeug.security import generate_password_hash

from dashboard.services import logins
from tests.services.fakes import FakeAudit, FakeUnitOfWork

HASH = generate_password_hash("richtig-und-lang")


@dataclass
class FakeUsers:
    user: SimpleNamespace

    def by_login(self, login):
        return self.user if login == self.user.login else None

    def record_login(self, user):
        user.failed_logins, user.locked_until = 0, None


def login_uow(active=True):
    user = SimpleNamespace(id=4, login="empfang", password_hash=HASH, role="reception", organisation_id=None,
                           staff_id=None, active=active, locked_until=None, failed_logins=0)
    return FakeUnitOfWork(users=FakeUsers(user), audit=FakeAudit())


def test_a_right_password_signs_in_and_audits_the_login():
    uow = login_uow()
    assert logins.sign_in(" empfang ", "richtig-und-lang", uow=uow) == (
        logins.OK, logins.SignedIn(4, "empfang", "reception", None))
    assert uow.audit.lines == [("empfang", "login", "user", 4, {})] and uow.committed


def test_a_team_members_sign_in_carries_their_staff_record():
    uow = login_uow()
    uow.users.user.role, uow.users.user.staff_id = "team", 7
    assert logins.sign_in("empfang", "richtig-und-lang", uow=uow)[1] == logins.SignedIn(4, "empfang", "team", None, 7)


def test_unknown_and_inactive_logins_get_the_same_answer_and_write_nothing():
    for uow, login in ((login_uow(), "niemand"), (login_uow(active=False), "empfang")):
        assert logins.sign_in(login, "richtig-und-lang", uow=uow) == (logins.WRONG, None)
        assert uow.audit.lines == [] and not uow.committed


def test_wrong_passwords_are_refused_and_each_is_audited():
    uow = login_uow()
    answers = [logins.sign_in("empfang", "falsch", uow=uow)[0] for _ in range(3)]
    assert answers == [logins.WRONG] * 3
    assert [line[1] for line in uow.audit.lines] == ["login_failed"] * 3 and uow.committed
    assert logins.sign_in("empfang", "richtig-und-lang", uow=uow)[0] == logins.OK
