"""The partner page (not yet available: it says what it will hold)."""

import dash

from dashboard.auth import restricted
from dashboard.components.placeholder import not_yet_available

dash.register_page(__name__, path="/partner", order=4, title="MigraDo Ops")


@restricted("/partner")
def layout(**_query):
    return not_yet_available("partner.title", "partner.future")
