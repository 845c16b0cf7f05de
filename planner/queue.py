"""The walk-in queue's arithmetic: ticket labels, the expected wait, the traffic light.

Pure functions, used by the desk, the call display and the visitor's status page
(dashboard/services/queue.py). docs/architecture.md has the picture.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

# Without any service finished today at that queue yet, a visit is taken to last this long.
DEFAULT_SERVICE_MINUTES = 15.0
# The traffic light follows the service-level target (80 % seen within 20 minutes by
# default, planner.staffing.ServiceLevel): green within it, yellow up to twice it.
GREEN_WITHIN_MINUTES = 20.0


def ticket_label(code: str, number: int) -> str:
    """ "B-042": the queue's letter and the day's number, three digits (more after 999)."""
    return f"{code}-{number:03d}"


def expected_wait_minutes(ahead: int, serving_desks: int, mean_service_minutes: float | None) -> float:
    """Minutes until a visitor with `ahead` people before them is called.

    Each desk serving the queue frees up every `mean_service_minutes` on average; with c
    desks the visitor is called after about (ahead + 1) / c services, less half a service
    already under way at each desk. With no desk serving, the first desk to open counts.
    """
    service = mean_service_minutes if mean_service_minutes and mean_service_minutes > 0 else DEFAULT_SERVICE_MINUTES
    desks = max(1, serving_desks)
    rounds = (max(0, ahead) + 1) / desks - 0.5
    return max(0.0, rounds * service)


@dataclass(frozen=True)
class Light:
    colour: str  # "green", "yellow", "red"
    minutes: int  # rounded up to 5 minutes: a promise kept rather than a precise guess


def traffic_light(minutes: float, target_minutes: float = GREEN_WITHIN_MINUTES) -> Light:
    rounded = int(5 * math.ceil(max(0.0, minutes) / 5))
    if minutes <= target_minutes:
        return Light("green", rounded)
    if minutes <= 2 * target_minutes:
        return Light("yellow", rounded)
    return Light("red", rounded)
