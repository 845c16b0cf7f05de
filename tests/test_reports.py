"""Leadership's reports on the demo centre: the statement's figures, equality with Trends,
the PDF and XLSX read back, the routes' and callbacks' role checks."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from dashboard.reports.files import render
from dashboard.services import reports
from dashboard.services.cache import clear_all
from dashboard.services.unit_of_work import UnitOfWork
from data_access.db import dispose_engines
from data_access.repositories.statistics import VisitFilter
from tests.web import login, page_content

TODAY = dt.date(2026, 11, 25)  # the demo's "now" (tests/conftest.py DEMO_NOW)
STATEMENT = {("infopoint", "ukraine"): 20_000, ("infopoint", "other"): 6_000,
             ("centre", "ukraine"): 4_100, ("centre", "other"): 2_000}


@pytest.fixture
def first_year(filled_url):
    return reports.gather_report(reports.period("first_year", 2022), today=TODAY, uow=UnitOfWork(filled_url))


def test_the_first_year_reproduces_the_statement(first_year):
    cells = {(c.location, c.target_group): c.visits for c in first_year.cells}
    for key, promised in STATEMENT.items():
        assert abs(cells[key] - promised) <= 0.01 * promised, key
    assert abs(first_year.total - 32_000) <= 0.01 * 32_000
    assert all(c.change is None for c in first_year.cells)  # nothing before the opening: "neu"
    assert (first_year.team.at_start, first_year.team.today) == (13, 16)
    roles = {r.role: r.at_start for r in first_year.team.rows}
    assert (roles["coordination"], roles["social_worker"], roles["citizen_services"]) == (3, 3, 2)


def test_the_first_year_pdf_says_the_statement_in_german_and_names_ukrainian_in_its_script(first_year):
    text = _pdf_text(render(first_year, "pdf", "de"))
    cells = {(c.location, c.target_group): c.visits for c in first_year.cells}
    for n in cells.values():
        assert f"{n:,}".replace(",", ".") in text
    assert "Im ersten Jahr (25.02.2022 bis 24.02.2023) fanden" in text
    assert "neu" in text
    assert "Ukrainisch (українська)" in text
    assert "Seite 1 /" in text
    english = _pdf_text(render(first_year, "pdf", "en"))
    assert f"{first_year.total:,}" in english and "consultations" in english


def test_a_year_against_the_year_before_in_pdf_and_xlsx(filled_url):
    report = reports.gather_report(reports.period("year", 2025), today=TODAY, uow=UnitOfWork(filled_url))
    before = reports.gather_report(reports.period("year", 2024), today=TODAY, uow=UnitOfWork(filled_url))
    assert report.previous_total == before.total
    pct = round(abs(report.change))
    word = "weniger" if report.change < 0 else "mehr"
    text = _pdf_text(render(report, "pdf", "de"))
    total = f"{report.total:,}".replace(",", ".")
    assert f"Im Jahr 2025 fanden {total} Beratungen statt, {pct} % {word} als 2024." in text
    book = load_workbook(io.BytesIO(render(report, "xlsx", "de")))
    sheet = book.worksheets[1]  # the first section after the summary
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Standort", "Zielgruppe", "Beratungen")
    assert rows[-1][2:4] == (report.total, report.previous_total)
    assert rows[-1][4] == report.change
    summary = [r[0] for r in book["Zusammenfassung"].iter_rows(values_only=True) if r[0]]
    assert any(total in line for line in summary)


@pytest.mark.parametrize("key", ["first-year", "2025", "2026-Q1", "2026-10"])
def test_the_reports_figures_equal_the_trends_figures(filled_url, monkeypatch, key):
    from dashboard.trends import data

    monkeypatch.setenv("DATABASE_URL", filled_url)
    monkeypatch.setenv("MIGRADO_STATS_CACHE_SECONDS", "0")
    dispose_engines()
    clear_all()  # the one cache of the service layer (dashboard/services/cache.py)
    p = reports.parse_period(key)
    report = reports.gather_report(p, today=TODAY, uow=UnitOfWork(filled_url))
    f = VisitFilter(p.start, p.end)
    totals = data.totals(f)
    assert report.total == totals.points["total"]
    assert {(c.location, c.target_group): c.visits for c in report.cells if c.visits} == totals.points["cells"]
    before = data.totals(VisitFilter(report.previous.start, report.previous.end))
    assert report.previous_total == before.points["total"]
    heat = data.heatmap(f).points["cells"]
    assert dict(report.hours) == _sum_by(heat, 1) and dict(report.weekdays) == _sum_by(heat, 0)
    buckets = data.wait_buckets(f).points["counts"]
    assert list(report.waits.buckets) == buckets and report.waits.seen == sum(buckets)
    video = data.video(f, "month")
    assert report.video == sum(row[2] for row in video.rows) and report.video_seen == sum(row[1] for row in video.rows)
    service = {row[0]: (row[1], row[2]) for row in data.service(f).rows}
    for row in report.concerns:
        label = data.value_label("concern", row.concern)
        assert service[label] == (row.served, round(row.mean_service, 1))
    seen = sum(c.seen for c in report.concerns)
    assert seen == report.waits.seen  # the concern table adds up to the wait figures
    dispose_engines()


def _sum_by(cells: dict, index: int) -> dict:
    out: dict = {}
    for key, n in cells.items():
        out[key[index]] = out.get(key[index], 0) + n
    return out


def _pdf_text(content: bytes) -> str:
    assert content.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(content))
    width, height = (float(v) for v in reader.pages[0].mediabox[2:])
    assert (round(width / 72 * 25.4), round(height / 72 * 25.4)) == (210, 297)  # A4
    # One space for any run of white space: a table cell may wrap, a sentence does.
    return " ".join(" ".join(page.extract_text() for page in reader.pages).replace("\u00a0", " ").split())


# --- the page and the downloads ---------------------------------------------------------------
def test_leadership_downloads_the_report_and_reception_may_not(client):
    clear_all()
    login(client, "empfang")
    assert client.get("/reports/2025.pdf").status_code == 403
    client.post("/logout")
    login(client, "leitung")
    response = client.get("/reports/first-year.xlsx?lang=en")
    assert response.status_code == 200
    assert "migrado-report-first-year.xlsx" in response.headers["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.data))
    assert book.sheetnames[0] == "Summary"
    pdf = client.get("/reports/2026-10.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert "Oktober 2026" in _pdf_text(pdf.data)
    assert client.get("/reports/2026-13.pdf").status_code == 404
    assert client.get("/reports/2026.docx").status_code == 404


def test_the_report_page_and_its_callback_check_the_role(client, web_app):
    from bench.dashboard import callback_body, output_key

    login(client, "koordination")
    assert "report-show" not in page_content(client, "/reports").get_data(as_text=True)
    # Dash moves the pages' callbacks into the app's map on its first request.
    body = callback_body(web_app, output_key(web_app, "report-body.children"), {
        "report-show.n_clicks": 1, "report-kind.value": "year", "report-year.value": "2025",
        "report-number.value": "1"})
    assert client.post("/_dash-update-component", json=body).status_code == 403
    client.post("/logout")
    login(client, "leitung")
    assert "report-show" in page_content(client, "/reports").get_data(as_text=True)
    answer = client.post("/_dash-update-component", json=body)
    assert answer.status_code == 200
    shown = json.dumps(answer.get_json(), ensure_ascii=False)  # Dash escapes "/" in its answer
    assert "Im Jahr 2025 fanden" in shown and "/reports/2025.pdf" in shown
    assert "report-cells-data" in shown  # every chart with its data table


def test_forecast_accuracy_uses_the_newest_forecast_made_before_each_day(filled_sqlite_url, tmp_path):
    import pandas as pd

    from data_access.db import session_scope
    from data_access.repositories.forecasts import ForecastRepository
    from tests.conftest import private_copy

    url = private_copy(filled_sqlite_url, tmp_path)
    days = [dt.date(2025, 3, 3), dt.date(2025, 3, 4)]
    slots = pd.DataFrame(columns=["location", "slot_start", "expected", "lo80", "hi80", "lo95", "hi95"])

    def run(history_until, expected, created):
        daily = pd.DataFrame([{"location": "centre", "day": d, "expected": expected, "lo80": expected - 5,
                               "hi80": expected + 5, "lo95": None, "hi95": None} for d in days])
        record = {"history_until": history_until, "horizon_weeks": 1, "method": "test"}
        with session_scope(url) as session:
            ForecastRepository(session).save(record, slots, daily, created)

    run(dt.date(2025, 2, 28), 10.0, dt.datetime(2025, 3, 1, 6))
    run(dt.date(2025, 3, 2), 30.0, dt.datetime(2025, 3, 3, 6))  # newer, still made before both days
    run(dt.date(2025, 3, 3), 99.0, dt.datetime(2025, 3, 4, 6))  # knows 3 March: counts for the 4th only
    report = reports.gather_report(reports.period("month", 2025, 3), today=TODAY, uow=UnitOfWork(url))
    with UnitOfWork(url) as work:
        actual = {d: n for d, loc, n in work.statistics.daily_counts(VisitFilter(days[0], days[1]), "location")
                  if loc == "centre"}
    fc = report.forecast
    assert fc.days == 2 and fc.expected == 30.0 + 99.0
    assert fc.actual == actual[days[0]] + actual[days[1]]
    assert fc.mean_abs_error == pytest.approx((abs(actual[days[0]] - 30) + abs(actual[days[1]] - 99)) / 2)
    dispose_engines()
