"""What is wrong with an import file: a code, and where (row, column, value); and the
result every import returns."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class ImportProblem:
    code: str  # e.g. "bad_date", "missing_column", "formula", "duplicate"
    row: int | None = None  # the row in the file as a spreadsheet counts it (header = 1)
    column: str | None = None
    value: str | None = None
    first_row: int | None = None  # of a duplicate: the row that had the same key first


class ImportRefused(ValueError):
    """The file as a whole cannot be read; nothing was written."""

    def __init__(self, problems: list[ImportProblem]) -> None:
        super().__init__("; ".join(f"{p.code} row={p.row} column={p.column}" for p in problems))
        self.problems = problems


@dataclass
class ImportReport:
    """What an import found (the dry run) or did; each kind of import adds its own counts."""

    rows: int = 0
    problems: list[ImportProblem] = field(default_factory=list)
    written: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems
