"""The admin page (not yet available: it says what it will hold)."""

import dash

from dashboard.auth import restricted
from dashboard.components.placeholder import not_yet_available

dash.register_page(__name__, path="/admin", order=6, title="MigraDo Ops")


@restricted("/admin")
def layout(**_query):
    return not_yet_available("admin.title", "admin.future")
