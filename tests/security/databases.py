"""A fresh PostgreSQL schema with the demo's places and organisations, for the security tests
that also run on PostgreSQL (the fuzzer, single sign-on); skipped when PostgreSQL is away."""

from __future__ import annotations

import pytest

from data_access.db import dispose_engines, session_scope


@pytest.fixture
def fresh_postgres(monkeypatch):
    from data_access.demo.reference import LOCATIONS, ORGANISATIONS
    from data_access.migrate import upgrade
    from data_access.models import Location, Organisation
    from tests.conftest import _drop_postgres_schema, _fresh_postgres_schema, _postgres_base_url

    base = _postgres_base_url()
    url = _fresh_postgres_schema(base)
    upgrade(url)
    monkeypatch.setenv("DATABASE_URL", url)
    dispose_engines()
    with session_scope(url) as session:
        session.add_all(Location(code=s.code, name=s.name, kind=s.kind, address=s.address) for s in LOCATIONS)
        session.add_all(Organisation(code=o.code, name=o.name, kind=o.kind) for o in ORGANISATIONS)
    yield url
    _drop_postgres_schema(base, url)
