"""The H3 grid: it covers every point of the municipality, counts keep empty cells, and the
k-ring weights are the H3 neighbours inside the grid."""

import h3
import numpy as np
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import shape

from tests.analysis.shapes import LAT0, LON0, square
from trygga.analysis.grid import (
    NOT_IN_GRID,
    counts_per_cell,
    grid_for_polygon,
    grid_from_cells,
    kring_weights,
)
from trygga.geography.spatial import h3_cells


def jagged_polygon() -> dict:
    """A non-convex polygon with a hole and thin spikes narrower than a resolution-9 cell."""
    angles = np.linspace(0, 2 * np.pi, 41)[:-1]
    radius = np.where(np.arange(40) % 2 == 0, 0.02, 0.006)
    outer = [
        [LON0 + r * np.cos(a) * 2, LAT0 + r * np.sin(a)]
        for r, a in zip(radius, angles, strict=True)
    ]
    outer.append(outer[0])
    hole = [
        [LON0 - 0.002, LAT0 - 0.001],
        [LON0 + 0.002, LAT0 - 0.001],
        [LON0 + 0.002, LAT0 + 0.001],
        [LON0 - 0.002, LAT0 + 0.001],
        [LON0 - 0.002, LAT0 - 0.001],
    ]
    return {"type": "Polygon", "coordinates": [outer, hole[::-1]]}


@pytest.mark.parametrize("resolution", [8, 9, 10])
def test_grid_for_polygon__covers_every_point_inside_and_on_the_boundary(resolution):
    geojson = jagged_polygon()
    polygon = shape(geojson)
    grid = grid_for_polygon(geojson, resolution)
    rng = np.random.default_rng(resolution)
    minx, miny, maxx, maxy = polygon.bounds
    lon = rng.uniform(minx, maxx, 200_000)
    lat = rng.uniform(miny, maxy, 200_000)
    inside = shapely.contains_xy(polygon, lon, lat)
    boundary = shapely.get_coordinates(
        shapely.segmentize(polygon.boundary, max_segment_length=1e-5)
    )
    lon = np.concatenate([lon[inside], boundary[:, 0]])
    lat = np.concatenate([lat[inside], boundary[:, 1]])
    assert np.all(grid.index_of(h3_cells(lon, lat, resolution)) != NOT_IN_GRID)


def test_grid_for_polygon__cells_are_sorted_unique_and_overlap_the_polygon():
    geojson = square(1500)
    grid = grid_for_polygon(geojson, 9)
    assert np.all(np.diff(grid.cells) > 0)
    polygon = shape(geojson)
    cell_polygons = [
        shapely.Polygon([(lng, lat) for lat, lng in h3.cell_to_boundary(c)])
        for c in grid.cell_strings()
    ]
    # Overlap, allowing for H3's curved true edges against straight lon/lat edges.
    assert all(p.distance(polygon) < 1e-6 for p in cell_polygons)
    centres_inside = h3.h3shape_to_cells(h3.geo_to_h3shape(geojson), 9)
    assert set(centres_inside) <= set(grid.cell_strings())


def test_counts_per_cell__empty_cells_are_included_with_zero():
    grid = grid_for_polygon(square(1500), 9)
    rng = np.random.default_rng(3)
    events = rng.choice(grid.cells[:10], size=50)
    outside = np.array([h3.str_to_int(h3.latlng_to_cell(LAT0 + 1, LON0, 9))])
    counted = counts_per_cell(grid, np.concatenate([events, outside]))
    assert counted.counts.shape == (len(grid),)
    assert counted.counts.sum() == 50
    assert counted.outside == 1
    assert np.count_nonzero(counted.counts == 0) == len(grid) - np.unique(events).size
    for cell in np.unique(events):
        assert counted.counts[grid.index_of([cell])[0]] == np.count_nonzero(events == cell)


@settings(max_examples=25, deadline=None)
@given(st.randoms(use_true_random=False))
def test_counts_per_cell__do_not_depend_on_event_order(random):
    grid = grid_for_polygon(square(800), 9)
    events = list(np.random.default_rng(1).choice(grid.cells, size=300))
    shuffled = events.copy()
    random.shuffle(shuffled)
    assert np.array_equal(
        counts_per_cell(grid, events).counts, counts_per_cell(grid, shuffled).counts
    )


@pytest.mark.parametrize(("k", "interior"), [(1, 7), (2, 19)])
def test_kring_weights__binary_symmetric_with_self_and_h3_neighbours(k, interior):
    grid = grid_for_polygon(square(1500), 9)
    w = kring_weights(grid, k, include_self=True)
    assert w.shape == (len(grid), len(grid))
    assert set(np.unique(w.data)) == {1.0}
    assert (w != w.T).nnz == 0
    assert np.all(w.diagonal() == 1)
    assert w.sum(axis=1).max() == interior
    strings = grid.cell_strings()
    for i in (0, len(grid) // 2, len(grid) - 1):
        expected = {c for c in h3.grid_disk(strings[i], k) if c in set(strings)}
        got = {strings[j] for j in w.indices[w.indptr[i] : w.indptr[i + 1]]}
        assert got == expected


def test_kring_weights__without_self_and_neighbours_outside_dropped():
    centre = h3.latlng_to_cell(LAT0, LON0, 9)
    neighbour = next(c for c in h3.grid_ring(centre, 1))
    grid = grid_from_cells([h3.str_to_int(centre), h3.str_to_int(neighbour)], 9)
    w = kring_weights(grid, 1, include_self=False)
    assert w.toarray().tolist() == [[0.0, 1.0], [1.0, 0.0]]
    assert kring_weights(grid, 1).toarray().tolist() == [[1.0, 1.0], [1.0, 1.0]]


def test_grid_for_polygon__covers_eskilstuna_and_multipolygons():
    from tests.factories import eskilstuna_boundary

    geojson = eskilstuna_boundary()
    polygon = shape(geojson)
    grid = grid_for_polygon(geojson, 8)
    rng = np.random.default_rng(8)
    minx, miny, maxx, maxy = polygon.bounds
    lon = rng.uniform(minx, maxx, 100_000)
    lat = rng.uniform(miny, maxy, 100_000)
    inside = shapely.contains_xy(polygon, lon, lat)
    assert np.all(grid.index_of(h3_cells(lon[inside], lat[inside], 8)) != NOT_IN_GRID)

    first = square(700)
    second = {
        "type": "Polygon",
        "coordinates": [[[x + 0.1, y] for x, y in first["coordinates"][0]]],
    }
    both = {"type": "MultiPolygon", "coordinates": [first["coordinates"], second["coordinates"]]}
    union = np.union1d(grid_for_polygon(first, 9).cells, grid_for_polygon(second, 9).cells)
    assert np.array_equal(grid_for_polygon(both, 9).cells, union)
