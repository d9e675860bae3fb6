"""Categories, organisations and sources of a municipality."""

import pytest

from tests.api.problems import assert_problem
from tests.factories import CategoryFactory, OrganisationFactory, SourceFactory
from trygga.events.models import EventCategory, SourceKind

BASE = "/api/v1/municipalities/0484"


def test_categories__member__shared_and_own_not_another_municipalitys(
    as_user, people, municipality, stockholm
):
    vandalism = EventCategory.objects.get(code="vandalism")
    EventCategory.objects.create(
        municipality=municipality, code="krossad-ruta", name="Krossad ruta", parent=vandalism
    )
    EventCategory.objects.create(municipality=stockholm, code="sthlm-egen", name="Stockholms")
    EventCategory.objects.filter(code="other").update(is_active=False)

    response = as_user(people["viewer"]).get(f"{BASE}/categories/")

    assert response.status_code == 200
    rows = {row["code"]: row for row in response.json()}
    assert "sthlm-egen" not in rows
    assert "other" not in rows
    assert len(rows) == 22 + 1
    assert rows["graffiti"] == {
        "code": "graffiti",
        "name": "Klotter",
        "name_en": "Graffiti",
        "parent": None,
        "own": False,
    }
    assert rows["krossad-ruta"]["parent"] == "vandalism"
    assert rows["krossad-ruta"]["own"] is True


def test_organisations__member__active_ones_with_values(as_user, people, municipality, stockholm):
    OrganisationFactory(municipality=municipality, name="Nedlagd förening", is_active=False)
    OrganisationFactory(municipality=stockholm, name="Trygga Stockholm")

    response = as_user(people["viewer"]).get(f"{BASE}/organisations/")

    assert response.status_code == 200
    rows = response.json()
    assert [row["name"] for row in rows] == [
        "Kommunfastigheter",
        "Polisen Eskilstuna",
        "Trygga Eskilstuna",
    ]
    assert rows[1]["kind"] == "police"
    assert set(rows[1]) == {"id", "name", "short_name", "kind"}


def test_sources__member__sources_with_events_or_organisations_here(
    as_user, people, events, organisations
):
    SourceFactory(
        code="bostad-logg",
        name="Kommunfastigheters logg",
        kind=SourceKind.FILE_IMPORT,
        organisation=organisations["bostad"],
    )
    SourceFactory(code="annan", name="Källa utan händelser", kind=SourceKind.API)

    response = as_user(people["viewer"]).get(f"{BASE}/sources/")

    assert response.status_code == 200
    rows = {row["code"]: row for row in response.json()}
    assert set(rows) == {"falt", "polisen", "bostad-logg"}
    assert rows["bostad-logg"]["organisation"] == {
        "id": organisations["bostad"].pk,
        "name": "Kommunfastigheter",
    }
    assert rows["polisen"] == {
        "code": "polisen",
        "name": "Polisens händelser",
        "kind": "police_feed",
        "organisation": None,
    }


@pytest.mark.parametrize("path", ["/categories/", "/organisations/", "/sources/"])
def test_reference_lists__member_allowed_outsider_404_anonymous_403(
    api, people, outsider, events, path
):
    api.force_login(people["viewer"])
    assert api.get(f"{BASE}{path}").status_code == 200
    api.force_login(outsider)
    assert_problem(api.get(f"{BASE}{path}"), 404, "not_found")
    api.logout()
    assert_problem(api.get(f"{BASE}{path}"), 403, "not_authenticated")


@pytest.mark.parametrize("path", ["/categories/", "/organisations/", "/sources/"])
def test_reference_lists__query_count_constant_as_rows_grow(
    as_user, people, municipality, organisations, events, django_assert_num_queries, path
):
    client = as_user(people["viewer"])
    with django_assert_num_queries(5) as first:
        client.get(f"{BASE}{path}")
    parent = EventCategory.objects.get(code="theft")
    for n in range(5):
        CategoryFactory(
            municipality=municipality, code=f"egen-{n}", name=f"Egen {n}", parent=parent
        )
        SourceFactory(code=f"logg-{n}", name=f"Logg {n}", organisation=organisations["kommun"])
        OrganisationFactory(municipality=municipality, name=f"Förening {n}")
    client = as_user(people["viewer"])
    with django_assert_num_queries(len(first.captured_queries)):
        client.get(f"{BASE}{path}")
