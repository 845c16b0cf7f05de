"""Signing in with the city's account (OpenID Connect): the identity provider's word mapped onto ours.

The route (dashboard/web/sso_views.py) runs the OpenID Connect flow with Authlib: state,
nonce, the ID token's signature, issuer, audience and expiry are checked there. What it hands
here is the verified claims: a name and the person's groups. The groups decide the role (and,
for a partner, the organisation) by the mapping in the settings (`MIGRADO_OIDC_GROUPS`); a
person in none of the mapped groups is refused.

A person signing in this way gets a local user row of their own (so the audit log, the
session version and deactivation work as for everyone), with no password: it can only be
used through the identity provider. The role and organisation are taken from the groups at
every sign-in; a change ends the person's other sessions. A local account with a password
is never taken over by a name from the identity provider.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from dashboard.services.logins import SignedIn
from dashboard.services.unit_of_work import UnitOfWork
from planner import clock

# Not a hash werkzeug can check: a password sign-in with this row always fails.
SSO_PASSWORD_HASH = "!sso"
# Strongest first: someone in several mapped groups gets the strongest role.
ROLE_RANK = ("admin", "coordination", "leadership", "reception", "partner")
LOGIN_LENGTH = 64  # app_user.login

NO_GROUP = "no_group"  # in none of the mapped groups
NO_NAME = "no_name"  # the claims carry no usable name
LOCAL_ACCOUNT = "local_account"  # the name belongs to a local account with a password
INACTIVE = "inactive"  # deactivated by an admin
UNKNOWN_ORGANISATION = "unknown_organisation"  # the mapping names an organisation we do not have


@dataclass(frozen=True)
class GroupRule:
    group: str
    role: str
    organisation: str | None = None  # an organisation's code, for partners


def parse_groups(setting: str) -> tuple[GroupRule, ...]:
    """`group=role` entries separated by `;` or new lines; a partner as `group=partner:<organisation code>`.

    Raises ValueError naming the entry that is wrong.
    """
    rules = []
    for raw in setting.replace("\n", ";").split(";"):
        entry = raw.strip()
        if not entry:
            continue
        group, sep, target = entry.rpartition("=")
        role, _, organisation = target.strip().partition(":")
        role, organisation, group = role.strip(), organisation.strip() or None, group.strip()
        if not sep or not group:
            raise ValueError(f"MIGRADO_OIDC_GROUPS: '{entry}' is not group=role")
        if role not in ROLE_RANK:
            raise ValueError(f"MIGRADO_OIDC_GROUPS: '{entry}': unknown role '{role}' (one of {', '.join(ROLE_RANK)})")
        if (role == "partner") != (organisation is not None):
            raise ValueError(f"MIGRADO_OIDC_GROUPS: '{entry}': an organisation goes with the role partner, "
                             "and only with it (group=partner:<organisation code>)")
        rules.append(GroupRule(group, role, organisation))
    return tuple(rules)


def rule_for(groups: Iterable[str], rules: Iterable[GroupRule]) -> GroupRule | None:
    """The mapped rule of the strongest role among the person's groups, or None."""
    member_of = set(groups)
    matching = [rule for rule in rules if rule.group in member_of]
    return min(matching, key=lambda rule: ROLE_RANK.index(rule.role), default=None)


def groups_of(claims: Mapping, claim: str = "groups") -> list[str]:
    """The groups claim as a list of names (a single string counts as one group)."""
    value = claims.get(claim)
    if isinstance(value, str):
        return [value]
    if isinstance(value, (list, tuple)):
        return [item for item in value if isinstance(item, str)]
    return []


def login_of(claims: Mapping, claim: str = "preferred_username") -> str | None:
    """The local login name: the named claim, else the e-mail, else the subject; None if unusable."""
    for name in (claim, "email", "sub"):
        value = claims.get(name)
        if isinstance(value, str) and value.strip():
            value = value.strip()
            return value if len(value) <= LOGIN_LENGTH and value.isprintable() else None
    return None


@dataclass(frozen=True)
class SsoAnswer:
    user: SignedIn | None = None
    session_version: int = 0
    refused: str | None = None
    role: str | None = None


def sign_in(login: str | None, groups: Iterable[str], rules: Iterable[GroupRule],
            *, uow: UnitOfWork | None = None) -> SsoAnswer:
    """Sign a person in whom the identity provider vouched for; the refusal code otherwise."""
    if login is None:
        return SsoAnswer(refused=NO_NAME)
    rule = rule_for(groups, rules)
    with uow or UnitOfWork() as work:
        if rule is None:
            work.audit.record(login, "login_refused", "user", None, via="sso", reason=NO_GROUP)
            work.commit()
            return SsoAnswer(refused=NO_GROUP)
        organisation_id = None
        if rule.organisation is not None:
            organisation_id = work.reference.organisation_ids().get(rule.organisation)
            if organisation_id is None:
                return SsoAnswer(refused=UNKNOWN_ORGANISATION)
        user = work.users.by_login(login)
        if user is None:
            user_id = work.users.create(login, SSO_PASSWORD_HASH, rule.role, organisation_id, clock.now())
            user = work.users.by_id(user_id)
            work.audit.record(login, "user_created", "user", user_id, via="sso", role=rule.role)
        elif user.password_hash != SSO_PASSWORD_HASH:
            work.audit.record(login, "login_refused", "user", user.id, via="sso", reason=LOCAL_ACCOUNT)
            work.commit()
            return SsoAnswer(refused=LOCAL_ACCOUNT)
        elif not user.active:
            return SsoAnswer(refused=INACTIVE)
        elif (user.role, user.organisation_id) != (rule.role, organisation_id):
            work.audit.record(login, "role_changed", "user", user.id, via="sso", role=rule.role,
                              before=user.role)
            work.users.set_role(user.id, rule.role, organisation_id)
            work.session_versions.advance(user.id)  # sessions with the old role end now
        work.users.record_login(user)
        work.audit.record(login, "login", "user", user.id, via="sso")
        version = work.session_versions.current(user.id) or 0
        signed_in = SignedIn(user.id, user.login, rule.role, organisation_id)
        work.commit()
        return SsoAnswer(signed_in, version, role=rule.role)
