"""The map's data: points as points, area-precision events only as counts per area, the
districts as GeoJSON with their approximate flag, and query counts that do not grow."""

import pytest
from django.urls import reverse

from tests.factories import EventFactory

EVENTS_URL = reverse("web:map_events", kwargs={"code": "0484"})
DISTRICTS_URL = reverse("web:map_districts", kwargs={"code": "0484"})
MAP_URL = reverse("web:map", kwargs={"code": "0484"})


@pytest.fixture
def coordinator_client(client, people):
    client.force_login(people["coordinator"])
    return client


def test_map_data__area_events_are_counted_never_points(coordinator_client, events):
    data = coordinator_client.get(EVENTS_URL).json()
    point_ids = {p["id"] for p in data["points"]}
    assert events["police_1"].pk not in point_ids
    assert events["police_2"].pk not in point_ids
    assert events["nyfors_vandalism"].pk in point_ids
    assert data["areaCount"] == 2
    assert data["areas"] == [{"label": "Eskilstuna kommun (område)", "count": 2}]
    point = next(p for p in data["points"] if p["id"] == events["nyfors_vandalism"].pk)
    assert point["district"] == "Nyfors"
    assert point["url"] == f"/0484/handelser/{events['nyfors_vandalism'].pk}/"


def test_map_data__follows_the_filters(coordinator_client, events, districts):
    data = coordinator_client.get(EVENTS_URL, {"district": districts["Fröslunda"].pk}).json()
    assert {p["id"] for p in data["points"]} == {
        events["froslunda_fire"].pk,
        events["restricted"].pk,
    }
    assert data["areaCount"] == 0


def test_map_data__invalid_filters_are_a_400(coordinator_client, events):
    response = coordinator_client.get(EVENTS_URL, {"date_from": "inte ett datum"})
    assert response.status_code == 400


def test_map_data__viewer_does_not_get_restricted_points(client, people, events):
    client.force_login(people["viewer"])
    ids = {p["id"] for p in client.get(EVENTS_URL).json()["points"]}
    assert events["restricted"].pk not in ids


def test_districts_geojson__outline_and_districts_with_flags(coordinator_client, districts):
    data = coordinator_client.get(DISTRICTS_URL).json()
    kinds = [f["properties"]["kind"] for f in data["features"]]
    assert kinds[0] == "municipality"
    assert kinds.count("district") == len(districts)
    nyfors = next(f for f in data["features"] if f["properties"].get("name") == "Nyfors")
    assert nyfors["properties"]["priority"] is True
    assert nyfors["properties"]["approximate"] is True


def test_map_page__says_boundaries_are_approximate_and_has_no_inline_code(coordinator_client):
    body = coordinator_client.get(MAP_URL).content.decode()
    assert 'id="approximate-note"' in body
    assert "Gränserna är ungefärliga" in body
    scripts = [chunk for chunk in body.split("<script")[1:]]
    for chunk in scripts:
        assert 'src="' in chunk.split(">")[0] or 'type="application/json"' in chunk.split(">")[0]


def test_map_page__no_tile_layer_unless_configured(coordinator_client, settings):
    body = coordinator_client.get(MAP_URL).content.decode()
    assert '"tileUrl": ""' in body
    settings.MAP_TILE_URL = "https://tiles.example/{z}/{x}/{y}.png"
    body = coordinator_client.get(MAP_URL).content.decode()
    assert "tiles.example" in body


@pytest.mark.parametrize("rows", [3, 60])
def test_map_data__query_count_does_not_grow_with_rows(
    client, people, municipality, categories, django_assert_num_queries, rows
):
    EventFactory.create_batch(rows, municipality=municipality, category=categories["fire"])
    EventFactory.create_batch(
        rows,
        municipality=municipality,
        category=categories["violence"],
        precision="area",
        area_level="municipality",
        area_name="Eskilstuna",
    )
    client.force_login(people["coordinator"])
    # session, user, municipality, memberships, the rows, and the read's one audit row.
    with django_assert_num_queries(6):
        response = client.get(EVENTS_URL)
    assert len(response.json()["points"]) == rows


def test_districts_geojson__query_count(client, people, django_assert_num_queries):
    client.force_login(people["coordinator"])
    with django_assert_num_queries(5):
        assert client.get(DISTRICTS_URL).status_code == 200
