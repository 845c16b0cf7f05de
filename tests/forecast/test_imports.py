"""The planner stays pure and cheap to import (issue 4: no JIT at app start)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

CODE = """
import sys, time
t = time.perf_counter()
import planner, planner.forecast, planner.staffing, planner.scenario
elapsed = time.perf_counter() - t
bad = sorted(m for m in ("dash", "flask", "sqlalchemy", "data_access", "dashboard", "numba", "statsforecast")
             if m in sys.modules)
print(elapsed, ",".join(bad))
"""


def test_planner_imports_no_ui_no_database_and_fast():
    run = subprocess.run([sys.executable, "-c", CODE], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    elapsed, bad = run.stdout.split()[0], run.stdout.split()[1:]
    assert bad == []
    assert float(elapsed) < 3.0
