"""The visit import page: admins only, a dry run that saves nothing, then the import, audited."""

from __future__ import annotations

import io

from sqlalchemy import func, select

from data_access.db import session_scope
from data_access.models import AuditEvent
from data_access.repositories import VisitRepository
from tests.test_api_support import own_client, own_db  # noqa: F401 - fixtures
from tests.test_visit_import import GOOD, csv_bytes
from tests.web import login, page_content


def send(client, data: bytes, action: str, name: str = "besuche.csv"):
    return client.post("/admin/import", data={"action": action, "file": (io.BytesIO(data), name)},
                       content_type="multipart/form-data")


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
    assert '<html lang="de">' in page and 'type="file"' in page and "Besuche importieren" in page
    before = visits(own_db)

    dry = send(own_client, csv_bytes(GOOD), "check").get_data(as_text=True)
    assert "3 Zeilen geprüft: 3 neue Besuche" in dry and visits(own_db) == before

    done = send(own_client, csv_bytes(GOOD), "import")
    assert done.status_code == 200 and "3 Besuche in einem Schritt gespeichert" in done.get_data(as_text=True)
    assert visits(own_db) == before + 3
    with session_scope(own_db) as session:
        audited = session.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "import_visits"))
    assert audited == 1
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

    assert ("/admin/import", "Besuche importieren") in set(links(content))
