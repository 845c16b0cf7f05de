"""The imports as a plain form (/admin/import): visits, daily counts or the staff list; a dry
run, then the import, admins only.

A plain HTML form with a native file input, not a Dash callback: keyboard- and
screen-reader-friendly, no state between the two steps (the file is sent again, and checked
again, to import), and the file travels as multipart, not as base64 inside a callback's
JSON, so a too large upload is refused by its Content-Length before anything is read.
Every route checks the admin role on the server (`_admin`).
"""

from __future__ import annotations

from html import escape

import flask
from werkzeug.exceptions import RequestEntityTooLarge

from dashboard.components.plain_page import plain_page
from dashboard.services.imports import IMPORTS, MAX_BYTES, ImportProblem, ImportReport, run_import_apart
from dashboard.texts.i18n import current_language, t
from dashboard.web.auth import session_user
from dashboard.web.import_messages import summary

blueprint = flask.Blueprint("visit_import", __name__)
PATH = "/admin/import"
# What an upload may weigh: the file and the form around it.
MAX_UPLOAD = MAX_BYTES + 64 * 1024
KINDS = tuple(IMPORTS)  # visits, day_counts, staff: the form's choices

MAIN = """<p><a href="/admin">{back}</a></p>
<h1 class="h3">{title}</h1>
<p>{intro}</p>
{result}
<form method="post" action="{path}" enctype="multipart/form-data" class="card card-body">
<fieldset class="mb-3"><legend class="form-label fs-6">{kind_legend}</legend>
{kinds}
</fieldset>
<div class="mb-3"><label for="file" class="form-label">{file_label}</label>
<input id="file" name="file" type="file" class="form-control" accept=".csv,.xlsx" required></div>
<div><button type="submit" name="action" value="check" class="btn btn-primary me-2">{check}</button>
<button type="submit" name="action" value="import" class="btn btn-secondary">{run}</button></div>
</form>"""


KIND = """<div class="form-check"><input class="form-check-input" type="radio" name="kind" id="kind-{kind}"
value="{kind}" aria-describedby="kind-{kind}-help"{checked}>
<label class="form-check-label" for="kind-{kind}">{label}</label>
<div id="kind-{kind}-help" class="form-text mt-0 mb-1">{help}</div></div>"""


def _page(result_html: str = "", status: int = 200, kind: str = "visits") -> flask.Response:
    lang = current_language()
    kinds = "\n".join(
        KIND.format(kind=k, checked=" checked" if k == kind else "", label=escape(t(f"imports.kind.{k}", lang)),
                    help=escape(t(f"imports.kind.{k}.help", lang)))
        for k in KINDS
    )
    title = escape(t("imports.page.title", lang))
    main = MAIN.format(
        path=PATH, result=result_html, title=title,
        kind_legend=escape(t("imports.page.kind", lang)), kinds=kinds,
        back=escape(t("imports.page.back", lang)), intro=escape(t("imports.page.intro", lang)),
        file_label=escape(t("imports.page.file", lang)), check=escape(t("imports.page.check", lang)),
        run=escape(t("imports.page.run", lang)),
    )
    body = plain_page(lang, title, main, main_class="container my-4", main_style="max-width: 48rem")
    return flask.Response(body, status=status, mimetype="text/html")


def _result(report: ImportReport, dry_run: bool) -> str:
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
    # Refused by its declared size before the body is read; a body without one (chunked)
    # is cut off by Werkzeug at the same limit while the form is parsed.
    flask.request.max_content_length = MAX_UPLOAD
    size = flask.request.content_length or 0
    if size > MAX_UPLOAD:
        return _too_large(size)
    try:
        form, files = flask.request.form, flask.request.files
    except RequestEntityTooLarge:
        return _too_large(size)
    kind = form.get("kind", "visits")
    if kind not in KINDS:
        flask.abort(400)
    file = files.get("file")
    if file is None or not file.filename:
        return _page(_result(ImportReport(problems=[ImportProblem("empty", row=1)]), True), status=400, kind=kind)
    dry_run = form.get("action") != "import"
    report = run_import_apart(kind, file.read(MAX_BYTES + 1), file.filename, by=user.login, dry_run=dry_run)
    return _page(_result(report, dry_run), status=400 if report.problems else 200, kind=kind)


def _too_large(size: int) -> flask.Response:
    report = ImportReport(problems=[ImportProblem("too_large", value=str(size) if size else None)])
    return _page(_result(report, True), status=413)

