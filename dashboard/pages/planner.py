"""The planner page (not yet available: it says what it will hold)."""

import dash

from dashboard.auth import restricted
from dashboard.components.placeholder import not_yet_available

dash.register_page(__name__, path="/planner", order=2, title="MigraDo Ops")


@restricted("/planner")
def layout(**_query):
    return not_yet_available("planner.title", "planner.future")
