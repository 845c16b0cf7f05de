"""Statements compiled once for PostgreSQL and run on the driver's connection (see the class)."""

from __future__ import annotations

from sqlalchemy.dialects import postgresql
from sqlalchemy.engine import Connection


class DriverStatement:
    """A PostgreSQL statement compiled once to psycopg's SQL and run on the driver's connection.

    For the busiest statements of the app (the check-in API's post, the desk's steps, the
    request guard's look-up of a signed-in user): SQLAlchemy's work per execution (its
    compiled cache's look-up, building the parameters, the result's wrapping) was about a
    third of the post's time in a web worker under bench/load.py. The SQL
    is what SQLAlchemy itself sends; the literals it binds (`literal(...)`) come along as
    defaults. On statement_engine's connections each statement commits alone; on a
    session's connection (repositories/desk_steps.py) it runs in the session's transaction,
    on rows the session holds no objects of.
    """

    def __init__(self, statement) -> None:
        compiled = statement.compile(dialect=postgresql.psycopg.dialect())
        self.sql = compiled.string
        self.defaults = dict(compiled.params)
        self.names = frozenset(compiled.params)

    def first(self, connection: Connection, params: dict) -> tuple | None:
        return self.run(connection, params).fetchone()

    def run(self, connection: Connection, params: dict):
        """Execute on the connection (in its transaction, if one is open); the driver's cursor."""
        values = {**self.defaults, **{k: v for k, v in params.items() if k in self.names}}
        return connection.connection.driver_connection.execute(self.sql, values, prepare=True)
