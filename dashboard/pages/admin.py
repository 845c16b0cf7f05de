"""The admin page (not yet available: it says what it will hold)."""

import dash

from dashboard.components.placeholder import not_yet_available

dash.register_page(__name__, path="/admin", order=6, title="MigraDo Ops")


def layout(**_query):
    return not_yet_available("admin.title", "admin.future")
