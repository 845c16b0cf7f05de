"""Answers while the database is away: a German page or a 503 with Retry-After, no traceback.

Nothing here keeps state: the next request simply tries again, and the pool replaces dead
connections (a connection that rested is tested before use, and a lost connection makes
the pool drop all it holds, data_access.db), so service resumes by itself once the
database is back.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from html import escape

import flask
from dash._utils import to_json

from dashboard.services.errors import DATABASE_ERRORS, is_database_unavailable
from dashboard.texts.i18n import current_language, t
from dashboard.components.plain_page import plain_page

RETRY_AFTER_SECONDS = 30
# Callers that read JSON get JSON; people get a page.
JSON_PREFIXES = ("/_dash", "/api/")

log = logging.getLogger(__name__)

MAIN = """<h1 class="h3 mb-3">{title}</h1>
<p role="alert">{text}</p>
<p><a class="btn btn-primary" href="">{retry_label}</a></p>"""


# Callbacks that answer for themselves while the database is away, before they could run
# (the session check reads the database): each takes the callback's request body and returns
# the Dash response to send, or None. The check-in desk keeps its entry this way
# (dashboard/checkin/page.py offline_answer); it only echoes what the request itself carries.
OFFLINE_ANSWERS: list[Callable[[dict], dict | None]] = []


def _offline_answer() -> flask.Response | None:
    if flask.request.path != "/_dash-update-component" or flask.request.method != "POST":
        return None
    body = flask.request.get_json(silent=True)
    if not isinstance(body, dict):
        return None
    for answer_for in OFFLINE_ANSWERS:
        answer = answer_for(body)
        if answer is not None:
            response = flask.Response(to_json(answer), mimetype="application/json")
            response.headers["Cache-Control"] = "no-store"
            return response
    return None


def response_for(error: BaseException) -> flask.Response:
    # The driver's own words say why (refused, locked, timed out); not str(error), which
    # would carry the statement and its parameters into the log.
    reason = str(getattr(error, "orig", None) or error.__class__.__name__).strip().splitlines()
    log.warning("database unavailable: %s: %s", error.__class__.__name__, reason[0][:200] if reason else "")
    offline = _offline_answer()
    if offline is not None:
        return offline
    lang = current_language()
    if flask.request.path.startswith(JSON_PREFIXES):
        body = {"error": {"field": None, "code": "unavailable",
                          "message": f"{t('errors.db.short', 'de')} / {t('errors.db.short', 'en')}"}}
        response = flask.jsonify(body)
    else:
        response = flask.Response(
            plain_page(lang, escape(t("errors.db.title", lang)),
                       MAIN.format(title=escape(t("errors.db.title", lang)), text=escape(t("errors.db.text", lang)),
                                   retry_label=escape(t("errors.db.retry", lang))),
                       main_class="container", main_style="max-width: 36rem; margin-top: 8vh", body_class="bg-light",
                       head_extra=f'<meta http-equiv="refresh" content="{RETRY_AFTER_SECONDS}">'),
            mimetype="text/html",
        )
    response.status_code = 503
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response.headers["Cache-Control"] = "no-store"
    return response


def register(server: flask.Flask) -> None:
    for kind in DATABASE_ERRORS:
        server.register_error_handler(kind, _handle)


def _handle(error: Exception):
    if is_database_unavailable(error):
        return response_for(error)
    raise error  # anything else is a bug: Flask's plain 500, still without a traceback
