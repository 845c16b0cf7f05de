"""The checkin page (not yet available: it says what it will hold)."""

import dash

from dashboard.auth import restricted
from dashboard.components.placeholder import not_yet_available

dash.register_page(__name__, path="/checkin", order=5, title="MigraDo Ops")


@restricted("/checkin")
def layout(**_query):
    return not_yet_available("checkin.title", "checkin.future")
