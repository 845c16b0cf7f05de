"""What the Planner page reads from its inputs: values from the browser are never trusted."""

from __future__ import annotations

import pytest

from dashboard.planner.parts import offered, service_level


@pytest.mark.parametrize("value, expected", [
    ("60", 60), (5, 5),  # offered choices pass
    ("86400", 20), ("-1", 20), ("0", 20),  # numbers the select does not offer: the default
    ("zwanzig", 20), (None, 20), ("", 20), ([5], 20),  # not a number at all
])
def test_only_an_offered_time_limit_is_taken(value, expected):
    assert offered(value, (5, 20, 60), 20) == expected


def test_the_service_level_target_is_clamped_to_what_the_page_allows():
    assert service_level(85, 15).target == pytest.approx(0.85) and service_level(85, 15).within_minutes == 15
    assert service_level(120, 20).target == pytest.approx(0.99)
    assert service_level(10, 20).target == pytest.approx(0.50)
    assert service_level("x", 20) == service_level(None, None)  # text: the default target
