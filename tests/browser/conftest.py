"""Browser tests run the real app in headless Chromium against a demo database."""

from __future__ import annotations

import shutil

import pytest

from data_access.db import dispose_engines
from tests.conftest import private_copy


@pytest.fixture
def filled_sqlite_url(filled_sqlite_url, tmp_path):
    """Browser tests change data (check-ins, confirmations, plans): each gets its own copy."""
    dispose_engines()
    yield private_copy(filled_sqlite_url, tmp_path)
    dispose_engines()


@pytest.fixture
def app_on_demo_data(filled_sqlite_url, monkeypatch):
    if not (shutil.which("chromedriver") and (shutil.which("chromium") or shutil.which("google-chrome"))):
        pytest.skip("chromium and chromedriver are not installed (make test installs them where it may)")
    monkeypatch.setenv("DATABASE_URL", filled_sqlite_url)
    dispose_engines()
    from app import app

    yield app
    dispose_engines()


def sign_in(dash_duo, app, login: str = "leitung") -> None:
    """Start the app and sign in through the login form, as a user would."""
    from data_access.demo.reference import DEMO_PASSWORD

    # navigate=False: the first page is our login form, which has no Dash entry point.
    start(dash_duo, app)
    dash_duo.driver.get(dash_duo.server.url + "/login")
    dash_duo.wait_for_element("#login").send_keys(login)
    dash_duo.find_element("#password").send_keys(DEMO_PASSWORD)
    dash_duo.find_element("button[type=submit]").click()
    dash_duo.wait_for_element("#react-entry-point", timeout=20)


def start(dash_duo, app) -> None:
    """Serve the app on a free port (test runs side by side must not share 8050)."""
    from tests.production.processes import free_port

    dash_duo.start_server(app, navigate=False, port=free_port())
