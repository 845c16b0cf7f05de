"""Create the PostgreSQL database named by DATABASE_URL when it does not exist yet.

Used by `make serve-prod` (deploy/serve-prod.sh); in a real deployment the database
is usually created by whoever runs PostgreSQL, and this does nothing then.
"""

from __future__ import annotations

import sys

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from data_access.db import database_url


def main() -> int:
    url = make_url(database_url())
    if not url.drivername.startswith("postgresql"):
        return 0
    name = url.database
    # Connect to the server's maintenance database to create the target one.
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        exists = connection.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name})
        if not exists:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
            print(f"created database {name}")
    admin.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
