"""Routing: the most specific rule wins (drawn area > district > municipality; a rule for
the service before a rule for any service; then priority)."""

import pytest

from tests.factories import CENTRUM_POINT, FROSLUNDA_POINT, OrganisationFactory
from trygga.geography.models import District
from trygga.reports.models import RoutingRule
from trygga.reports.seed import circle


@pytest.fixture
def orgs(municipality):
    return {
        name: OrganisationFactory(municipality=municipality, name=name)
        for name in ("Kommunen", "Stadsdelen", "Bostadsbolaget", "Gatuavdelningen")
    }


@pytest.fixture
def rules(municipality, service, orgs):
    froslunda = District.objects.get(municipality=municipality, name="Fröslunda")
    RoutingRule.objects.create(municipality=municipality, organisation=orgs["Kommunen"])
    RoutingRule.objects.create(
        municipality=municipality, district=froslunda, organisation=orgs["Stadsdelen"]
    )
    RoutingRule.objects.create(
        municipality=municipality,
        area=circle(*FROSLUNDA_POINT, radius_m=200),
        area_name="Bostadsområdet",
        organisation=orgs["Bostadsbolaget"],
    )
    return froslunda


def test_routing__a_drawn_area_beats_a_district_beats_the_municipality(submit, rules, orgs):
    in_area = submit(lon=FROSLUNDA_POINT[0], lat=FROSLUNDA_POINT[1])
    assert in_area.responsible_organisation == orgs["Bostadsbolaget"]
    edge = (FROSLUNDA_POINT[0] + 0.006, FROSLUNDA_POINT[1])  # ~340 m east, still Fröslunda
    in_district = submit(lon=edge[0], lat=edge[1])
    assert in_district.district == rules
    assert in_district.responsible_organisation == orgs["Stadsdelen"]
    elsewhere = submit(lon=CENTRUM_POINT[0], lat=CENTRUM_POINT[1])
    assert elsewhere.responsible_organisation == orgs["Kommunen"]


def test_routing__a_rule_for_the_service_beats_one_for_any_at_the_same_level(
    submit, rules, orgs, municipality, service
):
    RoutingRule.objects.create(
        municipality=municipality, service=service, organisation=orgs["Gatuavdelningen"]
    )
    assert submit().responsible_organisation == orgs["Gatuavdelningen"]
    # ... but not a more specific area
    in_area = submit(lon=FROSLUNDA_POINT[0], lat=FROSLUNDA_POINT[1])
    assert in_area.responsible_organisation == orgs["Bostadsbolaget"]


def test_routing__priority_decides_between_equally_specific_rules(
    submit, municipality, service, orgs
):
    RoutingRule.objects.create(
        municipality=municipality, organisation=orgs["Kommunen"], priority=50
    )
    RoutingRule.objects.create(
        municipality=municipality, organisation=orgs["Stadsdelen"], priority=10
    )
    assert submit().responsible_organisation == orgs["Stadsdelen"]


def test_routing__inactive_rules_and_other_services_do_not_match(
    submit, municipality, service, orgs
):
    from tests.reports.conftest import make_service

    lamp = make_service(municipality, code="belysning", category="dark_place")
    RoutingRule.objects.create(
        municipality=municipality, service=lamp, organisation=orgs["Kommunen"]
    )
    RoutingRule.objects.create(
        municipality=municipality, organisation=orgs["Stadsdelen"], is_active=False
    )
    assert submit().responsible_organisation is None


def test_routing__an_address_without_a_point_takes_the_municipality_rule(submit, rules, orgs):
    report = submit(lat=None, lon=None, address_string="Fröslundavägen 1")
    assert report.responsible_organisation == orgs["Kommunen"]


def test_routing_rule__refuses_both_district_and_area(municipality, orgs, rules):
    rule = RoutingRule(
        municipality=municipality,
        district=rules,
        area=circle(*FROSLUNDA_POINT, radius_m=100),
        area_name="x",
        organisation=orgs["Kommunen"],
    )
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        rule.full_clean()
