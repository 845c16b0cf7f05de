"""Controls every request passes before and after the app: size, origin, rate, headers, errors.

Order matters and is fixed here: the size limit and the origin check run *before* the login
guard (dashboard.web.auth.check_request), so neither a 100 MB body nor a forged post from
another site costs more than reading its headers. docs/security.md says what each control
defends against.
"""

from __future__ import annotations

import functools
import logging
import os
from urllib.parse import urlparse

import dash
import flask
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from werkzeug.middleware.proxy_fix import ProxyFix

from dashboard.web import problems
from dashboard.web.api.allowed import answer_options

log = logging.getLogger(__name__)

# A request body larger than this is refused by its Content-Length (and cut off at it when
# sent without one). Callbacks and forms are small; imports have their own, larger limit.
DEFAULT_MAX_BODY = 1024 * 1024
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# Callers that authenticate with a bearer token in a header (never a cookie) cannot be
# driven by another site's page, so the origin check does not apply to them.
TOKEN_PREFIXES = ("/api/",)
# Sec-Fetch-Site values a browser sends for our own pages ("none": typed or bookmarked).
OWN_SITE = frozenset({"same-origin", "none"})
# Failed sign-ins per address (Flask-Limiter); the limit per login name is in the database
# (dashboard.services.login_throttle).
LOGIN_LIMIT_PER_ADDRESS = "20 per minute;200 per hour"
HSTS = "max-age=31536000; includeSubDomains"
CALLBACK_PATH = "/_dash-update-component"


def proxy_hops() -> int:
    """MIGRADO_PROXY_FIX: how many reverse proxies stand in front of the app (0: none, the default).

    Only then are their X-Forwarded-For, -Proto, -Host and -Port believed (the last N values,
    those our own proxies added): the app then sees the browser's address (the sign-in limit
    per address), https (Secure cookie, HSTS) and the public host (the origin check). Without
    a proxy, anyone could send these headers, so they are ignored.
    """
    value = os.environ.get("MIGRADO_PROXY_FIX", "").strip()
    return int(value) if value.isdigit() else 0


class BehindProxy:
    """Werkzeug's ProxyFix for the number of proxies the setting names (read per request, so a
    deployment, or a test, changes it without rebuilding the app); nothing when it is 0."""

    def __init__(self, app) -> None:
        self.app = app
        self._fixed: dict[int, ProxyFix] = {}

    def __call__(self, environ, start_response):
        hops = proxy_hops()
        if not hops:
            return self.app(environ, start_response)
        if hops not in self._fixed:
            self._fixed[hops] = ProxyFix(self.app, x_for=hops, x_proto=hops, x_host=hops, x_port=hops)
        return self._fixed[hops](environ, start_response)


def max_body() -> int:
    return int(os.environ.get("MIGRADO_MAX_BODY_BYTES", DEFAULT_MAX_BODY))


def production() -> bool:
    return os.environ.get("MIGRADO_SECURE_COOKIES") == "1"


@functools.cache
def _import_form() -> tuple[str, int]:
    """The import form's path and upload limit (imported late: import_views imports this module's users)."""
    from dashboard.web.import_views import MAX_UPLOAD, PATH

    return PATH, MAX_UPLOAD


def _limit_for(path: str) -> int | None:
    """The body limit of a path; None where the route refuses with its own message
    (the import form: it names the file's size, before reading it, after the admin check)."""
    form_path, upload_limit = _import_form()
    if path == form_path:
        flask.request.max_content_length = upload_limit
        return None
    return max_body()


def check_size():
    """Refuse a body by its declared length before anything reads it; cap one without."""
    limit = _limit_for(flask.request.path)
    if limit is None:
        return None
    flask.request.max_content_length = limit  # a chunked body is cut off here while read
    length = flask.request.content_length
    if length is not None and length > limit:
        return problems.respond(413, limit=limit)
    return None


def _allowed_hosts() -> set[str]:
    extra = os.environ.get("MIGRADO_TRUSTED_ORIGINS", "")
    return {flask.request.host.lower()} | {urlparse(o.strip()).netloc.lower() for o in extra.split(",") if o.strip()}


def check_origin():
    """A state-changing request must come from our own pages (forms and Dash callbacks).

    Browsers send Sec-Fetch-Site and Origin with every POST; a request with neither did not
    come from a browser, so no victim's cookie rides along. The host is compared, not the
    scheme: behind a TLS proxy the app itself is reached over plain HTTP.
    """
    request = flask.request
    if request.method in SAFE_METHODS or request.path.startswith(TOKEN_PREFIXES):
        return None
    site = request.headers.get("Sec-Fetch-Site")
    if site is not None and site.lower() not in OWN_SITE:
        return _cross_site(f"Sec-Fetch-Site={site}")
    origin = request.headers.get("Origin")
    if origin is not None and urlparse(origin).netloc.lower() not in _allowed_hosts():
        return _cross_site(f"Origin={origin[:100]}")
    return None


def _cross_site(reason: str):
    log.warning("cross-site %s %s refused (%s)", flask.request.method, flask.request.path, reason)
    return problems.respond(403, code="cross_site")


def check_callback_shape():
    """A Dash callback post that is not the renderer's shape is a 400 naming the field,
    instead of an error deep inside Dash or the login guard (a bare 500). Here, ahead of the
    guard: what the guard reads (a JSON object naming its output)."""
    request = flask.request
    if request.path != CALLBACK_PATH or request.method != "POST":
        return None
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        return problems.respond(400, field="body", code="not_json")
    if not isinstance(body.get("output"), str):
        return problems.respond(400, field="output", code="type")
    return None


def check_callback_body():
    """After the role check (an unknown or forbidden callback is a 403 first): the rest of
    the renderer's shape."""
    request = flask.request
    if request.path != CALLBACK_PATH or request.method != "POST":
        return None
    body = request.get_json(silent=True)
    expected = {"outputs": (dict, list), "inputs": list}
    for field, kind in expected.items():
        if not isinstance(body.get(field), kind):
            return problems.respond(400, field=field, code="type")
    for field in ("state", "changedPropIds"):
        if field in body and not isinstance(body[field], list):
            return problems.respond(400, field=field, code="type")
    for field in ("inputs", "state"):
        for item in body.get(field) or []:
            if isinstance(item, list):  # a pattern-matching input: a list of specs
                items = item
            else:
                items = [item]
            if not all(isinstance(spec, dict) and "id" in spec and "property" in spec for spec in items):
                return problems.respond(400, field=field, code="type")
    return None


class Headers:
    """Security headers on every response. The script hashes are Dash's inline scripts
    (its renderer start, the clientside callbacks), known only once every page module
    registered its callbacks: computed at the first response."""

    def __init__(self, app: dash.Dash) -> None:
        self.app = app
        self._policy: str | None = None

    def policy(self) -> str:
        if self._policy is None:
            hashes = " ".join(self.app.csp_hashes())
            self._policy = "; ".join((
                "default-src 'self'",
                f"script-src 'self' {hashes}",
                # Plotly and React set styles at run time; styles cannot run code.
                "style-src 'self' 'unsafe-inline'",
                "img-src 'self' data: blob:",
                "font-src 'self' data:",
                "connect-src 'self'",
                "worker-src 'self' blob:",
                "object-src 'none'",
                "base-uri 'self'",
                "form-action 'self'",
                "frame-ancestors 'none'",
            ))
        return self._policy

    def __call__(self, response: flask.Response) -> flask.Response:
        headers = response.headers
        headers["Content-Security-Policy"] = self.policy()
        headers["X-Content-Type-Options"] = "nosniff"
        headers["X-Frame-Options"] = "DENY"
        # Calendar feed URLs carry their token: no address leaves for another site.
        headers["Referrer-Policy"] = "same-origin"
        headers["Cross-Origin-Opener-Policy"] = "same-origin"
        headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()"
        if production() or flask.request.is_secure:  # https directly, or as the trusted proxy says
            headers["Strict-Transport-Security"] = HSTS
        headers.pop("Server", None)
        return response


def _failed_login(response: flask.Response) -> bool:
    return response.status_code != 302  # a sign-in that worked redirects


def limiter_storage() -> str:
    """Redis when REDIS_URL is set (several workers share the counts), else this process's memory."""
    return os.environ.get("REDIS_URL", "").strip() or "memory://"


def register(app: dash.Dash) -> Limiter:
    """Install the controls; call after the routes are registered (auth, login, imports)."""
    server = app.server
    server.wsgi_app = BehindProxy(server.wsgi_app)  # outermost: the calendar feed sees it too
    server.config["MAX_CONTENT_LENGTH"] = max(max_body(), _import_limit())
    before = server.before_request_funcs.setdefault(None, [])
    # Ahead of the login guard, which reads a callback's body to find its roles: the body is
    # bounded by then, and a malformed one is a 400 instead of an error inside the guard.
    before[0:0] = [check_size, check_origin, check_callback_shape, answer_options]
    before.append(check_callback_body)
    server.after_request(Headers(app))
    server.config.setdefault("RATELIMIT_HEADERS_ENABLED", False)
    limiter = Limiter(get_remote_address, app=server, storage_uri=limiter_storage(),
                      strategy="moving-window", key_prefix="migrado-login")
    # Only the sign-in is limited, by the limit on its view (checked when the view runs):
    # the extension's own check before every request is taken out, so a check-in does not
    # pay for it (it was 4 % of a web worker's time under bench/load.py).
    server.before_request_funcs[None].remove(limiter._check_request_limit)
    # The limit wraps the view (Flask-Limiter checks decorated limits when the view runs).
    server.view_functions["login_submit"] = limiter.limit(
        LOGIN_LIMIT_PER_ADDRESS, methods=["POST"], deduct_when=_failed_login)(server.view_functions["login_submit"])
    problems.register(server)
    return limiter


def _import_limit() -> int:
    from dashboard.web.import_views import MAX_UPLOAD

    return MAX_UPLOAD

