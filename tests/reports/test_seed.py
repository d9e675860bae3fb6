"""The demo configuration: services with every datatype, routing, target times, templates."""

import pytest

from tests.factories import OrganisationFactory
from trygga.events.models import Event
from trygga.geography.models import Place
from trygga.reports.actions import submit_report
from trygga.reports.models import (
    Datatype,
    ResponseTemplate,
    RoutingRule,
    Service,
    ServiceAttribute,
    TargetTime,
)
from trygga.reports.seed import PARK_UNIT, seed_demo_reports


@pytest.fixture
def seeded(municipality):
    Place.objects.create(
        municipality=municipality, name="Stadsparken", kind="park", lon=16.512, lat=59.3688
    )
    Place.objects.create(
        municipality=municipality, name="Fröslunda centrum", kind="shopping", lon=16.531, lat=59.359
    )
    organisations = {
        key: OrganisationFactory(municipality=municipality, name=name)
        for key, name in (
            ("trygga", "Trygga Eskilstuna"),
            ("gatuavdelningen", "Gatuavdelningen"),
            ("kommunfastigheter", "Kommunfastigheter"),
        )
    }
    count = seed_demo_reports(municipality=municipality, organisations=organisations)
    return municipality, organisations, count


def test_seed__every_datatype_and_idempotent(seeded):
    municipality, organisations, count = seeded
    assert count == Service.objects.filter(municipality=municipality).count() >= 6
    datatypes = set(ServiceAttribute.objects.values_list("datatype", flat=True))
    assert datatypes == set(Datatype.values)
    for attribute in ServiceAttribute.objects.all():
        attribute.full_clean()
    before = (
        RoutingRule.objects.count(),
        TargetTime.objects.count(),
        ResponseTemplate.objects.count(),
    )
    seed_demo_reports(municipality=municipality, organisations=organisations)
    after = (
        RoutingRule.objects.count(),
        TargetTime.objects.count(),
        ResponseTemplate.objects.count(),
    )
    assert before == after
    assert all(
        Service.objects.filter(municipality=municipality, target_times__isnull=False).distinct()
    )


def test_seed__routes_parks_estates_lighting_and_the_rest(seeded):
    municipality, _organisations, _ = seeded

    def route(code, lon, lat, attributes):
        service = Service.objects.get(municipality=municipality, service_code=code)
        report = submit_report(
            municipality=municipality, service=service, lon=lon, lat=lat, attributes=attributes
        )
        return report.responsible_organisation.name

    assert route("nedskrapning", 16.512, 59.3688, {"avfall": ["1"]}) == PARK_UNIT
    assert route("klotter", 16.531, 59.359, {"krankande": "2"}) == "Kommunfastigheter"
    assert route("belysning", 16.5090, 59.3712, {"fel": "1"}) == "Gatuavdelningen"
    assert route("otrygg-plats", 16.5090, 59.3712, {}) == "Trygga Eskilstuna"
    assert route("otrygg-plats", 16.5300, 59.3760, {}) == "Trygga Eskilstuna"
    assert Event.objects.count() == 5
