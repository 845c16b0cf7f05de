"""What is wrong with an import file: a code, and where (row, column, value)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ImportProblem:
    code: str  # e.g. "bad_date", "missing_column", "formula", "duplicate"
    row: int | None = None  # the row in the file as a spreadsheet counts it (header = 1)
    column: str | None = None
    value: str | None = None


class ImportRefused(ValueError):
    """The file as a whole cannot be read; nothing was written."""

    def __init__(self, problems: list[ImportProblem]) -> None:
        super().__init__("; ".join(f"{p.code} row={p.row} column={p.column}" for p in problems))
        self.problems = problems
