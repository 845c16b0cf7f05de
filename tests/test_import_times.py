"""The visit import's times: the quick path for ISO times reads what the formats read."""

from __future__ import annotations

import datetime as dt

import pytest

from data_access.imports import visits


def _by_formats(text: str) -> dt.datetime | None:
    for pattern in visits.TIME_FORMATS:
        try:
            moment = dt.datetime.strptime(text, pattern).replace(second=0)
        except ValueError:
            continue
        return moment if moment.year in visits.YEARS else None
    return None


@pytest.mark.parametrize("text", [
    "2024-03-05 08:30", "2024-03-05T08:30", "2024-03-05 08:30:59", "2024-3-5 8:30", "05.03.2024 08:30",
    "2024-02-30 08:00", "2024-03-05 24:00", "0001-03-05 08:30", "2024-03-05", "2024-03-05 08:30:60",
    "2024-03-05  08:30", " 2024-03-05 08:30 ", "2024-03-05 08:3", "2024-03-05 08:30:5",
])
def test_the_quick_path_reads_what_the_formats_read(text):
    assert visits._time(text) == _by_formats(" ".join(text.split()))
