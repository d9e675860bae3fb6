"""Vectorised point work: which municipality, district and H3 cell a point lies in.

A bounding-box prefilter per district plus `shapely.intersects_xy` on prepared polygons
assigns a million points to districts in a fraction of a second (an STRtree query takes
about 7x longer here; see docs/benchmarks.md). H3 cells come from polars-h3, which is
vectorised; h3-py has only a per-point call.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import polars as pl
import polars_h3 as plh3
import shapely
from numpy.typing import ArrayLike
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

NO_DISTRICT = -1


def geometry_from_geojson(geojson: dict[str, Any]) -> BaseGeometry:
    """A valid shapely geometry from a GeoJSON geometry dict (invalid rings are repaired)."""
    geom = shape(geojson)
    if not geom.is_valid:
        geom = shapely.make_valid(geom)
    return geom


@dataclass(frozen=True)
class Assignment:
    inside: np.ndarray  # bool: inside the municipality
    district_id: np.ndarray  # int64: District pk, NO_DISTRICT where none contains the point
    cell: np.ndarray  # int64: H3 cell at the municipality's resolution, 0 outside


class PointAssigner:
    """Assigns points to one municipality's districts and grid cells."""

    def __init__(
        self,
        municipality_boundary: dict[str, Any],
        districts: Sequence[tuple[int, dict[str, Any]]],
        h3_resolution: int,
    ) -> None:
        self.boundary = geometry_from_geojson(municipality_boundary)
        shapely.prepare(self.boundary)
        self.resolution = h3_resolution
        self.district_ids = np.array([pk for pk, _ in districts], dtype=np.int64)
        self.district_geoms = [geometry_from_geojson(g) for _, g in districts]
        for geom in self.district_geoms:
            shapely.prepare(geom)
        self.district_bounds = np.array(
            [geom.bounds for geom in self.district_geoms], dtype=np.float64
        ).reshape(-1, 4)

    def contains(self, lon: ArrayLike, lat: ArrayLike) -> np.ndarray:
        """True where the point lies inside the municipality (its boundary counts as inside)."""
        lon = np.asarray(lon, dtype=np.float64)
        lat = np.asarray(lat, dtype=np.float64)
        minx, miny, maxx, maxy = self.boundary.bounds
        result = (lon >= minx) & (lon <= maxx) & (lat >= miny) & (lat <= maxy)
        idx = np.flatnonzero(result)
        if idx.size:
            result[idx] = shapely.intersects_xy(self.boundary, lon[idx], lat[idx])
        return result

    def districts_of(self, lon: ArrayLike, lat: ArrayLike) -> np.ndarray:
        """District pk per point (the first district that contains it), NO_DISTRICT if none."""
        lon = np.asarray(lon, dtype=np.float64)
        lat = np.asarray(lat, dtype=np.float64)
        out = np.full(lon.shape, NO_DISTRICT, dtype=np.int64)
        for pk, geom, (minx, miny, maxx, maxy) in zip(
            self.district_ids, self.district_geoms, self.district_bounds, strict=True
        ):
            candidates = np.flatnonzero(
                (out == NO_DISTRICT) & (lon >= minx) & (lon <= maxx) & (lat >= miny) & (lat <= maxy)
            )
            if candidates.size:
                hit = shapely.intersects_xy(geom, lon[candidates], lat[candidates])
                out[candidates[hit]] = pk
        return out

    def cells_of(self, lon: ArrayLike, lat: ArrayLike) -> np.ndarray:
        return h3_cells(lon, lat, self.resolution)

    def assign(self, lon: ArrayLike, lat: ArrayLike) -> Assignment:
        lon = np.asarray(lon, dtype=np.float64)
        lat = np.asarray(lat, dtype=np.float64)
        inside = self.contains(lon, lat)
        district = np.full(lon.shape, NO_DISTRICT, dtype=np.int64)
        cell = np.zeros(lon.shape, dtype=np.int64)
        idx = np.flatnonzero(inside)
        if idx.size:
            district[idx] = self.districts_of(lon[idx], lat[idx])
            cell[idx] = self.cells_of(lon[idx], lat[idx])
        return Assignment(inside=inside, district_id=district, cell=cell)


def h3_cells(lon: ArrayLike, lat: ArrayLike, resolution: int) -> np.ndarray:
    """H3 cell (as int64; H3 indexes fit in 63 bits) per point."""
    frame = pl.DataFrame(
        {"lat": np.asarray(lat, dtype=np.float64), "lng": np.asarray(lon, dtype=np.float64)}
    )
    cells = frame.select(
        plh3.latlng_to_cell("lat", "lng", resolution, return_dtype=pl.UInt64)
    ).to_series()
    return cells.to_numpy().astype(np.int64)
