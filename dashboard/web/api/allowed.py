"""Which methods an API address answers: for 405 with a correct Allow, and for OPTIONS.

The JSON 404 catch-all under /api/ (dashboard.web.api.visits.unknown) matches every method,
so Werkzeug's own Allow (the union over all matching rules) would name methods that only
reach the catch-all. Here the catch-all is left out.
"""

from __future__ import annotations

import flask
from werkzeug.exceptions import HTTPException

CATCH_ALL = "api_unknown."
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")


def allowed_methods(path: str) -> list[str]:
    adapter = flask.current_app.url_map.bind_to_environ(flask.request.environ)
    found = set()
    for method in METHODS:
        try:
            endpoint, _ = adapter.match(path, method=method)
        except HTTPException:
            continue
        if not endpoint.startswith(CATCH_ALL):
            found.add(method)
    if "GET" in found:
        found.add("HEAD")
    return sorted(found | {"OPTIONS"}) if found else []


def answer_options():
    """OPTIONS on an API address: 204 with the methods that really answer there."""
    request = flask.request
    if request.method != "OPTIONS" or not request.path.startswith("/api/"):
        return None
    methods = allowed_methods(request.path)
    if not methods:
        return None  # the catch-all's JSON 404
    response = flask.Response(status=204)
    response.headers["Allow"] = ", ".join(methods)
    return response
