"""The visitors' side of the queue: the call display, the ticket's status page, the printed ticket.

`/anzeige/<token>` is a screen in a waiting area, opened with a display token (Admin makes
and revokes them); `/ticket/<token>` is a visitor's own page, reached from the QR code on
the ticket, valid on the ticket's day only. Both are outside the login (auth.PUBLIC_PREFIXES):
each route checks its token itself and shows one place's display or one ticket, nothing
else. Their pages poll a small JSON answer (`.../stand`) with assets/queue.js. The print
view of a ticket is for the staff who issue it.
"""

from __future__ import annotations

from html import escape

import flask

from dashboard.components.plain_page import plain_page
from dashboard.services import queue
from dashboard.texts.i18n import CATALOGUE, fmt_date, t
from dashboard.texts.queue import LANGUAGE_NAMES, RTL, VISITOR_LANGUAGES, visitor_text
from planner import clock

blueprint = flask.Blueprint("queue_views", __name__)
ISSUERS = ("admin", "coordination", "reception")
# A call shows within this plus one request; on a saturated server (bench/load.py) a request
# can take a second or more, and 1.5 s left too little of the 3 s. Four screens polling each
# second are a few requests of the hundreds a second the server answers.
DISPLAY_POLL_MS = 1000
STATUS_POLL_MS = 10000


def _no_store(response: flask.Response) -> flask.Response:
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"  # the token is in the address
    return response


def _state_json(state: queue.DisplayState) -> dict:
    return {"calls": [{"label": c.label, "desk": c.desk, "count": c.count} for c in state.calls],
            "next": state.next_labels, "waiting": state.waiting,
            "light": {"colour": state.light.colour, "minutes": state.light.minutes},
            "texts": {lang: {"wait": visitor_text("display.wait", lang, minutes=state.light.minutes)}
                      for lang in VISITOR_LANGUAGES}}


@blueprint.get("/anzeige/<token>/stand")
def display_state(token: str):
    state = queue.display_state(token)
    if state is None:
        return _no_store(flask.jsonify({"error": "display_unavailable"})), 404
    return _no_store(flask.jsonify(_state_json(state)))


def _multilingual(key: str, tag: str = "span") -> str:
    """The text in every visitor language, each marked with its language and direction."""
    return " ".join(
        f'<{tag} lang="{lang}" dir="{"rtl" if lang in RTL else "ltr"}" class="ml-text">{escape(visitor_text(key, lang))}</{tag}>'
        for lang in VISITOR_LANGUAGES)


@blueprint.get("/anzeige/<token>")
def display_page(token: str):
    state = queue.display_state(token)
    if state is None:
        main = f'<h1 class="display-6">{_multilingual("display.unavailable", "p")}</h1>'
        return _no_store(flask.Response(plain_page("de", "Aufruf", main, main_class="container py-5", main_style=""),
                                        status=404, mimetype="text/html"))
    main = f"""<div id="queue-display" class="queue-display" data-state="/anzeige/{escape(token)}/stand"
 data-poll="{DISPLAY_POLL_MS}">
<h1 class="queue-display-title">{_multilingual("display.title")}</h1>
<table class="queue-calls"><caption class="visually-hidden">{escape(visitor_text("display.title", "de"))}</caption>
<thead><tr><th scope="col">{_multilingual("display.number")}</th><th scope="col">{_multilingual("display.desk")}</th></tr></thead>
<tbody id="queue-calls" aria-live="assertive"></tbody></table>
<p id="queue-none" class="queue-none">{_multilingual("display.none")}</p>
<h2 class="queue-next-title">{_multilingual("display.next")}</h2>
<ol id="queue-next" class="queue-next" aria-live="polite"></ol>
<p id="queue-light" class="queue-light" role="status" data-rtl="{",".join(sorted(RTL))}"
 data-languages="{",".join(VISITOR_LANGUAGES)}"></p>
</div>"""
    page = plain_page("de", "Aufruf", main, main_class="container-fluid", main_style="",
                      body_class="queue-display-body", head_extra='<script src="/assets/queue.js" defer></script>')
    return _no_store(flask.Response(page, mimetype="text/html"))


def _status_json(status: queue.TicketStatus, lang: str) -> dict:
    if status.state == "called":
        message = visitor_text("status.called", lang, desk=status.desk or "")
    elif status.state == "parked":
        message = visitor_text("status.parked", lang)
    elif status.state in ("done", "no_show"):
        message = visitor_text("status.done", lang)
    else:
        message = visitor_text("status.step_out", lang)
    answer = {"label": status.label, "state": status.state, "message": message,
              "ahead": visitor_text("status.ahead", lang, n=status.ahead) if status.state == "waiting" else "",
              "wait": (visitor_text("status.wait", lang, minutes=status.light.minutes)
                       if status.light and status.state == "waiting" else ""),
              "light": status.light.colour if status.light else None}
    return answer


def _links(links: list[queue.Link], lang: str) -> str:
    """Leaflets, forms and videos while waiting: plain links, no tracking, no referrer."""
    if not links:
        return ""
    items = "".join(f'<li><a href="{escape(link.url)}" rel="noopener noreferrer" referrerpolicy="no-referrer" '
                    f'target="_blank">{escape(link.title)}</a></li>' for link in links)
    return f'<h2 class="h6 mt-3">{escape(visitor_text("status.links", lang))}</h2><ul>{items}</ul>'


def _asked_language() -> str | None:
    asked = flask.request.args.get("lang", "")
    return asked if asked in VISITOR_LANGUAGES else None


def _status_and_language(token: str) -> tuple[queue.TicketStatus | None, str]:
    """The ticket's status with its links in the page's language (one read in the usual case:
    the language asked for, or the ticket's own)."""
    asked = _asked_language()
    status = queue.ticket_status(token, language=asked)
    lang = _language(status)
    if status is not None and lang != (asked or status.language):  # a ticket language the page lacks
        status = queue.ticket_status(token, language=lang)
    return status, lang


def _language(status: queue.TicketStatus | None) -> str:
    asked = _asked_language()
    if asked:
        return asked
    return status.language if status and status.language in VISITOR_LANGUAGES else "de"


@blueprint.get("/ticket/<token>/stand")
def ticket_state(token: str):
    status, lang = _status_and_language(token)
    if status is None:
        return _no_store(flask.jsonify({"error": "ticket_unknown"})), 404
    return _no_store(flask.jsonify(_status_json(status, lang)))


@blueprint.get("/ticket/<token>")
def ticket_page(token: str):
    status, lang = _status_and_language(token)
    if status is None:
        main = f'<h1 class="h3">{escape(visitor_text("status.unknown", lang))}</h1>'
        page = plain_page(lang, escape(visitor_text("status.title", lang)), main, main_class="container py-4",
                          main_style="max-width: 30rem", rtl=lang in RTL)
        return _no_store(flask.Response(page, status=404, mimetype="text/html"))
    answer = _status_json(status, lang)
    current = ' aria-current="true"'
    choices = " ".join(
        f'<a class="btn btn-outline-secondary btn-sm mb-1" href="?lang={code}" lang="{code}"'
        f'{current if code == lang else ""}>{escape(name)}</a>'
        for code, name in LANGUAGE_NAMES.items())
    main = f"""<div id="ticket-status" data-state="/ticket/{escape(token)}/stand?lang={lang}" data-poll="{STATUS_POLL_MS}">
<h1 class="h4">{escape(visitor_text("status.title", lang))}</h1>
<p class="ticket-number" id="ticket-number">{escape(status.label)}</p>
<p id="ticket-message" class="lead" role="status" aria-live="polite">{escape(answer["message"])}</p>
<p id="ticket-ahead">{escape(answer["ahead"])}</p>
<p id="ticket-wait" class="queue-light-{escape(answer["light"] or "none")}">{escape(answer["wait"])}</p>
{_links(status.links, lang)}
<nav aria-label="{escape(visitor_text("status.language", lang))}"><p class="mb-1">{escape(visitor_text("status.language", lang))}</p>{choices}</nav>
</div>"""
    page = plain_page(lang, escape(visitor_text("status.title", lang)), main, main_class="container py-4",
                      main_style="max-width: 30rem", rtl=lang in RTL,
                      head_extra='<script src="/assets/queue.js" defer></script>')
    return _no_store(flask.Response(page, mimetype="text/html"))


def _place_name(code: str) -> str:
    key = f"location.{code}"
    return t(key, "de") if key in CATALOGUE else code


@blueprint.get("/ticket/<token>/druck")
def ticket_print(token: str):
    """An 80 mm receipt: number, place, date and time, and the QR code to the status page."""
    import segno

    from dashboard.web.auth import current_user

    user = current_user()
    if user is None or user.role not in ISSUERS:
        flask.abort(403)
    status = queue.ticket_status(token)
    if status is None:
        flask.abort(404)
    lang = status.language if status.language in VISITOR_LANGUAGES else "de"
    address = flask.request.host_url.rstrip("/") + f"/ticket/{token}"
    svg = segno.make(address, error="m").svg_inline(scale=4, omitsize=True)
    now = clock.now()
    place = queue.place_code(status.location_id)
    main = f"""<div class="ticket-print">
<p class="ticket-print-place">MigraDo · {escape(_place_name(place))}</p>
<p class="ticket-print-number">{escape(status.label)}</p>
<p>{escape(fmt_date(now.date(), "de"))}, {now:%H:%M}</p>
<div class="ticket-print-qr" role="img" aria-label="QR">{svg}</div>
<p lang="{lang}" dir="{"rtl" if lang in RTL else "ltr"}">{escape(visitor_text("ticket.scan", lang))}</p>
<p lang="de">{escape(visitor_text("ticket.scan", "de"))}</p>
</div>"""
    page = plain_page("de", escape(t("queue.print", "de")), main, main_class="", main_style="",
                      body_class="ticket-print-body",
                      head_extra='<script src="/assets/print.js" defer></script>')
    return _no_store(flask.Response(page, mimetype="text/html"))
