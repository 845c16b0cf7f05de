"""The import page (visits, daily counts, staff list): admins only, a dry run that saves
nothing, then the import, audited; too large uploads refused before they are read.

The page is a plain form posted to a Flask route (dashboard/web/import_views.py), not a Dash
callback, so it is driven here through Flask's test client as a browser posts it."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import func, select

from data_access.db import session_scope
from data_access.models import AuditEvent
from data_access.repositories import VisitRepository
from tests.test_api_support import own_client, own_db  # noqa: F401 - fixtures
from tests.test_visit_import import GOOD, csv_bytes
from tests.web import login, page_content


def send(client, data: bytes, action: str, name: str = "besuche.csv", kind: str | None = None):
    form = {"action": action, "file": (io.BytesIO(data), name)}
    if kind is not None:
        form["kind"] = kind
    return client.post("/admin/import", data=form, content_type="multipart/form-data")


def audited(url, action: str) -> int:
    with session_scope(url) as session:
        return session.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.action == action))


def visits(url) -> int:
    with session_scope(url) as session:
        return VisitRepository(session).count()


def test_only_admins_may_open_it(own_client):
    login(own_client, "koordination")
    assert own_client.get("/admin/import").status_code == 403
    assert send(own_client, csv_bytes(GOOD), "import").status_code == 403


def test_dry_run_then_import_then_nothing_new(own_client, own_db):
    login(own_client, "admin")
    page = own_client.get("/admin/import").get_data(as_text=True)
    assert '<html lang="de">' in page and 'type="file"' in page and "Daten importieren" in page
    assert "<legend" in page and "Was wird importiert?" in page
    assert page.count('type="radio" name="kind"') == 3 and 'value="visits" aria-describedby="kind-visits-help" checked' in page
    before = visits(own_db)

    dry = send(own_client, csv_bytes(GOOD), "check").get_data(as_text=True)
    assert "3 Zeilen geprüft: 3 neue Besuche" in dry and visits(own_db) == before

    done = send(own_client, csv_bytes(GOOD), "import")
    assert done.status_code == 200 and "3 Besuche in einem Schritt gespeichert" in done.get_data(as_text=True)
    assert visits(own_db) == before + 3
    assert audited(own_db, "import_visits") == 1
    again = send(own_client, csv_bytes(GOOD), "import").get_data(as_text=True)
    assert "0 neue Besuche, 3 schon gespeichert" in again and visits(own_db) == before + 3


def test_a_bad_file_is_refused_with_row_column_and_value(own_client, own_db):
    login(own_client, "admin")
    before = visits(own_db)
    answer = send(own_client, csv_bytes([GOOD[0], "2021-03-01 11:00;mars;ukraine;uk;housing;;;;"]), "import")
    text = answer.get_data(as_text=True)
    assert answer.status_code == 400 and "Nichts wurde gespeichert" in text
    assert "Zeile 3, Spalte „standort“, Wert „mars“: unbekannter Wert." in text
    assert visits(own_db) == before


def test_the_admin_page_links_to_the_import(own_client):
    login(own_client, "admin")
    content = page_content(own_client, "/admin").json

    def links(node):
        if isinstance(node, dict):
            if node.get("type") == "A":
                yield node["props"].get("href"), node["props"].get("children")
            for value in node.values():
                yield from links(value)
        elif isinstance(node, list):
            for value in node:
                yield from links(value)

    assert ("/admin/import", "Daten importieren") in set(links(content))


def test_daily_counts_dry_run_then_import_audited(own_client, own_db):
    from tests.test_day_count_import import GOOD as COUNTS, counts

    login(own_client, "admin")
    dry = send(own_client, counts(COUNTS), "check", "zahlen.csv", kind="day_counts").get_data(as_text=True)
    assert "4 Zeilen geprüft: 4 neue Tageszahlen an 2 Tagen, 0 geänderte, 0 unverändert." in dry
    assert 'value="day_counts" aria-describedby="kind-day_counts-help" checked' in dry  # the kind stays chosen
    assert audited(own_db, "import_day_counts") == 0
    done = send(own_client, counts(COUNTS), "import", "zahlen.csv", kind="day_counts").get_data(as_text=True)
    assert "4 Tageszahlen in einem Schritt gespeichert." in done and audited(own_db, "import_day_counts") == 1
    changed = [COUNTS[0].replace(";120", ";125"), *COUNTS[1:]]
    again = send(own_client, counts(changed), "check", "zahlen.csv", kind="day_counts").get_data(as_text=True)
    assert "01.03.2021, Infopoint, Ukraine: würde sich von 120 auf 125 ändern." in again


def test_staff_list_in_english_names_row_column_and_value(own_client, own_db):
    from tests.test_staff_import import GOOD as TEAM, staff_list

    login(own_client, "admin")
    own_client.set_cookie("lang", "en")
    bad = send(own_client, staff_list([*TEAM, "Lina;reception;city;de;61;centre;2026-12-01;"]), "import", "team.csv",
               kind="staff")
    text = bad.get_data(as_text=True)
    assert bad.status_code == 400 and "Nothing was saved" in text
    assert "Row 5, column &#x27;wochenstunden&#x27;, value &#x27;61&#x27;: more than 60 hours a week" in text
    assert audited(own_db, "import_staff") == 0
    done = send(own_client, staff_list(TEAM), "import", "team.csv", kind="staff").get_data(as_text=True)
    assert "Lina Haddad: added." in done and "Olena: wochenstunden 39 → 30" in done
    assert audited(own_db, "import_staff") == 1


@pytest.mark.parametrize("kind", ["visits", "day_counts", "staff"])
def test_a_50_mb_upload_is_refused_by_its_size_before_it_is_read(own_client, kind, monkeypatch):
    from dashboard.services import imports

    login(own_client, "admin")

    def never(*_args, **_kwargs):
        raise AssertionError("a too large file must not reach the import")

    monkeypatch.setitem(imports.IMPORTS, kind, imports.ImportKind(never, "x", "y"))
    answer = send(own_client, b"1" * 50_000_000, "check", "gross.csv", kind=kind)
    text = answer.get_data(as_text=True)
    assert answer.status_code == 413 and "Die Datei ist zu groß (50,0 MB); höchstens 10 MB" in text


def test_a_body_without_declared_length_is_cut_off_at_the_limit(own_client):
    """Chunked uploads carry no Content-Length: Werkzeug stops reading at the same limit."""
    login(own_client, "admin")
    answer = own_client.post("/admin/import", data={"kind": "staff", "file": (io.BytesIO(b"1" * 12_000_000), "x.csv")},
                             content_type="multipart/form-data", headers={"Transfer-Encoding": "chunked"},
                             environ_overrides={"wsgi.input_terminated": True})  # as gunicorn passes chunked bodies
    assert answer.status_code == 413 and "zu groß" in answer.get_data(as_text=True)
