"""The check-in API under a peer's fuzzer: Schemathesis against a live server (issue 22, point 9).

`schemathesis run --checks all` reads /api/v1/openapi.json from the running app, sends what the
document allows (and what it forbids) with a device token, and fails on any answer that breaks
the document: a 500, a status or header the document does not name, a body that does not fit
its schema, a schema-valid request refused, an invalid one accepted, a wrong Allow. The
stateful phase follows the document's links (create a visit, then call and finish it).

Bounded: a fixed seed and few examples per operation keep the run under a minute.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from werkzeug.serving import WSGIRequestHandler, make_server

from data_access.db import session_scope
from data_access.repositories import TokenRepository
from tests.security.databases import fresh_postgres  # noqa: F401 - fixture
from tests.test_api_support import own_db  # noqa: F401 - fixture

SCHEMATHESIS = Path(sys.executable).with_name("schemathesis")
HERE = Path(__file__).parent
ROOT = HERE.parent.parent


class QuietHandler(WSGIRequestHandler):
    def log_request(self, *args, **kwargs) -> None:  # thousands of lines otherwise
        pass


@pytest.fixture(params=["sqlite", "postgres"])
def fuzz_db(request, monkeypatch):
    """A copy of the demo data on SQLite; on PostgreSQL a fresh schema with the demo's places."""
    if request.param == "sqlite":
        yield request.getfixturevalue("own_db")
    else:
        yield request.getfixturevalue("fresh_postgres")


@pytest.fixture
def live_api(fuzz_db):
    """The app on a real HTTP server on a free loopback port."""
    from app import app

    server = make_server("127.0.0.1", 0, app.server, threaded=True, request_handler=QuietHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(10)


@pytest.fixture
def device_token(fuzz_db):
    with session_scope(fuzz_db) as session:
        return TokenRepository(session).create_device_token("Fuzzer", "admin")[1]


def run_schemathesis(base: str, token: str, report_dir: Path, *extra: str) -> subprocess.CompletedProcess:
    command = [
        str(SCHEMATHESIS if SCHEMATHESIS.exists() else shutil.which("schemathesis")),
        "--config-file", str(HERE / "schemathesis.toml"), "--no-color", "run",
        f"{base}/api/v1/openapi.json",
        "--checks", "all",
        "--phases", "examples,coverage,fuzzing,stateful",
        "--header", f"Authorization: Bearer {token}",
        "--max-examples", "100", "--seed", "22",
        "--workers", "1",
        "--request-timeout", "10",
        "--report", "junit", "--report-dir", str(report_dir),
        "--output-truncate", "true",
        *extra,
    ]
    env = {"NO_COLOR": "1", "PATH": "/usr/bin:/bin", "HOME": str(report_dir), "PYTHONPATH": str(ROOT),
           "SCHEMATHESIS_HOOKS": "tests.security.fuzz_hooks"}
    return subprocess.run(command, capture_output=True, text=True, timeout=240, cwd=report_dir, env=env)


def test_schemathesis_finds_nothing_in_the_check_in_api(live_api, device_token, tmp_path):
    answer = run_schemathesis(live_api, device_token, tmp_path)
    output = answer.stdout + answer.stderr
    (tmp_path / "output.txt").write_text(output)
    assert answer.returncode == 0, output[-20000:]
    assert "No issues found" in output or "passed" in output.lower(), output[-5000:]


@pytest.mark.parametrize("fuzz_db", ["sqlite"], indirect=True)
def test_the_fuzzer_bites_on_a_broken_answer(live_api, device_token, tmp_path, monkeypatch):
    """Control: the same run fails when visits come back without offsets and with a wait of days."""
    from dashboard.web.api import visits

    original = visits._visit_json

    def broken(visit, location_code):
        answer = original(visit, location_code)
        answer["arrived_at"] = visit.arrived_at.isoformat()  # no offset
        if answer["called_at"] is not None:
            answer["wait_minutes"] = 30_000_000
        return answer

    monkeypatch.setattr(visits, "_visit_json", broken)
    answer = run_schemathesis(live_api, device_token, tmp_path, "--phases", "examples,coverage,stateful")
    output = answer.stdout + answer.stderr
    (tmp_path / "output.txt").write_text(output)
    assert answer.returncode != 0, output[-5000:]
    assert "is not a \"date-time\"" in output, output[-5000:]
    assert "without an offset" in output or "wait_minutes implausible" in output, output[-5000:]
