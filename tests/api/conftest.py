"""Fixtures of the API tests: a client, a second municipality with its own people, and a
small set of events of every kind (point, area, restricted to one organisation)."""

from datetime import UTC, datetime

import pytest
from h3.api import basic_int as h3
from rest_framework.test import APIClient

from tests.factories import (
    CENTRUM_POINT,
    FROSLUNDA_POINT,
    NYFORS_POINT,
    EventFactory,
    MunicipalityFactory,
    OrganisationFactory,
    SourceFactory,
    member,
)
from trygga.accounts.models import Role
from trygga.events.models import Confidentiality, EventCategory, SourceKind
from trygga.geography.models import County, District

# A square around central Stockholm: enough to make a second municipality.
STOCKHOLM_BOUNDARY = {
    "type": "Polygon",
    "coordinates": [[[17.9, 59.25], [18.2, 59.25], [18.2, 59.40], [17.9, 59.40], [17.9, 59.25]]],
}


@pytest.fixture
def api() -> APIClient:
    return APIClient()


@pytest.fixture
def as_user(api):
    """Log the client in as a user (a session, as the staff pages have)."""

    def _login(user) -> APIClient:
        api.force_login(user)
        return api

    return _login


@pytest.fixture
def stockholm(db):
    county = County.objects.create(code="01", name="Stockholms län")
    return MunicipalityFactory(
        code="0180", name="Stockholm", county=county, boundary=STOCKHOLM_BOUNDARY
    )


@pytest.fixture
def outsider(stockholm):
    """A coordinator of Stockholm: a member of another municipality, none of Eskilstuna."""
    organisation = OrganisationFactory(municipality=stockholm, name="Trygga Stockholm")
    return member(organisation, Role.COORDINATOR, "samordnare-sthlm")


def district(municipality, name: str) -> District:
    return District.objects.get(municipality=municipality, name=name)


def cell(point: tuple[float, float]) -> int:
    return int(h3.latlng_to_cell(point[1], point[0], 9))


@pytest.fixture
def events(municipality, organisations):
    """Five events of March 2025 in Eskilstuna: two points, one area, two restricted."""
    graffiti = EventCategory.objects.get(code="graffiti")
    vandalism = EventCategory.objects.get(code="vandalism")
    field = SourceFactory(code="falt", name="Fältrapport", kind=SourceKind.FIELD)
    police = SourceFactory(code="polisen", name="Polisens händelser", kind=SourceKind.POLICE_FEED)
    return {
        "nyfors": EventFactory(
            municipality=municipality,
            category=graffiti,
            source=field,
            occurred_from=datetime(2025, 3, 10, 20, 0, tzinfo=UTC),
            lon=NYFORS_POINT[0],
            lat=NYFORS_POINT[1],
            district=district(municipality, "Nyfors"),
            h3_cell=cell(NYFORS_POINT),
            organisation=organisations["kommun"],
            description="Klotter på skolans vägg.",
        ),
        "froslunda": EventFactory(
            municipality=municipality,
            category=vandalism,
            source=field,
            occurred_from=datetime(2025, 3, 20, 22, 15, tzinfo=UTC),
            occurred_to=datetime(2025, 3, 21, 5, 0, tzinfo=UTC),
            precision="address",
            address="Fröslundavägen 1",
            lon=FROSLUNDA_POINT[0],
            lat=FROSLUNDA_POINT[1],
            district=district(municipality, "Fröslunda"),
            h3_cell=cell(FROSLUNDA_POINT),
            organisation=organisations["bostad"],
        ),
        "area": EventFactory(
            municipality=municipality,
            category=vandalism,
            source=police,
            occurred_from=datetime(2025, 3, 15, 12, 0, tzinfo=UTC),
            precision="area",
            area_level="municipality",
            area_name="Eskilstuna",
            lon=16.51,
            lat=59.37,
            description="Skadegörelse, Eskilstuna.",
            confidentiality=Confidentiality.OPEN,
        ),
        "restricted_kommun": EventFactory(
            municipality=municipality,
            category=graffiti,
            source=field,
            occurred_from=datetime(2025, 3, 12, 9, 0, tzinfo=UTC),
            lon=CENTRUM_POINT[0],
            lat=CENTRUM_POINT[1],
            district=district(municipality, "Centrum"),
            organisation=organisations["kommun"],
            confidentiality=Confidentiality.RESTRICTED,
        ),
        "restricted_bostad": EventFactory(
            municipality=municipality,
            category=graffiti,
            source=field,
            occurred_from=datetime(2025, 3, 13, 9, 0, tzinfo=UTC),
            lon=CENTRUM_POINT[0],
            lat=CENTRUM_POINT[1],
            district=district(municipality, "Centrum"),
            organisation=organisations["bostad"],
            confidentiality=Confidentiality.RESTRICTED,
        ),
    }
