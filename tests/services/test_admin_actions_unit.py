"""The admin's use cases on a fake unit of work: refusals write nothing, changes audit once."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from types import SimpleNamespace

import pytest
from werkzeug.security import check_password_hash

from dashboard.services import admin_actions as actions
from dashboard.services.admin_actions import AdminError
from tests.services.fakes import FakeAudit, FakeUnitOfWork

JOBCENTER = 11


@dataclass
class FakeUsers:
    rows: dict[int, SimpleNamespace] = field(default_factory=dict)

    def by_login(self, login):
        return next((u for u in self.rows.values() if u.login == login), None)

    def create(self, login, password_hash, role, organisation_id, created_at, staff_id=None):
        ident = len(self.rows) + 1
        self.rows[ident] = SimpleNamespace(id=ident, login=login, password_hash=password_hash, role=role,
                                           organisation_id=organisation_id, active=True, staff_id=staff_id)
        return ident

    def set_active(self, user_id, active):
        user = self.rows.get(user_id)
        if user is None:
            return None
        user.active = active
        return user.login


@dataclass
class FakeAssignments:
    def partner_organisations(self):
        return [SimpleNamespace(id=JOBCENTER, name="Jobcenter")]


@dataclass
class FakeAuditLog(FakeAudit):
    events: list = field(default_factory=list)

    def latest(self, limit):
        return self.events[:limit]


def admin_uow(**more):
    return FakeUnitOfWork(users=FakeUsers(), assignments=FakeAssignments(), audit=FakeAuditLog(), **more)


def test_a_new_partner_login_is_stored_hashed_and_audited_without_its_password():
    uow = admin_uow()
    user_id = actions.create_user("admin", " jc.meyer ", "partner", JOBCENTER, "lang-genug-42", uow=uow)
    user = uow.users.rows[user_id]
    assert user.login == "jc.meyer" and check_password_hash(user.password_hash, "lang-genug-42")
    assert uow.audit.lines == [("admin", "user_created", "user", user_id,
                                {"login": "jc.meyer", "role": "partner", "organisation_id": JOBCENTER})]
    assert uow.committed


@pytest.mark.parametrize(("login", "role", "organisation", "password", "field", "code"), [
    ("x", "reception", None, "lang-genug-42", "login", "format"),
    ("neu.user", "wizard", None, "lang-genug-42", "role", "unknown"),
    ("neu.user", "partner", None, "lang-genug-42", "organisation", "missing"),
    ("neu.user", "reception", JOBCENTER, "lang-genug-42", "organisation", "not_allowed"),
    ("neu.user", "partner", 999, "lang-genug-42", "organisation", "missing"),  # not a partner organisation
    ("neu.user", "reception", None, "kurz", "password", "short"),
    ("taken", "reception", None, "lang-genug-42", "login", "taken"),
])
def test_a_refused_login_names_the_input_and_writes_nothing(login, role, organisation, password, field, code):
    uow = admin_uow()
    uow.users.create("taken", "hash", "reception", None, dt.datetime(2026, 1, 1))
    with pytest.raises(AdminError) as refused:
        actions.create_user("admin", login, role, organisation, password, uow=uow)
    assert (refused.value.field, refused.value.code) == (field, code)
    assert uow.audit.lines == [] and not uow.committed and len(uow.users.rows) == 1


def test_an_admin_cannot_switch_themselves_off_but_others_and_back_on():
    uow = admin_uow()
    me = uow.users.create("admin", "hash", "admin", None, dt.datetime(2026, 1, 1))
    other = uow.users.create("empfang", "hash", "reception", None, dt.datetime(2026, 1, 1))
    with pytest.raises(AdminError, match="self"):
        actions.set_active("admin", me, me, False, uow=uow)
    assert uow.audit.lines == []
    assert actions.set_active("admin", me, other, False, uow=uow) == "empfang"
    assert uow.users.rows[other].active is False and uow.committed
    assert uow.audit.lines == [("admin", "user_deactivated", "user", other, {"login": "empfang"})]
    with pytest.raises(AdminError, match="not_found"):
        actions.set_active("admin", me, 99, True, uow=admin_uow())


def test_a_device_token_needs_a_name_and_its_audit_line_holds_no_token():
    made = []
    tokens = SimpleNamespace(create_device_token=lambda name, by, place: (
        made.append(place) or SimpleNamespace(id=5, name=name), "geheim"))
    reference = SimpleNamespace(location_ids=lambda: {"infopoint": 1, "centre": 2})
    uow = admin_uow(tokens=tokens, reference=reference)
    with pytest.raises(AdminError, match="missing"):
        actions.create_device("admin", "   ", uow=uow)
    with pytest.raises(AdminError, match="unknown"):
        actions.create_device("admin", "Automat", 7, uow=uow)
    assert not uow.committed and made == []
    assert actions.create_device("admin", "  Automat Infopoint ", 1, uow=uow) == ("Automat Infopoint", "geheim")
    assert made == [1]
    assert uow.audit.lines == [("admin", "device_token_created", "device_token", 5,
                                {"name": "Automat Infopoint", "place": "infopoint"})]


def test_the_audit_filter_finds_an_entry_by_its_code_its_actor_or_the_words_shown():
    uow = admin_uow()
    at = dt.datetime(2026, 12, 7, 9)
    uow.audit.events = [SimpleNamespace(at=at, actor="empfang", action="visit_arrival", entity="visit", entity_id=1),
                        SimpleNamespace(at=at, actor="admin", action="user_created", entity="user", entity_id=2)]
    words = {"visit_arrival": "Ankunft erfasst", "user_created": "Login angelegt"}.get
    assert [r.entity_id for r in actions.audit("ANKUNFT", words=words, uow=uow)] == [1]
    assert [r.entity_id for r in actions.audit("user_created", words=words, uow=uow)] == [2]
    assert [r.entity_id for r in actions.audit("admin", words=words, uow=uow)] == [2]
    assert len(actions.audit(None, words=words, uow=uow)) == 2
    assert not uow.committed  # reading writes nothing
