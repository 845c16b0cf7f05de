"""Downloads of leadership's reports: /reports/<period>.pdf and .xlsx (leadership, admin).

The period is a key ("2025", "2025-Q4", "2025-11", "first-year"); `?lang=en` asks for
English, else the interface's language. Each route checks the role itself.
"""

from __future__ import annotations

import flask

from dashboard.reports.files import report_file
from dashboard.services.reports import parse_period
from dashboard.texts.i18n import LANGUAGES, current_language
from dashboard.web.auth import session_user
from planner import clock

ROLES = frozenset({"admin", "leadership"})

blueprint = flask.Blueprint("reports", __name__)


@blueprint.get("/reports/<key>.<fmt>")
def download(key: str, fmt: str):
    user = session_user()
    if user is None or user.role not in ROLES:
        flask.abort(403)
    if fmt not in ("pdf", "xlsx"):
        flask.abort(404)
    try:
        period = parse_period(key)
    except ValueError:
        flask.abort(404)
    lang = flask.request.args.get("lang") or current_language()
    if lang not in LANGUAGES:
        lang = current_language()
    content, name, mime = report_file(period, fmt, lang, clock.today())
    response = flask.Response(content, mimetype=mime)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["Cache-Control"] = "no-store"
    return response
