"""Who is asking: logins, sessions, and the role check on every page, callback and route.

The rule is fail-closed. A request to Dash's callback endpoint is answered only when the
callback it names was declared with `@allow(...)` and the session's role is among those
roles; anything else gets 403. The decorator checks again inside the callback, so a
background job (which runs without the request) is guarded too. A partner's
organisation always comes from the server-side session, never from the browser.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

import dash
import flask
from flask.sessions import SecureCookieSessionInterface
from dash.exceptions import PreventUpdate

from dashboard.services import logins, session_versions
from dashboard.texts.i18n import current_language

ROLES = ("admin", "coordination", "leadership", "reception", "partner", "team")
STAFF_ROLES = ("admin", "coordination", "leadership")

# Which roles may open which page; the navigation shows a role only its pages.
PAGE_ROLES: dict[str, frozenset[str]] = {
    "/": frozenset({"admin", "coordination", "leadership", "reception"}),
    "/trends": frozenset({"admin", "coordination", "leadership"}),
    "/reports": frozenset({"admin", "leadership"}),
    "/planner": frozenset({"admin", "coordination", "leadership"}),
    "/staff": frozenset({"admin", "coordination"}),
    "/partner": frozenset({"admin", "coordination", "partner"}),
    "/checkin": frozenset({"admin", "coordination", "reception"}),
    "/aufruf": frozenset({"admin", "coordination", "reception"}),
    # The finder; its sections check their own roles (dashboard/courses/parts.py).
    "/courses": frozenset({"admin", "coordination", "leadership", "reception"}),
    "/admin": frozenset({"admin"}),
    # After publishing (issue 20): sick calls and replacements; a team member's own shifts.
    "/ausfall": frozenset({"admin", "coordination", "leadership"}),  # leadership: the hour balances only
    "/meine-schichten": frozenset({"team"}),
}
HOME_BY_ROLE = {"partner": "/partner", "reception": "/checkin", "team": "/meine-schichten"}

# Requests that need no login: the login page itself, static files, health check.
# The queue's display and ticket pages check their own tokens (dashboard/web/queue_views.py).
PUBLIC_PREFIXES = ("/login", "/assets/", "/_dash-component-suites/", "/_favicon", "/healthz", "/anzeige/", "/ticket/")
# Dash's own callback that renders the page for a URL; the page's layout checks the role.
PAGES_CALLBACK = ".._pages_content.children..._pages_store.data.."


@dataclass(frozen=True)
class CurrentUser:
    id: int
    login: str
    role: str
    organisation_id: int | None
    staff_id: int | None = None  # a team member's staff record, from the login row

    def may_open(self, path: str) -> bool:
        return self.role in PAGE_ROLES.get(path, frozenset())


def secret_key(var_dir: Path) -> str:
    """MIGRADO_SECRET_KEY, else a random key generated once and kept under var/."""
    key = os.environ.get("MIGRADO_SECRET_KEY")
    if key:
        return key
    path = var_dir / "secret_key"
    if not path.exists():
        var_dir.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def session_user() -> CurrentUser | None:
    data = flask.session.get("user") if flask.has_request_context() else None
    return CurrentUser(**data) if data else None


def current_user() -> CurrentUser | None:
    """The user a callback runs for: from the callback context (also in background jobs)."""
    try:
        data = dash.ctx.custom_data.get("user")
    except Exception:  # noqa: BLE001 - outside a callback there is no context
        data = None
    if data:
        return CurrentUser(**data)
    return session_user()


def allow(*roles: str):
    """Declare who may call a callback; use it right below `@callback`."""
    unknown = set(roles) - set(ROLES)
    if unknown:
        raise ValueError(f"unknown role(s): {sorted(unknown)}")

    def decorate(func):
        @functools.wraps(func)
        def guarded(*args, **kwargs):
            user = current_user()
            if user is None or user.role not in roles:
                raise PreventUpdate
            return func(*args, **kwargs)

        guarded.allowed_roles = frozenset(roles)
        return guarded

    return decorate


class LoginResult:
    OK = logins.OK
    WRONG = logins.WRONG


def authenticate(login: str, password: str) -> tuple[str, CurrentUser | None]:
    """Check a password (the caller has throttled the attempt: services/login_throttle.py)."""
    result, user = logins.sign_in(login, password)
    return result, (CurrentUser(user.id, user.login, user.role, user.organisation_id, user.staff_id) if user else None)


def is_public(path: str) -> bool:
    return path == "/login" or any(path.startswith(p) for p in PUBLIC_PREFIXES)


def check_request(app: dash.Dash):
    """Flask before_request hook: every request is checked here before Dash sees it."""
    path = flask.request.path
    if is_public(path) or path.startswith("/api/"):
        return None  # the API checks its device tokens itself
    user = session_user()
    if user is not None and not _still_active(user):
        # Deactivated (or deleted) since signing in: the session ends now, not in 12 hours.
        flask.session.clear()
        user = None
    if user is None:
        if path.startswith("/_dash") or flask.request.method != "GET":
            return flask.Response("Nicht angemeldet", status=401)
        return flask.redirect(f"/login?next={flask.request.full_path.rstrip('?')}")
    if path == "/_dash-update-component":
        return _check_callback(app, user)
    return None


def _still_active(user: CurrentUser) -> bool:
    # Asked on every request of a signed-in user: one statement (on PostgreSQL without
    # BEGIN and COMMIT round trips), no ORM session. A logout anywhere voids the cookie.
    return session_versions.is_current(user.id, user.role, flask.session.get("sv", 0))


def _check_callback(app: dash.Dash, user: CurrentUser):
    body = flask.request.get_json(silent=True) or {}
    output = body.get("output")
    if output == PAGES_CALLBACK:
        return None
    entry = app.callback_map.get(output) if isinstance(output, str) else None
    roles = getattr(entry.get("callback"), "allowed_roles", None) if entry else None
    if roles is None or user.role not in roles:
        return flask.Response("Kein Zugriff", status=403)
    return None


class SessionInterface(SecureCookieSessionInterface):
    """Signed cookie sessions, except on the API: devices send a bearer token, never a
    session, and verifying a cookie nobody sends still cost every check-in a signer."""

    def open_session(self, app, request):
        if request.path.startswith("/api/"):
            return self.null_session_class()
        return super().open_session(app, request)

    def get_cookie_secure(self, app) -> bool:
        # MIGRADO_SECURE_COOKIES, or a request that came over https (directly, or as a trusted
        # reverse proxy says: MIGRADO_PROXY_FIX): the cookie then never travels in clear.
        return super().get_cookie_secure(app) or (flask.has_request_context() and flask.request.is_secure)


def register(app: dash.Dash, var_dir: Path) -> None:
    server = app.server
    server.session_interface = SessionInterface()
    server.secret_key = secret_key(var_dir)
    server.config.update(
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=os.environ.get("MIGRADO_SECURE_COOKIES") == "1",
        PERMANENT_SESSION_LIFETIME=dt.timedelta(hours=12),
        # A sign-in lasts 12 hours from the login (a working day), not from the last click;
        # and the cookie is signed and sent again only when the session changes, instead of
        # on every callback of a busy desk.
        SESSION_REFRESH_EACH_REQUEST=False,
    )
    server.before_request(lambda: check_request(app))

    @dash.hooks.custom_data("user")
    def _user_for_callbacks(_context):
        user = session_user()
        return user.__dict__ if user else None

    @dash.hooks.custom_data("language")
    def _language_for_callbacks(_context):
        # A background job runs outside the request: its texts follow the page's language.
        return current_language()

    from dashboard.web import login_views

    login_views.register(server)


def restricted(path: str):
    """Wrap a page's layout: a role that may not open `path` gets a notice, not the page."""

    def decorate(layout):
        @functools.wraps(layout)
        def guarded_layout(**query):
            from dashboard.components.placeholder import forbidden

            user = session_user()
            if user is None or not user.may_open(path):
                return forbidden()
            return layout(**query)

        return guarded_layout

    return decorate
