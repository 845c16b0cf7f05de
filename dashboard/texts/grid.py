"""Texts of the data grids (dashboard/components/grid.py): AG Grid's own words."""

TEXTS: dict[str, tuple[str, str]] = {
    "grid.no_rows": ("Keine Einträge", "No rows"),
    "grid.loading": ("Wird geladen …", "Loading …"),
    "grid.filter": ("Filtern …", "Filter …"),
    "grid.contains": ("enthält", "contains"),
    "grid.not_contains": ("enthält nicht", "does not contain"),
    "grid.equals": ("ist gleich", "equals"),
    "grid.not_equal": ("ist ungleich", "does not equal"),
    "grid.starts_with": ("beginnt mit", "starts with"),
    "grid.ends_with": ("endet mit", "ends with"),
    "grid.blank": ("leer", "blank"),
    "grid.not_blank": ("nicht leer", "not blank"),
    "grid.and": ("und", "and"),
    "grid.or": ("oder", "or"),
    "grid.filter_input": ("Filtereingabe", "Filter input"),
    "grid.filtered": ("Spalte gefiltert", "Column filtered"),
    "grid.sortable": ("Zum Sortieren Eingabetaste drücken", "Press Enter to sort"),
    "grid.filter_operator": ("Filterverknüpfung", "Filter operator"),
    "grid.filter_value": ("Filterwert", "Filter value"),
    "grid.row": ("Zeile", "Row"),
    "grid.search": ("Suchen", "Search"),
}
