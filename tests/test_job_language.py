"""A background job's texts follow the language of the page that started it."""

from __future__ import annotations

import pytest
from dash._callback_context import context_value
from dash._utils import AttributeDict

from dashboard.texts.i18n import current_language, t


@pytest.fixture
def job_context():
    """A callback context as a background job has it: no request, the custom data it was started with."""
    def enter(custom_data):
        return context_value.set(AttributeDict(custom_data=custom_data))

    tokens = []
    yield lambda data: tokens.append(enter(data))
    for token in reversed(tokens):
        context_value.reset(token)


def test_a_job_started_from_an_english_page_writes_english(job_context):
    job_context({"language": "en"})
    assert current_language() == "en"
    assert t("planner.off") == t("planner.off", "en") != t("planner.off", "de")


@pytest.mark.parametrize("data", [{}, {"language": "xx"}, {"language": None}])
def test_without_a_known_language_a_job_writes_german(job_context, data):
    job_context(data)
    assert current_language() == "de"


def test_outside_any_callback_the_language_is_german():
    assert current_language() == "de"


def test_each_callback_request_carries_its_page_language():
    from app import app
    from dashboard.texts.i18n import COOKIE

    hooks = [h for h in app._hooks.get_hooks("custom_data") if h.data["namespace"] == "language"]
    assert len(hooks) == 1
    with app.server.test_request_context("/", headers={"Cookie": f"{COOKIE}=en"}):
        assert hooks[0](None) == "en"
    with app.server.test_request_context("/"):
        assert hooks[0](None) == "de"
