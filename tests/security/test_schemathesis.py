"""Schemathesis in CI: requests generated from the REST API's OpenAPI schema (as a
coordinator, through HTTP Basic) and from the Open311 description (with an API key) get no
server error. A small run; bench/schemathesis_run.py is the long one (docs/security.md)."""

import pytest
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction

from tests.security import fuzz

pytestmark = pytest.mark.django_db

PASSWORD = "korrekt-häst-batteri"  # tests.factories.UserFactory's
EXAMPLES = 15  # per operation and mode (positive, negative)


def rolled_back(call):
    with transaction.atomic():
        response = call()
        transaction.set_rollback(True)
    return response


@pytest.fixture(scope="module")
def app():
    """The WSGI application; like Django's test client, requests keep the test's database
    connection (Django closes it at the end of a request outside the test client, which
    would end the test's transaction on PostgreSQL)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield get_wsgi_application()
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_rest_api__generated_requests__no_server_error(world, app):
    tally = fuzz.run(
        fuzz.api_schema(app),
        examples=EXAMPLES,
        tally=fuzz.Tally(),
        headers=fuzz.basic_auth("samordnare1", PASSWORD),
        path={"code": "0484"},
        around=rolled_back,
    )
    print(tally.line())
    assert len(tally.per_operation) >= 15, tally.per_operation
    # Authenticated and a member: most requests get past the access check.
    assert tally.statuses[200] > tally.requests / 4, tally.statuses
    assert tally.server_errors == [], "\n\n".join(tally.server_errors)


def test_open311__generated_requests__no_server_error(world, app, settings):
    settings.OPEN311_KEY_RATE_LIMIT_COUNT = 100_000
    settings.REPORT_RATE_LIMIT_COUNT = 100_000
    tally = fuzz.run(
        fuzz.open311_schema(app),
        examples=EXAMPLES,
        tally=fuzz.Tally(),
        query={"api_key": world.values["api_key"], "jurisdiction_id": "0484"},
        path={"service_code": "klotter"},
        around=rolled_back,
    )
    print(tally.line(), sorted(tally.per_operation_status.items()))
    assert len(tally.per_operation) == 7, tally.per_operation
    assert tally.statuses[200] > tally.requests / 4, tally.statuses
    assert tally.server_errors == [], "\n\n".join(tally.server_errors)
