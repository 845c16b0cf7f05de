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

# Modules beside the catalogue that word things with it (they import this one).
WORDING_MODULES = {"i18n", "rule_words"}


def _load_catalogue() -> dict[str, tuple[str, str]]:
    """Merge the texts of every module under dashboard/texts/ (one per page or area)."""
    import importlib
    import pkgutil

    from dashboard import texts

    catalogue: dict[str, tuple[str, str]] = {}
    for module in pkgutil.iter_modules(texts.__path__):
        if module.name in WORDING_MODULES:
            continue
        part = importlib.import_module(f"dashboard.texts.{module.name}").TEXTS
        clash = catalogue.keys() & part.keys()
        if clash:
            raise KeyError(f"text keys defined twice: {sorted(clash)}")
        catalogue.update(part)
    return catalogue


CATALOGUE = _load_catalogue()


def current_language() -> str:
    """The language of the request being served (cookie), German when unknown."""
    try:
        environ = flask.request.environ
    except RuntimeError:  # outside a request, e.g. in a background job
        return _job_language()
    # Asked once per text: reading the cookie each time cost more than the rest of t().
    lang = environ.get("migrado.language")
    if lang is None:
        lang = flask.request.cookies.get(COOKIE, DEFAULT_LANGUAGE)
        lang = environ["migrado.language"] = lang if lang in LANGUAGES else DEFAULT_LANGUAGE
    return lang


def _job_language() -> str:
    """The language a background job was started in (the callback context carries it, see
    auth's custom data), German elsewhere."""
    try:
        import dash

        lang = dash.ctx.custom_data.get("language")
    except Exception:  # noqa: BLE001 - outside a callback there is no context
        lang = None
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


def t(key: str, lang: str | None = None, **values) -> str:
    text = CATALOGUE[key][LANGUAGES.index(lang or current_language())]
    return text.format(**values) if values else text


def _locale(lang: str) -> str:
    return "de_DE" if lang == "de" else "en_GB"


def fmt_int(value: int | float, lang: str | None = None) -> str:
    return format_decimal(round(value), locale=_locale(lang or current_language()))


def fmt_decimal(value: float, lang: str | None = None, digits: int = 1) -> str:
    """A number with `digits` decimals in the language's notation (12,5 in German)."""
    return format_decimal(round(value, digits), format=f"#,##0.{'0' * digits}", locale=_locale(lang or current_language()))


def fmt_hours(minutes: int | float, lang: str | None = None, *, signed: bool = False) -> str:
    """Minutes as hours with one decimal in the language's notation (7,5 in German); `signed`
    for differences and balances (+1,5 / -2,0)."""
    text = f"{minutes / 60:+.1f}" if signed else f"{minutes / 60:.1f}"
    return text.replace(".", ",") if (lang or current_language()) == "de" else text


def fmt_pct(value: float, lang: str | None = None) -> str:
    return format_percent(value, format="#,##0 %", locale=_locale(lang or current_language()))


def fmt_date(value: dt.date, lang: str | None = None) -> str:
    lang = lang or current_language()
    return format_date(value, "dd.MM.yyyy" if lang == "de" else "dd/MM/yyyy", locale=_locale(lang))


def fmt_datetime(value: dt.datetime, lang: str | None = None) -> str:
    lang = lang or current_language()
    pattern = "dd.MM.yyyy, HH:mm 'Uhr'" if lang == "de" else "dd/MM/yyyy, HH:mm"
    return format_datetime(value, pattern, locale=_locale(lang))
