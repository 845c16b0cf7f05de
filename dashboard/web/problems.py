"""Refusals and errors as people and programs read them: a German page or a JSON problem.

Never a traceback, never Werkzeug's English default page. JSON for the API and Dash's own
endpoints (the shape of dashboard.web.api.errors: field, code, message in German and
English), a page in the interface's language for everything else.
"""

from __future__ import annotations

import logging
from html import escape

import flask
from werkzeug.exceptions import HTTPException

from dashboard.components.plain_page import plain_page
from dashboard.texts.i18n import current_language, t

JSON_PREFIXES = ("/_dash", "/api/")
PAGES = (400, 403, 404, 405, 413, 429, 500)

log = logging.getLogger(__name__)

MAIN = """<h1 class="h3 mb-3">{title}</h1>
<p role="alert">{text}</p>
<p><a class="btn btn-primary" href="/">{back}</a></p>"""


def _megabytes(limit: int) -> str:
    return f"{limit / (1024 * 1024):.0f} MB"


def _text(status: int, lang: str, code: str | None, field: str | None, limit: int | None) -> str:
    if status == 403 and code == "cross_site":
        return t("http.403.cross_site", lang)
    if status == 400 and field:
        return t("http.400.field", lang, field=field)
    if status == 413:
        return t("http.413.text", lang, limit=_megabytes(limit or flask.request.max_content_length or 0))
    return t(f"http.{status}.text", lang)


def wants_json() -> bool:
    return flask.request.path.startswith(JSON_PREFIXES)


def respond(status: int, *, code: str | None = None, field: str | None = None, limit: int | None = None,
            headers: dict[str, str] | None = None) -> flask.Response:
    status = status if status in PAGES else 500
    if wants_json():
        body = {"error": {"field": field, "code": code or f"http_{status}",
                          "message": " / ".join(_text(status, lang, code, field, limit) for lang in ("de", "en"))}}
        response = flask.jsonify(body)
    else:
        lang = current_language()
        title = escape(t(f"http.{status}.title", lang))
        main = MAIN.format(title=title, text=escape(_text(status, lang, code, field, limit)),
                           back=escape(t("http.back", lang)))
        response = flask.Response(plain_page(lang, title, main, main_class="container",
                                             main_style="max-width: 36rem; margin-top: 8vh", body_class="bg-light"),
                                  mimetype="text/html")
    response.status_code = status
    response.headers["Cache-Control"] = "no-store"
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def _http_error(error: HTTPException):
    status = error.code or 500
    # Keep what the refusal says about a retry: the methods allowed (405), when to retry (429).
    kept = {name: value for name, value in error.get_headers() if name in ("Allow", "Retry-After")}
    return respond(status, headers=kept)


def _internal_error(error: Exception):
    original = getattr(error, "original_exception", None) or error
    if not isinstance(original, HTTPException):
        log.error("unhandled %s on %s %s", original.__class__.__name__, flask.request.method, flask.request.path)
    return respond(500)


def register(server: flask.Flask) -> None:
    for status in (400, 403, 404, 405, 413, 429):
        server.register_error_handler(status, _http_error)
    server.register_error_handler(500, _internal_error)
