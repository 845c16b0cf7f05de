"""Errors the layers above tell apart: a request refused because of one input (which field,
and a code for why), and a database that cannot be reached.

The pages and the API turn the code into a message in the user's language; the code is
what tests and callers compare.
"""

from __future__ import annotations

from sqlalchemy import exc as _sa_exc


class FieldError(ValueError):
    """`field` names the input that is wrong (None: the request as a whole), `code` says why."""

    def __init__(self, field: str | None, code: str) -> None:
        super().__init__(f"{field}: {code}")
        self.field = field
        self.code = code


# What "the database is away" looks like: connection lost or refused, database locked or
# shutting down, pool exhausted. The web layer answers these with a 503, not a traceback.
DATABASE_ERRORS: tuple[type[BaseException], ...] = (_sa_exc.DBAPIError, _sa_exc.TimeoutError)
_UNAVAILABLE = (_sa_exc.OperationalError, _sa_exc.InterfaceError, _sa_exc.TimeoutError)


def is_database_unavailable(error: BaseException) -> bool:
    """True when an error means the database cannot be reached now (retry later), not a bug."""
    if isinstance(error, _UNAVAILABLE):
        return True
    return isinstance(error, _sa_exc.DBAPIError) and bool(error.connection_invalidated)
