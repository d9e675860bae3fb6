"""Browser fixtures: Debian's Chromium driven by Playwright against pytest-django's
live_server. Playwright is never asked to download a browser."""

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls made by fixtures
# around it are ordinary synchronous ones.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

CHROMIUM = "/usr/bin/chromium"
AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
AXE_SOURCE = AXE.read_text(encoding="utf-8")
AXE_RUN = """async () => {
    const result = await axe.run(document, {
        runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}
    });
    return result.violations.map(v => ({
        id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.slice(0, 5).map(n => n.target.join(" "))
    }));
}"""
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PASSWORD = "korrekt-häst-batteri"  # tests.factories.UserFactory's
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's Chromium is not installed (make browser-deps)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()


def _context(browser: Browser, **options) -> BrowserContext:
    context = browser.new_context(locale="sv-SE", timezone_id="Europe/Stockholm", **options)
    context.set_default_timeout(15_000)
    return context


@pytest.fixture
def phone(browser: Browser, transactional_db) -> Iterator[Page]:
    """A phone-sized page with touch, as field staff use it."""
    context = _context(browser, viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.errors = []  # type: ignore[attr-defined]
    page.on("pageerror", lambda error: page.errors.append(str(error)))  # type: ignore[attr-defined]
    yield page
    context.close()


@pytest.fixture
def desktop(browser: Browser, transactional_db) -> Iterator[Page]:
    context = _context(browser, viewport=DESKTOP)
    page = context.new_page()
    page.errors = []  # type: ignore[attr-defined]
    page.on("pageerror", lambda error: page.errors.append(str(error)))  # type: ignore[attr-defined]
    yield page
    context.close()


def screenshot(page: Page, name: str, *, scroll_to: str | None = None) -> Path:
    """Save a screenshot in test-artifacts/ for a person to look at.

    With `scroll_to`, the viewport as the person sees it with that element in view. Full-page
    shots of an emulated phone resize the viewport, which makes Leaflet redraw mid-shot, so
    map pages on a phone are taken this way.
    """
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    if scroll_to:
        page.locator(scroll_to).scroll_into_view_if_needed()
        page.wait_for_timeout(300)
        page.screenshot(path=str(path))
    else:
        page.screenshot(path=str(path), full_page=True)
    return path


def log_in(page: Page, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/konto/login/")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(f"{base_url}/0484/")


def assert_no_horizontal_overflow(page: Page) -> None:
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"page scrolls sideways by {overflow}px"


def assert_accessible(page: Page) -> None:
    """No WCAG 2.1 A/AA violations that axe-core can find on the page as it stands."""
    # Evaluated through the DevTools protocol, which the page's Content-Security-Policy does
    # not govern (a <script> tag would be refused: the policy allows no inline script).
    page.evaluate(AXE_SOURCE)
    violations = page.evaluate(AXE_RUN)
    assert violations == [], violations
