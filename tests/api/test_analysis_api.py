"""GET .../analysis/{counts,rates,change,patterns,hotspots,repeats}/: numbers of the hand-made
data set (tests/events/test_statistics.py), visibility, parameters, errors, query counts."""

import pytest
from h3.api import basic_str as h3_str

from tests.api.problems import assert_problem, field_errors
from tests.events.test_statistics import make_analysis_events
from trygga.analysis.grid import grid_for_polygon

BASE = "/api/v1/municipalities/0484/analysis/"


@pytest.fixture
def analysis_events(municipality, organisations):
    return make_analysis_events(municipality, organisations)


def _ok(response) -> dict:
    assert response.status_code == 200, response.content
    return response.json()


def test_counts__by_week_and_district(as_user, people, analysis_events):
    body = _ok(as_user(people["coordinator"]).get(f"{BASE}counts/", {"by": "period,district"}))
    assert body["rows"] == [
        {"period": "2025-W11", "district": "centrum", "count": 1, "signal": 0},
        {"period": "2025-W11", "district": "fröslunda", "count": 2, "signal": 0},
        {"period": "2025-W11", "district": "nyfors", "count": 4, "signal": 0},
        {"period": "2025-W11", "district": None, "count": 0, "signal": 2},
        {"period": "2025-W12", "district": "centrum", "count": 2, "signal": 0},
        {"period": "2025-W12", "district": "nyfors", "count": 1, "signal": 0},
    ]
    assert body["parameters"]["period"] == "week"
    assert body["parameters"]["municipality"] == "0484"


def test_counts__restricted_event_of_another_organisation__reporter_does_not_count_it(
    as_user, people, analysis_events
):
    params = {"by": "district", "category": "graffiti", "to": "2025-03-16"}
    coordinator = _ok(as_user(people["coordinator"]).get(f"{BASE}counts/", params))
    reporter = _ok(as_user(people["reporter"]).get(f"{BASE}counts/", params))
    assert {r["district"]: r["count"] for r in coordinator["rows"]} == {"centrum": 1, "nyfors": 1}
    assert {r["district"]: r["count"] for r in reporter["rows"]} == {"nyfors": 1}


def test_counts__query_count_does_not_grow_with_events(
    as_user, people, municipality, organisations, analysis_events, django_assert_max_num_queries
):
    client = as_user(people["coordinator"])
    for _ in range(5):
        make_analysis_events(municipality, organisations)
    # session and user, municipality and membership, police sources, GROUP BY, codes
    with django_assert_max_num_queries(9):
        body = _ok(client.get(f"{BASE}counts/"))
    assert sum(r["count"] for r in body["rows"]) == 60


def test_rates__per_1000_and_police_signal(as_user, people, analysis_events):
    body = _ok(as_user(people["viewer"]).get(f"{BASE}rates/", {"to": "2025-03-16"}))
    nyfors = next(r for r in body["rows"] if r["district"] == "nyfors" and r["measure"] == "rate")
    assert nyfors["count"] == 4
    assert nyfors["is_priority"] is True
    assert nyfors["population"] == 5300
    assert nyfors["rate"] == pytest.approx(4 / 5300 * 1000)
    signal = [r for r in body["rows"] if r["measure"] == "signal"]
    assert next(r for r in signal if r["kind"] == "total")["count"] == 2
    assert all(r["rate"] is None for r in signal)
    assert body["parameters"]["per"] == 1000.0


def test_rates__by_category_names_the_group_in_every_row(as_user, people, analysis_events):
    body = _ok(as_user(people["viewer"]).get(f"{BASE}rates/", {"by": "category"}))
    assert body["parameters"]["by"] == "category"
    categories = {r["category"] for r in body["rows"]}
    assert len(categories) > 1
    for category in categories:
        rows = [r for r in body["rows"] if r["category"] == category and r["measure"] == "rate"]
        total = next(r for r in rows if r["kind"] == "total")
        assert total["count"] == sum(r["count"] for r in rows if r["kind"] == "district")
    problem = as_user(people["viewer"]).get(f"{BASE}rates/", {"by": "district"})
    assert problem.status_code == 400
    assert "by" in str(problem.json())


def test_change__previous_week(as_user, people, analysis_events):
    params = {"at": "2025-03-18", "baseline": "previous", "n": 1}
    body = _ok(as_user(people["coordinator"]).get(f"{BASE}change/", params))
    rows = {(r["district"], r["category"]): r for r in body["rows"]}
    assert (
        rows[("nyfors", "vandalism")]["observed"],
        rows[("nyfors", "vandalism")]["baseline"],
    ) == (
        1,
        3,
    )
    assert body["parameters"]["baseline_periods"] == ["2025-W11"]
    assert body["parameters"]["fdr_method"] == "benjamini-hochberg"


def test_change__no_baseline_data__400_names_baseline(as_user, people, analysis_events):
    response = as_user(people["coordinator"]).get(f"{BASE}change/", {"at": "2025-03-18"})
    assert field_errors(response) == {"baseline": ["invalid"]}


def test_patterns__monday_first_local_hours(as_user, people, analysis_events):
    body = _ok(as_user(people["coordinator"]).get(f"{BASE}patterns/"))
    assert body["rows"][0]["weekday"] == "mån"
    assert body["rows"][0]["21"] == 2
    assert body["parameters"]["zone"] == "Europe/Stockholm"


def test_hotspots__every_grid_cell_with_parameters(as_user, people, municipality, analysis_events):
    params = {"resolution": 7, "k": 1, "permutations": 99, "seed": 5}
    body = _ok(as_user(people["coordinator"]).get(f"{BASE}hotspots/", params))
    assert len(body["rows"]) == len(grid_for_polygon(municipality.boundary, 7))
    assert all(h3_str.get_resolution(r["cell"]) == 7 for r in body["rows"])
    assert sum(r["count"] for r in body["rows"]) == 10
    assert {k: body["parameters"][k] for k in ("resolution", "k", "permutations", "seed")} == params


def test_hotspots__geojson_features_are_h3_hexagons(as_user, people, analysis_events):
    response = as_user(people["coordinator"]).get(
        f"{BASE}hotspots/", {"resolution": 7, "p_method": "analytic", "format": "geojson"}
    )
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("application/geo+json")
    body = response.json()
    assert body["type"] == "FeatureCollection"
    assert body["parameters"]["resolution"] == 7
    feature = body["features"][0]
    ring = feature["geometry"]["coordinates"][0]
    assert feature["geometry"]["type"] == "Polygon"
    assert ring[0] == ring[-1]
    assert len(ring) == 7  # a hexagon, closed (pentagons are rare and not in Sweden)
    assert feature["id"] == feature["properties"]["cell"]


def test_repeats__places_and_knox(as_user, people, analysis_events):
    body = _ok(as_user(people["coordinator"]).get(f"{BASE}repeats/", {"permutations": 99}))
    assert [r["count"] for r in body["rows"]] == [5, 3, 2]
    assert sum(r["observed"] for r in body["knox"]) == 14


@pytest.mark.parametrize(
    ("path", "params", "field"),
    [
        ("counts/", {"period": "day"}, "period"),
        ("counts/", {"by": "weekday"}, "by"),
        ("counts/", {"category": "finns-inte"}, "category"),
        ("counts/", {"district": "finns-inte"}, "district"),
        ("counts/", {"source": "finns-inte"}, "source"),
        ("counts/", {"from": "2025-03-02", "to": "2025-03-01"}, "to"),
        ("rates/", {"from": "igår"}, "from"),
        ("hotspots/", {"permutations": 10_000}, "permutations"),
        ("hotspots/", {"resolution": 12}, "resolution"),
        ("hotspots/", {"k": 0}, "k"),
        ("change/", {"n": 0}, "n"),
        ("repeats/", {"min_events": 1}, "min_events"),
    ],
)
def test_analysis__bad_parameter__400_names_it(as_user, people, municipality, path, params, field):
    response = as_user(people["coordinator"]).get(BASE + path, params)
    assert set(field_errors(response)) == {field}


@pytest.mark.parametrize(
    "path", ["counts/", "rates/", "change/", "patterns/", "hotspots/", "repeats/"]
)
def test_analysis__non_member__404_member__200(as_user, people, outsider, analysis_events, path):
    params = {"at": "2025-03-18", "baseline": "previous", "n": 1, "permutations": 99}
    params |= {"resolution": 6}
    assert as_user(people["viewer"]).get(BASE + path, params).status_code == 200
    assert_problem(as_user(outsider).get(BASE + path, params), 404, "not_found")


def test_analysis__anonymous__refused(api, municipality):
    response = api.get(f"{BASE}counts/")
    assert response.status_code in (401, 403)


@pytest.mark.parametrize("path", ["counts/", "rates/", "patterns/", "hotspots/", "repeats/"])
def test_analysis__no_events__200_with_empty_or_zero_rows(as_user, people, path):
    params = {"resolution": 6, "permutations": 99}
    body = _ok(as_user(people["coordinator"]).get(BASE + path, params))
    assert "parameters" in body
