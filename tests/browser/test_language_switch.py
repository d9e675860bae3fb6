"""The header's language switch in Chromium: a plain form button, no script, and the pages it
leads to in English still pass axe-core."""

import pytest

from tests.browser.conftest import (
    PASSWORD,
    assert_accessible,
    assert_no_horizontal_overflow,
    screenshot,
)

pytestmark = pytest.mark.browser


def test_switch_to_english_and_back(phone, live_server, people):
    page = phone
    base = live_server.url
    page.goto(f"{base}/konto/login/")
    page.get_by_role("button", name="English").click()
    page.wait_for_url(f"{base}/konto/login/")
    assert page.locator("html").get_attribute("lang") == "en"
    page.get_by_label("Username").fill("samordnare1")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{base}/0484/")
    assert page.get_by_role("heading", level=1).inner_text() == "Overview"
    page.get_by_role("navigation", name="Main menu").get_by_role("link", name="Events").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Events"
    assert page.get_by_text("No events match the filters.").is_visible()
    assert_no_horizontal_overflow(page)
    screenshot(page, "phone-09-list-english")
    assert_accessible(page)

    page.get_by_role("form", name="Language").get_by_role("button", name="Svenska").click()
    page.wait_for_url(f"{base}/0484/handelser/")
    assert page.locator("html").get_attribute("lang") == "sv"
    assert page.get_by_role("heading", level=1).inner_text() == "Händelser"
    assert page.errors == []
