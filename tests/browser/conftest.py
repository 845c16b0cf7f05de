"""Browser tests run the real app in headless Chromium against a demo database."""

from __future__ import annotations

import shutil

import pytest

from data_access.db import dispose_engines


@pytest.fixture
def app_on_demo_data(filled_sqlite_url, monkeypatch):
    if not (shutil.which("chromedriver") and (shutil.which("chromium") or shutil.which("google-chrome"))):
        pytest.skip("chromium and chromedriver are not installed (make test installs them where it may)")
    monkeypatch.setenv("DATABASE_URL", filled_sqlite_url)
    dispose_engines()
    from app import app

    yield app
    dispose_engines()
