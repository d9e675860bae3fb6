"""Fixtures of the audit tests: a municipality's people (tests/conftest.py), another
municipality with its own coordinator, and events to read."""

import pytest

from tests.factories import (
    STOCKHOLM_POINT,
    CountyFactory,
    EventFactory,
    MunicipalityFactory,
    OrganisationFactory,
    member,
)
from trygga.accounts.models import Role


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
    organisation = OrganisationFactory(municipality=stockholm, name="Trygga Stockholm")
    return member(organisation, Role.ADMINISTRATOR, "stockholmare")


@pytest.fixture
def some_events(municipality):
    return EventFactory.create_batch(25, municipality=municipality)
