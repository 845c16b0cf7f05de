"""JSON error answers of the API: which field is wrong, in German and English."""

from __future__ import annotations

import flask

from dashboard.i18n import t


class ApiError(Exception):
    def __init__(self, status: int, field: str | None, code: str) -> None:
        super().__init__(f"{status} {field}: {code}")
        self.status = status
        self.field = field
        self.code = code


def message(code: str) -> str:
    return f"{t(f'api.error.{code}', 'de')} / {t(f'api.error.{code}', 'en')}"


def error_response(error: ApiError) -> flask.Response:
    response = flask.jsonify({"error": {"field": error.field, "code": error.code, "message": message(error.code)}})
    response.status_code = error.status
    if error.status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="migrado-checkin"'
    return response
