"""The lägesbild as people use it in Chromium: a coordinator drafts the yearly picture,
writes the analysis and a prioritised problem, approves it in the council's name; a viewer
reads the partner version; a resident reads the public version on a phone."""

import pytest

from tests.browser.conftest import (
    assert_accessible,
    assert_no_horizontal_overflow,
    log_in,
    screenshot,
)
from tests.lagesbild.conftest import make_events
from tests.lagesbild.test_public import page_numbers
from trygga.events.models import Confidentiality
from trygga.lagesbild.models import Lagesbild, LagesbildVersion

pytestmark = pytest.mark.browser


def shot(page, name, **kwargs):
    """Screenshots land in test-artifacts/lagesbild-*.png for a person to look at."""
    return screenshot(page, f"lagesbild-{name}", **kwargs)


@pytest.fixture
def open_events(municipality):
    make_events(municipality, confidentiality=Confidentiality.OPEN)
    return municipality


def log_out(page, base):
    page.get_by_role("button", name="Logga ut").click()
    page.wait_for_url(f"{base}/**")


def test_draft_edit_approve_and_read_the_public_version(
    desktop, phone, live_server, open_events, people
):
    page = desktop
    base = live_server.url
    log_in(page, base, "samordnare1")
    page.get_by_role("link", name="Lägesbild", exact=True).click()
    page.wait_for_url(f"{base}/0484/lagesbild/")
    page.get_by_label("Slag").select_option("year")
    page.get_by_label("En dag i perioden").fill("2025-06-01")
    shot(page, "01-list")
    page.get_by_role("button", name="Skapa utkast").click()
    page.wait_for_url(f"{base}/0484/lagesbild/*/")
    page.wait_for_selector("#lb-map[data-ready='true']")
    assert page.get_by_role("heading", name="Lägesbild 2025 – Eskilstuna").is_visible()
    assert "utkast, inte fastställt" in page.locator(".lb-facts").inner_text()
    assert page.locator(".lb-big").inner_text() == "19"
    shot(page, "02-draft")
    assert_no_horizontal_overflow(page)
    assert_accessible(page)

    page.get_by_role("link", name="Skriv och redigera").click()
    page.get_by_label("Analys och bedömning").fill(
        "Skadegörelsen ökade kraftigt i Nyfors och Fröslunda, främst kvällstid vid centrumen."
    )
    page.get_by_label("Sammanfattning för allmänheten").fill(
        "Skadegörelsen ökade under 2025, mest i två av de prioriterade stadsdelarna."
    )
    page.get_by_role("button", name="Spara texten").click()
    page.wait_for_url(f"{base}/0484/lagesbild/*/")
    assert page.get_by_text("Texten är sparad i utkastet").is_visible()

    page.get_by_role("link", name="Skriv och redigera").click()
    page.get_by_role("link", name="Lägg till ett prioriterat problem").click()
    page.get_by_label("Problem", exact=True).fill("Skadegörelse vid Nyfors centrum")
    page.get_by_label("Kategori").select_option(label="Skadegörelse")
    page.get_by_label("Stadsdel").select_option(label="Nyfors")
    page.get_by_label("Gärningsperson").fill("Grupper av unga på kvällar och helger.")
    page.get_by_label("Offer eller mål").fill("Busskurer, fönster i butikslokaler.")
    page.get_by_label("Plats och tid").fill("Torget och gångtunneln, fredag–lördag kväll.")
    page.get_by_label("Skydd som saknas").fill("Få vuxna ute, trasig belysning i tunneln.")
    page.get_by_label("Orsaksträd").fill(
        "Få vuxna på kvällstid\n  Fritidsgården stänger 21\n  Inga nattvandrare i Nyfors\n"
        "Platsen inbjuder\n  Trasig belysning"
    )
    shot(page, "03-problem-form")
    page.get_by_role("button", name="Spara problemet").click()
    page.wait_for_url(f"{base}/0484/lagesbild/*/redigera/")
    page.get_by_role("link", name="Tillbaka till lägesbilden").click()
    problem = page.locator(".lb-problem")
    assert "Prioriterat problem 1: Skadegörelse vid Nyfors centrum" in problem.inner_text()
    assert "Trasig belysning" in problem.locator(".lb-tree").inner_text()
    shot(page, "04-problem", scroll_to=".lb-problem")

    page.get_by_label("Beslutande organ").fill("Lokala brottsförebyggande rådet")
    page.get_by_label("Beslutsdatum").fill("2026-01-20")
    page.get_by_label("Paragraf eller diarienummer").fill("§ 4")
    page.get_by_role("button", name="Fastställ lägesbilden").click()
    page.wait_for_url(f"{base}/0484/lagesbild/*/?v=1")
    assert page.get_by_text("Version 1 är fastställd och låst").is_visible()
    facts = page.locator(".lb-facts").inner_text()
    assert "av Lokala brottsförebyggande rådet den 20 januari 2026 (§ 4)" in facts
    shot(page, "05-approved")
    lagesbild = Lagesbild.objects.get()
    assert LagesbildVersion.objects.get().written["problems"][0]["title"] == (
        "Skadegörelse vid Nyfors centrum"
    )
    assert page.errors == []  # type: ignore[attr-defined]
    log_out(page, base)

    # A viewer (the police) reads the partner version, without the editing tools.
    log_in(page, base, "lasare1")
    page.goto(f"{base}/0484/lagesbild/{lagesbild.pk}/")
    page.wait_for_selector("#lb-map[data-ready='true']")
    assert "Samverkansversion, version 1" in page.locator(".lb-facts").inner_text()
    assert page.get_by_role("link", name="Skriv och redigera").count() == 0
    assert "Skadegörelsen ökade kraftigt i Nyfors" in page.locator("#analys").inner_text()
    shot(page, "06-viewer")

    # A resident on a phone: the public version, no log-in, no small numbers, no free text.
    public = phone
    public.goto(f"{base}/0484/lagesbild/offentlig/{lagesbild.pk}/")
    public.wait_for_selector("#lb-map[data-ready='true']")
    text = public.locator("main").inner_text()
    assert "Offentlig version, version 1" in text
    assert "Skadegörelsen ökade under 2025" in text
    assert "kvällstid vid centrumen" not in text  # the analyst's text stays with the partners
    assert "Prioriterat problem" not in text
    small = [n for n in page_numbers(public.content()) if 0 < n < 5]
    assert small == []
    assert ".." in text
    shot(public, "07-public-phone-top")
    shot(public, "08-public-phone-map", scroll_to="#lb-map")
    shot(public, "09-public-phone-table", scroll_to="#tabell-district_category")
    assert_no_horizontal_overflow(public)
    assert_accessible(public)
    assert public.errors == []  # type: ignore[attr-defined]
