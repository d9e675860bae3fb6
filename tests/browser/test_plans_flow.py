"""The action plan as people use it in Chromium: a coordinator takes a problem from the
approved lägesbild, adds a measure with partners, budget and an indicator, records two
follow-ups (one with an attachment), adopts the plan in the council's name and prints the
follow-up report; a resident reads the public transparency page on a phone."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.browser.conftest import (
    AXE,
    AXE_RUN,
    assert_no_horizontal_overflow,
    log_in,
    screenshot,
)
from tests.plans.conftest import (
    data,  # noqa: F401
    lagesbild,  # noqa: F401 - the approved lägesbild fixture
)
from trygga.plans.models import ActionPlan, Attachment, FollowUp, Indicator, Measure

pytestmark = pytest.mark.browser
SHOTS = os.environ.get("TRYGGA_SHOTS")


def assert_accessible(page):
    """axe-core run through the DevTools protocol, so the page's strict Content-Security-
    Policy stays on (an injected script tag would be refused, as it should be)."""
    page.evaluate(AXE.read_text(encoding="utf-8"))
    violations = page.evaluate(AXE_RUN)
    assert violations == [], violations


def shot(page, name, **kwargs):
    """test-artifacts/plans-*.png (and a copy in TRYGGA_SHOTS) for a person to look at."""
    path = screenshot(page, f"plans-{name}", **kwargs)
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, Path(SHOTS) / path.name)
    return path


def test_coordinator_builds_adopts_and_prints_a_plan_and_a_resident_reads_it(
    desktop,
    phone,
    live_server,
    lagesbild,  # noqa: F811 - the fixture imported above
    people,
    tmp_path,
):
    page = desktop
    base = live_server.url
    log_in(page, base, "samordnare1")
    page.get_by_role("link", name="Åtgärder", exact=True).click()
    page.wait_for_url(f"{base}/0484/atgarder/")

    # A new action plan built on the approved lägesbild.
    page.get_by_label("Slag").select_option("plan")
    page.get_by_label("Rubrik").fill("Åtgärdsplan 2026")
    page.locator("#id_lagesbild").select_option(label="Lägesbild 2025 – Eskilstuna")
    page.get_by_label("Gäller från").fill("2026-01-01")
    page.get_by_label("Gäller till").fill("2026-12-31")
    page.get_by_label("Polisen Eskilstuna").check()
    page.get_by_label("Trygga Eskilstuna").check()
    page.get_by_label("Sammanfattning").fill(
        "Kommunens och polisens åtgärder mot skadegörelse i Nyfors."
    )
    page.get_by_label("Offentlig").check()
    shot(page, "01-new-plan")
    page.get_by_role("button", name="Skapa planen").click()
    page.wait_for_url(f"{base}/0484/atgarder/*/")
    plan = ActionPlan.objects.get()

    # The problem, from the lägesbild, with its figures and causes.
    page.get_by_role("link", name="Hämta problem från lägesbilden").click()
    assert "Skadegörelse i Nyfors" in page.locator(".plan-figures").first.inner_text()
    page.get_by_role("button", name="Hämta problemet").click()
    page.wait_for_url(f"{base}/0484/atgarder/{plan.pk}/problem/*/")
    assert "Få vuxna på kvällstid" in page.get_by_label("Situationella orsaker").input_value()
    page.get_by_label("Situationella orsaker").fill("Trasig belysning vid torget")
    page.get_by_label("Sociala orsaker").fill("Få vuxna på kvällstid\n  Fritidsgården stänger 21")
    shot(page, "02-problem")
    page.get_by_role("button", name="Spara problemet").click()
    page.wait_for_url(f"{base}/0484/atgarder/{plan.pk}/")
    assert "Fritidsgården stänger 21" in page.locator(".plan-causes").inner_text()

    # A measure with partners, budget, district, target group, problem and cause.
    page.get_by_role("link", name="Ny åtgärd").click()
    page.get_by_label("Rubrik").fill("Mobilt ungdomsteam i Nyfors")
    page.get_by_label("Beskrivning").fill(
        "Ett mobilt team som finns där ungdomarna finns, kvällar och helger, särskilt när "
        "skolan är stängd."
    )
    page.get_by_label("Typ", exact=True).select_option("social")
    page.get_by_label("Sikt", exact=True).select_option("long")
    page.get_by_label("Status", exact=True).select_option("ongoing")
    page.get_by_label("Ansvarig organisation", exact=True).select_option(label="Trygga Eskilstuna")
    page.get_by_label("Ansvarig person").fill("Teamledaren")
    page.get_by_role("group", name="Samverkansparter").get_by_label("Polisen Eskilstuna").check()
    page.get_by_role("group", name="Samverkansparter").get_by_label("Kommunfastigheter").check()
    page.get_by_role("group", name="Stadsdelar").get_by_label("Nyfors").check()
    page.locator("#id_age_from").fill("12")
    page.locator("#id_age_to").fill("20")
    page.get_by_label("Målgrupp").fill("Unga i högstadiet och gymnasiet")
    page.get_by_label("Skadegörelse vid Nyfors centrum", exact=True).check()
    page.get_by_label(
        "Skadegörelse vid Nyfors centrum: Få vuxna på kvällstid (social orsak)"
    ).check()
    page.locator("#id_budget_year_0").fill("2026")
    page.locator("#id_budget_planned_0").fill("2400000")
    page.locator("#id_budget_spent_0").fill("600000")
    page.locator("#id_budget_year_1").fill("2027")
    page.locator("#id_budget_planned_1").fill("2400000")
    page.get_by_label("Offentlig").check()
    shot(page, "03-measure-form")
    page.get_by_role("button", name="Spara åtgärden").click()
    page.wait_for_url(f"{base}/0484/atgarder/{plan.pk}/atgard/*/")
    measure = Measure.objects.get()
    assert {p.name for p in measure.partners.all()} == {"Polisen Eskilstuna", "Kommunfastigheter"}
    assert [(b.year, int(b.planned)) for b in measure.budget.all()] == [
        (2026, 2400000),
        (2027, 2400000),
    ]

    # An indicator computed from the events: vandalism in Nyfors, baseline 2024.
    page.get_by_role("link", name="Ny indikator").click()
    page.get_by_label("Indikator", exact=True).fill("Skadegörelse i Nyfors")
    page.get_by_label("Enhet", exact=True).fill("händelser")
    page.get_by_label("Källa", exact=True).select_option("event_count")
    page.get_by_label("Händelsekategori").select_option(label="Skadegörelse")
    page.get_by_label("Område", exact=True).select_option("district")
    page.get_by_label("Stadsdel").select_option(label="Nyfors")
    page.get_by_label("Nollmätning från").fill("2024-01-01")
    page.get_by_label("Nollmätning till").fill("2024-12-31")
    page.get_by_label("Mål", exact=True).fill("1")
    page.get_by_label("Trend per", exact=True).select_option("tertial")
    page.get_by_role("button", name="Spara indikatorn").click()
    page.wait_for_url(f"{base}/0484/atgarder/{plan.pk}/atgard/{measure.pk}/")
    indicator = page.locator(".plan-indicator")
    assert "Nollmätning" in indicator.inner_text()
    assert indicator.locator("svg.plan-chart").count() == 1
    assert Indicator.objects.get().source == "event_count"

    # Two follow-ups, the first with an attachment.
    page.get_by_label("Datum", exact=True).fill("2026-03-01")
    page.get_by_label("Vad har gjorts, och med vilket resultat?").fill(
        "Teamet är på plats fredag och lördag kväll. 140 samtal med unga under mars."
    )
    page.get_by_label("Bilagor").set_input_files(
        files=[
            {
                "name": "lagesrapport-mars.pdf",
                "mimeType": "application/pdf",
                "buffer": b"%PDF-1.4\n% Trygga test\n",
            }
        ]
    )
    page.get_by_role("button", name="Spara uppföljningen").click()
    page.wait_for_url(f"{base}/0484/atgarder/{plan.pk}/atgard/{measure.pk}/")
    page.get_by_label("Datum", exact=True).fill("2026-06-01")
    page.get_by_label("Vad har gjorts, och med vilket resultat?").fill(
        "Sommarlovsverksamhet med fältassistenterna; fritidsgården öppen till 23."
    )
    page.get_by_label("Status efter uppföljningen").select_option("ongoing")
    page.get_by_label("Visa uppföljningen på den offentliga sidan").check()
    page.get_by_role("button", name="Spara uppföljningen").click()
    page.wait_for_url(f"{base}/0484/atgarder/{plan.pk}/atgard/{measure.pk}/")
    assert FollowUp.objects.filter(measure=measure).count() == 2
    assert Attachment.objects.get().name == "lagesrapport-mars.pdf"
    assert page.get_by_role("link", name="lagesrapport-mars.pdf").is_visible()
    shot(page, "04-measure")
    assert_no_horizontal_overflow(page)
    assert_accessible(page)

    # Adopt the plan in the name of the municipal executive board.
    page.get_by_role("link", name="Tillbaka till Åtgärdsplan 2026").click()
    page.get_by_label("Beslutande organ", exact=True).fill("Kommunstyrelsen")
    page.get_by_label("Beslutsdatum", exact=True).fill("2026-03-10")
    page.get_by_label("Paragraf eller diarienummer").fill("KS § 41")
    page.get_by_role("button", name="Registrera beslutet").click()
    page.wait_for_url(f"{base}/0484/atgarder/{plan.pk}/")
    assert page.get_by_text("Version 1 är antagen och låst").is_visible()
    assert "Version 1 antagen av Kommunstyrelsen" in page.locator(".plan-facts").inner_text()
    shot(page, "05-adopted")
    assert_accessible(page)

    # The follow-up report: page, then the PDF it prints.
    page.get_by_role("link", name="Uppföljningsrapport").click()
    page.wait_for_url(f"{base}/0484/atgarder/{plan.pk}/uppfoljning/")
    report = page.locator(".plan-report").inner_text()
    assert "Mobilt ungdomsteam i Nyfors" in report
    assert "4 800 000" in report.replace("\u00a0", " ")
    assert "Antagen av Kommunstyrelsen" in report
    shot(page, "06-report")
    assert_accessible(page)
    pdf_link = page.get_by_role("link", name="Skriv ut (PDF)").get_attribute("href")
    pdf = page.request.get(base + pdf_link)
    assert pdf.headers["content-type"] == "application/pdf"
    pdf_path = tmp_path / "uppfoljning.pdf"
    pdf_path.write_bytes(pdf.body())
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(pdf_path), str(tmp_path / "p")], check=True)
    pages = sorted(tmp_path.glob("p-*.png"))
    assert len(pages) >= 3
    if SHOTS:
        for p in pages:
            shutil.copy(p, Path(SHOTS) / f"plans-07-pdf-{p.name}")
    assert page.errors == []  # type: ignore[attr-defined]

    # A resident on a phone: the public page, no log-in, no person's name.
    public = phone
    public.goto(f"{base}/0484/trygghetsarbete/")
    text = public.locator("main").inner_text()
    assert "Det här gör vi för tryggheten" in text
    assert "Mobilt ungdomsteam i Nyfors" in text
    assert "Teamledaren" not in text
    shot(public, "08-public-phone")
    assert_no_horizontal_overflow(public)
    assert_accessible(public)
    public.get_by_role("link", name="Hela uppföljningen av Åtgärdsplan 2026").click()
    detail = public.locator("main").inner_text()
    assert "Sommarlovsverksamhet" in detail  # the public follow-up
    assert "140 samtal" not in detail  # the internal one
    assert "samordnare1" not in detail
    shot(public, "09-public-plan-phone")
    assert_no_horizontal_overflow(public)
    assert_accessible(public)
    assert public.errors == []  # type: ignore[attr-defined]
