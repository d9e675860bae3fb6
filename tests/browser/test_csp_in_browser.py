"""Chromium enforces the Content-Security-Policy: the pages with scripts (maps, the field
form, the analysis page, the API documentation) run without a single violation."""

import pytest

from tests.browser.conftest import log_in, screenshot

pytestmark = pytest.mark.browser

VIOLATION_SCRIPT = """() => { window.__csp = [];
  document.addEventListener('securitypolicyviolation', e =>
    window.__csp.push(e.violatedDirective + ' ' + e.blockedURI)); }"""


def test_script_pages__no_csp_violation(desktop, live_server, people, municipality):
    page = desktop
    base = live_server.url
    messages = []
    page.on("console", lambda msg: messages.append(msg.text))
    page.add_init_script(f"({VIOLATION_SCRIPT})()")
    log_in(page, base, "samordnare1")
    visited = []
    for path in ("/0484/karta/", "/0484/handelser/ny/", "/0484/analys/", "/api/docs/"):
        response = page.goto(f"{base}{path}")
        if response is None or response.status != 200:
            continue
        page.wait_for_load_state("networkidle")
        assert "unsafe-inline" not in response.headers["content-security-policy"]
        violations = page.evaluate("() => window.__csp")
        assert violations == [], (path, violations)
        visited.append(path)
    assert "/0484/karta/" in visited
    assert "/0484/handelser/ny/" in visited
    assert "/api/docs/" in visited
    assert page.locator(".swagger-ui").count() == 1
    screenshot(page, "desktop-api-docs-under-csp")
    refused = [m for m in messages if "Content Security Policy" in m]
    assert refused == []
    assert page.errors == []
