"""Fault test (PostgreSQL, about a minute): clients post citizen reports through Open311 and
events through the API while gunicorn, master and workers, is killed with SIGKILL and
started again twice. Every acknowledged submission is in the database exactly once; the
figures are printed (bench/faults.py is the longer run, docs/benchmarks.md)."""

import re
from collections import Counter

import pytest
from django.db import connection
from django.test import Client

from tests.deploy import faults
from tests.factories import OrganisationFactory, member
from tests.reports.conftest import make_service
from trygga.accounts.models import Role
from trygga.events.models import Event
from trygga.reports.actions import create_open311_key
from trygga.reports.models import Report, RoutingRule

MARKER = re.compile(r"feltest-(?:report|event)-[a-z]{20}")


def stored(kind: str, markers: list[str]) -> Counter[str]:
    """Rows per marker: reports by their original text, events logged through the API
    (a report's own event carries the report's marker, not an event's)."""
    rows = (
        Report.objects.filter(description__contains="feltest-report-")
        if kind == "report"
        else Event.objects.filter(description__contains="feltest-event-")
    )
    found = Counter(
        m for text in rows.values_list("description", flat=True) for m in MARKER.findall(text)
    )
    return Counter({m: found[m] for m in markers})


@pytest.mark.django_db(transaction=True)
def test_faults__gunicorn_killed_twice__every_acknowledged_submission_stored_once(
    municipality, tmp_path
):
    if connection.vendor != "postgresql":
        pytest.skip("production runs on PostgreSQL; this run uses " + connection.vendor)
    street = OrganisationFactory(municipality=municipality, name="Gatuavdelningen")
    service = make_service(municipality)
    RoutingRule.objects.create(municipality=municipality, service=service, organisation=street)
    _key, api_key = create_open311_key(actor=None, name="Fältappen", municipality=municipality)
    reporter = member(street, Role.REPORTER, "faltare")
    browser = Client()
    browser.force_login(reporter)

    params = connection.settings_dict
    url = f"postgres://{params['USER']}@{params['HOST']}:{params['PORT']}/{params['NAME']}"
    port = faults.free_port()
    server = faults.Server(
        port, faults.server_env(url, tmp_path / "media"), tmp_path / "gunicorn.log"
    )
    target = faults.Target(
        port=port, api_key=api_key, session_cookie=f"sessionid={browser.cookies['sessionid'].value}"
    )
    server.start()
    try:
        result = faults.run(target=target, server=server, count=stored, duration=30, kills=2)
    finally:
        server.stop()
    print("\n" + result.report())
    for figures in result.figures:
        assert figures.acknowledged >= 3, result.report()
        assert figures.lost == 0, result.report()
        assert figures.duplicated == 0, result.report()
        # Every submission was acknowledged in the end (retried through the restarts).
        assert figures.acknowledged == figures.sent == figures.stored, result.report()
    assert len(result.kills) == 2
    assert result.statuses[0] > 0, "no request met a dead server: the kills came too late"
