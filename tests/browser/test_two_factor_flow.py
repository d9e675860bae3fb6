"""Two-factor log-in in Chromium as a coordinator would meet it in production: the password,
the enrolment page with its QR code, a code from the app (computed here with pyotp from the
key the page shows), the recovery codes, and the next log-in's code step."""

import time

import pyotp
import pytest

from tests.browser.conftest import (
    PASSWORD,
    assert_accessible,
    assert_no_horizontal_overflow,
    screenshot,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def required(settings):
    settings.TWO_FACTOR_REQUIRED_ROLES = ["administrator", "coordinator"]
    settings.OTP_TOTP_THROTTLE_FACTOR = 0


def _password(page, base):
    page.goto(f"{base}/konto/login/")
    page.get_by_label("Användarnamn").fill("samordnare1")
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()


def test_coordinator__enrols_then_logs_in_with_code(phone, live_server, people, required):
    page = phone
    base = live_server.url
    _password(page, base)
    page.wait_for_url(f"{base}/konto/tvastegs/aktivera/")
    assert page.locator("figure.qr svg").is_visible()
    secret = page.locator("code.secret").inner_text().replace(" ", "")
    assert_no_horizontal_overflow(page)
    screenshot(page, "phone-2fa-01-enrol")
    assert_accessible(page)

    page.get_by_label("Koden som appen visar").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Aktivera").click()
    page.wait_for_url(f"{base}/konto/tvastegs/reservkoder/")
    assert page.locator("ul.codes li").count() == 10
    screenshot(page, "phone-2fa-02-recovery-codes")
    assert_accessible(page)
    page.get_by_role("link", name="Jag har sparat koderna").click()
    page.wait_for_url(f"{base}/0484/")

    page.get_by_role("button", name="Logga ut").click()
    _password(page, base)
    page.wait_for_url(f"{base}/konto/tvastegs/")
    screenshot(page, "phone-2fa-03-code")
    assert_accessible(page)
    page.get_by_label("Engångskod").fill(pyotp.TOTP(secret).at(time.time() + 30))
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(f"{base}/0484/")
    page.get_by_role("link", name="Säkerhet").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Säkerhet"
    screenshot(page, "phone-2fa-04-security")
    assert_accessible(page)
    assert page.errors == []
