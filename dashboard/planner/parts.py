"""The Planner page's parts, one module each; dashboard/planner/page.py puts them together.

solving: the background solve, its progress and stop; publishing: the publish dialog;
editing: hand edits, candidates for a shift, comparing versions; rotation: N-week rotations.
Each module holds its panel's layout and the callbacks that serve it.
"""

from __future__ import annotations

from dash import html

from dashboard.texts.i18n import fmt_int, t
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


def progress_bar(prefix: str, label: str) -> html.Div:
    """A solve's progress: a native <progress> with a visible label (dbc.Progress's bar has no
    accessible name) and a line that says the best plan so far; ids `{prefix}-progress(-text)`."""
    return html.Div(
        [
            html.Label(label, htmlFor=f"{prefix}-progress", className="small me-2"),
            html.Progress(id=f"{prefix}-progress", value="0", max="100", className="align-middle w-50"),
            html.Span(id=f"{prefix}-progress-text", className="small ms-2"),
        ],
        className="mt-2",
    )


def report_progress(set_progress, limit: float):
    """The solver's on_progress callback that moves a progress_bar: time used of the limit,
    and the best plan's score and bound so far. Says "planning ..." at once."""
    set_progress((1, t("planner.progress.start")))

    def progress(objective, bound, elapsed):
        set_progress((min(99, int(100 * elapsed / limit)),
                      t("planner.progress", objective=fmt_int(objective), bound=fmt_int(bound),
                        elapsed=f"{elapsed:.1f}")))

    return progress
