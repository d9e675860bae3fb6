"""Benchmark: assigning points to the 26 demo districts of Eskilstuna.

    .venv/bin/python bench/assign.py --points 1000000

Times `PointAssigner.districts_of` (bounding-box prefilter plus shapely.intersects_xy on
prepared polygons) and, in the same run on the same points, the STRtree baseline
(`STRtree(polygons).query(points, predicate="intersects")`), and checks that both give the
same district for every point. Also times the full `assign` (municipality test, district,
H3 cell). No database is used.
"""

import argparse
import json
import time
from pathlib import Path

import numpy as np
import shapely
from shapely import STRtree

from trygga.geography.spatial import NO_DISTRICT, PointAssigner, geometry_from_geojson

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "data"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--points", type=int, default=1_000_000)
    args = parser.parse_args()

    boundary = json.loads(
        (SHARED / "geography/eskilstuna_municipality_0484_okfse.geojson").read_text()
    )["features"][0]["geometry"]
    features = json.loads(
        (ROOT / "trygga/demo/data/eskilstuna_districts_approximate.geojson").read_text()
    )["features"]
    districts = [(pk, f["geometry"]) for pk, f in enumerate(features, start=1)]
    assigner = PointAssigner(boundary, districts, 9)

    rng = np.random.default_rng(1)
    minx, miny, maxx, maxy = geometry_from_geojson(boundary).bounds
    lon = rng.uniform(minx, maxx, args.points)
    lat = rng.uniform(miny, maxy, args.points)
    print(
        f"{args.points:,} points uniform in Eskilstuna's bounding box, {len(districts)} districts"
    )

    started = time.perf_counter()
    ours = assigner.districts_of(lon, lat)
    ours_seconds = time.perf_counter() - started

    polygons = [geometry_from_geojson(g) for _, g in districts]
    started = time.perf_counter()
    tree = STRtree(polygons)
    point_idx, poly_idx = tree.query(shapely.points(lon, lat), predicate="intersects")
    tree_seconds = time.perf_counter() - started
    baseline = np.full(args.points, NO_DISTRICT, dtype=np.int64)
    # Where polygons touch, the first district in order wins, as in PointAssigner.
    order = np.lexsort((poly_idx, point_idx))
    point_idx, poly_idx = point_idx[order], poly_idx[order]
    first = np.unique(point_idx, return_index=True)[1]
    baseline[point_idx[first]] = assigner.district_ids[poly_idx[first]]

    started = time.perf_counter()
    assigner.assign(lon, lat)
    full_seconds = time.perf_counter() - started

    agree = np.mean(ours == baseline)
    print(f"PointAssigner.districts_of: {ours_seconds:6.2f} s")
    print(
        f"STRtree query baseline:     {tree_seconds:6.2f} s  ({tree_seconds / ours_seconds:.1f}x)"
    )
    print(f"PointAssigner.assign (municipality + district + H3): {full_seconds:6.2f} s")
    print(f"same district for {agree:.4%} of points")


if __name__ == "__main__":
    main()
