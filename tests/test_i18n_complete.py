"""German and English are complete: every visible string of every page, in both languages,
comes from the translation catalogue (dashboard/texts), is a number, date or time, or is a
proper name from the data (people, places, organisations). Dates are dd.mm.yyyy and weeks
"KW n" in German; numbers carry the language's separators.

The pages are rendered through the Flask test client: the shell, each page's layout and
the main callbacks that fill a page (Planner roster and demand, Staff lists, Trends
figures, Check-in queue), as the browser would ask for them, and the printable roster.
The sentences that word the roster engine's findings are checked through their frames
(ENGINE_FRAMES).
"""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser

import pytest
from babel import Locale

from dashboard.texts.i18n import CATALOGUE, LANGUAGES
from data_access.db import session_scope
from data_access.models import AuditEvent, Course, Location, ShiftTemplate, Organisation, StaffMember, User
from planner.languages import LANGUAGES as LANGUAGE_CODES, language as language_name
from tests.web import call, login, page_content
from planner import clock
from tests.conftest import published_demo_week

TEXT_PROPS = ("children", "label", "placeholder", "title", "aria-label", "alt", "summary")
# Shown verbatim in both languages, reviewed: product name, file formats, units, symbols.
ALLOWED = {"MigraDo Ops", "MigraDo", "CSV", "XLSX", "Excel", "iCalendar", "Erlang C", "min", "s", "h", "KW", "Uhr",
           "%", "…"}
PLACEHOLDER = re.compile(r"\\\{(\w+)\\\}")
NUMBER_DATE_TIME = re.compile(r"[+−\-]?\d[\d.,:/\s]*\d?|\d")
SYMBOLS = re.compile(r"[\s\W_]+", re.UNICODE)
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
THOUSANDS = {"de": re.compile(r"\b\d{1,3}(,\d{3})+\b"), "en": re.compile(r"\b\d{1,3}(\.\d{3})+\b")}
FOREIGN_DATE = {"de": re.compile(r"\b\d{2}/\d{2}/\d{4}\b"), "en": re.compile(r"\b\d{2}\.\d{2}\.\d{4}\b")}
# The frames of the sentences that word the roster engine's findings (dashboard/texts/
# rule_words.py, from "rule.demand.*" and "rule.cover.*"). What they fill in (days, people,
# roles, places, shifts, languages) must be explained by the catalogue and the data in
# turn, so a code such as "reception" or "centre" or a German shift name on an English page
# still fails.
HOURS = r"(?:\d+ h(?: \d\d)?|-)"  # dashboard.texts.rule_words.hours
ENGINE_FRAMES = {
    "de": tuple(re.compile(f) for f in (
        r"Am (?P<day>.+?) (?:wird|werden) (?:von [\d:-]+ |für die Schicht (?P<shift>.+?) )?mindestens \d+ "
        r"Person(?:en)?(?:, die (?P<language>.+?) (?:spricht|sprechen),)?(?: mit der Rolle (?P<role>.+?))?"
        r"(?: am Standort (?P<place>.+?))? gebraucht",
        r"(?P<who>.+?) ist am (?P<day>.+?) fest für (?P<shift>.+?) eingeplant",
        r"(?P<who>.+?) ist am (?P<day>.+?) fest frei eingeplant",
        r"(?P<who>.+?) darf höchstens \d+-mal (?P<shift>.+?) arbeiten",
        rf"(?P<who>.+?) muss im Zeitraum mindestens {HOURS} arbeiten",
        rf"(?P<who>.+?) muss im Zeitraum {HOURS} bis {HOURS} arbeiten",
        rf"(?P<who>.+?) muss in Woche \d+ zwischen {HOURS} und {HOURS} arbeiten",
        r"(?P<who>.+?) darf höchstens \d+ Tage am Stück arbeiten",
        r"(?P<who>.+?) arbeitet mindestens \d+ Tage am Stück",
        r"(?P<who>.+?) hat mindestens \d+ freie Tage am Stück",
        r"(?P<who>.+?) arbeitet an höchstens \d+ Wochenenden",
        rf"(?P<who>.+?) braucht {HOURS} Ruhe zwischen zwei Schichten \(und keine verbotene Schichtfolge\)",
    )),
    "en": tuple(re.compile(f) for f in (
        r"On (?P<day>.+?), at least \d+ (?:person|people)(?: speaking (?P<language>.+?))?"
        r"(?: with the role (?P<role>.+?))?(?: at (?P<place>.+?))?(?: from [\d:-]+| for the shift (?P<shift>.+?)) "
        r"(?:is|are) needed",
        r"(?P<who>.+?) is locked to (?P<shift>.+?) on (?P<day>.+?)",
        r"(?P<who>.+?) is locked off on (?P<day>.+?)",
        r"(?P<who>.+?) may work (?P<shift>.+?) at most \d+ times",
        rf"(?P<who>.+?) must work at least {HOURS} in the period",
        rf"(?P<who>.+?) must work between {HOURS} and {HOURS} in the period",
        rf"(?P<who>.+?) must work between {HOURS} and {HOURS} in week \d+",
        r"(?P<who>.+?) may work at most \d+ days in a row",
        r"(?P<who>.+?) works at least \d+ days in a row",
        r"(?P<who>.+?) has at least \d+ days off in a row",
        r"(?P<who>.+?) works on at most \d+ weekends",
        rf"(?P<who>.+?) needs {HOURS} of rest between shifts \(and no forbidden shift sequence\)",
    )),
}


class Catalogue:
    """The catalogue values of one language: templates (with placeholders) and plain texts."""

    def __init__(self, lang: str, names: set[str]):
        index = LANGUAGES.index(lang)
        values = sorted({v[index].strip() for v in CATALOGUE.values() if v[index].strip()}, key=len, reverse=True)
        self.plain = [v for v in values if "{" not in v]
        # A template with too little text of its own ("{n}") would explain anything.
        # A template that is one placeholder ("{n}") would explain anything.
        self.templates = [re.compile(PLACEHOLDER.sub("(.+?)", re.escape(v))) for v in values
                          if "{" in v and not re.fullmatch(r"\{\w+\}", v)]
        self.names = sorted(names, key=len, reverse=True)
        self._plain_set = set(self.plain) | set(self.names) | ALLOWED
        # Whole words only: a short name must not eat the middle of a word.
        known = sorted((v for v in self.names + self.plain + sorted(ALLOWED) if len(v) > 1), key=len, reverse=True)
        self._known = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(v) for v in known) + r")(?!\w)")

    def unexplained(self, text: str, depth: int = 0) -> str:
        """What is left of a text after catalogue values, names, numbers and symbols; '' if nothing.

        A template match counts only if what fills each placeholder is explained in turn."""
        text = text.strip()
        if not text or text in self._plain_set or not re.search(r"[^\W\d_]{2,}", text):
            return ""
        if depth < 3:
            for pattern in self.templates:
                match = pattern.fullmatch(text)
                if match and all(not self.unexplained(g, depth + 1) for g in match.groups()):
                    return ""
        if "\n|" in text:  # a Markdown data table: each cell on its own
            cells = [c for line in text.splitlines() for c in line.split("|") if c.strip(" :-")]
            return " ".join(r for c in cells if (r := self.unexplained(c, depth + 1)))
        rest = self._known.sub(" ", text)
        rest = NUMBER_DATE_TIME.sub(" ", rest)
        rest = SYMBOLS.sub(" ", rest).strip()
        return rest if re.search(r"[^\W\d_]{2,}", rest) else ""


def engine_sentence(catalogue: Catalogue, lang: str, text: str) -> bool:
    """Whether a text is one of the engine's sentences with every filled-in part explained."""
    for frame in ENGINE_FRAMES[lang]:
        match = frame.fullmatch(text.strip())
        if match:
            return all(not catalogue.unexplained(part) for part in match.groupdict().values() if part)
    return False


def _names(url: str, lang: str) -> set[str]:
    """Proper names from the demo data and the language names the pages show."""
    with session_scope(url) as session:
        names = {n for (n,) in session.query(StaffMember.display_name)}
        names |= {n for (n,) in session.query(Organisation.name)}
        names |= {n for (n,) in session.query(Location.name)}
        names |= {n for (n,) in session.query(User.login)}
        # Shift templates are named by the admin in both languages: only the page's language counts.
        names |= {n for (n,) in session.query(ShiftTemplate.name if lang == "de" else ShiftTemplate.name_en)}
        # The audit log shows its records verbatim (action and entity codes are data).
        names |= {n for (n,) in session.query(AuditEvent.action)} | {n for (n,) in session.query(AuditEvent.entity)}
        # Courses are named by their providers: titles, addresses, districts, schedules, contacts are data.
        for column in (Course.provider, Course.title, Course.place, Course.district, Course.schedule, Course.contact):
            names |= {n for (n,) in session.query(column).distinct()}
    from dashboard.services.course_fit import DISTRICT_CENTRES

    names |= set(DISTRICT_CENTRES)  # the city's districts, proper names
    names |= {language_name(code)[LANGUAGES.index(lang)] for code in LANGUAGE_CODES}
    names |= set(Locale(lang).languages.values())
    # Day and month names are date formatting (locale data), as are the Planner's short day names.
    from dashboard.planner.views import WEEKDAYS

    locale = Locale(lang)
    for table in (locale.days, locale.months):
        for context in table.values():
            for width in context.values():
                names |= {str(v) for v in width.values()}
    names |= set(WEEKDAYS[lang])
    return {n for n in names if n}


def _visible_texts(node, out: list[str]) -> list[str]:
    """Text a user sees or hears in a serialised Dash layout (not chart internals, not ids)."""
    if isinstance(node, list):
        for item in node:
            _visible_texts(item, out)
    elif isinstance(node, dict):
        if "props" in node and "type" in node:
            if node["type"] in ("Graph", "Store", "Location", "Interval", "Download"):
                return out
            props = node["props"]
            for key in TEXT_PROPS:
                value = props.get(key)
                if isinstance(value, str):
                    out.append(value)
                elif isinstance(value, (list, dict)):
                    _visible_texts(value, out)
            for option in props.get("options") or []:
                if isinstance(option, dict) and isinstance(option.get("label"), str):
                    out.append(option["label"])
        elif "label" in node and "value" in node:  # an option: the label shows, the value does not
            _visible_texts(node["label"], out)
        else:
            for key, value in node.items():
                # A grid's field names and cell styles are not shown.
                if key not in ("figure", "value", "data", "id", "style", "className", "multi", "sideUpdate", "field",
                               "cellStyle"):
                    _visible_texts(value, out)
    elif isinstance(node, str):
        out.append(node)
    return out


class _HTMLText(HTMLParser):
    def __init__(self):
        super().__init__()
        self.texts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        self._skip += tag in ("style", "script", "title")
        for key, value in attrs:
            if key in ("placeholder", "title", "aria-label", "alt") and value:
                self.texts.append(value)

    def handle_endtag(self, tag):
        self._skip -= tag in ("style", "script", "title")

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.texts.append(data)


def _page_texts(client, web_app, week: str) -> dict[str, list[str]]:
    """Everything the admin, coordination and a partner see on every page, with its main callbacks."""
    texts: dict[str, list[str]] = {}
    login(client, "admin")
    texts["shell"] = _visible_texts(client.get("/_dash-layout").get_json(), [])
    for path in ("/", "/trends", "/reports", "/planner", "/staff", "/partner", "/checkin", "/admin", "/courses",
                 "/courses/catalogue", "/courses/needs"):
        texts[path] = _visible_texts(page_content(client, path).get_json(), [])
    report = {"report-show.n_clicks": 1, "report-kind.value": "quarter", "report-year.value": "2025",
              "report-number.value": "4"}
    texts["/reports report"] = _visible_texts(call(client, web_app, "report-show.n_clicks", report, "report-body")
                                              .get_json(), [])
    planner = {"planner-week.value": week, "planner-sl-target.value": 80, "planner-sl-wait.value": 20,
               "demand-place.value": "centre", "planner-refresh.data": 0, "staff-week.value": week,
               "staff-refresh.data": 0}
    for output in ("planner-findings", "planner-absence-list", "edit-assignment"):
        texts[f"/planner {output}"] = _visible_texts(
            call(client, web_app, "planner-week.value", planner, output).get_json(), [])
    for output, wanted in (("planner-details", "planner-details-wanted.data"),
                           ("demand-charts", "planner-demand-wanted.data")):
        texts[f"/planner {output}"] = _visible_texts(
            call(client, web_app, wanted, {**planner, wanted: {"key": "x"}}, output).get_json(), [])
    texts["/staff lists"] = _visible_texts(call(client, web_app, "staff-week.value", planner, "staff-absence-list")
                                           .get_json(), [])
    today = clock.today()
    trends = {"trends-start.value": (today - dt.timedelta(days=27)).isoformat(), "trends-end.value": today.isoformat(),
              "trends-places.value": ["infopoint", "centre"], "trends-groups.value": ["ukraine", "other"],
              "trends-concern.value": "all", "trends-language.value": "all", "trends-granularity.value": "week",
              "trends-breakdown.value": "location"}
    for output in ("trends-totals-summary", "trends-volume-summary", "trends-heatmap-summary"):
        texts[f"/trends {output}"] = _visible_texts(call(client, web_app, "trends-start.value", trends, output)
                                                    .get_json(), [])
    texts["/checkin queue"] = _visible_texts(call(client, web_app, "checkin-tick.n_intervals",
                                                  {"checkin-place.value": 1, "checkin-tick.n_intervals": 1},
                                                  "checkin-waiting").get_json(), [])
    parser = _HTMLText()
    parser.feed(client.get("/admin/import").get_data(as_text=True))
    texts["/admin/import"] = parser.texts
    finder = {"courses-kind.value": "", "courses-level.value": "", "courses-weeks.value": "26",
              "courses-time.value": "", "courses-district.value": "Eving", "courses-options.value": [],
              "courses-max-cost.value": None}
    texts["/courses results"] = _visible_texts(call(client, web_app, "courses-kind.value", finder, "courses-results")
                                               .get_json(), [])
    texts["/courses/needs figures"] = _visible_texts(call(client, web_app, "needs-range.value",
                                                          {"needs-range.value": "all", "needs-split.value": "kind"},
                                                          "needs-figures").get_json(), [])
    parser = _HTMLText()
    parser.feed(client.get("/courses/import").get_data(as_text=True))
    texts["/courses/import"] = parser.texts
    parser = _HTMLText()  # the printable roster of the published week
    printed = client.get(f"/planner/export/{week}/print")
    assert printed.status_code == 200
    parser.feed(printed.get_data(as_text=True))
    texts["/planner/export print"] = parser.texts
    client.post("/logout")
    login(client, "jobcenter")
    texts["/partner (partner)"] = _visible_texts(page_content(client, "/partner").get_json(), [])
    client.post("/logout")
    parser = _HTMLText()
    parser.feed(client.get("/login").get_data(as_text=True))
    texts["/login"] = parser.texts
    return texts


def _engine_messages(web_app, lang: str, week: str) -> set[str]:
    """The roster engine's sentences for this week: the Planner's hard-rule messages for its plan,
    and what the engine says about each kind of group it can name (each cover, a locked shift,
    a shift a person may not work)."""
    from dashboard.planner import views
    from dashboard.planner.engine_labels import engine_labels
    from dashboard.services import week_planning as planning
    from dashboard.texts.rule_words import demand_text
    from planner.roster import demand, groups as g

    year, number = views.parse_week(week)
    with web_app.server.test_request_context(headers={"Cookie": f"lang={lang}"}):
        view = planning.evaluate(year, number, labels=engine_labels())
        messages = set(views.hard_rule_messages(view))
    problem = view.problem
    groups = [g.RuleGroup(g.COVER_MINIMUM, cover=i) for i in range(len(problem.covers))]
    groups += [g.RuleGroup(g.MAX_SHIFTS, person=p.id, shift=shift)
               for p in problem.people for shift in list(p.contract.max_shifts)[:1]]
    groups += [g.RuleGroup(g.WEEKLY_MINUTES, person=p.id, week=0) for p in problem.people]
    messages |= {demand_text(problem, demand(problem, group), lang) for group in groups}
    return messages


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_visible_string_is_translated(client, web_app, filled_sqlite_url, lang):
    client.set_cookie("lang", lang)
    year, week = published_demo_week()  # a week with a published plan
    pages = _page_texts(client, web_app, f"{year}-W{week:02d}")
    catalogue = Catalogue(lang, _names(filled_sqlite_url, lang))
    engine = _engine_messages(web_app, lang, f"{year}-W{week:02d}")
    assert len(engine) > 100  # every cover of the week, in words
    pages["roster engine"] = sorted(engine)
    problems = []
    for page, texts in pages.items():
        assert texts, f"nothing rendered on {page}"
        for text in texts:
            rest = "" if engine_sentence(catalogue, lang, text) else catalogue.unexplained(text)
            if rest:
                problems.append(f"{page}: {text!r} (not in the {lang} catalogue: {rest!r})")
            if ISO_DATE.search(text) or FOREIGN_DATE[lang].search(text):
                problems.append(f"{page}: {text!r} (date not in the {lang} format)")
            if THOUSANDS[lang].search(text):
                problems.append(f"{page}: {text!r} (number with the other language's separators)")
    assert not problems, "\n".join(sorted(set(problems)))


def test_german_week_and_number_formats():
    from dashboard.texts.i18n import fmt_date, fmt_int
    from dashboard.planner.views import week_label

    monday = dt.date(2026, 11, 23)
    assert week_label(monday, "de").startswith("KW 48 (23.11.")
    assert fmt_date(monday, "de") == "23.11.2026"
    assert fmt_int(32100, "de") == "32.100" and fmt_int(32100, "en") == "32,100"
