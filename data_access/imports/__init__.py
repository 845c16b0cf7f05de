"""Imports of history from files (CSV or XLSX): checked row by row, written all or nothing.

The checks return problems as codes with row, column and value; the dashboard words them
(dashboard/texts/imports.py), as data_access knows no interface language.
"""

from data_access.imports.problems import ImportProblem, ImportRefused
from data_access.imports.visits import VisitImport, import_visits

__all__ = ["ImportProblem", "ImportRefused", "VisitImport", "import_visits"]
