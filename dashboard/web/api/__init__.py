"""HTTP routes beside the Dash pages: the check-in REST API and the partners' calendars."""

from __future__ import annotations

import flask
from werkzeug.middleware.dispatcher import DispatcherMiddleware

from dashboard.web.api import calendar_routes, visits

CALENDAR_FEED_PREFIX = "/calendar"


def register(server: flask.Flask) -> None:
    server.register_blueprint(visits.blueprint)
    server.register_blueprint(visits.unknown)
    server.register_blueprint(calendar_routes.download)
    # The subscription feed sits outside the login guard: see dashboard.web.api.calendar_routes.
    server.wsgi_app = DispatcherMiddleware(server.wsgi_app, {CALENDAR_FEED_PREFIX: calendar_routes.feed_app()})
