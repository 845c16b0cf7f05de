"""The queue's arithmetic: labels, expected waits and the traffic light."""

from __future__ import annotations

import pytest

from planner.queue import DEFAULT_SERVICE_MINUTES, expected_wait_minutes, ticket_label, traffic_light


def test_labels_have_the_queue_letter_and_three_digits():
    assert ticket_label("B", 42) == "B-042"
    assert ticket_label("A", 1) == "A-001"
    assert ticket_label("J", 1234) == "J-1234"


def test_the_wait_grows_with_the_people_ahead_and_shrinks_with_desks():
    one_desk = [expected_wait_minutes(ahead, 1, 10) for ahead in range(5)]
    assert one_desk == sorted(one_desk) and one_desk[0] == pytest.approx(5)
    assert expected_wait_minutes(4, 2, 10) < expected_wait_minutes(4, 1, 10)
    assert expected_wait_minutes(0, 3, 10) == 0  # three desks, nobody ahead: called at once


def test_without_desks_or_service_times_the_defaults_hold():
    assert expected_wait_minutes(1, 0, None) == pytest.approx(1.5 * DEFAULT_SERVICE_MINUTES)


@pytest.mark.parametrize(("minutes", "colour", "shown"), [
    (0, "green", 0), (12, "green", 15), (20, "green", 20), (21, "yellow", 25), (40, "yellow", 40), (41, "red", 45),
])
def test_traffic_light_follows_the_service_level_target(minutes, colour, shown):
    light = traffic_light(minutes)
    assert (light.colour, light.minutes) == (colour, shown)
