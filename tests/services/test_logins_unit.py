"""Signing in on a fake unit of work: failures count towards the lock-out and are audited."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from types import SimpleNamespace

from werkzeug.security import generate_password_hash

from dashboard.services import logins
from data_access.repositories.users import LOCK_MINUTES, MAX_FAILED_LOGINS
from tests.services.fakes import FakeAudit, FakeUnitOfWork

NOW = dt.datetime(2026, 12, 7, 9, 0)
HASH = generate_password_hash("richtig-und-lang")


@dataclass
class FakeUsers:
    user: SimpleNamespace

    def by_login(self, login):
        return self.user if login == self.user.login else None

    def record_failed_login(self, user, now):  # as the repository: lock after MAX_FAILED_LOGINS
        user.failed_logins += 1
        if user.failed_logins >= MAX_FAILED_LOGINS:
            user.locked_until, user.failed_logins = now + dt.timedelta(minutes=LOCK_MINUTES), 0

    def record_login(self, user):
        user.failed_logins, user.locked_until = 0, None


def login_uow(active=True):
    user = SimpleNamespace(id=4, login="empfang", password_hash=HASH, role="reception", organisation_id=None,
                           active=active, locked_until=None, failed_logins=0)
    return FakeUnitOfWork(users=FakeUsers(user), audit=FakeAudit())


def test_a_right_password_signs_in_and_audits_the_login():
    uow = login_uow()
    assert logins.sign_in(" empfang ", "richtig-und-lang", NOW, uow=uow) == (
        logins.OK, logins.SignedIn(4, "empfang", "reception", None))
    assert uow.audit.lines == [("empfang", "login", "user", 4, {})] and uow.committed


def test_unknown_and_inactive_logins_get_the_same_answer_and_write_nothing():
    for uow, login in ((login_uow(), "niemand"), (login_uow(active=False), "empfang")):
        assert logins.sign_in(login, "richtig-und-lang", NOW, uow=uow) == (logins.WRONG, None)
        assert uow.audit.lines == [] and not uow.committed


def test_repeated_wrong_passwords_lock_the_login_and_each_is_audited():
    uow = login_uow()
    answers = [logins.sign_in("empfang", "falsch", NOW, uow=uow)[0] for _ in range(MAX_FAILED_LOGINS)]
    assert answers == [logins.WRONG] * (MAX_FAILED_LOGINS - 1) + [logins.LOCKED]
    assert [line[1] for line in uow.audit.lines] == ["login_failed"] * MAX_FAILED_LOGINS and uow.committed
    # Locked: even the right password is refused until the lock ends.
    assert logins.sign_in("empfang", "richtig-und-lang", NOW + dt.timedelta(minutes=1), uow=uow)[0] == logins.LOCKED
    later = NOW + dt.timedelta(minutes=LOCK_MINUTES + 1)
    assert logins.sign_in("empfang", "richtig-und-lang", later, uow=uow)[0] == logins.OK
