"""Signing in with the city's account: OpenID Connect with Authlib (README "Single sign-on").

Configured by environment (read at each request, so a deployment changes it without code):

- MIGRADO_OIDC_ISSUER: the identity provider's issuer URL (its discovery document lies at
  `<issuer>/.well-known/openid-configuration`); with MIGRADO_OIDC_CLIENT_ID it switches SSO on.
- MIGRADO_OIDC_CLIENT_ID, MIGRADO_OIDC_CLIENT_SECRET: this app's registration there.
- MIGRADO_OIDC_GROUPS: `group=role` entries separated by `;` (`group=partner:<organisation code>`).
- MIGRADO_OIDC_GROUPS_CLAIM (`groups`), MIGRADO_OIDC_LOGIN_CLAIM (`preferred_username`),
  MIGRADO_OIDC_SCOPE (`openid profile email`), MIGRADO_OIDC_REDIRECT_URL (default: this
  app's `/login/sso/callback` as the request sees it; behind a proxy see MIGRADO_PROXY_FIX).

Authlib checks the state (kept in the signed session) against the callback's, sends a nonce
and checks it in the ID token, and checks the token's RS256 signature against the provider's
keys, its issuer, audience and expiry. dashboard/services/single_sign_on.py maps the groups.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from urllib.parse import urlencode

import flask
import requests
from authlib.common.errors import AuthlibBaseError
from authlib.integrations.flask_client import OAuth
from joserfc.errors import JoseError

from dashboard.services import single_sign_on as sso

log = logging.getLogger(__name__)
CLIENT_NAME = "city"
CALLBACK = "/login/sso/callback"
TIMEOUT_SECONDS = 10
# Refusal codes of the service -> the text and status of the login page that says so.
REFUSALS = {
    sso.NO_GROUP: ("login.sso.no_group", 403), sso.LOCAL_ACCOUNT: ("login.sso.local_account", 403),
    sso.INACTIVE: ("login.sso.inactive", 403), sso.UNKNOWN_ORGANISATION: ("login.sso.unknown_organisation", 403),
    sso.NO_NAME: ("login.sso.no_name", 403),
}


@dataclass(frozen=True)
class Settings:
    issuer: str
    client_id: str
    client_secret: str
    rules: tuple[sso.GroupRule, ...]
    groups_claim: str = "groups"
    login_claim: str = "preferred_username"
    scope: str = "openid profile email"
    redirect_url: str | None = None

    @property
    def metadata_url(self) -> str:
        return f"{self.issuer.rstrip('/')}/.well-known/openid-configuration"


def settings() -> Settings | None:
    """The single sign-on settings, or None when it is not configured. ValueError if misconfigured."""
    env = os.environ
    issuer, client_id = env.get("MIGRADO_OIDC_ISSUER", "").strip(), env.get("MIGRADO_OIDC_CLIENT_ID", "").strip()
    if not issuer or not client_id:
        return None
    if not issuer.startswith(("https://", "http://localhost", "http://127.0.0.1")):
        raise ValueError("MIGRADO_OIDC_ISSUER must be an https:// address")
    return Settings(
        issuer=issuer, client_id=client_id, client_secret=env.get("MIGRADO_OIDC_CLIENT_SECRET", ""),
        rules=sso.parse_groups(env.get("MIGRADO_OIDC_GROUPS", "")),
        groups_claim=env.get("MIGRADO_OIDC_GROUPS_CLAIM", "").strip() or "groups",
        login_claim=env.get("MIGRADO_OIDC_LOGIN_CLAIM", "").strip() or "preferred_username",
        scope=env.get("MIGRADO_OIDC_SCOPE", "").strip() or "openid profile email",
        redirect_url=env.get("MIGRADO_OIDC_REDIRECT_URL", "").strip() or None,
    )


def enabled() -> bool:
    """Whether the login page offers the city's account (a broken configuration offers nothing)."""
    try:
        return settings() is not None
    except ValueError:
        return False


_clients: dict[tuple, object] = {}


def _client(config: Settings):
    """Authlib's client for these settings (one per configuration; the discovery document is cached in it)."""
    key = (config.issuer, config.client_id, config.client_secret, config.scope)
    if key not in _clients:
        registry = OAuth(flask.current_app)
        _clients.clear()
        _clients[key] = registry.register(
            CLIENT_NAME, client_id=config.client_id, client_secret=config.client_secret,
            server_metadata_url=config.metadata_url,
            client_kwargs={"scope": config.scope, "timeout": TIMEOUT_SECONDS},
        )
    return _clients[key]


def register(server: flask.Flask, render, finish_sign_in, safe_next) -> None:
    """`render(message_key, status)` draws the login page; `finish_sign_in(user, version, next, via_sso=)`
    starts the session; `safe_next(path)` keeps only a local path to return to."""
    try:
        settings()
    except ValueError as error:  # said once at start; the login page then offers no SSO button
        log.error("single sign-on switched off: %s", error)

    def configured() -> Settings:
        try:
            config = settings()
        except ValueError:
            config = None
        if config is None:
            flask.abort(404)
        return config

    @server.get("/login/sso")
    def sso_start():
        config = configured()
        flask.session["sso_next"] = safe_next(flask.request.args.get("next"))
        redirect_uri = config.redirect_url or flask.url_for("sso_callback", _external=True)
        try:
            return _client(config).authorize_redirect(redirect_uri)
        except (requests.RequestException, AuthlibBaseError, ValueError) as error:
            log.warning("identity provider unreachable: %s", error.__class__.__name__)
            return render("login.sso.unavailable", 503)

    @server.get(CALLBACK, endpoint="sso_callback")
    def sso_callback():
        config = configured()
        client = _client(config)
        try:
            token = client.authorize_access_token()  # state, code, ID token with nonce and signature
            claims = dict(token.get("userinfo") or {})
            if not claims:
                raise AuthlibBaseError(description="no ID token")
            if config.groups_claim not in claims:
                claims = _with_userinfo(client, token, claims)
        except requests.RequestException as error:
            log.warning("identity provider unreachable at the callback: %s", error.__class__.__name__)
            return render("login.sso.unavailable", 503)
        except (AuthlibBaseError, JoseError, KeyError, ValueError) as error:
            # A forged or replayed callback (state), a token for another sign-in (nonce), a bad
            # signature, an error the provider sent back: one answer, the cause in the log.
            log.warning("single sign-on refused: %s %s", error.__class__.__name__, str(error)[:200])
            return render("login.sso.failed", 401)
        answer = sso.sign_in(sso.login_of(claims, config.login_claim),
                             sso.groups_of(claims, config.groups_claim), config.rules)
        if answer.refused:
            key, status = REFUSALS[answer.refused]
            return render(key, status)
        return finish_sign_in(answer.user, answer.session_version, flask.session.pop("sso_next", "/"), via_sso=True)


def logout_url(post_logout_redirect_uri: str) -> str | None:
    """Where to send the browser so the provider ends its session too (RP-initiated logout), or None.

    Only when the provider publishes an `end_session_endpoint`; a provider that cannot be
    reached leaves it at our own logout (which has happened already).
    """
    try:
        config = settings()
        if config is None:
            return None
        endpoint = _client(config).load_server_metadata().get("end_session_endpoint")
    except (requests.RequestException, AuthlibBaseError, ValueError) as error:
        log.warning("no logout at the identity provider: %s", error.__class__.__name__)
        return None
    if not isinstance(endpoint, str) or not endpoint.startswith(("https://", "http://")):
        return None
    query = urlencode({"client_id": config.client_id, "post_logout_redirect_uri": post_logout_redirect_uri})
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{query}"


def _with_userinfo(client, token: dict, claims: dict) -> dict:
    """Providers that keep the groups out of the ID token send them from the userinfo endpoint."""
    if not client.load_server_metadata().get("userinfo_endpoint"):
        return claims
    info = client.userinfo(token=token)
    if info.get("sub") != claims.get("sub"):  # OpenID Connect Core 5.3.2
        raise AuthlibBaseError(description="userinfo of another subject")
    return {**info, **claims}
