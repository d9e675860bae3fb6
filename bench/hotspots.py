"""Benchmark: the whole Gi* hot-spot analysis, Trygga's against esda's, in one process.

    .venv/bin/python bench/hotspots.py                      # 1,000,000 points, resolution 10
    .venv/bin/python bench/hotspots.py --points 10000000 --resolution 11 --no-esda
    .venv/bin/python bench/hotspots.py --cold               # numba compiles from scratch

A 40 x 40 km square municipality around Eskilstuna's centre; points are a uniform
background plus a few hundred Gaussian clusters (seeded). Shared steps, timed once and
counted in both totals: the grid (H3 cells overlapping the square), assigning the points
to cells (polars-h3, as at ingest) and counts per cell with zeros. Then:

- Trygga: k-ring weights (CSR), Gi* z, 999 conditional permutations (numba), BH FDR,
  classes;
- esda: a libpysal `Graph` built from the same neighbour lists, `G_Local(star=True,
  transform="B", permutations=999)`, the same BH FDR and classes on its `p_sim`.

Each side runs twice: the first run includes numba's compilation (esda compiles its
kernels in every process; Trygga's kernel is cached on disk after the first process, and
`--cold` points numba at an empty cache directory so it compiles here), the second is warm.
Prints the times, the ratios, the largest |z| difference and the peak RSS.
"""

import argparse
import os
import resource
import sys
import tempfile
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--points", type=int, default=1_000_000)
    parser.add_argument("--resolution", type=int, default=10)
    parser.add_argument("--k", type=int, default=1)
    parser.add_argument("--permutations", type=int, default=999)
    parser.add_argument("--side-km", type=float, default=40.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-esda", action="store_true", help="only Trygga's analysis")
    parser.add_argument("--cold", action="store_true", help="empty numba cache: compile here")
    parser.add_argument(
        "--no-early-stop", action="store_true", help="draw every permutation for every cell"
    )
    return parser.parse_args()


ARGS = parse()
if ARGS.cold:
    os.environ["NUMBA_CACHE_DIR"] = tempfile.mkdtemp(prefix="numba-cold-")

import numpy as np  # noqa: E402

from trygga.analysis.grid import (  # noqa: E402
    counts_per_cell,
    grid_for_polygon,
    kring_weights,
)
from trygga.analysis.hotspots import (  # noqa: E402
    classify,
    fdr_over_family,
    gi_star_hotspots,
)
from trygga.geography.spatial import h3_cells  # noqa: E402

LON0, LAT0 = 16.51, 59.37


def peak_rss_gb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2


def square(side_km: float) -> dict:
    dlat = side_km * 500 / 111_320
    dlon = dlat / np.cos(np.radians(LAT0))
    ring = [
        [LON0 - dlon, LAT0 - dlat],
        [LON0 + dlon, LAT0 - dlat],
        [LON0 + dlon, LAT0 + dlat],
        [LON0 - dlon, LAT0 + dlat],
        [LON0 - dlon, LAT0 - dlat],
    ]
    return {"type": "Polygon", "coordinates": [ring]}


def points(n: int, side_km: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Half uniform background, half in 300 Gaussian clusters of 50-400 m."""
    rng = np.random.default_rng(seed)
    half = side_km * 500
    background = n // 2
    x = rng.uniform(-half, half, n)
    y = rng.uniform(-half, half, n)
    centres = rng.uniform(-half * 0.9, half * 0.9, (300, 2))
    spread = rng.uniform(50, 400, 300)
    which = rng.integers(0, 300, n - background)
    x[background:] = centres[which, 0] + rng.normal(0, 1, n - background) * spread[which]
    y[background:] = centres[which, 1] + rng.normal(0, 1, n - background) * spread[which]
    np.clip(x, -half, half, out=x)
    np.clip(y, -half, half, out=y)
    lat = LAT0 + y / 111_320
    lon = LON0 + x / (111_320 * np.cos(np.radians(LAT0)))
    return lon, lat


def trygga_analysis(counts: np.ndarray, grid, args) -> tuple[dict[str, float], tuple]:
    times = {}
    started = time.perf_counter()
    weights = kring_weights(grid, args.k, include_self=True)
    times["weights"] = time.perf_counter() - started
    started = time.perf_counter()
    z, p, q, classes = gi_star_hotspots(
        counts,
        weights,
        permutations=args.permutations,
        seed=args.seed,
        early_stop=not args.no_early_stop,
    )
    times["gi*, permutations, fdr, classes"] = time.perf_counter() - started
    return times, (z, p, q, classes)


def esda_analysis(counts: np.ndarray, grid, args) -> tuple[dict[str, float], tuple]:
    import esda
    from libpysal.graph import Graph

    times = {}
    started = time.perf_counter()
    neighbours = kring_weights(grid, args.k, include_self=False)
    focal = np.repeat(np.arange(len(grid)), np.diff(neighbours.indptr))
    graph = Graph.from_arrays(focal, neighbours.indices, np.ones(neighbours.nnz))
    times["weights (libpysal Graph)"] = time.perf_counter() - started
    started = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        g = esda.G_Local(
            counts.astype(np.float64),
            graph,
            transform="B",
            star=True,
            permutations=args.permutations,
            seed=args.seed,
            keep_simulations=False,
        )
    times["G_Local"] = time.perf_counter() - started
    started = time.perf_counter()
    q, _tested = fdr_over_family(counts, g.p_sim)
    classes = classify(g.Zs, q)
    times["fdr, classes"] = time.perf_counter() - started
    return times, (g.Zs, g.p_sim, q, classes)


def show(label: str, times: dict[str, float]) -> float:
    total = sum(times.values())
    parts = ", ".join(f"{k} {v:.2f} s" for k, v in times.items())
    print(f"  {label:<34} {total:7.2f} s   ({parts})")
    return total


def main() -> None:
    args = ARGS
    print(
        f"{args.points:,} points, {args.side_km:g} x {args.side_km:g} km, H3 resolution "
        f"{args.resolution}, k = {args.k}, {args.permutations} permutations, "
        f"{os.cpu_count()} cores, numba cache: {os.environ.get('NUMBA_CACHE_DIR', '__pycache__')}, "
        f"early stop: {not args.no_early_stop}"
    )
    lon, lat = points(args.points, args.side_km, args.seed)

    shared = {}
    started = time.perf_counter()
    grid = grid_for_polygon(square(args.side_km), args.resolution)
    shared["grid"] = time.perf_counter() - started
    started = time.perf_counter()
    cells = h3_cells(lon, lat, args.resolution)
    shared["assign"] = time.perf_counter() - started
    started = time.perf_counter()
    counted = counts_per_cell(grid, cells)
    shared["counts"] = time.perf_counter() - started
    counts = counted.counts
    print(
        f"grid: {len(grid):,} cells ({np.count_nonzero(counts == 0):,} empty), "
        f"{counted.outside} points outside"
    )
    shared_total = show("shared (grid, assign, counts)", shared)

    print("Trygga:")
    first_times, _ = trygga_analysis(counts, grid, args)
    first = show("first run (numba compile or load)", first_times)
    warm_times, ours = trygga_analysis(counts, grid, args)
    warm = show("second run (warm)", warm_times)
    print(
        f"  whole analysis incl. shared: {shared_total + first:.2f} s first, "
        f"{shared_total + warm:.2f} s warm"
    )
    print(f"  peak RSS so far: {peak_rss_gb():.2f} GB")
    classes = ours[3].astype(str)
    for label in ("hot_99", "hot_95", "hot_90", "cold_90", "cold_95", "cold_99"):
        print(f"    {label}: {np.count_nonzero(classes == label):,}", end="")
    print()
    floor = 1 / (args.permutations + 1)
    print(
        f"    cells at the smallest possible p ({floor:.4f}): "
        f"{np.count_nonzero(ours[1] <= floor):,}; "
        f"tested cells: {np.count_nonzero(~np.isnan(ours[2])):,}; "
        f"smallest q: {np.nanmin(ours[2]):.3f}"
    )

    if args.no_esda:
        return
    print("esda:")
    esda_first_times, _ = esda_analysis(counts, grid, args)
    esda_first = show("first run (numba compiles)", esda_first_times)
    esda_warm_times, theirs = esda_analysis(counts, grid, args)
    esda_warm = show("second run (warm)", esda_warm_times)
    print(
        f"  whole analysis incl. shared: {shared_total + esda_first:.2f} s first, "
        f"{shared_total + esda_warm:.2f} s warm"
    )
    print("comparison:")
    print(f"  max |z - esda Zs|: {np.max(np.abs(ours[0] - theirs[0])):.2e}")
    print(f"  same class as esda: {np.mean(ours[3] == theirs[3]):.2%} of cells")
    print(f"  mean |p - esda p_sim|: {np.mean(np.abs(ours[1] - theirs[1])):.4f}")
    print(
        f"  ratio, whole analysis (shared steps in both): "
        f"first {(shared_total + esda_first) / (shared_total + first):.1f}x, "
        f"warm {(shared_total + esda_warm) / (shared_total + warm):.1f}x"
    )
    print(
        f"  ratio, the analysis after the counts: first {esda_first / first:.1f}x, "
        f"warm {esda_warm / warm:.1f}x"
    )
    print(f"peak RSS: {peak_rss_gb():.2f} GB")


if __name__ == "__main__":
    main()
