"""The staff page (not yet available: it says what it will hold)."""

import dash

from dashboard.auth import restricted
from dashboard.components.placeholder import not_yet_available

dash.register_page(__name__, path="/staff", order=3, title="MigraDo Ops")


@restricted("/staff")
def layout(**_query):
    return not_yet_available("staff.title", "staff.future")
