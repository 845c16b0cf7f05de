"""Two coordinators publish the same week at the same moment: one wins, the other is told.

Both publishers are made to read the draft (and the previous version) before either
writes, the worst interleaving; the conditional UPDATE (only while the row is still a
draft) must then let exactly one through, on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import threading

import pytest

from data_access.db import dispose_engines, session_scope
from data_access.repositories.schedules import PublishConflict, ScheduleRepository
from tests.plans import draft_of_three
from tests.test_api_support import own_db  # noqa: F401 - a fixture
from tests.web import call, login

WEEK = (2027, 10)


def _draft(url: str) -> int:
    return draft_of_three(url, *WEEK)


def _both_read_before_either_writes(monkeypatch, parties: int = 2) -> threading.Barrier:
    barrier = threading.Barrier(parties, timeout=10)
    original = ScheduleRepository.latest_published

    def read_then_wait(self, *args):
        result = original(self, *args)
        barrier.wait()
        return result

    monkeypatch.setattr(ScheduleRepository, "latest_published", read_then_wait)
    return barrier


@pytest.fixture
def week_cleanup(filled_url):
    dispose_engines()
    yield filled_url
    with session_scope(filled_url) as session:
        for schedule in ScheduleRepository(session).versions(*WEEK):
            session.delete(schedule)
    dispose_engines()


def test_two_simultaneous_publishers_one_wins(week_cleanup, monkeypatch):
    url = week_cleanup
    draft_id = _draft(url)
    _both_read_before_either_writes(monkeypatch)
    outcomes: dict[str, object] = {}

    def publish(who: str) -> None:
        try:
            with session_scope(url) as session:
                outcomes[who] = ScheduleRepository(session).publish(draft_id, by=who).version
        except PublishConflict as conflict:
            outcomes[who] = conflict

    threads = [threading.Thread(target=publish, args=(who,)) for who in ("anna", "ben")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)

    won = [who for who, result in outcomes.items() if result == 1]
    told = [who for who, result in outcomes.items() if isinstance(result, PublishConflict)]
    assert len(won) == 1 and len(told) == 1, outcomes
    with session_scope(url) as session:
        schedules = ScheduleRepository(session)
        versions = schedules.versions(*WEEK)
        assert [(s.version, s.status) for s in versions] == [(1, "published")]  # one version, no mix
        assert len(schedules.rows(draft_id)) == 3


def test_the_coordinator_who_loses_is_told_on_the_page(own_db, monkeypatch):
    """The same race through the Planner's publish button, as two signed-in coordinators."""
    from app import app

    _draft(own_db)
    _both_read_before_either_writes(monkeypatch)
    answers = {}

    def press(who: str) -> None:
        client = app.server.test_client()
        login(client, who)
        answers[who] = call(client, app, "publish-confirm.n_clicks",
                            {"publish-confirm.n_clicks": 1, "planner-week.value": f"{WEEK[0]}-W{WEEK[1]:02d}"},
                            output="publish-message").get_data(as_text=True)

    threads = [threading.Thread(target=press, args=(who,)) for who in ("koordination", "admin")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)

    told = [who for who, text in answers.items() if "von jemand anderem veröffentlicht" in text]
    published = [who for who, text in answers.items() if "veröffentlicht" in text and who not in told]
    assert len(told) == 1 and len(published) == 1, answers
    with session_scope(own_db) as session:
        assert [s.status for s in ScheduleRepository(session).versions(*WEEK)] == ["published"]
