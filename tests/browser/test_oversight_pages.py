"""The administrators' oversight pages in Chromium: the audit log with its filters and the
overview of who may see what, reached from the menu; both pass axe-core."""

import pytest

from tests.browser.conftest import assert_accessible, log_in, screenshot

pytestmark = pytest.mark.browser


def test_administrator__audit_log_and_access_overview(desktop, live_server, people):
    page = desktop
    base = live_server.url
    log_in(page, base, "admin1")
    nav = page.get_by_role("navigation", name="Huvudmeny")
    nav.get_by_role("link", name="Händelser").click()
    nav.get_by_role("link", name="Granskning").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Granskningslogg"
    assert page.get_by_role("cell", name="Händelselista läst").first.is_visible()
    page.get_by_label("Åtgärd").select_option("events.listed")
    page.get_by_role("button", name="Visa").click()
    assert page.get_by_text("1 rad").is_visible()
    screenshot(page, "desktop-audit-log")
    assert_accessible(page)

    nav.get_by_role("link", name="Behörigheter").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Vem får se vad"
    assert page.get_by_role("cell", name="lasare1").is_visible()
    screenshot(page, "desktop-access-overview")
    assert_accessible(page)
    assert page.errors == []
