"""Districts of a municipality: JSON, GeoJSON, one district; members only."""

import pytest

from tests.api.problems import assert_problem
from trygga.geography.models import District

BASE = "/api/v1/municipalities/0484"


def test_districts__member__lists_every_district_with_values(as_user, people):
    response = as_user(people["viewer"]).get(f"{BASE}/districts/")
    assert response.status_code == 200
    rows = response.json()
    assert len(rows) == 26
    nyfors = next(row for row in rows if row["code"] == "nyfors")
    assert nyfors == {
        "code": "nyfors",
        "name": "Nyfors",
        "population": 5300,
        "population_year": None,
        "is_priority": True,
        "boundary_is_approximate": True,
        "boundary_source": "",
    }
    assert [row["name"] for row in rows] == sorted(row["name"] for row in rows)


@pytest.mark.parametrize(
    ("path", "headers"),
    [
        ("/districts/?format=geojson", {}),
        ("/districts/", {"HTTP_ACCEPT": "application/geo+json"}),
        ("/districts.geojson", {}),
    ],
)
def test_districts__geojson__feature_collection_with_polygons(as_user, people, path, headers):
    response = as_user(people["viewer"]).get(f"{BASE}{path}", **headers)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    collection = response.json()
    assert collection["type"] == "FeatureCollection"
    assert len(collection["features"]) == 26
    feature = next(f for f in collection["features"] if f["properties"]["name"] == "Fröslunda")
    assert feature["type"] == "Feature"
    assert feature["geometry"]["type"] in ("Polygon", "MultiPolygon")
    assert feature["properties"]["approximate"] is True
    assert feature["properties"]["is_priority"] is True
    assert feature["properties"]["population"] == 6600


def test_district__member__one_district(as_user, people):
    response = as_user(people["viewer"]).get(f"{BASE}/districts/centrum/")
    assert response.status_code == 200
    assert response.json()["name"] == "Centrum"
    assert response.json()["is_priority"] is False


def test_district__unknown_code__404_problem(as_user, people):
    assert_problem(as_user(people["viewer"]).get(f"{BASE}/districts/atlantis/"), 404, "not_found")


@pytest.mark.parametrize(
    "path",
    ["/districts/", "/districts/centrum/", "/districts.geojson", "/districts/?format=geojson"],
)
def test_districts__member_allowed_outsider_404_anonymous_403(api, people, outsider, path):
    api.force_login(people["viewer"])
    assert api.get(f"{BASE}{path}").status_code == 200
    api.force_login(outsider)
    assert_problem(api.get(f"{BASE}{path}"), 404, "not_found")
    api.logout()
    assert_problem(api.get(f"{BASE}{path}"), 403, "not_authenticated")


@pytest.mark.parametrize("path", ["/districts/", "/districts.geojson"])
def test_districts__query_count_constant_as_rows_grow(
    as_user, people, municipality, django_assert_num_queries, path
):
    client = as_user(people["viewer"])
    # session, user, municipality, memberships, districts
    with django_assert_num_queries(5):
        assert len(_rows(client.get(f"{BASE}{path}"))) == 26
    square = {"type": "Polygon", "coordinates": [[[16, 59], [16.1, 59], [16.1, 59.1], [16, 59]]]}
    for n in range(5):
        District.objects.create(
            municipality=municipality, code=f"ny-{n}", name=f"Ny {n}", boundary=square
        )
    client = as_user(people["viewer"])
    with django_assert_num_queries(5):
        assert len(_rows(client.get(f"{BASE}{path}"))) == 31


def _rows(response) -> list:
    body = response.json()
    return body["features"] if isinstance(body, dict) else body
