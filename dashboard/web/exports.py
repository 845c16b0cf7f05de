"""Exports of a week's published plan: XLSX, CSV, iCalendar and a printable A4 view.

Plain Flask routes; each checks the session's role itself (the app-wide guard only
ensures someone is signed in). They speak the user's language (the interface's language
cookie), with their texts in the catalogue (dashboard/texts/exports.py).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from html import escape

import flask
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from babel.dates import format_date
from openpyxl.utils import get_column_letter

from dashboard.services.plan_exports import published_week
from dashboard.texts.i18n import current_language, fmt_date, t
from dashboard.web import ical
from dashboard.web.auth import session_user
from planner import clock

VIEWERS = {"admin", "coordination", "leadership"}

blueprint = flask.Blueprint("planner_exports", __name__)


def _published(week: str):
    """Rows of the newest published version of an ISO week ("2026-W49"), with its version."""
    try:
        year, number = (int(x) for x in week.split("-W"))
        dt.date.fromisocalendar(year, number, 1)
    except ValueError:
        flask.abort(404)
    found = published_week(year, number)
    if found is None:
        flask.abort(404)
    return found.version, found.rows, found.organisations


def _require_viewer():
    user = session_user()
    if user is None or user.role not in VIEWERS:
        flask.abort(403)


def _cell(value):
    """A text that a spreadsheet would run as a formula is kept as text (CSV/XLSX injection)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):  # OWASP's six
        return "'" + value
    return value


def _records(rows, organisations, lang: str):
    for r in rows:
        yield {key: _cell(value) for key, value in _record(r, organisations, lang).items()}


def _record(r, organisations, lang: str):
    return {
        "day": r.day,
        "weekday": format_date(r.day, "EEEE", locale="de_DE" if lang == "de" else "en_GB"),
        "place": t(f"location.{r.place}", lang),
        "start": r.starts_at.strftime("%H:%M"),
        "end": r.ends_at.strftime("%H:%M"),
        "person": r.person,
        "task": t(f"task.{r.task}", lang),
        "organisation": organisations.get(r.organisation_id, ""),
        "confirmation": t(f"export.confirmation.{r.confirmation}", lang),
    }


KEYS = ["day", "weekday", "place", "start", "end", "person", "task", "organisation", "confirmation"]


def header(lang: str) -> list[str]:
    return [t(f"export.col.{key}", lang) for key in KEYS]


@blueprint.get("/planner/export/<week>.csv")
def export_csv(week: str):
    _require_viewer()
    lang = current_language()
    version, rows, organisations = _published(week)
    out = io.StringIO()
    # A BOM, and semicolons in German: what Excel opens correctly by double-click in each language.
    writer = csv.writer(out, delimiter=";" if lang == "de" else ",")
    writer.writerow(header(lang))
    for rec in _records(rows, organisations, lang):
        writer.writerow([fmt_date(rec["day"], lang) if k == "day" else rec[k] for k in KEYS])
    return _download("\ufeff" + out.getvalue(), f"{t('export.file', lang)}-{week}-v{version}.csv",
                     "text/csv; charset=utf-8")


@blueprint.get("/planner/export/<week>.xlsx")
def export_xlsx(week: str):
    _require_viewer()
    lang = current_language()
    version, rows, organisations = _published(week)
    records = list(_records(rows, organisations, lang))
    book = Workbook()
    by_person = book.active
    by_person.title = t("export.sheet.person", lang)
    _sheet(by_person, sorted(records, key=lambda r: (r["person"], r["day"], r["start"])), lang)
    _sheet(book.create_sheet(t("export.sheet.place", lang)),
           sorted(records, key=lambda r: (r["place"], r["day"], r["start"])), lang)
    buffer = io.BytesIO()
    book.save(buffer)
    return _download(buffer.getvalue(), f"{t('export.file', lang)}-{week}-v{version}.xlsx",
                     "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def _sheet(sheet, records, lang: str) -> None:
    sheet.append(header(lang))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDE6F2")
    for rec in records:
        sheet.append([rec[k] for k in KEYS])
        sheet.cell(row=sheet.max_row, column=1).number_format = "DD.MM.YYYY" if lang == "de" else "DD/MM/YYYY"
    for i, width in enumerate((12, 12, 22, 8, 8, 14, 20, 40, 12), start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width
    sheet.freeze_panes = "A2"
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(vertical="top")


@blueprint.get("/planner/export/<week>.ics")
def export_ics(week: str):
    """All shifts of the week, one person's (?person=<staff id>) or one organisation's
    (?organisation=<id>)."""
    _require_viewer()
    lang = current_language()
    version, rows, organisations = _published(week)
    person = flask.request.args.get("person")
    organisation = flask.request.args.get("organisation")
    if person:
        rows = [r for r in rows if str(r.staff_id) == person]
    if organisation:
        rows = [r for r in rows if str(r.organisation_id) == organisation]
    events = ((r.day, ical.shift_event(
        f"assignment-{r.id}@migrado-ops", r.day, r.starts_at, r.ends_at,
        f"{t(f'task.{r.task}', lang)} – {t(f'location.{r.place}', lang)} ({r.person})",
        t(f"location.{r.place}", lang),
        t("export.event.description", lang, n=version,
          organisation=organisations.get(r.organisation_id, "")))) for r in rows)
    body = ical.to_ical(ical.new_calendar(t("export.calendar", lang, week=week)), events)
    return _download(body, f"{t('export.file', lang)}-{week}.ics", "text/calendar; charset=utf-8")


@blueprint.get("/planner/export/<week>/print")
def print_view(week: str):
    _require_viewer()
    from dashboard.planner.views import WEEKDAYS

    lang = current_language()
    version, rows, organisations = _published(week)
    days = sorted({r.day for r in rows})
    people = sorted({r.person for r in rows})
    cells = {(r.person, r.day): r for r in rows}
    head = "".join(f"<th scope='col'>{WEEKDAYS[lang][d.weekday()]} {fmt_date(d, lang)}</th>" for d in days)
    off = escape(t("export.print.off", lang))
    body = ""
    for p in people:
        tds = ""
        for d in days:
            r = cells.get((p, d))
            tds += (f"<td>{r.starts_at:%H:%M}–{r.ends_at:%H:%M}<br>{escape(t(f'location.{r.place}', lang))}"
                    f"<br>{escape(t(f'task.{r.task}', lang))}</td>" if r else f"<td>{off}</td>")
        body += f"<tr><th scope='row'>{escape(p)}</th>{tds}</tr>"
    year, number = week.split("-W")
    html_page = f"""<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">
<title>{escape(t("export.print.title", lang, week=week, n=version))}</title>
<style>
@page {{ size: A4 landscape; margin: 12mm; }}
body {{ font-family: system-ui, sans-serif; font-size: 10pt; color: #000; }}
table {{ border-collapse: collapse; width: 100%; }}
th, td {{ border: 1px solid #555; padding: 3px 5px; vertical-align: top; text-align: left; }}
thead th {{ background: #e6e6e6; }}
thead {{ display: table-header-group; }}
tr, td, th {{ break-inside: avoid; page-break-inside: avoid; }}
h1 {{ break-after: avoid; }}
</style></head><body>
<h1 style="font-size:14pt">{escape(t("export.print.heading", lang, week=int(number), year=year, n=version))}</h1>
<table><thead><tr><th scope="col">{escape(t("export.col.person", lang))}</th>{head}</tr></thead><tbody>{body}</tbody></table>
<p>{escape(t("export.print.as_of", lang, date=fmt_date(clock.today(), lang)))}</p></body></html>"""
    return flask.Response(html_page, mimetype="text/html")


def _download(content, filename: str, mimetype: str) -> flask.Response:
    # content_type, not mimetype: Werkzeug adds a second charset to a text type given one.
    response = flask.Response(content, content_type=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
