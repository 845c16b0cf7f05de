"""The Trends page's parts: filters and periods, figure data, charts, export, layout."""
