"""axe-core on every page: each HTML page that the permission matrix (tests/security/matrix.py)
knows, opened in Chromium as a person who may see it, has no WCAG 2.1 A/AA violation that
axe-core finds. The Django admin (Django's own templates, staff only) is left out.

The count of pages checked and of violations is printed and written to
test-artifacts/axe-every-page.txt; docs/security.md records the result.
"""

from collections import Counter

import pytest
from django.test import Client, override_settings

from tests.browser.conftest import ARTIFACTS, AXE_RUN, AXE_SOURCE, DESKTOP, _context
from tests.security.matrix import MATRIX, OK, ROLES
from tests.security.test_permission_matrix import url_of
from tests.security.world import build

pytestmark = pytest.mark.browser

# Who opens a page: the first of these who may (the public pages as a visitor, the staff
# pages as the person with least rights who sees them, then those with more).
PREFERENCE = ("anonymous", "viewer", "reporter", "coordinator", "administrator", "superuser")

# The one accepted exception: Swagger UI (third-party, for developers) nests the copy
# button of an operation inside the operation's toggle; its own markup, not Trygga's.
ACCEPTED = {"api-docs": {"nested-interactive"}}


def pages_to_check(world, cookies):
    """(key, url, role) of every HTML page the matrix lets someone open with a 200."""
    found = []
    probe = Client()
    for key, cases in sorted(MATRIX.items()):
        if key.startswith("admin"):
            continue
        for case in cases:
            may = [r for r in PREFERENCE if case.get[ROLES.index(r)] is OK]
            if not may:
                continue
            url = url_of(key, case, world)
            probe.cookies.clear()
            if cookies[may[0]]:
                probe.cookies["sessionid"] = cookies[may[0]]
            response = probe.get(url)
            if response.status_code == 200 and "text/html" in response.get("Content-Type", ""):
                found.append((key, url, may[0]))
    return found


def test_every_page__axe_core_finds_no_violation(browser, live_server, transactional_db, tmp_path):
    with override_settings(MEDIA_ROOT=str(tmp_path / "media")):
        world = build()
        cookies = {}
        for role, user in world.people.items():
            client = Client()
            if user is not None:
                client.force_login(user)
            cookies[role] = client.cookies["sessionid"].value if user is not None else ""
        pages = pages_to_check(world, cookies)
        assert len(pages) >= 50, pages

        contexts = {}
        found: dict[str, list] = {}
        impacts: Counter[str] = Counter()
        for key, url, role in pages:
            if role not in contexts:
                context = _context(browser, viewport=DESKTOP)
                if cookies[role]:
                    context.add_cookies(
                        [{"name": "sessionid", "value": cookies[role], "url": live_server.url}]
                    )
                contexts[role] = context.new_page()
            page = contexts[role]
            page.goto(live_server.url + url)
            page.wait_for_load_state("networkidle")
            page.evaluate(AXE_SOURCE)  # as assert_accessible does: past the strict CSP
            violations = [
                v for v in page.evaluate(AXE_RUN) if v["id"] not in ACCEPTED.get(key, set())
            ]
            if violations:
                found[f"{key} {url} ({role})"] = violations
                impacts.update(v["impact"] for v in violations)
        for page in contexts.values():
            page.context.close()

    summary = [
        f"axe-core {len(pages)} pages, {sum(len(v) for v in found.values())} violations "
        f"on {len(found)} pages ({dict(impacts) or 'none'})"
    ]
    for where, violations in found.items():
        summary.append(where)
        summary += [f"  {v['impact']}: {v['id']} ({v['help']}) {v['nodes']}" for v in violations]
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "axe-every-page.txt").write_text("\n".join(summary) + "\n", encoding="utf-8")
    print("\n".join(summary))
    assert not found, "\n".join(summary)
