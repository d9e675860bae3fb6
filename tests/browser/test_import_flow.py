"""A coordinator imports a partner's log in the browser: a bad file first (every bad row
named, nothing written), then the corrected one, then finds the events in the list."""

import pytest

from tests.browser.conftest import assert_accessible, log_in, screenshot
from tests.factories import FROSLUNDA_POINT, STOCKHOLM_POINT
from trygga.events.models import Event

pytestmark = pytest.mark.browser

HEADER = "Datum,Typ,Lat,Lon,Text"
MAPPING = """columns:
  occurred_from: Datum
  category: Typ
  lat: Lat
  lon: Lon
  description: Text
categories:
  Klotter: graffiti
  Skadegörelse: vandalism"""


def test_coordinator_imports_a_security_firm_log(desktop, live_server, people, tmp_path):
    page = desktop
    base = live_server.url
    lat, lon = FROSLUNDA_POINT[1], FROSLUNDA_POINT[0]
    bad = tmp_path / "vaktlogg.csv"
    bad.write_text(
        "\n".join(
            [
                HEADER,
                f"2025-05-02 22:15,Skadegörelse,{lat},{lon},Krossad ruta",
                f"2025-05-03 01:40,Klotter,{STOCKHOLM_POINT[1]},{STOCKHOLM_POINT[0]},Fel stad",
                f"2025-05-04 23:05,Okänd typ,{lat},{lon},Vad är detta",
            ]
        ),
        encoding="utf-8",
    )
    log_in(page, base, "samordnare1")
    page.get_by_role("link", name="Importera").click()
    page.wait_for_url(f"{base}/0484/import/")
    page.get_by_label("Fil").set_input_files(str(bad))
    page.get_by_label("Källans namn").fill("Väktarrapporter")
    page.get_by_text("Kolumnmappning för filer med egna rubriker").click()
    page.get_by_label("Kolumnmappning (YAML)").fill(MAPPING)
    page.get_by_role("button", name="Importera", exact=True).click()

    errors = page.locator(".import-errors")
    errors.wait_for()
    assert "Ingenting importerades" in errors.inner_text()
    rows = errors.locator("tbody tr")
    assert rows.count() == 2
    assert rows.nth(0).locator("td").first.inner_text() == "3"
    assert rows.nth(1).locator("td").first.inner_text() == "4"
    assert Event.objects.count() == 0
    screenshot(page, "desktop-10-import-errors")
    assert_accessible(page)

    good = tmp_path / "vaktlogg.csv"
    good.write_text(
        "\n".join(
            [
                HEADER,
                f"2025-05-02 22:15,Skadegörelse,{lat},{lon},Krossad ruta",
                f"2025-05-03 01:40,Klotter,{lat},{lon},Klotter på fasad",
            ]
        ),
        encoding="utf-8",
    )
    page.get_by_label("Fil").set_input_files(str(good))
    page.get_by_label("Källans namn").fill("Väktarrapporter")
    if not page.get_by_label("Kolumnmappning (YAML)").is_visible():
        page.get_by_text("Kolumnmappning för filer med egna rubriker").click()
    page.get_by_label("Kolumnmappning (YAML)").fill(MAPPING)
    page.get_by_role("button", name="Importera", exact=True).click()
    result = page.locator(".import-result")
    result.wait_for()
    assert result.locator("[data-count=created]").inner_text() == "2"
    screenshot(page, "desktop-11-import-done")
    assert_accessible(page)

    page.get_by_role("link", name="Visa händelserna").click()
    page.wait_for_url(f"{base}/0484/handelser/")
    assert page.get_by_text("Krossad ruta").is_visible()
    assert Event.objects.filter(source__name="Väktarrapporter").count() == 2
    assert page.errors == []
