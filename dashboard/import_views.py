"""The visit import as a plain form (/admin/import): a dry run, then the import, admins only.

A plain HTML form with a native file input: keyboard- and screen-reader-friendly, and
no state between the two steps (the file is sent again, and checked again, to import).
"""

from __future__ import annotations

from html import escape

import flask

from dashboard.auth import session_user
from dashboard.i18n import current_language, t
from dashboard.import_messages import summary
from data_access.db import session_scope
from data_access.imports import ImportProblem, VisitImport, import_visits
from data_access.imports.files import MAX_BYTES
from data_access.repositories import AuditRepository

blueprint = flask.Blueprint("visit_import", __name__)
PATH = "/admin/import"

PAGE = """<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} – MigraDo Ops</title>
<link rel="stylesheet" href="/assets/vendor/bootstrap.min.css">
<link rel="stylesheet" href="/assets/app.css">
</head>
<body>
<main class="container my-4" style="max-width: 48rem">
<p><a href="/admin">{back}</a></p>
<h1 class="h3">{title}</h1>
<p>{intro}</p>
{result}
<form method="post" action="{path}" enctype="multipart/form-data" class="card card-body">
<div class="mb-3"><label for="file" class="form-label">{file_label}</label>
<input id="file" name="file" type="file" class="form-control" accept=".csv,.xlsx" required></div>
<div><button type="submit" name="action" value="check" class="btn btn-primary me-2">{check}</button>
<button type="submit" name="action" value="import" class="btn btn-secondary">{run}</button></div>
</form>
</main>
</body>
</html>"""


def _page(result_html: str = "", status: int = 200) -> flask.Response:
    lang = current_language()
    body = PAGE.format(
        lang=lang, path=PATH, result=result_html, title=escape(t("imports.page.title", lang)),
        back=escape(t("imports.page.back", lang)), intro=escape(t("imports.page.intro", lang)),
        file_label=escape(t("imports.page.file", lang)), check=escape(t("imports.page.check", lang)),
        run=escape(t("imports.page.run", lang)),
    )
    return flask.Response(body, status=status, mimetype="text/html")


def _result(report: VisitImport, dry_run: bool) -> str:
    lines = summary(report)
    colour = "danger" if report.problems else ("success" if report.written or dry_run else "info")
    head, rest = lines[0], lines[1:]
    items = "".join(f"<li>{escape(line)}</li>" for line in rest)
    extra = "" if report.problems or report.written or not dry_run else f"<p class='mb-0'>{escape(t('imports.page.next'))}</p>"
    return (f'<div class="alert alert-{colour}" role="status"><p class="mb-1">{escape(head)}</p>'
            f'{"<ul class=mb-0>" + items + "</ul>" if items else ""}{extra}</div>')


def _admin():
    user = session_user()
    if user is None or user.role != "admin":
        flask.abort(403)
    return user


@blueprint.get(PATH)
def form():
    _admin()
    return _page()


@blueprint.post(PATH)
def upload():
    user = _admin()
    if (flask.request.content_length or 0) > MAX_BYTES + 64 * 1024:
        report = VisitImport(problems=[ImportProblem("too_large", value=f"{flask.request.content_length / 1e6:.1f} MB")])
        return _page(_result(report, True), status=413)
    file = flask.request.files.get("file")
    if file is None or not file.filename:
        return _page(_result(VisitImport(problems=[ImportProblem("empty", row=1)]), True), status=400)
    dry_run = flask.request.form.get("action") != "import"
    with session_scope() as session:
        report = import_visits(session, file.read(MAX_BYTES + 1), file.filename, dry_run=dry_run)
        if report.written:
            AuditRepository(session).record(user.login, "import_visits", "visit", None, file=file.filename,
                                            new=report.new, skipped=report.already_stored)
    return _page(_result(report, dry_run), status=400 if report.problems else 200)
