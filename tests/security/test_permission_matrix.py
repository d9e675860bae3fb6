"""Every URL of the project, asked by every role, answers as the permission model says.

The URL configuration is walked recursively (pages, API, Open311, account, admin); each
pattern is one test, so a new URL without an entry in `tests/security/matrix.py` fails here
with its name. Each case of an entry is requested with GET and with POST by anonymous
visitors, the four roles of the municipality, an administrator of another municipality and
a superuser; the status (and where a redirect goes) must be the one in the matrix, and a
refused request must leave every table as it was.

The data is built once for the module (tests/security/conftest.py); every request runs in
a transaction that is rolled back, so an allowed POST (an empty form, or a real change)
never reaches the next request.
"""

import json
import re
from functools import cache
from http.cookies import SimpleCookie
from typing import Any

import pytest
from django.apps import apps
from django.db import connection, transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.security.matrix import MATRIX, ROLES, Answer, Case
from tests.security.world import World
from trygga.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def walk(
    resolver: URLResolver, prefix: str = "", namespace: str = ""
) -> list[tuple[str, str, URLPattern]]:
    """(key, route, pattern) of every URL pattern, included resolvers followed."""
    found = []
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = namespace + (f"{entry.namespace}:" if entry.namespace else "")
            found += walk(entry, route, inner)
        else:
            key = f"{namespace}{entry.name}" if entry.name else route
            found.append((key, route, entry))
    return found


PATTERNS: dict[str, tuple[str, URLPattern]] = {}
for _key, _route, _pattern in walk(get_resolver()):
    # A name used twice would hide a URL: the second is keyed by its route.
    PATTERNS[_route if _key in PATTERNS else _key] = (_route, _pattern)

PARAMETER = re.compile(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>")


def parameters(route: str) -> list[str]:
    return [a or b for a, b in PARAMETER.findall(route)]


def admin_object(pattern: URLPattern) -> str | None:
    """The first row of an admin page's model, for its object parameters."""
    model_admin = getattr(pattern.callback, "model_admin", None)
    if model_admin is None:
        return None
    obj = model_admin.model._default_manager.order_by("pk").first()
    return str(obj.pk) if obj is not None else None


def url_of(key: str, case: Case, world: World) -> str:
    route, pattern = PATTERNS[key]
    if case.path:
        url = case.path
    else:
        kwargs: dict[str, str] = {}
        for name in parameters(route):
            if name in case.kwargs:
                kwargs[name] = world.values[case.kwargs[name]]
            elif name == "code":
                kwargs[name] = world.values["code"]
            elif name in ("object_id", "pk", "id") and admin_object(pattern) is not None:
                kwargs[name] = str(admin_object(pattern))
            else:
                pytest.fail(f"{key}: the matrix gives no value for the parameter {name!r}")
        if pattern.name:
            url = reverse(key, kwargs=kwargs)
        else:  # unnamed: fill the route itself
            url = "/" + PARAMETER.sub(lambda m: kwargs[m.group(1) or m.group(2)], route)
    return f"{url}?{case.query}" if case.query else url


READ_SUFFIXES = (".viewed", ".listed", ".exported")


@cache
def _counts_sql() -> str:
    audit = AuditEvent._meta.db_table
    tables = sorted(
        {
            model._meta.db_table
            for model in apps.get_models(include_auto_created=True)
            if model._meta.managed and model._meta.db_table not in ("django_session", audit)
        }
    )
    quote = connection.ops.quote_name
    # Table names from the models, quoted: no outside input reaches this SQL.
    counts = [f"(SELECT COUNT(*) FROM {quote(t)})" for t in tables]  # noqa: S608
    # Audit rows of reads are allowed (a refused change may first have read the object);
    # any other audit row is a change.
    reads = " AND ".join(f"action NOT LIKE '%%{suffix}'" for suffix in READ_SUFFIXES)
    counts.append(f"(SELECT COUNT(*) FROM {quote(audit)} WHERE {reads})")  # noqa: S608
    return "SELECT " + ", ".join(counts)


def table_counts() -> tuple[int, ...]:
    """The number of rows of every table (sessions and audit rows of reads left out), in
    one query."""
    with connection.cursor() as cursor:
        cursor.execute(_counts_sql())
        return tuple(cursor.fetchone())


# A test client loads the middleware when it is made (WhiteNoise then scans every static
# file): one per kind, its cookies set back to the role's session before each request.
CLIENTS: dict[bool, Client] = {}


def client_as(world: World, role: str, *, csrf_checks: bool = False) -> Client:
    if csrf_checks not in CLIENTS:
        CLIENTS[csrf_checks] = Client(
            enforce_csrf_checks=csrf_checks, raise_request_exception=False
        )
    client = CLIENTS[csrf_checks]
    client.cookies = SimpleCookie(world.cookies[role])
    return client


def request(world: World, role: str, method: str, url: str, case: Case) -> Any:
    client = client_as(world, role)
    if method == "get":
        return client.get(url)
    if case.json is not None:
        return client.post(url, json.dumps(case.json), content_type="application/json")
    data = {name: value.format(**world.values) for name, value in case.data.items()}
    return client.post(url, data)


def mismatch(answer: Answer, response: Any) -> str | None:
    status = response.status_code
    location = response.get("Location", "")
    if status not in answer.statuses:
        got = f"{status}>{location}" if location else str(status)
        return f"expected {answer!r}, got {got}"
    if status == 302:
        if answer.location and not location.startswith(answer.location):
            return f"expected a redirect to {answer.location}, got one to {location}"
        login = ("/konto/login/", "/admin/login/")
        if not answer.refused and not answer.location and location.startswith(login):
            return f"expected {answer!r}, got sent to log in ({location})"
    return None


def test_every_url_has_an_entry_and_every_entry_a_url():
    missing = sorted(set(PATTERNS) - set(MATRIX))
    stale = sorted(set(MATRIX) - set(PATTERNS))
    assert not missing, f"URLs without an entry in tests/security/matrix.py: {missing}"
    assert not stale, f"entries in tests/security/matrix.py for no URL: {stale}"


@pytest.mark.parametrize("key", sorted(PATTERNS))
def test_url__answers_every_role_as_the_model_says(world, key):
    if key not in MATRIX:
        route = PATTERNS[key][0]
        pytest.fail(f"{key} ({route}) has no entry in tests/security/matrix.py")
    problems = []
    for number, case in enumerate(MATRIX[key], start=1):
        url = url_of(key, case, world)
        what = f"case {number}{f' ({case.label})' if case.label else ''} {url}"
        for method, expected in (("get", case.get), ("post", case.post)):
            for role, answer in zip(ROLES, expected, strict=True):
                with transaction.atomic():
                    before = table_counts() if answer.refused else None
                    response = request(world, role, method, url, case)
                    wrong = mismatch(answer, response)
                    if wrong is None and before is not None and table_counts() != before:
                        wrong = f"refused ({response.status_code}) but wrote to the database"
                    transaction.set_rollback(True)
                if wrong:
                    problems.append(f"{what}: {method.upper()} as {role}: {wrong}")
    assert not problems, "\n".join(problems)


# Forms that take a POST without a CSRF token: Open311's POST is authenticated by its API
# key, not by a session (docs/open311.md).
CSRF_EXEMPT = {"open311:requests"}


def test_every_form__refuses_a_post_without_a_csrf_token(world):
    """A POST that the matrix lets a coordinator (or a visitor) send is refused without
    the token: CSRF protection on every form and on the API's session writes."""
    checked, problems = 0, []
    for key, cases in MATRIX.items():
        if key in CSRF_EXEMPT or key.startswith("admin"):
            continue
        case = cases[0]
        accepting = [
            role
            for role, answer in zip(ROLES, case.post, strict=True)
            if role in ("anonymous", "coordinator")
            and not answer.refused
            and answer.statuses != (405,)
        ]
        for role in accepting:
            client = client_as(world, role, csrf_checks=True)
            url = url_of(key, case, world)
            with transaction.atomic():
                before = table_counts()
                if case.json is not None:
                    response = client.post(url, "{}", content_type="application/json")
                else:
                    response = client.post(
                        url, {k: v.format(**world.values) for k, v in case.data.items()}
                    )
                wrote = table_counts() != before
                transaction.set_rollback(True)
            checked += 1
            if response.status_code != 403 or wrote:
                problems.append(f"{key} as {role}: {response.status_code}, wrote: {wrote}")
    assert checked >= 30
    assert not problems, "\n".join(problems)
