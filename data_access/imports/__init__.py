"""Imports of history and reference data from files (CSV or XLSX): checked row by row,
written all or nothing. Four kinds: visits (one row per visit), day counts (one row per
day, place and group), the staff list and the language-course catalogue.

The checks return problems as codes with row, column and value; the dashboard words them
(dashboard/texts/imports.py), as data_access knows no interface language.
"""

from data_access.imports.courses import CourseImport, import_courses
from data_access.imports.day_counts import DayCountImport, import_day_counts
from data_access.imports.problems import ImportProblem, ImportRefused, ImportReport
from data_access.imports.staff import StaffChange, StaffImport, import_staff
from data_access.imports.visits import VisitImport, import_visits

__all__ = ["CourseImport", "DayCountImport", "ImportProblem", "ImportRefused", "ImportReport", "StaffChange", "StaffImport",
           "VisitImport", "import_courses", "import_day_counts", "import_staff", "import_visits"]
