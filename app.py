"""Composition root: configuration, the Dash app, its pages and background-callback manager.

`python app.py` serves it on http://127.0.0.1:8050; a WSGI server takes `app:server`.
"""

from __future__ import annotations

import os
from pathlib import Path

import dash
from dash import Dash

from dashboard.web import api, auth, exports, import_views, jobs, queue_views, unavailable
from dashboard.texts.i18n import current_language, t
from dashboard.shell import shell_layout

ROOT = Path(__file__).resolve().parent
VAR = ROOT / "var"


class MigraDoDash(Dash):
    """Dash with `<html lang>` set per request, for screen readers (BITV 2.0)."""

    def interpolate_index(self, **kwargs):
        page = super().interpolate_index(**kwargs)
        return page.replace("<html>", f'<html lang="{current_language()}">', 1)


def create_app() -> Dash:
    VAR.mkdir(exist_ok=True)
    app = MigraDoDash(
        __name__,
        use_pages=True,
        # Every dashboard/<feature>/page.py that calls dash.register_page is a page.
        pages_folder=str(ROOT / "dashboard"),
        assets_folder=str(ROOT / "assets"),
        # Celery workers through Redis when REDIS_URL is set, else a local disk cache.
        background_callback_manager=jobs.background_manager(VAR),
        on_error=jobs.on_callback_error,  # a lost or failed job says so; other errors propagate
        suppress_callback_exceptions=True,
        title=t("app.title", "de"),
        update_title=None,
        compress=False,
    )
    app.layout = shell_layout
    auth.register(app, VAR)
    api.register(app.server)  # the check-in REST API and the partners' calendar routes
    app.server.register_blueprint(exports.blueprint)  # the published plan as XLSX, CSV, iCal, print
    app.server.register_blueprint(import_views.blueprint)  # visits from CSV/XLSX, admins only
    app.server.register_blueprint(queue_views.blueprint)  # call displays and visitors' ticket pages
    unavailable.register(app.server)  # database away: a German page or a 503, never a traceback
    return app


app = create_app()
server = app.server

if __name__ == "__main__":
    app.run(
        host=os.environ.get("MIGRADO_HOST", "127.0.0.1"),
        port=int(os.environ.get("MIGRADO_PORT", "8050")),
        debug=os.environ.get("MIGRADO_DEBUG") == "1",
    )
