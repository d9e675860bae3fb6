"""Citizen reports in the lägesbild: open reports by age (for the Monday meeting) and the
reports received in the period, still open or closed."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.lagesbild.conftest import make_events
from tests.reports.conftest import make_service
from trygga.lagesbild.builder import build
from trygga.lagesbild.collect import Spec
from trygga.reports.actions import submit_report
from trygga.reports.models import Report

pytestmark = pytest.mark.django_db


def test_open_reports_by_age_and_received_in_the_period(municipality):
    make_events(municipality)
    graffiti = make_service(municipality)
    lights = make_service(
        municipality, code="belysning", category="dark_place", name="Trasig belysning"
    )
    now = timezone.now()
    today = timezone.localdate()
    ages = {graffiti: [1, 3, 10, 40, 100, 200], lights: [2, 2, 2, 2, 2, 2, 9]}
    for service, days in ages.items():
        for age in days:
            report = submit_report(
                municipality=municipality,
                service=service,
                description="Trasigt vid gångvägen.",
                lon=16.53,
                lat=59.376,
                attributes={"krankande": "nej"},
            )
            Report.objects.filter(pk=report.pk).update(
                requested_at=now - dt.timedelta(days=age, hours=1)
            )
    start = today - dt.timedelta(days=today.isoweekday() - 1 + 7)  # last week's Monday
    content = build(Spec(municipality, "week", start, start + dt.timedelta(days=6)))
    partner = {t["id"]: t for t in content["partner"]["tables"]}
    rows = {r["cells"][0]: r["cells"][1:] for r in partner["reports_open"]["rows"]}
    # Buckets 0-7, 8-30, 31-90 and over 90 days, then the total.
    assert rows["Klotter"] == [2, 1, 1, 2, 6]
    assert rows["Trasig belysning"] == [6, 1, 0, 0, 7]
    assert rows["Totalt"] == [8, 2, 1, 2, 13]
    public = {t["id"]: t for t in content["public"]["tables"]}
    public_rows = {r["cells"][0]: r["cells"][1:] for r in public["reports_open"]["rows"]}
    assert public_rows["Totalt"][-1] == 13
    assert all(v in ("..", 0) or v >= 5 for row in public_rows.values() for v in row)
