"""The visitor's handout is complete in every visitors' language, written in its script,
with the same placeholders as the German text, and covers every code a course can carry."""

from __future__ import annotations

import datetime as dt
import re
import string

import pytest

from dashboard.services.courses import COURSE_KINDS, FUNDINGS, INTENSITIES, TIMES_OF_DAY
from dashboard.texts.courses import HANDOUT, HANDOUT_LANGUAGES, RIGHT_TO_LEFT
from data_access.repositories.courses import CourseRow

SCRIPTS = {"uk": r"[\u0400-\u04FF]", "ru": r"[\u0400-\u04FF]", "ar": r"[\u0600-\u06FF]", "fa": r"[\u0600-\u06FF]"}


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_handout_text_exists_in_every_visitor_language_with_the_same_placeholders():
    assert HANDOUT_LANGUAGES == ("de", "en", "uk", "ru", "ar", "tr", "fa")
    assert RIGHT_TO_LEFT == {"ar", "fa"}
    for key, texts in HANDOUT.items():
        assert len(texts) == len(HANDOUT_LANGUAGES), key
        assert all(text.strip() for text in texts), key
        assert all(placeholders(text) == placeholders(texts[0]) for text in texts), key


@pytest.mark.parametrize("lang", sorted(SCRIPTS))
def test_handout_texts_are_written_in_the_language_s_script(lang):
    index = HANDOUT_LANGUAGES.index(lang)
    for key, texts in HANDOUT.items():
        if key != "language" and not texts[index].replace(" €", "").replace("{cost}", "").strip().isdigit():
            assert re.search(SCRIPTS[lang], texts[index]), (lang, key, texts[index])


def test_every_code_a_course_carries_has_a_handout_word_and_kinds_are_told_apart():
    keys = ({f"kind.{k}" for k in COURSE_KINDS} | {f"time.{x}" for x in TIMES_OF_DAY}
            | {f"intensity.{x}" for x in INTENSITIES} | {f"funding.{x}" for x in FUNDINGS})
    assert keys <= set(HANDOUT)
    for index, lang in enumerate(HANDOUT_LANGUAGES):
        names = {HANDOUT[f"kind.{k}"][index] for k in COURSE_KINDS}
        assert len(names) == len(COURSE_KINDS), lang


@pytest.mark.parametrize("lang", HANDOUT_LANGUAGES)
def test_handout_facts_in_each_language_hold_the_course_and_nothing_else(lang):
    from dashboard.courses.routes import handout_facts, qr_svg

    course = CourseRow(1, "Lernhaus", "A-1", "Integrationskurs", "integration_women", "A2", dt.date(2027, 1, 11),
                       None, "morning", "part_time", "Mo–Do 09:00–12:15", "Kampstraße 45", "Eving", True, 4, "fee",
                       120.0, "0231 555")
    facts = dict(handout_facts(course, lang))
    index = HANDOUT_LANGUAGES.index(lang)
    assert facts[HANDOUT["start"][index]] == "11.01.2027"
    assert facts[HANDOUT["kind"][index]] == HANDOUT["kind.integration_women"][index]
    assert "120" in facts[HANDOUT["cost"][index]]
    assert facts[HANDOUT["childcare"][index]] == HANDOUT["yes"][index]
    assert len(facts) == 13
    assert qr_svg(course, lang).startswith("<svg")
