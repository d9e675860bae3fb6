"""The H3 grid over a municipality: its cells, event counts per cell and k-ring neighbours.

The grid is every H3 cell at one resolution that overlaps the municipality polygon, so a
point anywhere inside the municipality falls in a grid cell, and cells without events are
part of the grid with a count of zero (a hot-spot statistic that saw only the occupied
cells would compare busy places with busy places and miss the quiet background).

Cells are H3 indexes as int64 (they fit in 63 bits), sorted, so a cell's position in the
grid is found with `np.searchsorted`.
"""

from dataclasses import dataclass
from typing import Any

import h3
import numpy as np
import polars as pl
import polars_h3 as plh3
import scipy.sparse as sp
from h3.api import numpy_int as h3_int
from numpy.typing import ArrayLike

NOT_IN_GRID = -1


@dataclass(frozen=True)
class Grid:
    """The H3 cells of one area at one resolution, sorted ascending (int64)."""

    resolution: int
    cells: np.ndarray

    def __len__(self) -> int:
        return int(self.cells.size)

    def index_of(self, cells: ArrayLike) -> np.ndarray:
        """Position of each cell in the grid (int64), NOT_IN_GRID where it is not a grid cell."""
        cells = np.asarray(cells, dtype=np.int64)
        idx = np.searchsorted(self.cells, cells)
        idx_clipped = np.minimum(idx, max(self.cells.size - 1, 0))
        found = (idx < self.cells.size) & (self.cells[idx_clipped] == cells)
        return np.where(found, idx, NOT_IN_GRID).astype(np.int64)

    def cell_strings(self) -> list[str]:
        """The cells as H3 index strings ("8a1f...")."""
        return cell_strings(self.cells)


@dataclass(frozen=True)
class CellCounts:
    """Events per grid cell, zeros included, and how many events fell outside the grid."""

    grid: Grid
    counts: np.ndarray  # int64, one per grid cell, in grid order
    outside: int  # events whose cell is not a grid cell (outside the municipality)


def cell_strings(cells: ArrayLike) -> list[str]:
    """H3 index strings for int64 cells (vectorised through polars-h3)."""
    series = pl.Series("cell", np.asarray(cells, dtype=np.int64).astype(np.uint64))
    return pl.DataFrame({"cell": series}).select(plh3.int_to_str("cell")).to_series().to_list()


def grid_from_cells(cells: ArrayLike, resolution: int) -> Grid:
    """A grid made of the given cells (duplicates removed, sorted)."""
    # Sort and drop repeats by hand: np.unique hashes in numpy 2 and is ~6x slower here.
    ordered = np.sort(np.asarray(cells, dtype=np.int64))
    keep = np.ones(ordered.size, dtype=bool)
    keep[1:] = ordered[1:] != ordered[:-1]
    return Grid(resolution=resolution, cells=ordered[keep])


def _boundary_rings(geojson: dict[str, Any]) -> list[np.ndarray]:
    if geojson["type"] == "Polygon":
        polygons = [geojson["coordinates"]]
    elif geojson["type"] == "MultiPolygon":
        polygons = geojson["coordinates"]
    else:
        raise ValueError(f"expected a Polygon or MultiPolygon, got {geojson['type']}")
    return [np.asarray(ring, dtype=np.float64)[:, :2] for poly in polygons for ring in poly]


def _densify(ring: np.ndarray, step_degrees: float) -> tuple[np.ndarray, np.ndarray]:
    """Points along a closed lon/lat ring, no further apart than step_degrees."""
    start, end = ring[:-1], ring[1:]
    lengths = np.hypot(*(end - start).T)
    pieces = np.maximum(np.ceil(lengths / step_degrees).astype(np.int64), 1)
    seg = np.repeat(np.arange(start.shape[0]), pieces)
    offsets = np.arange(seg.size) - np.repeat(np.cumsum(pieces) - pieces, pieces)
    frac = offsets / pieces[seg]
    points = start[seg] + (end[seg] - start[seg]) * frac[:, None]
    points = np.vstack([points, ring[-1:]])
    return points[:, 0], points[:, 1]


def grid_for_polygon(geojson: dict[str, Any], resolution: int) -> Grid:
    """Every H3 cell at `resolution` that overlaps the (Multi)Polygon, as a sorted Grid.

    H3's polygon-to-cells in "overlap" mode, plus the cells of points densified along the
    boundary (a guard for cells that only touch the boundary in a corner, where H3's
    straight lon/lat cell edges and its true cell shapes can differ by centimetres).
    """
    shape = h3.geo_to_h3shape(geojson)
    overlap = h3_int.h3shape_to_cells_experimental(shape, resolution, contain="overlap")
    # A quarter of the edge length in degrees of latitude (the finer of the two axes).
    step = h3.average_hexagon_edge_length(resolution, unit="m") / 4 / 111_320
    boundary_cells = []
    for ring in _boundary_rings(geojson):
        lon, lat = _densify(ring, step)
        frame = pl.DataFrame({"lat": lat, "lng": lon})
        boundary_cells.append(
            frame.select(plh3.latlng_to_cell("lat", "lng", resolution, return_dtype=pl.UInt64))
            .to_series()
            .to_numpy()
        )
    cells = np.concatenate([np.asarray(overlap, dtype=np.uint64), *boundary_cells])
    return grid_from_cells(cells.astype(np.int64), resolution)


def counts_per_cell(grid: Grid, event_cells: ArrayLike) -> CellCounts:
    """Events per grid cell (zeros for empty cells); events outside the grid are counted apart."""
    # Sort, count runs, then place the (few) distinct cells: 3x faster than looking up
    # every event in the grid, and the result does not depend on the events' order.
    ordered = np.sort(np.asarray(event_cells, dtype=np.int64))
    counts = np.zeros(len(grid), dtype=np.int64)
    if ordered.size == 0:
        return CellCounts(grid=grid, counts=counts, outside=0)
    starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
    runs = np.diff(np.r_[starts, ordered.size])
    idx = grid.index_of(ordered[starts])
    inside = idx != NOT_IN_GRID
    counts[idx[inside]] = runs[inside]
    return CellCounts(grid=grid, counts=counts, outside=int(runs[~inside].sum()))


def kring_weights(grid: Grid, k: int = 1, *, include_self: bool = True) -> sp.csr_matrix:
    """Binary k-ring neighbour weights over the grid as a CSR matrix (n x n, float64).

    Row i has a 1 for every grid cell within k steps of cell i (including cell i itself
    when `include_self`, as Gi* needs). Neighbours outside the grid are dropped, so cells on
    the municipality's edge have fewer neighbours.
    """
    if k < 0:
        raise ValueError("k must be >= 0")
    n = len(grid)
    if n == 0:
        return sp.csr_matrix((0, 0), dtype=np.float64)
    frame = pl.DataFrame({"cell": grid.cells.astype(np.uint64)})
    disks = frame.select(plh3.grid_disk("cell", k).alias("disk")).to_series()
    lengths = disks.list.len().fill_null(0).to_numpy().astype(np.int64)
    neighbours = disks.explode().drop_nulls().to_numpy().astype(np.int64)
    rows = np.repeat(np.arange(n, dtype=np.int64), lengths)
    cols = grid.index_of(neighbours)
    keep = cols != NOT_IN_GRID
    if not include_self:
        keep &= cols != rows
    rows, cols = rows[keep], cols[keep]
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(rows, minlength=n), out=indptr[1:])
    weights = sp.csr_matrix((np.ones(cols.size, dtype=np.float64), cols, indptr), shape=(n, n))
    weights.sum_duplicates()
    weights.sort_indices()
    return weights
