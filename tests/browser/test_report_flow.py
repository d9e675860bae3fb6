"""A citizen report walked as people walk it, in Chromium: a resident on a phone files a
report with a map tap and a photo and gets the tracking page; a neighbour at the same spot
is offered that report and follows it; staff route it, forward it and close it as fixed;
the resident's tracking page shows each step, and the mails arrive over SMTP with the
tracking links.

Screenshots (phone and desktop widths) go to test-artifacts/, or to $TRYGGA_SHOTS."""

# The shared fixtures are imported from the public pages' tests; pytest passes them by name.
# ruff: noqa: F811

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import FilePayload, Page, Position, expect

from tests.browser.conftest import (
    ARTIFACTS,
    DESKTOP,
    assert_accessible,
    assert_no_horizontal_overflow,
    log_in,
)
from tests.web.test_report_pages import file_report, jpeg_bytes, services, staff, street  # noqa: F401
from trygga.reports.models import Report
from trygga.reports.statuses import Status

pytestmark = pytest.mark.browser
SHOTS = Path(os.environ.get("TRYGGA_SHOTS", ARTIFACTS))


def shot(page: Page, name: str, *, scroll_to: str | None = None) -> Path:
    """A screenshot to look at: the viewport with an element in view, or the whole page.
    (A full-page shot of an emulated phone resizes the viewport and redraws the map.)"""
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"reports-{name}.png"
    if scroll_to:
        page.locator(scroll_to).first.scroll_into_view_if_needed()
        page.wait_for_timeout(300)
        page.screenshot(path=str(path))
    else:
        page.screenshot(path=str(path), full_page=True)
    return path


def tap_map_centre(page: Page) -> None:
    map_el = page.locator("#report-map")
    box = map_el.bounding_box()
    assert box is not None
    centre: Position = {"x": box["width"] / 2, "y": box["height"] / 2}
    # The first tap on the whole municipality zooms in around it; the second places the point.
    map_el.tap(position=centre)
    page.wait_for_function(
        "() => parseFloat(document.querySelector('#report-map').dataset.zoom) >= 13"
    )
    page.wait_for_timeout(300)  # the zoom animation's last frame
    map_el.tap(position=centre)
    page.wait_for_selector("#report-map[data-picked='true']")
    page.wait_for_selector("#report-map[data-nearby-loaded]")


def resident_files_a_street_light(page: Page, base: str) -> str:
    page.goto(f"{base}/0484/felanmalan/")
    expect(
        page.get_by_role("heading", name="Pågår ett brott eller är någon i fara?")
    ).to_be_visible()
    shot(page, "phone-01-start")
    assert_accessible(page)
    assert_no_horizontal_overflow(page)

    page.get_by_role("link", name=re.compile("Trasig belysning")).click()
    page.wait_for_url(f"{base}/0484/felanmalan/belysning/")
    page.wait_for_selector("#report-map[data-districts-loaded='true']")
    expect(page.get_by_role("button", name="Använd min position")).to_be_visible()
    shot(page, "phone-02-form-top")
    assert_accessible(page)
    assert_no_horizontal_overflow(page)

    tap_map_centre(page)
    readout = page.locator("#location-readout").inner_text()
    assert readout.startswith("Vald plats i "), readout
    assert page.locator("path.picked-marker").count() == 1
    expect(page.locator("#nearby")).to_be_hidden()
    shot(page, "phone-03-form-map", scroll_to="#location-readout")

    page.get_by_label("Släckt").check()
    page.get_by_label("Stolpens nummer").fill("A-1234")
    page.get_by_label("Beskriv felet").fill(
        "Lampan vid gångvägen är släckt sedan i måndags. Det är helt mörkt på kvällen."
    )
    photo: FilePayload = {
        "name": "lampa.jpg",
        "mimeType": "image/jpeg",
        "buffer": jpeg_bytes(gps=True),
    }
    page.set_input_files("input[name='photo']", files=[photo])
    page.get_by_label("E-post").fill("anna.svensson@example.org")
    shot(page, "phone-04-form-contact", scroll_to="#privacy")
    assert_accessible(page)
    page.get_by_role("button", name="Skicka felanmälan").last.click()

    page.wait_for_url(re.compile(r"/felanmalan/folj/[^/]+/kvitto/$"))
    expect(page.get_by_role("heading", name="Tack! Din felanmälan är mottagen")).to_be_visible()
    number = page.locator(".receipt__number").inner_text().strip()
    shot(page, "phone-05-receipt")
    assert_accessible(page)
    assert_no_horizontal_overflow(page)
    return number


def neighbour_joins_it(page: Page, base: str, number: str) -> None:
    page.goto(f"{base}/0484/felanmalan/belysning/")
    page.wait_for_selector("#report-map[data-districts-loaded='true']")
    tap_map_centre(page)
    nearby = page.locator("#nearby")
    expect(nearby).to_be_visible()
    expect(nearby.get_by_role("heading", name="Är det något av dessa?")).to_be_visible()
    shot(page, "phone-06-nearby", scroll_to="#nearby")
    assert_accessible(page)
    page.get_by_label("E-post").fill("granne@example.org")
    nearby.get_by_role("button", name="Ja, det är den här. Följ den").click()
    page.wait_for_url(re.compile(r"/kvitto/$"))
    expect(page.get_by_role("heading", name=f"Tack! Du följer nu ärende {number}")).to_be_visible()
    shot(page, "phone-07-joined-receipt")


def test_resident_reports_staff_handle_and_the_resident_follows_each_step(
    browser, phone, live_server, services, staff, smtp_inbox, settings
):
    settings.PUBLIC_BASE_URL = live_server.url
    base = live_server.url
    number = resident_files_a_street_light(phone, base)
    report = Report.objects.get(service_request_id=number)
    assert report.district is not None
    assert report.photo
    assert report.responsible_organisation is not None
    assert report.responsible_organisation.name == "Gatuavdelningen"
    phone.get_by_role("link", name="Följ ärendet").click()
    phone.wait_for_url(re.compile(r"/felanmalan/folj/[^/]+/$"))
    tracking = phone.url
    expect(phone.locator("#current-status")).to_have_text("Mottagen")
    shot(phone, "phone-08-tracking-received")
    assert_accessible(phone)
    assert_no_horizontal_overflow(phone)

    neighbour = browser.new_context(
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
        locale="sv-SE",
        bypass_csp=True,  # for axe-core's injected script only
    )
    try:
        neighbour_joins_it(neighbour.new_page(), base, number)
    finally:
        neighbour.close()

    # Staff at a desktop: the queue, the report, route, forward, close as fixed.
    office = browser.new_context(
        viewport=DESKTOP, locale="sv-SE", timezone_id="Europe/Stockholm", bypass_csp=True
    )
    desk = office.new_page()
    try:
        log_in(desk, base, "samordnare1")
        desk.get_by_role("navigation").get_by_role("link", name="Felanmälningar").click()
        desk.wait_for_url(f"{base}/0484/felanmalningar/")
        row = desk.locator("tr", has=desk.get_by_role("link", name=number))
        expect(row).to_contain_text("Trasig belysning")
        expect(row).to_contain_text("Gatuavdelningen")
        shot(desk, "desktop-01-queue")
        assert_accessible(desk)

        desk.get_by_role("link", name=number).click()
        desk.wait_for_selector("#report-point-map[data-districts-loaded='true']")
        expect(desk.locator("#event-link")).to_be_visible()
        shot(desk, "desktop-02-report")
        assert_accessible(desk)

        desk.get_by_text("Ge till en annan organisation").click()
        desk.get_by_label("Ny ansvarig organisation").select_option(label="Kommunfastigheter")
        desk.locator("#reroute-form").get_by_label("Publik kommentar").fill(
            "Gångvägen ligger på Kommunfastigheters mark."
        )
        desk.get_by_role("button", name="Ge ärendet vidare").click()
        expect(desk.get_by_text("Ärendet ligger nu hos Kommunfastigheter.")).to_be_visible()

        desk.get_by_text("Vidarebefordra utanför Trygga").click()
        desk.get_by_label("Vidarebefordra till").fill("Eskilstuna Energi och Miljö")
        desk.locator("#forward-form").get_by_label("Publik kommentar").fill(
            "Belysningen sköts av energibolaget."
        )
        desk.get_by_role("button", name="Vidarebefordra", exact=True).click()
        expect(desk.locator("#current-status")).to_have_text("Vidarebefordrad")

        desk.locator("#status-form").get_by_label("Svarsmall").select_option(label="Åtgärdat")
        expect(desk.locator("#status-form").get_by_label("Ny status")).to_have_value("fixed")
        desk.get_by_role("button", name="Spara status").click()
        expect(desk.locator("#current-status")).to_have_text("Åtgärdad")
        shot(desk, "desktop-03-report-fixed")
        assert_accessible(desk)
    finally:
        office.close()

    report.refresh_from_db()
    assert report.status == Status.FIXED
    assert report.responsible_organisation is not None
    assert report.responsible_organisation.name == "Kommunfastigheter"

    phone.goto(tracking)
    expect(phone.locator("#current-status")).to_have_text("Åtgärdad")
    history = phone.locator(".timeline").first
    expect(history).to_contain_text("Anmälan mottogs")
    expect(history).to_contain_text("Ny ansvarig: Kommunfastigheter")
    expect(history).to_contain_text("Gångvägen ligger på Kommunfastigheters mark.")
    expect(history).to_contain_text("Vidarebefordrad till Eskilstuna Energi och Miljö")
    expect(history).to_contain_text("Ny status: Åtgärdad")
    assert "anna.svensson@example.org" not in phone.content()
    shot(phone, "phone-09-tracking-fixed")
    assert_accessible(phone)
    assert_no_horizontal_overflow(phone)
    assert phone.errors == []  # type: ignore[attr-defined]

    # The mails, over a real SMTP server: the acknowledgements, then each status change
    # (forwarded, fixed) to the reporter and to the neighbour who follows the report.
    joined = Report.objects.get(duplicate_of=report)
    by_recipient: dict[str, list[str]] = {}
    for message in smtp_inbox.messages:
        body = message.get_body(preferencelist=("plain",)).get_content()
        by_recipient.setdefault(message["To"], []).append(body)
    own_link = f"{base}/felanmalan/folj/{report.tracking_token}/"
    neighbour_link = f"{base}/felanmalan/folj/{joined.tracking_token}/"
    assert len(by_recipient["anna.svensson@example.org"]) == 3
    assert all(own_link in body for body in by_recipient["anna.svensson@example.org"])
    assert "Eskilstuna Energi och Miljö" in by_recipient["anna.svensson@example.org"][1]
    assert "Åtgärdad" in by_recipient["anna.svensson@example.org"][2]
    assert len(by_recipient["granne@example.org"]) == 3
    assert all(neighbour_link in body for body in by_recipient["granne@example.org"])


def test_photo_errors_are_named_before_upload(phone, live_server, services, settings):
    settings.REPORT_PHOTO_MAX_MB = 1
    page = phone
    page.goto(f"{live_server.url}/0484/felanmalan/klotter/")
    page.wait_for_selector("#report-map[data-districts-loaded='true']")
    page.set_input_files(
        "input[name='photo']",
        files=[{"name": "anteckning.txt", "mimeType": "text/plain", "buffer": b"ingen bild"}],
    )
    error = page.locator("#id_photo_error")
    expect(error).to_have_text("Filen anteckning.txt är ingen bild i JPEG, PNG eller WebP.")
    big = jpeg_bytes() + b"\0" * (1536 * 1024)
    page.set_input_files(
        "input[name='photo']",
        files=[{"name": "stor.jpg", "mimeType": "image/jpeg", "buffer": big}],
    )
    expect(error).to_have_text("Fotot är för stort: 1,5 MB. Högst 1 MB.")
    page.get_by_label("Beskriv felet").fill("Klotter på elskåpet.")
    page.get_by_role("button", name="Skicka felanmälan").last.click()
    expect(page.get_by_label("Foto")).to_be_focused()  # the script held the upload back
    shot(page, "phone-10-photo-error", scroll_to="#photo-field")
    assert_accessible(page)
    assert not Report.objects.exists()


def test_form_errors_on_a_desktop_keep_the_text(desktop, live_server, services):
    page = desktop
    page.goto(f"{live_server.url}/0484/felanmalan/skadegorelse/")
    page.wait_for_selector("#report-map[data-districts-loaded='true']")
    shot(page, "desktop-04-form")
    assert_accessible(page)
    page.get_by_label("Beskriv felet").fill("Krossad ruta i busskuren.")
    page.get_by_role("button", name="Skicka felanmälan").last.click()
    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("Plats på kartan – Välj platsen")
    expect(summary).to_contain_text("Vad är skadat? – Frågan måste besvaras.")
    summary.get_by_role("link", name=re.compile("Vad är skadat")).click()
    expect(page.locator("#id_attr_foremal")).to_be_focused()
    expect(page.get_by_label("Beskriv felet")).to_have_value("Krossad ruta i busskuren.")
    shot(page, "desktop-05-form-errors")
    assert_accessible(page)


def test_staff_pages_fit_a_phone(phone, live_server, services, staff, file_report):
    """A handler in the field: the queue as cards, the report page and the fix-time table
    on a phone, without sideways scrolling."""
    from datetime import timedelta

    from django.utils import timezone

    from tests.factories import FROSLUNDA_POINT

    lamp = file_report(description="Släckt lampa vid gångvägen. Ring Anna på 070-123 45 67.")
    late = file_report(code="klotter", point=FROSLUNDA_POINT, attributes={"krankande": "2"})
    Report.objects.filter(pk=late.pk).update(expected_at=timezone.now() - timedelta(days=2))
    fixed = file_report(description="Lagad lampa.")
    Report.objects.filter(pk=fixed.pk).update(
        status=Status.FIXED, closed_at=fixed.requested_at + timedelta(hours=30)
    )
    page = phone
    base = live_server.url
    log_in(page, base, "gata1")
    page.goto(f"{base}/0484/felanmalningar/")
    expect(page.locator("tr.row--overdue")).to_contain_text(late.service_request_id)
    shot(page, "phone-11-queue")
    assert_accessible(page)
    assert_no_horizontal_overflow(page)

    page.get_by_role("link", name=lamp.service_request_id).click()
    expect(page.locator("#pii-flag")).to_be_visible()
    shot(page, "phone-12-report", scroll_to="h1")
    assert_accessible(page)
    assert_no_horizontal_overflow(page)

    page.goto(f"{base}/0484/felanmalningar/atgardstider/")
    expect(page.locator("#fix-time-table")).to_contain_text("Gatuavdelningen")
    shot(page, "phone-13-fix-times")
    assert_accessible(page)
    assert_no_horizontal_overflow(page)
    assert page.errors == []  # type: ignore[attr-defined]


def test_use_my_position_names_the_district(browser, live_server, services):
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
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    try:
        page.goto(f"{live_server.url}/0484/felanmalan/otrygg-plats/")
        page.wait_for_selector("#report-map[data-districts-loaded='true']")
        page.get_by_role("button", name="Använd min position").click()
        page.wait_for_selector("#report-map[data-nearby-loaded]")
        expect(page.locator("#location-readout")).to_contain_text("Vald plats i Nyfors")
        lon = float(page.locator("input[name='location_lon']").input_value())
        assert lon == pytest.approx(NYFORS_POINT[0], abs=1e-5)
        shot(page, "phone-14-my-position", scroll_to="#location-readout")
        # This context enforces the Content-Security-Policy: the map and form break none of it.
        assert not [m for m in console if "Content Security Policy" in m], console
    finally:
        context.close()


def test_coordinator_registers_a_held_submission(desktop, live_server, services, staff):
    from tests.factories import NYFORS_POINT
    from trygga.reports.actions import hold_submission

    hold_submission(
        municipality=services["belysning"].municipality,
        channel="web",
        reason="rate_limited",
        payload={
            "service_code": "belysning",
            "description": "Lampan vid bron är släckt.",
            "lat": NYFORS_POINT[1],
            "lon": NYFORS_POINT[0],
            "attributes": {"fel": "1"},
            "email": "boende@example.org",
        },
        error="11/10",
    )
    page = desktop
    log_in(page, live_server.url, "samordnare1")
    page.goto(f"{live_server.url}/0484/felanmalningar/")
    page.get_by_role("link", name="Sparade inlämningar (1)").click()
    expect(page.locator(".held-item")).to_contain_text("Lampan vid bron är släckt.")
    shot(page, "desktop-06-held")
    assert_accessible(page)
    page.get_by_role("button", name="Registrera som ärende").click()
    expect(page.get_by_text("Inlämningen är registrerad som ärende")).to_be_visible()
    expect(page.locator("#current-status")).to_have_text("Mottagen")
    assert Report.objects.get().description == "Lampan vid bron är släckt."
