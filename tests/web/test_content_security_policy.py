"""Every page answers with the strict Content-Security-Policy, and no page carries inline
script, inline style, a style attribute or an event-handler attribute (which that policy
would block): scripts and styles come from static files only.

The pages are found by walking the URL configuration; a URL whose parameters are not
known here is left to the permission-matrix test.
"""

from html.parser import HTMLParser

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from tests.factories import EventFactory

pytestmark = pytest.mark.django_db

# JSON handed to scripts (json_script) is data, never executed.
DATA_SCRIPT_TYPES = {"application/json", "application/ld+json"}


class InlineFinder(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        script_type = (attributes.get("type") or "").lower()
        if tag == "script" and "src" not in attributes and script_type not in DATA_SCRIPT_TYPES:
            self.problems.append("inline <script>")
        if tag == "style":
            self.problems.append("<style> element")
        for name, value in attrs:
            if name == "style":
                self.problems.append(f"style attribute on <{tag}>")
            if name.startswith("on"):
                self.problems.append(f"{name} attribute on <{tag}>")
            if name in ("href", "src", "action") and (value or "").lower().startswith(
                "javascript:"
            ):
                self.problems.append(f"javascript: URL in <{tag} {name}>")


def inline_problems(html: str) -> list[str]:
    finder = InlineFinder()
    finder.feed(html)
    return finder.problems


def assert_strict_csp(response) -> None:
    policy = response.get("Content-Security-Policy", "")
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "object-src 'none'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy


def _routes(resolver: URLResolver, prefix: str = "") -> list[tuple[str, URLPattern]]:
    found = []
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            found += _routes(entry, route)
        else:
            found.append((route, entry))
    return found


def _fill(route: str, values: dict[str, str]) -> str | None:
    """The route with its <converter:name> parts filled in, or None when a name is unknown
    or the route is a regular expression."""
    if route.startswith("^") or "(?P" in route or "\\" in route:
        return None
    out = ""
    rest = route
    while "<" in rest:
        before, _, after = rest.partition("<")
        spec, _, rest = after.partition(">")
        name = spec.split(":")[-1]
        if name not in values:
            return None
        out += before + values[name]
    return "/" + out + rest


@pytest.fixture
def pages(municipality, organisations):
    event = EventFactory(municipality=municipality)
    values = {"code": municipality.code, "event_id": str(event.pk)}
    urls = set()
    for route, _pattern in _routes(get_resolver()):
        url = _fill(route, values)
        if url is not None:
            urls.add(url)
    assert len(urls) >= 20, sorted(urls)
    return sorted(urls)


def _html_pages(client, urls):
    checked = 0
    for url in urls:
        response = client.get(url, follow=True)
        if "text/html" not in response.get("Content-Type", ""):
            continue
        assert_strict_csp(response)
        html = response.content.decode()
        assert inline_problems(html) == [], (url, inline_problems(html))
        checked += 1
    return checked


def test_every_page__as_administrator__strict_csp_and_no_inline_code(client, people, pages):
    client.force_login(people["administrator"])
    assert _html_pages(client, pages) >= 15


def test_every_page__anonymous__strict_csp_and_no_inline_code(client, pages):
    assert _html_pages(client, pages) >= 3


def test_error_pages__strict_csp_and_no_inline_code(client, people, municipality):
    client.force_login(people["viewer"])
    for url, status in (
        (f"/{municipality.code}/finns-inte/", 404),
        (f"/{municipality.code}/granskning/", 403),
    ):
        response = client.get(url)
        assert response.status_code == status
        assert_strict_csp(response)
        assert inline_problems(response.content.decode()) == []


def test_inline_finder__finds_what_the_policy_blocks():
    html = (
        '<script>alert(1)</script><script type="application/json">{}</script>'
        '<style>p{}</style><p style="color:red" onclick="x()">'
        '<a href="javascript:x()">x</a><script src="/static/x.js"></script>'
    )
    assert inline_problems(html) == [
        "inline <script>",
        "<style> element",
        "style attribute on <p>",
        "onclick attribute on <p>",
        "javascript: URL in <a href>",
    ]
