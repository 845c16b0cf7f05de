"""The Planner page's parts, one module each; dashboard/pages/planner.py puts them together.

solving: the background solve, its progress and stop; publishing: the publish dialog;
editing: hand edits, candidates for a shift, comparing versions; rotation: N-week rotations.
Each module holds its panel's layout and the callbacks that serve it.
"""

from __future__ import annotations

from planner.staffing import ServiceLevel

PLANNERS = ("admin", "coordination")
VIEWERS = ("admin", "coordination", "leadership")


def service_level(pct, minutes) -> ServiceLevel:
    """The service-level target from the page's two inputs (out-of-range values are clamped)."""
    try:
        return ServiceLevel(min(max(float(pct or 80), 50), 99) / 100, float(minutes or 20))
    except (TypeError, ValueError):
        return ServiceLevel()


def offered(value, choices, default: int) -> int:
    """A number the page offers in a select (a time limit, a count of weeks), else the default.

    The value comes from the browser: a hand-made request must neither start a solve that
    runs for hours nor fail on text.
    """
    try:
        number = int(value)
    except (TypeError, ValueError):
        return default
    return number if number in choices else default
