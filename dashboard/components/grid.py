"""Tables people work with, as AG Grid: sortable and filterable by every column, virtualised.

Markdown tables (components/charts.py) stay where nobody sorts. The grid's theme comes
with the dash-ag-grid package (AG Grid's theming API, drawn by its own script: no
stylesheet from a CDN). Column names and the grid's own words come from dashboard/texts.
Keyboard: Tab reaches the grid, the arrow keys move between cells, Enter on a header
sorts, and the filter row under the headers takes text.
"""

from __future__ import annotations

import dash_ag_grid as dag

from dashboard.texts.i18n import t

# AG Grid's own words on the grid (filter menu, empty grid, aria labels) in the user's language.
_GRID_WORDS = {
    "noRowsToShow": "grid.no_rows",
    "loadingOoo": "grid.loading",
    "filterOoo": "grid.filter",
    "contains": "grid.contains",
    "notContains": "grid.not_contains",
    "equals": "grid.equals",
    "notEqual": "grid.not_equal",
    "startsWith": "grid.starts_with",
    "endsWith": "grid.ends_with",
    "blank": "grid.blank",
    "notBlank": "grid.not_blank",
    "andCondition": "grid.and",
    "orCondition": "grid.or",
    "ariaFilterInput": "grid.filter_input",
    "ariaColumnFiltered": "grid.filtered",
    "ariaSortableColumn": "grid.sortable",
    "ariaFilteringOperator": "grid.filter_operator",
    "ariaFilterValue": "grid.filter_value",
    "ariaFilterList": "grid.filter",
    "ariaRowSelect": "grid.row",
    "ariaSearch": "grid.search",
}

# Rows kept drawn beyond the visible ones: small tables (a team, a week's roster) are wholly
# in the page, so find-in-page and screen readers see them; long ones stay virtualised.
ROW_BUFFER = 40


def column_defs(columns: list[tuple[str, str]], *, wrap: tuple[str, ...] = (), numeric: tuple[str, ...] = (),
                shown_as: dict[str, str] | None = None) -> list[dict]:
    """AG Grid's column definitions for (field, header) pairs (see data_grid)."""
    defs = []
    for field, header in columns:
        column = {"field": field, "headerName": header}
        if field in wrap:
            column |= {"wrapText": True, "autoHeight": True, "cellStyle": {"whiteSpace": "pre-line", "lineHeight": "1.4"}}
        if field in numeric:
            column |= {"type": "numericColumn", "filter": "agNumberColumnFilter"}
        if field in (shown_as or {}):
            # Sorted by the raw value, shown and filtered as the page writes it.
            shown = {"function": f"params.data.{shown_as[field]}"}
            column |= {"valueFormatter": shown, "filterValueGetter": shown}
        defs.append(column)
    return defs


def data_grid(grid_id: str, columns: list[tuple[str, str]], rows: list[dict], *, height: str = "32rem",
              wrap: tuple[str, ...] = (), numeric: tuple[str, ...] = (),
              shown_as: dict[str, str] | None = None, row_id: str | None = None,
              filter_row: bool = True) -> dag.AgGrid:
    """A grid of `rows` (dicts by field) with `columns` as (field, header) pairs.

    `wrap` names fields whose text may run over several lines (a day's shifts); `numeric`
    fields hold numbers (right-aligned, sorted and filtered as numbers); `shown_as` maps a
    field that sorts by its raw value (an ISO date) to the field with its text as shown.
    `row_id` names the field that identifies a row: a callback may then send only the
    changed rows (`rowTransaction`) instead of the whole grid. Without `filter_row` the
    filters stay in each column's menu and the rows begin right under the headers.
    """
    extra = {"getRowId": f"params.data.{row_id}"} if row_id else {}
    return dag.AgGrid(
        id=grid_id,
        columnDefs=column_defs(columns, wrap=wrap, numeric=numeric, shown_as=shown_as),
        rowData=rows,
        defaultColDef={"sortable": True, "filter": "agTextColumnFilter", "floatingFilter": filter_row, "resizable": True,
                       "minWidth": 110, "flex": 1},
        dashGridOptions={
            "localeText": {key: t(text) for key, text in _GRID_WORDS.items()},
            "ensureDomOrder": True,  # screen readers read the cells in the order they are shown
            "suppressColumnVirtualisation": True,
            "rowBuffer": ROW_BUFFER,
            "enableCellTextSelection": True,
        },
        style={"height": height, "width": "100%"},
        className="data-grid",
        **extra,
    )
