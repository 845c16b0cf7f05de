"""Answers while the database is away: a German page or a 503 with Retry-After, no traceback.

Nothing here keeps state: the next request simply tries again, and the pool replaces dead
connections (a connection that rested is tested before use, and a lost connection makes
the pool drop all it holds, data_access.db), so service resumes by itself once the
database is back.
"""

from __future__ import annotations

import logging
from html import escape

import flask
from sqlalchemy import exc as sa_exc

from dashboard.i18n import current_language, t

RETRY_AFTER_SECONDS = 30
# Connection lost or refused, database locked or shutting down, pool exhausted.
UNAVAILABLE = (sa_exc.OperationalError, sa_exc.InterfaceError, sa_exc.TimeoutError)
# Callers that read JSON get JSON; people get a page.
JSON_PREFIXES = ("/_dash", "/api/")

log = logging.getLogger(__name__)

PAGE = """<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="{retry}">
<title>{title} – MigraDo Ops</title>
<link rel="stylesheet" href="/assets/vendor/bootstrap.min.css">
</head>
<body class="bg-light">
<main class="container" style="max-width: 36rem; margin-top: 8vh">
<h1 class="h3 mb-3">{title}</h1>
<p role="alert">{text}</p>
<p><a class="btn btn-primary" href="">{retry_label}</a></p>
</main>
</body>
</html>"""


def is_unavailable(error: BaseException) -> bool:
    if isinstance(error, UNAVAILABLE):
        return True
    return isinstance(error, sa_exc.DBAPIError) and bool(error.connection_invalidated)


def response_for(error: BaseException) -> flask.Response:
    log.warning("database unavailable: %s", error.__class__.__name__)
    lang = current_language()
    if flask.request.path.startswith(JSON_PREFIXES):
        body = {"error": {"field": None, "code": "unavailable",
                          "message": f"{t('errors.db.short', 'de')} / {t('errors.db.short', 'en')}"}}
        response = flask.jsonify(body)
    else:
        response = flask.Response(
            PAGE.format(lang=lang, retry=RETRY_AFTER_SECONDS, title=escape(t("errors.db.title", lang)),
                        text=escape(t("errors.db.text", lang)), retry_label=escape(t("errors.db.retry", lang))),
            mimetype="text/html",
        )
    response.status_code = 503
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response.headers["Cache-Control"] = "no-store"
    return response


def register(server: flask.Flask) -> None:
    for kind in (sa_exc.DBAPIError, sa_exc.TimeoutError):
        server.register_error_handler(kind, _handle)


def _handle(error: Exception):
    if is_unavailable(error):
        return response_for(error)
    raise error  # anything else is a bug: Flask's plain 500, still without a traceback
