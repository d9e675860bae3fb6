"""Factories for tests: the real Eskilstuna polygon and the demo's approximate districts,
so tests place points where the demo does."""

import json
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

import factory
from django.contrib.auth import get_user_model

from trygga.accounts.models import Membership, Organisation, OrganisationKind, Role
from trygga.core.timeutil import iso_year_week
from trygga.events.models import Confidentiality, Event, EventCategory, EventSource, SourceKind
from trygga.geography.models import County, District, Municipality

ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = ROOT.parent / "shared" / "data"
DEMO_DATA = ROOT / "trygga" / "demo" / "data"

# Points known to lie in the demo's districts (checked by tests/geography).
NYFORS_POINT = (16.5300, 59.3760)
FROSLUNDA_POINT = (16.5300, 59.3585)
CENTRUM_POINT = (16.5090, 59.3712)
STOCKHOLM_POINT = (18.0686, 59.3293)


@cache
def eskilstuna_boundary() -> dict[str, Any]:
    path = SHARED_DATA / "geography" / "eskilstuna_municipality_0484_okfse.geojson"
    return json.loads(path.read_text(encoding="utf-8"))["features"][0]["geometry"]


@cache
def demo_districts() -> list[dict[str, Any]]:
    path = DEMO_DATA / "eskilstuna_districts_approximate.geojson"
    return json.loads(path.read_text(encoding="utf-8"))["features"]


class CountyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = County
        django_get_or_create = ("code",)

    code = "04"
    name = "Södermanlands län"


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ("code",)

    code = "0484"
    name = "Eskilstuna"
    county = factory.SubFactory(CountyFactory)
    boundary = factory.LazyFunction(eskilstuna_boundary)
    is_active = True
    h3_resolution = 9


def add_demo_districts(
    municipality: Municipality, names: list[str] | None = None
) -> list[District]:
    """The demo's approximate districts (all, or the named ones) in the municipality."""
    districts = []
    for feature in demo_districts():
        props = feature["properties"]
        if names is not None and props["name"] not in names:
            continue
        district, _ = District.objects.get_or_create(
            municipality=municipality,
            code=props["name"].lower().replace(" ", "-"),
            defaults={
                "name": props["name"],
                "boundary": feature["geometry"],
                "population": props["population"],
                "is_priority": props["priority"],
                "boundary_is_approximate": True,
            },
        )
        districts.append(district)
    Municipality.objects.filter(pk=municipality.pk).update(
        geometry_version=municipality.geometry_version + 1
    )
    municipality.refresh_from_db()
    return districts


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = OrganisationKind.MUNICIPAL_DEPARTMENT


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("korrekt-häst-batteri")


def member(organisation: Organisation, role: Role, username: str | None = None) -> Any:
    user = UserFactory(username=username) if username else UserFactory()
    Membership.objects.create(user=user, organisation=organisation, role=role)
    return user


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EventCategory
        django_get_or_create = ("code",)

    municipality = None
    code = "vandalism"
    name = "Skadegörelse"


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EventSource
        django_get_or_create = ("code",)

    code = "falt"
    name = "Fältrapport"
    kind = SourceKind.FIELD


class EventFactory(factory.django.DjangoModelFactory):
    """An event at a point; pass district and h3_cell when the test needs them."""

    class Meta:
        model = Event

    municipality = factory.SubFactory(MunicipalityFactory)
    county = factory.LazyAttribute(lambda e: e.municipality.county)
    category = factory.SubFactory(CategoryFactory)
    source = factory.SubFactory(SourceFactory)
    occurred_from = factory.LazyFunction(lambda: datetime(2025, 6, 13, 21, 30, tzinfo=UTC))
    iso_year = factory.LazyAttribute(lambda e: iso_year_week(e.occurred_from)[0])
    iso_week = factory.LazyAttribute(lambda e: iso_year_week(e.occurred_from)[1])
    precision = "point"
    lon = CENTRUM_POINT[0]
    lat = CENTRUM_POINT[1]
    confidentiality = Confidentiality.PARTNERS
    description = "Krossad ruta vid busshållplatsen."
