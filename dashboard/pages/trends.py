"""The trends page (not yet available: it says what it will hold)."""

import dash

from dashboard.auth import restricted
from dashboard.components.placeholder import not_yet_available

dash.register_page(__name__, path="/trends", order=1, title="MigraDo Ops")


@restricted("/trends")
def layout(**_query):
    return not_yet_available("trends.title", "trends.future")
