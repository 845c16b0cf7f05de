"""Printing on A4: the app's print stylesheet hides navigation and controls, keeps table rows
whole and repeats table headers; the roster prints landscape (the Planner page and the
printable view of a published week)."""

from __future__ import annotations

import re
from pathlib import Path

from tests.web import login
from tests.conftest import published_demo_week

CSS = (Path(__file__).resolve().parents[1] / "assets" / "app.css").read_text(encoding="utf-8")


def _print_block() -> str:
    start = CSS.index("@media print")
    return CSS[CSS.index("{", start) + 1:]


def test_print_stylesheet_hides_controls_and_keeps_tables_whole():
    block = _print_block()
    assert re.search(r"\.navbar[^{]*\.btn[^{]*\{\s*display:\s*none", block)
    for selector in ("select", "input", ".d-print-none", ".modebar-container"):
        assert selector in block.split("{", 1)[0], selector
    assert re.search(r"thead\s*\{\s*display:\s*table-header-group", block)
    assert re.search(r"tr, td, th\s*\{[^}]*break-inside:\s*avoid", block)
    assert re.search(r"@page\s*\{\s*size:\s*A4;", CSS)
    assert re.search(r"@page roster\s*\{\s*size:\s*A4 landscape", CSS)
    assert re.search(r"#roster-view\s*\{\s*page:\s*roster", block)


def test_printable_roster_is_a4_landscape(client):
    login(client, "koordination")
    year, week = published_demo_week()  # a published demo plan
    page = client.get(f"/planner/export/{year}-W{week:02d}/print")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert re.search(r"@page\s*\{\s*size:\s*A4 landscape", html)
    assert "table-header-group" in html and "break-inside: avoid" in html
    assert f"KW {week}" in html and '<html lang="de">' in html
