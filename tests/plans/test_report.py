"""The follow-up report as a page, a PDF and a workbook, and the chain to the data: change
the events and the computed indicator, the report and the public page change with them."""

import datetime as dt
import io
import os
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.plans.conftest import AS_OF
from tests.plans.test_indicators import add_vandalism
from trygga.plans import actions, followup
from trygga.plans.indicators import evaluate

pytestmark = pytest.mark.django_db
# Page images for a person to look at (TRYGGA_SHOTS, or test-artifacts/ as the browser tests).
SHOTS = Path(os.environ.get("TRYGGA_SHOTS", Path(__file__).resolve().parents[2] / "test-artifacts"))


@pytest.fixture
def adopted(indicator, people, measure):
    actions.add_followup(
        actor=people["reporter"],
        measure=measure,
        date=dt.date(2026, 2, 1),
        text="Tio skadegörelser lagade inom ett dygn.",
        is_public=True,
    )
    actions.add_followup(
        actor=people["reporter"],
        measure=measure,
        date=dt.date(2026, 5, 1),
        text="Nytt avtal med glasmästeriet.",
    )
    actions.adopt_plan(
        actor=people["coordinator"],
        plan=measure.plan,
        body="Kommunstyrelsen",
        decision_date=dt.date(2026, 3, 1),
        reference="KS 2026/41",
    )
    return measure.plan


def test_report__per_measure_status_money_and_indicator_against_target(adopted):
    report = followup.build(adopted, as_of=AS_OF)
    (row,) = report.rows
    assert row.status_label == "Pågår"
    assert (row.planned_total, row.spent_total, row.spent_share) == (500000, 120000, 24)
    (view,) = row.indicators
    assert (view.baseline_text, view.latest_text, view.target_text) == ("2", "6", "1")
    assert view.result.sentence == "Ingen effekt kan visas ännu."
    assert report.indicator_counts == {
        "total": 1,
        "reached": 0,
        "no_effect_yet": 1,
        "better": 0,
        "worse": 0,
    }
    assert row.last_followup.text == "Nytt avtal med glasmästeriet."


def test_report__pdf_pages_are_complete_and_legible(adopted, tmp_path):
    assert shutil.which("pdftoppm"), "poppler-utils is missing: run make pdf-deps"
    pdf = tmp_path / "uppfoljning.pdf"
    pdf.write_bytes(followup.pdf(followup.build(adopted, as_of=AS_OF)))
    subprocess.run(["pdftoppm", "-r", "70", "-png", str(pdf), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) >= 3  # summary, one page per measure, the method
    assert all(p.stat().st_size > 3000 for p in pages)
    SHOTS.mkdir(parents=True, exist_ok=True)
    for page in pages:
        shutil.copy(page, SHOTS / f"report-pdf-{page.name}")
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    for needle in (
        "Uppföljning: Åtgärdsplan 2026",
        "Antagen av Kommunstyrelsen",
        "Snabb lagning av skadegörelse",
        "500 000",
        "Ingen effekt kan visas ännu.",
        "Nollmätning",
        "Sida 1 av",
        "Så ska siffrorna läsas",
    ):
        assert needle in text.replace("\u00a0", " "), needle


def test_report__xlsx_has_measures_budget_and_indicators(client, people, adopted):
    client.force_login(people["viewer"])  # any member may print the report
    response = client.get(f"/0484/atgarder/{adopted.pk}/uppfoljning.xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Åtgärder", "Budget", "Indikatorer"]
    rows = list(book["Budget"].iter_rows(values_only=True))
    assert rows[1] == ("Snabb lagning av skadegörelse", 2026, 500000, 120000)
    indicators = list(book["Indikatorer"].iter_rows(values_only=True))
    assert indicators[1][1] == "Skadegörelse i Nyfors"
    pdf = client.get(f"/0484/atgarder/{adopted.pk}/uppfoljning.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


def test_chain__events_change_indicator_report_and_public_page(client, adopted, data, people):
    measure = adopted.measures.get()
    indicator = measure.indicators.get()
    today = AS_OF
    before = evaluate(indicator, as_of=today)
    report_before = followup.build(adopted, as_of=today)
    add_vandalism(data, dt.date(2024, 4, 2), 40)  # a baseline of 42 against 6 in 2025
    after = evaluate(indicator, as_of=today)
    report_after = followup.build(adopted, as_of=today)
    assert (before.baseline, after.baseline) == (2.0, 42.0)
    assert (before.verdict, after.verdict) != ("better", "better")
    assert after.verdict == "better"
    assert report_before.rows[0].indicators[0].result.sentence == "Ingen effekt kan visas ännu."
    assert "rätt håll" in report_after.rows[0].indicators[0].result.sentence
    assert report_after.indicator_counts["better"] == 1


def test_chain__public_page_follows_the_events(client, adopted, data, people, monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: AS_OF)
    page = client.get(f"/0484/trygghetsarbete/{adopted.pk}/").content.decode()
    assert "Små tal redovisas inte offentligt." in page  # 2 and 6 are below k = 5
    add_vandalism(data, dt.date(2024, 4, 2), 40)
    add_vandalism(data, dt.date(2025, 4, 2), 4)
    page = client.get(f"/0484/trygghetsarbete/{adopted.pk}/").content.decode()
    assert "Små tal redovisas inte offentligt." not in page
    assert "rätt håll" in page
    overview = client.get("/0484/trygghetsarbete/").content.decode()
    assert "Skadegörelse i Nyfors: 10" in overview
    # Only the public follow-up is shown, without its author.
    assert "Tio skadegörelser lagade" in page
    assert "Nytt avtal" not in page
    assert "rapportor1" not in page


def test_manual_value_changes_the_report(adopted, people):
    measure = adopted.measures.get()
    indicator = actions.save_indicator(
        actor=people["coordinator"],
        measure=measure,
        name="Nöjda boende",
        unit="procent",
        source="manual",
        baseline_value=Decimal(60),
        target_value=Decimal(75),
        direction="increase",
    )
    actions.enter_indicator_value(
        actor=people["reporter"], indicator=indicator, date=dt.date(2025, 10, 1), value=Decimal(78)
    )
    report = followup.build(adopted, as_of=AS_OF)
    views = {v.indicator.name: v for v in report.rows[0].indicators}
    assert views["Nöjda boende"].result.target_reached is True
    assert report.indicator_counts["reached"] == 1
