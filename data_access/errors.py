"""A request that cannot be carried out because of one input: which field, and a code for why.

The pages and the API turn the code into a message in the user's language; the code is
what tests and callers compare.
"""

from __future__ import annotations


class FieldError(ValueError):
    """`field` names the input that is wrong (None: the request as a whole), `code` says why."""

    def __init__(self, field: str | None, code: str) -> None:
        super().__init__(f"{field}: {code}")
        self.field = field
        self.code = code
