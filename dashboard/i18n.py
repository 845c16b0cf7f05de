"""German-first interface texts, with English as the second language.

Every visible string goes through `t(key)`; the catalogue holds both languages side by
side so a missing translation is a KeyError in tests, not a silent English word on a
German page. The language is a cookie the switch in the navigation bar sets.
"""

from __future__ import annotations

import datetime as dt

import flask
from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal, format_percent

LANGUAGES = ("de", "en")
DEFAULT_LANGUAGE = "de"
COOKIE = "lang"

CATALOGUE: dict[str, tuple[str, str]] = {
    # shell
    "app.title": ("MigraDo Ops", "MigraDo Ops"),
    "app.tagline": ("Servicezentrum Migration und Integration", "Service centre for migration and integration"),
    "nav.label": ("Hauptnavigation", "Main navigation"),
    "nav.overview": ("Überblick", "Overview"),
    "nav.trends": ("Entwicklung", "Trends"),
    "nav.planner": ("Dienstplanung", "Planner"),
    "nav.staff": ("Team und Abwesenheiten", "Staff and absences"),
    "nav.partner": ("Partnerportal", "Partner portal"),
    "nav.checkin": ("Empfang", "Check-in"),
    "nav.admin": ("Verwaltung", "Admin"),
    "lang.switch": ("English", "Deutsch"),
    "lang.switch.label": ("Switch to English", "Auf Deutsch umschalten"),
    "skip.content": ("Zum Inhalt springen", "Skip to content"),
    "not_yet.badge": ("Noch nicht verfügbar", "Not yet available"),
    "not_yet.text": (
        "Diese Seite ist noch nicht freigeschaltet. Sie wird enthalten:",
        "This page is not available yet. It will hold:",
    ),
    # login
    "login.title": ("Anmeldung", "Sign in"),
    "login.login": ("Benutzername", "User name"),
    "login.password": ("Passwort", "Password"),
    "login.submit": ("Anmelden", "Sign in"),
    "login.wrong": ("Benutzername oder Passwort ist falsch.", "User name or password is wrong."),
    "login.locked": (
        "Zu viele Fehlversuche: Die Anmeldung ist für einige Minuten gesperrt.",
        "Too many failed attempts: signing in is blocked for a few minutes.",
    ),
    "logout": ("Abmelden", "Sign out"),
    "role.admin": ("Verwaltung", "Administrator"),
    "role.coordination": ("Koordination", "Coordination"),
    "role.leadership": ("Leitung", "Leadership"),
    "role.reception": ("Empfang", "Reception"),
    "role.partner": ("Partnerorganisation", "Partner organisation"),
    "signed_in_as": ("Angemeldet als {login} ({role})", "Signed in as {login} ({role})"),
    "forbidden.title": ("Kein Zugriff", "No access"),
    "forbidden.text": (
        "Ihre Rolle darf diese Seite nicht öffnen.",
        "Your role may not open this page.",
    ),
    # places and groups
    "location.infopoint": ("Infopoint", "Infopoint"),
    "location.centre": ("Servicezentrum", "Service centre"),
    "group.ukraine": ("Ukraine", "Ukraine"),
    "group.other": ("andere Nationalitäten", "other nationalities"),
    # overview
    "overview.title": ("Überblick", "Overview"),
    "overview.today": ("Heute bis jetzt", "Today so far"),
    "overview.week": ("Diese Woche", "This week"),
    "overview.last_year": ("Vorjahr, gleicher Wochentag: {n}", "Last year, same weekday: {n}"),
    "overview.last_year_week": ("Vorjahreswoche bis zum gleichen Tag: {n}", "Same week last year to the same day: {n}"),
    "overview.change": ("{sign}{pct} gegenüber Vorjahr", "{sign}{pct} against last year"),
    "overview.no_change": ("kein Vorjahreswert", "no value for last year"),
    "overview.visits": ("Besuche", "Visits"),
    "overview.daily.title": ("Besuche pro Tag, letzte 90 Tage", "Visits per day, last 90 days"),
    "overview.daily.summary": (
        "Besuche pro Tag vom {start} bis {end}: insgesamt {total}, am meisten am {peak_day} mit {peak}.",
        "Visits per day from {start} to {end}: {total} in all, most on {peak_day} with {peak}.",
    ),
    "overview.groups.title": ("Besuche nach Zielgruppe", "Visits by target group"),
    "overview.groups.period90": ("letzte 90 Tage", "last 90 days"),
    "overview.groups.since": ("seit Eröffnung", "since opening"),
    "overview.as_of": ("Stand: {when}", "As of {when}"),
    "chart.table": ("Daten als Tabelle", "Data as a table"),
    "col.day": ("Tag", "Day"),
    "col.location": ("Standort", "Place"),
    "col.group": ("Zielgruppe", "Target group"),
    "col.visits": ("Besuche", "Visits"),
    "col.period": ("Zeitraum", "Period"),
    # placeholders of pages later issues fill
    "trends.title": ("Entwicklung", "Trends"),
    "trends.future": (
        "Besuche pro Tag, Kalenderwoche und Monat nach Standort, Zielgruppe, Anliegen und Sprache; "
        "Vorjahresvergleich; Wochentag-Uhrzeit-Heatmap; Wartezeiten; Prognose mit Intervall; Export als CSV und XLSX.",
        "Visits per day, ISO week and month by place, target group, concern and language; year over "
        "year; weekday-by-hour heat map; wait times; forecast with its interval; CSV and XLSX export.",
    ),
    "planner.title": ("Dienstplanung", "Planner"),
    "planner.future": (
        "Kalenderwoche wählen; Bedarf und Personalbedarf als Heatmap; Planung im Hintergrund mit "
        "Fortschritt und Abbruch; Dienstplan nach Person und nach Standort; Abdeckung; Bewertung je "
        "Regel und Person; sperren, bearbeiten, neu planen; veröffentlichen; Export.",
        "Pick an ISO week; demand and required staff as heat maps; solve in the background with "
        "progress and cancel; roster by person and by place; coverage; score per rule and person; "
        "lock, edit, re-solve; publish; export.",
    ),
    "staff.title": ("Team und Abwesenheiten", "Staff and absences"),
    "staff.future": (
        "Das Team mit Rolle, Organisation, Sprachen und Vertragsstunden; Abwesenheiten und Wünsche eintragen.",
        "The team with role, organisation, languages and contract hours; enter absences and wishes.",
    ),
    "partner.title": ("Partnerportal", "Partner portal"),
    "partner.future": (
        "Die veröffentlichten Dienste Ihrer Organisation: Person benennen, bestätigen oder absagen; Kalender-Abo.",
        "Your organisation's published shifts: name the person, confirm or decline; calendar subscription.",
    ),
    "checkin.title": ("Empfang", "Check-in"),
    "checkin.future": (
        "Ankunft in höchstens drei Klicks erfassen; Warteliste; nächste Person aufrufen; Beratung abschließen.",
        "Record an arrival in at most three clicks; waiting list; call the next visitor; finish.",
    ),
    "admin.title": ("Verwaltung", "Admin"),
    "admin.future": (
        "Benutzer und Rollen, Team, Standorte, Öffnungszeiten, Schichtvorlagen, Regeln, Geräte-Token.",
        "Users and roles, staff, places, opening hours, shift templates, rules, device tokens.",
    ),
}


def current_language() -> str:
    """The language of the request being served (cookie), German when unknown."""
    try:
        lang = flask.request.cookies.get(COOKIE, DEFAULT_LANGUAGE)
    except RuntimeError:  # outside a request, e.g. in a background job
        return DEFAULT_LANGUAGE
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


def t(key: str, lang: str | None = None, **values) -> str:
    text = CATALOGUE[key][LANGUAGES.index(lang or current_language())]
    return text.format(**values) if values else text


def _locale(lang: str) -> str:
    return "de_DE" if lang == "de" else "en_GB"


def fmt_int(value: int | float, lang: str | None = None) -> str:
    return format_decimal(round(value), locale=_locale(lang or current_language()))


def fmt_pct(value: float, lang: str | None = None) -> str:
    return format_percent(value, format="#,##0 %", locale=_locale(lang or current_language()))


def fmt_date(value: dt.date, lang: str | None = None) -> str:
    lang = lang or current_language()
    return format_date(value, "dd.MM.yyyy" if lang == "de" else "dd/MM/yyyy", locale=_locale(lang))


def fmt_datetime(value: dt.datetime, lang: str | None = None) -> str:
    lang = lang or current_language()
    pattern = "dd.MM.yyyy, HH:mm 'Uhr'" if lang == "de" else "dd/MM/yyyy, HH:mm"
    return format_datetime(value, pattern, locale=_locale(lang))
