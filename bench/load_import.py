"""A large visit import through the admin's import page while the check-ins run (issue 22).

The desk must never stall: a 50,000-row import commits in chunks, so check-ins keep being
stored meanwhile. bench/load.py starts `ImportRun` beside its clients with `--import-rows N`
and reports how long the import took, whether it was stored, and how much of it overlapped
the check-ins.
"""

from __future__ import annotations

import datetime as dt
import threading
import time

import requests

# Past days far from the demo's recent weeks, two minutes apart, both places.
FIRST_ARRIVAL = dt.datetime(2024, 1, 3, 8, 0)
PER_DAY = 200


def visit_file(rows: int) -> bytes:
    lines = ["ankunft;standort;zielgruppe;sprache;anliegen"]
    for i in range(rows):
        at = FIRST_ARRIVAL + dt.timedelta(days=i // PER_DAY, minutes=(i % PER_DAY) * 2)
        lines.append(f"{at:%Y-%m-%d %H:%M};{'infopoint' if i % 2 else 'centre'};"
                     f"{'ukraine' if i % 3 else 'other'};de;orientation")
    return "\n".join(lines).encode()


class ImportRun(threading.Thread):
    """Sign in as admin and import `rows` generated visits through /admin/import."""

    def __init__(self, base: str, rows: int, password: str, start_at: float) -> None:
        super().__init__(daemon=True)
        self.base, self.rows, self.password, self.start_at = base, rows, password, start_at
        self.data = visit_file(rows)
        self.began = self.ended = None
        self.status: int | None = None
        self.error: str | None = None

    def run(self) -> None:
        try:
            with requests.Session() as session:
                answer = session.post(f"{self.base}/login", data={"login": "admin", "password": self.password},
                                      allow_redirects=False, timeout=30)
                if answer.status_code not in (302, 303):
                    raise RuntimeError(f"admin login answered {answer.status_code}")
                time.sleep(max(0.0, self.start_at - time.monotonic()))
                self.began = time.monotonic()
                answer = session.post(f"{self.base}/admin/import", data={"kind": "visits", "action": "import"},
                                      files={"file": ("gross.csv", self.data, "text/csv")}, timeout=900)
                self.ended = time.monotonic()
                self.status = answer.status_code
        except Exception as error:  # noqa: BLE001 - reported in the bench's row, not raised
            self.ended = self.ended or time.monotonic()
            self.error = f"{error.__class__.__name__}: {error}"[:200]

    def figures(self, load_started: float | None, load_ended: float | None) -> dict:
        seconds = None if self.began is None or self.ended is None else round(self.ended - self.began, 1)
        overlap = None
        if seconds is not None and load_started is not None and load_ended is not None:
            overlap = round(max(0.0, min(self.ended, load_ended) - max(self.began, load_started)), 1)
        return {"import_rows": self.rows, "import_seconds": seconds, "import_status": self.status,
                "import_overlap_s": overlap, "import_error": self.error}
