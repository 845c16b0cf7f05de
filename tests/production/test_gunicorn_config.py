"""gunicorn's settings: several workers by WEB_CONCURRENCY, and fresh database pools after fork."""

from __future__ import annotations

import runpy
from pathlib import Path

from sqlalchemy import text

from data_access import db

CONFIG = Path(__file__).resolve().parents[2] / "deploy" / "gunicorn.conf.py"


def test_workers_come_from_the_environment_and_the_app_is_preloaded(monkeypatch):
    monkeypatch.setenv("WEB_CONCURRENCY", "3")
    monkeypatch.delenv("MIGRADO_BIND", raising=False)
    settings = runpy.run_path(str(CONFIG))
    assert settings["workers"] == 3 and settings["preload_app"] is True
    assert settings["bind"] == "127.0.0.1:8051"


def test_after_fork_a_worker_drops_the_pool_it_inherited_without_closing_it(tmp_path):
    url = f"sqlite:///{tmp_path / 'fork.db'}"
    engine = db.get_engine(url)
    inherited = engine.connect()  # stands for the master's connection
    runpy.run_path(str(CONFIG))["post_fork"](None, None)
    assert url not in db._ENGINES  # the worker builds its own engine on first use
    assert inherited.execute(text("SELECT 1")).scalar() == 1  # the master's connection still works
    inherited.close()
    assert db.get_engine(url) is not engine
    db.dispose_engines()


def test_before_the_workers_fork_the_preloaded_app_leaves_the_collectors_young_generations():
    import gc

    preloaded = [{"page": n} for n in range(1000)]  # stands for the app's objects
    try:
        runpy.run_path(str(CONFIG))["when_ready"](None)
        assert gc.get_freeze_count() >= len(preloaded)
    finally:
        gc.unfreeze()


def test_workers_are_recycled_only_when_asked(monkeypatch):
    monkeypatch.delenv("MIGRADO_MAX_REQUESTS", raising=False)
    assert runpy.run_path(str(CONFIG))["max_requests"] == 0  # a recycling worker drops queued connections
    monkeypatch.setenv("MIGRADO_MAX_REQUESTS", "50000")
    settings = runpy.run_path(str(CONFIG))
    assert (settings["max_requests"], settings["max_requests_jitter"]) == (50000, 5000)
