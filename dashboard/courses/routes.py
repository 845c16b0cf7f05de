"""Plain pages Flask serves for the courses: the visitor's handout and the course-list import.

The handout (/courses/handout/<id>?lang=uk) shows the course's facts in German and in the
visitor's language side by side (right to left for Arabic and Farsi), with a QR code of
the facts in the visitor's language: nothing about the visitor. The import
(/courses/import) is a plain form with a native file input, a dry run and the import, as
the admin's import page (dashboard/web/import_views.py). Every route checks the role.
"""

from __future__ import annotations

from html import escape

import flask
import segno
from babel.numbers import format_decimal

from dashboard.components.plain_page import plain_page
from dashboard.courses.parts import CATALOGUE_ROLES, FINDER_ROLES
from dashboard.services import courses as service
from dashboard.texts.courses import HANDOUT, HANDOUT_LANGUAGES, RIGHT_TO_LEFT
from dashboard.texts.i18n import current_language, t
from dashboard.web.auth import session_user
from dashboard.web.import_messages import describe

blueprint = flask.Blueprint("courses", __name__)
MAX_UPLOAD = 10 * 1024 * 1024 + 64 * 1024


def _user(roles):
    user = session_user()
    if user is None or user.role not in roles:
        flask.abort(403)
    return user


def h(key: str, lang: str, **values) -> str:
    """A handout text in one of the visitors' languages."""
    text = HANDOUT[key][HANDOUT_LANGUAGES.index(lang)]
    return text.format(**values) if values else text


def handout_facts(course: service.CourseRow, lang: str) -> list[tuple[str, str]]:
    """(label, value) pairs of the handout in `lang`: only the course, nothing about the person."""
    money = format_decimal(course.cost_eur or 0, format="#,##0.00", locale="de_DE" if lang == "de" else "en_GB")
    cost = h(f"funding.{course.funding}", lang, cost=money) if course.funding in ("own_contribution", "fee") \
        else h(f"funding.{course.funding}", lang)
    times = ", ".join(filter(None, (h(f"time.{course.time_of_day}", lang), h(f"intensity.{course.intensity}", lang),
                                    course.schedule)))
    return [
        (h("course", lang), course.title),
        (h("kind", lang), h(f"kind.{course.kind}", lang)),
        (h("level", lang), course.level),
        (h("provider", lang), course.provider),
        (h("start", lang), course.starts_on.strftime("%d.%m.%Y")),
        (h("end", lang), course.ends_on.strftime("%d.%m.%Y") if course.ends_on else "–"),
        (h("times", lang), times),
        (h("place", lang), course.place or "–"),
        (h("district", lang), course.district),
        (h("childcare", lang), h("yes" if course.childcare else "no", lang)),
        (h("places", lang), str(course.free_places)),
        (h("cost", lang), cost),
        (h("contact", lang), course.contact or "–"),
    ]


def qr_svg(course: service.CourseRow, lang: str) -> str:
    text = "\n".join(f"{label}: {value}" for label, value in handout_facts(course, lang))
    return segno.make(text, error="m").svg_inline(scale=3, omitsize=False, title=h("qr", lang))


def _column(course, lang: str) -> str:
    rows = "".join(f"<dt class='col-5'>{escape(label)}</dt><dd class='col-7'>{escape(value)}</dd>"
                   for label, value in handout_facts(course, lang))
    direction = "rtl" if lang in RIGHT_TO_LEFT else "ltr"
    return (f'<section class="col" lang="{lang}" dir="{direction}"><h2 class="h4">{escape(h("title", lang))}</h2>'
            f'<dl class="row">{rows}</dl><p>{escape(h("note", lang))}</p></section>')


@blueprint.get("/courses/handout/<int:course_id>")
def handout(course_id: int):
    _user(FINDER_ROLES)
    ui = current_language()
    course = service.course(course_id)
    if course is None:
        flask.abort(404)
    visitor = flask.request.args.get("lang", "en")
    if visitor not in HANDOUT_LANGUAGES:
        visitor = "en"
    choices = "".join(
        f'<option value="{code}" lang="{code}"{" selected" if code == visitor else ""}>{escape(h("language", code))}</option>'
        for code in HANDOUT_LANGUAGES)
    columns = _column(course, "de") + (_column(course, visitor) if visitor != "de" else "")
    main = f"""<form method="get" class="d-print-none d-flex align-items-end gap-2 mb-3">
<div><label for="handout-lang" class="form-label mb-1">{escape(t("courses.handout.language", ui))}</label>
<select id="handout-lang" name="lang" class="form-select">{choices}</select></div>
<button type="submit" class="btn btn-primary">{escape(t("courses.handout.show", ui))}</button>
<a href="/courses" class="btn btn-link">{escape(t("courses.handout.back", ui))}</a></form>
<p class="d-print-none small text-body-secondary">{escape(t("courses.handout.privacy", ui))} {escape(t("courses.handout.print", ui))}</p>
<h1 class="h3" lang="de">{escape(course.title)}</h1>
<div class="row">{columns}</div>
<figure class="mt-2" lang="{visitor}" dir="{'rtl' if visitor in RIGHT_TO_LEFT else 'ltr'}">{qr_svg(course, visitor)}
<figcaption class="small">{escape(h("qr", visitor))}</figcaption></figure>"""
    body = plain_page(ui, escape(course.title), main, main_class="container my-4", main_style="max-width: 60rem")
    return flask.Response(body, mimetype="text/html")


IMPORT = """<p><a href="/courses/catalogue">{back}</a></p>
<h1 class="h3">{title}</h1>
<p>{intro}</p>
{result}
<form method="post" action="/courses/import" enctype="multipart/form-data" class="card card-body">
<div class="mb-3"><label for="file" class="form-label">{file_label}</label>
<input id="file" name="file" type="file" class="form-control" accept=".csv,.xlsx" required></div>
<div><button type="submit" name="action" value="check" class="btn btn-primary me-2">{check}</button>
<button type="submit" name="action" value="import" class="btn btn-secondary">{run}</button></div>
</form>"""


def summary(report, lang: str | None = None) -> list[str]:
    """The dry run's or the import's result, line by line; the first line says it all."""
    if report.problems:
        return [t("imports.refused", lang), *(describe(p, lang) for p in report.problems)]
    lines = [t("courses.import.summary", lang, rows=report.rows, added=report.added, changed=len(report.changed),
               same=report.unchanged)]
    lines += [t("courses.import.change", lang, provider=p, id=i, columns=", ".join(cols))
              for p, i, cols in report.changed[:50]]
    if report.written:
        lines.append(t("courses.import.written", lang, n=report.added + len(report.changed)))
    return lines


def _import_page(result: str = "", status: int = 200) -> flask.Response:
    lang = current_language()
    title = escape(t("courses.import.title", lang))
    main = IMPORT.format(back=escape(t("courses.import.back", lang)), title=title,
                         intro=escape(t("courses.import.intro", lang)), result=result,
                         file_label=escape(t("imports.page.file", lang)), check=escape(t("imports.page.check", lang)),
                         run=escape(t("imports.page.run", lang)))
    return flask.Response(plain_page(lang, title, main, main_class="container my-4", main_style="max-width: 48rem"),
                          status=status, mimetype="text/html")


@blueprint.get("/courses/import")
def import_form():
    _user(CATALOGUE_ROLES)
    return _import_page()


@blueprint.post("/courses/import")
def import_upload():
    user = _user(CATALOGUE_ROLES)
    if (flask.request.content_length or 0) > MAX_UPLOAD:
        return _import_page(_result([t("imports.refused"), describe(service.ImportProblem("too_large"))], True), 413)
    file = flask.request.files.get("file")
    if file is None or not file.filename:
        return _import_page(_result([t("imports.refused"), describe(service.ImportProblem("empty", row=1))], True), 400)
    dry_run = flask.request.form.get("action") != "import"
    report = service.import_catalogue(file.read(MAX_UPLOAD), file.filename, by=user.login, dry_run=dry_run)
    return _import_page(_result(summary(report), not report.problems), status=400 if report.problems else 200)


def _result(lines: list[str], ok: bool) -> str:
    head, rest = lines[0], lines[1:]
    items = "".join(f"<li>{escape(line)}</li>" for line in rest)
    return (f'<div class="alert alert-{"success" if ok else "danger"}" role="status"><p class="mb-1">{escape(head)}</p>'
            f'{"<ul class=mb-0>" + items + "</ul>" if items else ""}</div>')
