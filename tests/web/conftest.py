"""Fixtures of the staff pages' tests: a second municipality and its member, and events of
every kind the pages show (field points, a restricted one, police area events)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import (
    FROSLUNDA_POINT,
    NYFORS_POINT,
    STOCKHOLM_POINT,
    CountyFactory,
    EventFactory,
    MunicipalityFactory,
    OrganisationFactory,
    SourceFactory,
    member,
)
from trygga.accounts.models import Role
from trygga.events.models import Confidentiality, EventCategory, SourceKind
from trygga.geography.models import District


def _square(lon: float, lat: float, half: float = 0.2) -> dict:
    ring = [
        [lon - half, lat - half],
        [lon + half, lat - half],
        [lon + half, lat + half],
        [lon - half, lat + half],
        [lon - half, lat - half],
    ]
    return {"type": "Polygon", "coordinates": [ring]}


@pytest.fixture
def stockholm(db):
    return MunicipalityFactory(
        code="0180",
        name="Stockholm",
        county=CountyFactory(code="01", name="Stockholms län"),
        boundary=_square(*STOCKHOLM_POINT),
    )


@pytest.fixture
def outsider(stockholm):
    """A coordinator, but of Stockholm: Eskilstuna's pages must not exist for them."""
    organisation = OrganisationFactory(municipality=stockholm, name="Trygga Stockholm")
    return member(organisation, Role.COORDINATOR, "stockholmare")


@pytest.fixture
def districts(municipality):
    return {d.name: d for d in District.objects.filter(municipality=municipality)}


@pytest.fixture
def categories(municipality):
    return {c.code: c for c in EventCategory.objects.filter(municipality__isnull=True)}


@pytest.fixture
def police_source(db):
    return SourceFactory(code="polisen", name="Polisens händelser", kind=SourceKind.POLICE_FEED)


@pytest.fixture
def field_source(db):
    return SourceFactory(code="falt", name="Fältrapport", kind=SourceKind.FIELD)


@pytest.fixture
def events(municipality, organisations, districts, categories, police_source, field_source):
    """Recent events: two in Nyfors, one in Fröslunda, one restricted, two police areas."""
    now = timezone.now()
    nyfors, froslunda = districts["Nyfors"], districts["Fröslunda"]

    def field_event(point, district, category, days_ago, **extra):
        extra.setdefault("organisation", organisations["bostad"])
        return EventFactory(
            municipality=municipality,
            category=categories[category],
            source=field_source,
            lon=point[0],
            lat=point[1],
            district=district,
            occurred_from=now - timedelta(days=days_ago, hours=1),
            **extra,
        )

    return {
        "nyfors_vandalism": field_event(NYFORS_POINT, nyfors, "vandalism", 1),
        "nyfors_graffiti": field_event(
            NYFORS_POINT, nyfors, "graffiti", 10, description="Klotter på tunneln."
        ),
        "froslunda_fire": field_event(FROSLUNDA_POINT, froslunda, "fire", 3),
        "restricted": field_event(
            FROSLUNDA_POINT,
            froslunda,
            "threats",
            2,
            organisation=organisations["kommun"],
            confidentiality=Confidentiality.RESTRICTED,
            description="Hot mot personal, känsligt.",
        ),
        "police_1": EventFactory(
            municipality=municipality,
            category=categories["violence"],
            source=police_source,
            precision="area",
            area_level="municipality",
            area_name="Eskilstuna",
            lon=16.51,
            lat=59.37,
            occurred_from=now - timedelta(days=2),
            description="Misshandel, Eskilstuna.",
        ),
        "police_2": EventFactory(
            municipality=municipality,
            category=categories["disorder"],
            source=police_source,
            precision="area",
            area_level="municipality",
            area_name="Eskilstuna",
            lon=16.51,
            lat=59.37,
            occurred_from=now - timedelta(days=5),
        ),
    }
