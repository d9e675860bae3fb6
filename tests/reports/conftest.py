"""Fixtures for citizen reports: a service with an attribute of every datatype, the street
unit with a handler and a viewer, and a `submit` helper with valid defaults."""

import pytest

from tests.factories import CENTRUM_POINT, OrganisationFactory, member
from trygga.accounts.models import OrganisationKind, Role
from trygga.events.models import EventCategory
from trygga.reports.actions import submit_report
from trygga.reports.models import RoutingRule, Service, ServiceAttribute, TargetTime


def make_service(municipality, code="klotter", category="graffiti", name="Klotter") -> Service:
    service = Service.objects.create(
        municipality=municipality,
        service_code=code,
        name=name,
        category=EventCategory.objects.get(code=category, municipality=None),
        group="Skadegörelse",
        keywords="klotter, tags",
        service_notice="Klotter tas bort inom 48 timmar.",
    )
    options = [{"key": "ja", "name": "Ja"}, {"key": "nej", "name": "Nej"}]
    surfaces = [{"key": "vagg", "name": "Vägg"}, {"key": "skylt", "name": "Skylt"}]
    for order, (attr, datatype, required, values) in enumerate(
        [
            ("krankande", "singlevaluelist", True, options),
            ("underlag", "multivaluelist", False, surfaces),
            ("yta", "number", False, []),
            ("upptackt", "datetime", False, []),
            ("skylt", "string", False, []),
            ("mer", "text", False, []),
        ],
        start=1,
    ):
        ServiceAttribute.objects.create(
            service=service,
            code=attr,
            datatype=datatype,
            required=required,
            order=order,
            description=f"Fråga {attr}",
            values=values,
        )
    return service


@pytest.fixture
def service(municipality):
    return make_service(municipality)


@pytest.fixture
def street(municipality):
    return OrganisationFactory(
        municipality=municipality,
        name="Gatuavdelningen",
        kind=OrganisationKind.MUNICIPAL_DEPARTMENT,
    )


@pytest.fixture
def staff(people, street):
    """The street unit's handler and viewer, beside the shared people (coordinator etc.)."""
    return {
        **people,
        "street_handler": member(street, Role.REPORTER, "gata1"),
        "street_viewer": member(street, Role.VIEWER, "gata2"),
    }


@pytest.fixture
def routed(municipality, service, street):
    """Klotter in the whole municipality goes to the street unit, with a 48-hour target."""
    RoutingRule.objects.create(municipality=municipality, service=service, organisation=street)
    TargetTime.objects.create(service=service, hours=48)
    return street


@pytest.fixture
def submit(municipality, service):
    def _submit(**overrides):
        fields = {
            "municipality": municipality,
            "service": service,
            "description": "Klotter på väggen vid busshållplatsen.",
            "lon": CENTRUM_POINT[0],
            "lat": CENTRUM_POINT[1],
            "attributes": {"krankande": "nej"},
        }
        fields.update(overrides)
        return submit_report(**fields)

    return _submit
