"""The service layer's one cache: results kept for their stated staleness, then fetched again."""

from __future__ import annotations

import time

from dashboard.services.cache import cached, clear_all


def test_results_are_reused_within_their_staleness_and_fetched_again_after():
    calls = []

    @cached(seconds=0.2)
    def square(x):
        calls.append(x)
        return x * x

    assert square(3) == 9 and square(3) == 9 and calls == [3]
    assert square(4) == 16 and calls == [3, 4]  # other arguments, another entry
    time.sleep(0.25)
    assert square(3) == 9 and calls == [3, 4, 3]


def test_clear_all_forgets_every_cached_result():
    calls = []

    @cached(seconds=60)
    def one():
        calls.append(1)
        return 1

    one()
    clear_all()
    one()
    assert calls == [1, 1]
