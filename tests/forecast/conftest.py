"""Fixtures of the forecast tests."""

from __future__ import annotations

import pandas as pd
import pytest

from tests.forecast.synthetic import synthetic_visits


@pytest.fixture(scope="session")
def visits() -> pd.DataFrame:
    return synthetic_visits()
