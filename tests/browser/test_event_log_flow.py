"""The main flows as a person walks them in Chromium: a field worker logs an event on a
phone by tapping the map, then finds it in the list and on the map."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.browser.conftest import (
    assert_accessible,
    assert_no_horizontal_overflow,
    log_in,
    screenshot,
)
from tests.factories import EventFactory
from trygga.events.models import Event, EventCategory

pytestmark = pytest.mark.browser


@pytest.fixture
def police_area_event(municipality):
    return EventFactory(
        municipality=municipality,
        category=EventCategory.objects.get(code="violence", municipality__isnull=True),
        precision="area",
        area_level="municipality",
        area_name="Eskilstuna",
        lon=16.51,
        lat=59.37,
        occurred_from=timezone.now() - timedelta(hours=3),
        description="Polisen: misshandel i Eskilstuna.",
    )


def test_field_worker_logs_an_event_on_a_phone_and_finds_it(
    phone, live_server, municipality, people, police_area_event
):
    page = phone
    base = live_server.url
    log_in(page, base, "rapportor1")
    screenshot(page, "phone-01-overview")
    assert_accessible(page)
    assert_no_horizontal_overflow(page)

    page.get_by_role("link", name="Logga händelse").first.click()
    page.wait_for_url(f"{base}/0484/handelser/ny/")
    map_el = page.locator("#picker-map")
    page.wait_for_selector("#picker-map[data-districts-loaded='true']")
    assert page.locator("#approximate-note").is_visible()
    assert page.get_by_role("button", name="Använd min position").is_visible()
    screenshot(page, "phone-02-form-top")
    assert_accessible(page)
    assert_no_horizontal_overflow(page)

    page.get_by_label("Kategori").select_option(label="Klotter")
    box = map_el.bounding_box()
    center = {"x": box["width"] / 2, "y": box["height"] / 2}
    # The first tap on the whole municipality zooms in around it; the second refines it.
    map_el.tap(position=center)
    page.wait_for_timeout(600)
    map_el.tap(position=center)
    page.wait_for_selector("#picker-map[data-picked='true']")
    assert page.locator("input[name='location_lat']").input_value() != ""
    assert "Vald plats" in page.locator("#location-readout").inner_text()
    assert page.locator("path.picked-marker").count() == 1

    page.get_by_label("Adress eller plats").fill("Gångtunneln vid torget")
    page.get_by_label("Beskrivning").fill("Nytt klotter i gångtunneln, cirka två meter brett.")
    screenshot(page, "phone-03-form-map", scroll_to="#location-readout")
    screenshot(page, "phone-03-form-submit", scroll_to=".event-form button[type=submit]")
    page.get_by_role("button", name="Spara händelsen").click()

    page.wait_for_url(f"{base}/0484/handelser/*/")
    assert page.get_by_text("Händelsen är loggad").is_visible()
    event = Event.objects.get(description__startswith="Nytt klotter i gångtunneln")
    assert event.category.code == "graffiti"
    assert event.district is not None
    page.wait_for_selector("#event-map[data-districts-loaded='true']")
    screenshot(page, "phone-04-detail", scroll_to="h1")
    screenshot(page, "phone-04-detail-map", scroll_to="#event-map")
    assert_accessible(page)
    assert_no_horizontal_overflow(page)

    page.get_by_role("navigation").get_by_role("link", name="Händelser").click()
    page.wait_for_url(f"{base}/0484/handelser/")
    assert page.get_by_text("Nytt klotter i gångtunneln").is_visible()
    assert page.get_by_text("Eskilstuna kommun (område)").first.is_visible()
    screenshot(page, "phone-05-list")
    assert_accessible(page)
    assert_no_horizontal_overflow(page)

    page.get_by_role("navigation").get_by_role("link", name="Karta").click()
    page.wait_for_selector("#events-map[data-events-loaded]")
    marker = page.locator(f"path.event-marker--{event.pk}")
    assert marker.count() == 1
    assert page.locator(f"path.event-marker--{police_area_event.pk}").count() == 0
    assert page.locator("#approximate-note").is_visible()
    assert page.locator("#area-events").is_visible()
    assert "1 händelse med områdesprecision" in page.locator("#area-count").inner_text()
    screenshot(page, "phone-06-map", scroll_to="#events-map")
    screenshot(page, "phone-06-map-legend", scroll_to="#area-events")
    assert_accessible(page)
    assert_no_horizontal_overflow(page)

    marker.click(force=True)
    popup_link = page.locator(".leaflet-popup-content a")
    popup_link.wait_for()
    assert popup_link.get_attribute("href") == f"/0484/handelser/{event.pk}/"
    assert page.errors == []


def test_coordinator_reads_the_map_and_overview_on_a_desktop(
    desktop, live_server, municipality, people, police_area_event
):
    page = desktop
    base = live_server.url
    field_event = EventFactory(
        municipality=municipality,
        category=EventCategory.objects.get(code="fire", municipality__isnull=True),
        occurred_from=timezone.now() - timedelta(days=1),
    )
    log_in(page, base, "samordnare1")
    assert page.get_by_role("heading", name="Översikt").is_visible()
    assert page.locator(".badge", has_text="Prioriterad").first.is_visible()
    screenshot(page, "desktop-01-overview")
    assert_accessible(page)

    page.goto(f"{base}/0484/karta/")
    page.wait_for_selector("#events-map[data-events-loaded]")
    page.wait_for_selector("#events-map[data-districts-loaded='true']")
    assert page.locator(f"path.event-marker--{field_event.pk}").count() == 1
    assert page.locator("path.district").count() == 26
    assert page.locator("#legend-approximate").is_visible()
    assert page.locator("#legend-categories li").count() == 1
    screenshot(page, "desktop-02-map")
    assert_accessible(page)

    page.goto(f"{base}/0484/handelser/")
    screenshot(page, "desktop-03-list")
    assert page.errors == []


def test_log_in_page_works_by_keyboard_with_visible_focus(desktop, live_server, people):
    page = desktop
    page.goto(f"{live_server.url}/konto/login/")
    username = page.get_by_label("Användarnamn")
    assert username.evaluate("el => el === document.activeElement")  # autofocus
    outline = username.evaluate("el => getComputedStyle(el).outlineStyle")
    assert outline != "none"
    for _ in ("language switch", "brand", "skip link"):
        page.keyboard.press("Shift+Tab")
    skip = page.locator(".skip-link")
    assert skip.evaluate("el => el === document.activeElement")
    assert skip.is_visible()
    screenshot(page, "desktop-00-skip-link-focus")
    username.focus()
    page.keyboard.type("samordnare1")
    page.keyboard.press("Tab")
    page.keyboard.type("korrekt-häst-batteri")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/0484/")
    screenshot(page, "desktop-00-login-done")


def test_point_outside_the_municipality_is_refused_next_to_the_map(
    phone, live_server, municipality, people
):
    page = phone
    base = live_server.url
    log_in(page, base, "rapportor1")
    page.goto(f"{base}/0484/handelser/ny/")
    page.wait_for_selector("#picker-map[data-districts-loaded='true']")
    page.get_by_label("Kategori").select_option(label="Skadegörelse")
    # A GPS fix in Stockholm, as "Använd min position" would set it on a trip.
    page.evaluate(
        """() => {
            document.querySelector("input[name='location_lat']").value = "59.3293";
            document.querySelector("input[name='location_lon']").value = "18.0686";
        }"""
    )
    page.get_by_role("button", name="Spara händelsen").click()
    error = page.locator("#location-error")
    error.wait_for()
    assert "utanför Eskilstuna" in error.inner_text()
    assert page.locator("#picker-map").is_visible()
    page.wait_for_selector("#picker-map[data-picked='true']")
    screenshot(page, "phone-07-form-point-refused", scroll_to="#location-error")
    assert_accessible(page)
    assert page.errors == []


def test_use_my_position_fills_the_point(browser, live_server, municipality, people):
    from tests.factories import NYFORS_POINT

    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
        locale="sv-SE",
        geolocation={"longitude": NYFORS_POINT[0], "latitude": NYFORS_POINT[1]},
        permissions=["geolocation"],
    )
    page = context.new_page()
    try:
        log_in(page, live_server.url, "rapportor1")
        page.goto(f"{live_server.url}/0484/handelser/ny/")
        page.wait_for_selector("#picker-map[data-districts-loaded='true']")
        page.get_by_role("button", name="Använd min position").click()
        page.wait_for_selector("#picker-map[data-picked='true']")
        assert float(page.locator("input[name='location_lon']").input_value()) == pytest.approx(
            NYFORS_POINT[0], abs=1e-5
        )
        assert float(page.locator("input[name='location_lat']").input_value()) == pytest.approx(
            NYFORS_POINT[1], abs=1e-5
        )
        screenshot(page, "phone-08-my-position", scroll_to="#location-readout")
    finally:
        context.close()


def test_password_reset_pages_are_accessible(desktop, live_server, db):
    page = desktop
    page.goto(f"{live_server.url}/konto/login/")
    assert_accessible(page)
    page.get_by_role("link", name="Glömt lösenordet?").click()
    page.wait_for_url(f"{live_server.url}/konto/password_reset/")
    assert page.get_by_role("heading", name="Återställ lösenord").is_visible()
    assert_accessible(page)
    screenshot(page, "desktop-04-password-reset")
