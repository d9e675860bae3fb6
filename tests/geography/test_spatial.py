"""Point assignment: vectorised results equal a point-by-point shapely check."""

import numpy as np
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import Point, shape

from tests.factories import (
    FROSLUNDA_POINT,
    NYFORS_POINT,
    STOCKHOLM_POINT,
    demo_districts,
    eskilstuna_boundary,
)
from trygga.geography.spatial import NO_DISTRICT, PointAssigner, h3_cells


@pytest.fixture(scope="module")
def assigner():
    districts = [(i + 1, f["geometry"]) for i, f in enumerate(demo_districts())]
    return PointAssigner(eskilstuna_boundary(), districts, 9)


def _names():
    return {i + 1: f["properties"]["name"] for i, f in enumerate(demo_districts())}


def test_assign__known_points__land_in_their_district(assigner):
    lon, lat = zip(NYFORS_POINT, FROSLUNDA_POINT, strict=True)
    result = assigner.assign(np.array(lon), np.array(lat))
    assert result.inside.tolist() == [True, True]
    assert [_names()[d] for d in result.district_id] == ["Nyfors", "Fröslunda"]


def test_assign__point_outside_municipality__is_not_inside_and_gets_no_district(assigner):
    result = assigner.assign(np.array([STOCKHOLM_POINT[0]]), np.array([STOCKHOLM_POINT[1]]))
    assert result.inside.tolist() == [False]
    assert result.district_id.tolist() == [NO_DISTRICT]
    assert result.cell.tolist() == [0]


@settings(max_examples=30, deadline=None)
@given(st.integers(min_value=0, max_value=2**32 - 1))
def test_assign__random_points__equal_pointwise_shapely(assigner, seed):
    rng = np.random.default_rng(seed)
    minx, miny, maxx, maxy = shape(eskilstuna_boundary()).bounds
    lon = rng.uniform(minx - 0.05, maxx + 0.05, 300)
    lat = rng.uniform(miny - 0.05, maxy + 0.05, 300)
    result = assigner.assign(lon, lat)
    boundary = shape(eskilstuna_boundary())
    geoms = {i + 1: shape(f["geometry"]) for i, f in enumerate(demo_districts())}
    for k in range(lon.size):
        point = Point(lon[k], lat[k])
        assert bool(result.inside[k]) == boundary.intersects(point)
        if result.inside[k]:
            containing = {pk for pk, g in geoms.items() if g.intersects(point)}
            # Demo districts tile the municipality; a point on a shared edge may go to either.
            assert int(result.district_id[k]) in containing


def test_districts__tile_the_whole_municipality():
    union = shapely.union_all([shape(f["geometry"]) for f in demo_districts()])
    boundary = shape(eskilstuna_boundary())
    assert boundary.difference(union).area < boundary.area * 1e-6


def test_h3_cells__equal_h3_per_point_and_reuse_repeated_coordinates():
    import h3

    lon = np.array([16.51, 16.52, 16.51, 16.53])
    lat = np.array([59.37, 59.36, 59.37, 59.38])
    cells = h3_cells(lon, lat, 9)
    expected = [
        h3.str_to_int(h3.latlng_to_cell(la, lo, 9)) for lo, la in zip(lon, lat, strict=True)
    ]
    assert cells.tolist() == expected
    assert cells[0] == cells[2]
