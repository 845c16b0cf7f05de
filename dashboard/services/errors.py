"""The errors entry points tell apart, from the layers below: pages and routes import them here.

`FieldError` (and its kinds CheckinError, AssignmentError, AdminError, ...) is a request
refused because of one input; `is_database_unavailable` says whether an error means the
database cannot be reached now, so web/unavailable.py answers 503 without knowing SQLAlchemy.
"""

from __future__ import annotations

from data_access.errors import DATABASE_ERRORS, FieldError, is_database_unavailable

__all__ = ["DATABASE_ERRORS", "FieldError", "is_database_unavailable"]
