"""JSON error answers of the API: which field is wrong, in German and English."""

from __future__ import annotations

import flask

from dashboard.texts.i18n import t
from dashboard.services.errors import FieldError


class ApiError(FieldError):
    """A request refused with an HTTP status; the body names the field and the reason."""

    def __init__(self, status: int, field: str | None, code: str) -> None:
        super().__init__(field, code)
        self.status = status


def message(code: str) -> str:
    return f"{t(f'api.error.{code}', 'de')} / {t(f'api.error.{code}', 'en')}"


def error_response(error: ApiError) -> flask.Response:
    response = flask.jsonify({"error": {"field": error.field, "code": error.code, "message": message(error.code)}})
    response.status_code = error.status
    if error.status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="migrado-checkin"'
    return response
