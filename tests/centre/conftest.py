"""Planning tests write plans and forecast runs: each gets its own copy of the demo database."""

import pytest

from data_access.db import dispose_engines
from tests.conftest import private_copy


@pytest.fixture
def filled_sqlite_url(filled_sqlite_url, tmp_path):
    dispose_engines()
    yield private_copy(filled_sqlite_url, tmp_path)
    dispose_engines()
