"""Repeat places and near-repeat victimisation (the Knox test).

Repeat places: places (H3 cells, or points rounded to a few metres) with at least N events
in a window, with their counts and first and last times.

Near-repeat: after a burglary or an act of vandalism, is the risk raised nearby for a
while? The Knox test counts pairs of events that are close both in space (within d metres)
and in time (within t days), over a table of distance and time bands, and compares each
count with what the same places and the same times give when the times are shuffled among
the events (Monte Carlo, seeded). Shuffling keeps the spatial pattern (where events happen
at all) and the temporal pattern (when they happen at all) and breaks only their link.

Pairs within the largest distance come from a KD-tree (scipy.spatial.cKDTree); each
permutation then only re-reads the pairs' times, in a compiled loop (numba).
"""

from dataclasses import dataclass
from typing import Any

import numba
import numpy as np
from numpy.typing import ArrayLike
from scipy import stats
from scipy.spatial import cKDTree

from trygga.analysis.density import LocalFrame

SECONDS_PER_DAY = 86_400.0


# --------------------------------------------------------------------------- repeat places
@dataclass(frozen=True)
class RepeatPlaces:
    """Places with at least `min_events` events, most events first."""

    keys: np.ndarray  # int64: the H3 cell, or the rounded point's key
    counts: np.ndarray  # int64
    first: np.ndarray  # datetime64[s] of the first event at the place
    last: np.ndarray  # datetime64[s] of the last event
    lon: np.ndarray | None  # rounded points only: the centre of the rounding square
    lat: np.ndarray | None
    min_events: int
    window: tuple[str, str] | None  # ISO dates, [from, to), or None for all events
    place: str  # "h3 cell, resolution R" or "point rounded to M m"
    categories: tuple[str, ...] = ()

    def records(self) -> list[dict[str, Any]]:
        out = []
        for i in range(self.keys.size):
            record: dict[str, Any] = {
                "key": int(self.keys[i]),
                "count": int(self.counts[i]),
                "first": str(self.first[i]),
                "last": str(self.last[i]),
            }
            if self.lon is not None and self.lat is not None:
                record["lon"] = float(self.lon[i])
                record["lat"] = float(self.lat[i])
            out.append(record)
        return out


def _as_seconds(times: ArrayLike) -> np.ndarray:
    """datetime64 of any unit as datetime64[s]."""
    array = np.asarray(times)
    if not np.issubdtype(array.dtype, np.datetime64):
        raise TypeError("times must be numpy datetime64 (UTC)")
    return array.astype("datetime64[s]")


def _in_window(times: np.ndarray, window: tuple[str, str] | None) -> np.ndarray:
    if window is None:
        return np.ones(times.shape, dtype=bool)
    start, end = (np.datetime64(w, "s") for w in window)
    return (times >= start) & (times < end)


def repeat_places(
    keys: ArrayLike,
    times: ArrayLike,
    *,
    min_events: int = 2,
    window: tuple[str, str] | None = None,
    place: str = "key",
    categories: tuple[str, ...] = (),
) -> RepeatPlaces:
    """Places (any int64 key, e.g. H3 cells) with at least `min_events` events in `window`."""
    all_keys = np.asarray(keys, dtype=np.int64)
    all_seconds = _as_seconds(times)
    chosen = _in_window(all_seconds, window)
    order = np.lexsort((all_seconds[chosen], all_keys[chosen]))
    keys_sorted = all_keys[chosen][order]
    seconds = all_seconds[chosen][order]
    if keys_sorted.size == 0:
        empty = np.zeros(0, dtype=np.int64)
        no_times = np.zeros(0, dtype="datetime64[s]")
        return RepeatPlaces(
            empty, empty, no_times, no_times, None, None, min_events, window, place, categories
        )
    starts = np.flatnonzero(np.r_[True, keys_sorted[1:] != keys_sorted[:-1]])
    ends = np.r_[starts[1:], keys_sorted.size]
    counts = ends - starts
    keep = counts >= min_events
    starts, ends, counts = starts[keep], ends[keep], counts[keep]
    rank = np.lexsort((keys_sorted[starts], -counts))  # most events first, then by key
    starts, ends, counts = starts[rank], ends[rank], counts[rank]
    return RepeatPlaces(
        keys=keys_sorted[starts],
        counts=counts.astype(np.int64),
        first=seconds[starts],
        last=seconds[ends - 1],
        lon=None,
        lat=None,
        min_events=min_events,
        window=window,
        place=place,
        categories=tuple(categories),
    )


def repeat_points(
    lon: ArrayLike,
    lat: ArrayLike,
    times: ArrayLike,
    *,
    metres: float = 25.0,
    min_events: int = 2,
    window: tuple[str, str] | None = None,
    categories: tuple[str, ...] = (),
    origin: tuple[float, float] | None = None,
) -> RepeatPlaces:
    """Repeat places as points rounded to squares of `metres` in a local metre frame.

    `origin` (lon, lat) fixes the squares, e.g. at the municipality's centre, so that two
    reports over different events use the same squares.
    """
    lon = np.asarray(lon, dtype=np.float64)
    lat = np.asarray(lat, dtype=np.float64)
    if origin is None:
        # Rounded, so the squares stay put unless the events' centre moves by about a km.
        origin = (
            (float(np.round(lon.mean(), 2)), float(np.round(lat.mean(), 2))) if lon.size else (0, 0)
        )
    frame = LocalFrame(lon0=origin[0], lat0=origin[1])
    x, y = frame.to_metres(lon, lat)
    ix = np.floor(x / metres).astype(np.int64)
    iy = np.floor(y / metres).astype(np.int64)
    keys = (ix + (1 << 31)) * (1 << 32) + (iy + (1 << 31))
    found = repeat_places(
        keys,
        times,
        min_events=min_events,
        window=window,
        place=f"point rounded to {metres:g} m",
        categories=categories,
    )
    cx = ((found.keys >> 32) - (1 << 31) + 0.5) * metres
    cy = ((found.keys & 0xFFFFFFFF) - (1 << 31) + 0.5) * metres
    centre_lon, centre_lat = frame.to_lonlat(cx, cy)
    return RepeatPlaces(
        keys=found.keys,
        counts=found.counts,
        first=found.first,
        last=found.last,
        lon=centre_lon,
        lat=centre_lat,
        min_events=min_events,
        window=window,
        place=found.place,
        categories=found.categories,
    )


# --------------------------------------------------------------------------- Knox test
@dataclass(frozen=True)
class KnoxResult:
    """Pairs of events per (distance band, time band), observed against time-shuffled.

    Band i of distance is (edges[i], edges[i + 1]] metres, the first band including 0;
    likewise for time in days. Edges (0, 0, 100, ...) make a "same place" band.
    """

    distance_edges: np.ndarray  # metres
    time_edges: np.ndarray  # days
    observed: np.ndarray  # int64 (distance bands, time bands)
    expected: np.ndarray  # mean over the permutations
    ratio: np.ndarray  # observed / expected (the Knox ratio); nan where expected is 0
    p: np.ndarray  # one-sided Monte Carlo p for "more pairs than chance"
    q: np.ndarray  # Benjamini-Hochberg over the table's cells
    permutations: int
    seed: int
    events: int
    window: tuple[str, str] | None = None
    categories: tuple[str, ...] = ()

    def table(self) -> list[dict[str, Any]]:
        rows = []
        for a in range(self.observed.shape[0]):
            for b in range(self.observed.shape[1]):
                rows.append(
                    {
                        "distance_from_m": float(self.distance_edges[a]),
                        "distance_to_m": float(self.distance_edges[a + 1]),
                        "days_from": float(self.time_edges[b]),
                        "days_to": float(self.time_edges[b + 1]),
                        "observed": int(self.observed[a, b]),
                        "expected": float(self.expected[a, b]),
                        "ratio": float(self.ratio[a, b]),
                        "p": float(self.p[a, b]),
                        "q": float(self.q[a, b]),
                    }
                )
        return rows


def _check_edges(edges: ArrayLike, name: str) -> np.ndarray:
    array = np.asarray(edges, dtype=np.float64)
    if array.ndim != 1 or array.size < 2 or array[0] != 0:
        raise ValueError(f"{name} must start at 0 and have at least two edges")
    if np.any(np.diff(array[1:]) <= 0) or array[1] < 0:
        raise ValueError(f"{name} must increase (only the first band may be [0, 0])")
    return array


def _band(values: np.ndarray, edges: np.ndarray) -> np.ndarray:
    """Band index for (edges[i], edges[i+1]] with 0 in band 0; len(edges) - 1 when beyond."""
    return np.searchsorted(edges[1:], values, side="left")


def _knox_permutations_py(
    days: np.ndarray,
    first: np.ndarray,
    second: np.ndarray,
    distance_band: np.ndarray,
    time_upper: np.ndarray,
    bands: int,
    permutations: int,
    seed: int,
) -> np.ndarray:
    n = days.size
    time_bands = time_upper.size
    t_max = time_upper[time_bands - 1]
    sims = np.zeros((permutations, bands, time_bands), dtype=np.int64)
    for r in numba.prange(permutations):
        # Each permutation seeds its own stream: the same result on any number of threads.
        np.random.seed((seed * 1_000_003 + r) & 0x7FFFFFFF)
        shuffled = days[np.random.permutation(n)]
        for k in range(first.size):
            dt = abs(shuffled[first[k]] - shuffled[second[k]])
            if dt > t_max:
                continue
            b = 0
            while dt > time_upper[b]:
                b += 1
            sims[r, distance_band[k], b] += 1
    return sims


_knox_serial = numba.njit(cache=True, nogil=True)(_knox_permutations_py)
_knox_parallel = numba.njit(cache=True, nogil=True, parallel=True)(_knox_permutations_py)


def close_pairs(x: np.ndarray, y: np.ndarray, max_distance: float) -> np.ndarray:
    """Index pairs (i < j) at most `max_distance` apart, shape (pairs, 2)."""
    tree = cKDTree(np.column_stack([x, y]))
    pairs: np.ndarray = tree.query_pairs(r=max_distance, output_type="ndarray")
    return pairs.astype(np.int64).reshape(-1, 2)


def knox_test_xy(
    x: ArrayLike,
    y: ArrayLike,
    days: ArrayLike,
    *,
    distance_edges: ArrayLike = (0, 100, 200, 400),
    time_edges: ArrayLike = (0, 7, 14, 28),
    permutations: int = 999,
    seed: int = 1,
    parallel: bool = True,
    window: tuple[str, str] | None = None,
    categories: tuple[str, ...] = (),
) -> KnoxResult:
    """The Knox test on metre coordinates and times in days (see KnoxResult for the bands)."""
    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    t = np.ascontiguousarray(days, dtype=np.float64)
    d_edges = _check_edges(distance_edges, "distance_edges")
    t_edges = _check_edges(time_edges, "time_edges")
    if permutations < 1:
        raise ValueError("permutations must be >= 1")
    shape = (d_edges.size - 1, t_edges.size - 1)
    pairs = close_pairs(x, y, float(d_edges[-1]))
    first, second = pairs[:, 0].copy(), pairs[:, 1].copy()
    distance = np.hypot(x[first] - x[second], y[first] - y[second])
    # query_pairs uses <= r in floating point; recheck against the band edges exactly.
    d_band = _band(distance, d_edges)
    keep = d_band < shape[0]
    first, second, d_band = first[keep], second[keep], d_band[keep]
    t_band = _band(np.abs(t[first] - t[second]), t_edges)
    close_in_time = t_band < shape[1]
    observed = np.bincount(
        d_band[close_in_time] * shape[1] + t_band[close_in_time], minlength=shape[0] * shape[1]
    ).reshape(shape)
    kernel = _knox_parallel if parallel else _knox_serial
    sims = kernel(
        t,
        first,
        second,
        d_band.astype(np.int64),
        t_edges[1:].copy(),
        shape[0],
        int(permutations),
        int(seed) & 0x7FFFFFFF,
    )
    expected = sims.mean(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(expected > 0, observed / expected, np.nan)
    p = ((sims >= observed[None]).sum(axis=0) + 1.0) / (permutations + 1.0)
    q = stats.false_discovery_control(p.ravel(), method="bh").reshape(shape)
    return KnoxResult(
        distance_edges=d_edges,
        time_edges=t_edges,
        observed=observed.astype(np.int64),
        expected=expected,
        ratio=ratio,
        p=p,
        q=q,
        permutations=permutations,
        seed=seed,
        events=int(x.size),
        window=window,
        categories=tuple(categories),
    )


def knox_test(
    lon: ArrayLike,
    lat: ArrayLike,
    times: ArrayLike,
    *,
    distance_edges: ArrayLike = (0, 100, 200, 400),
    time_edges: ArrayLike = (0, 7, 14, 28),
    permutations: int = 999,
    seed: int = 1,
    parallel: bool = True,
    window: tuple[str, str] | None = None,
    categories: tuple[str, ...] = (),
) -> KnoxResult:
    """The Knox test on lon/lat points and datetime64 times (UTC), over distance and time bands.

    Events outside `window` (ISO dates, [from, to)) are left out before pairing.
    """
    all_seconds = _as_seconds(times)
    chosen = _in_window(all_seconds, window)
    lon_in = np.asarray(lon, dtype=np.float64)[chosen]
    lat_in = np.asarray(lat, dtype=np.float64)[chosen]
    seconds = all_seconds[chosen]
    if lon_in.size:
        frame = LocalFrame(lon0=float(lon_in.mean()), lat0=float(lat_in.mean()))
    else:
        frame = LocalFrame(0.0, 0.0)
    x, y = frame.to_metres(lon_in, lat_in)
    origin = seconds.min() if seconds.size else np.datetime64(0, "s")
    days = (seconds - origin).astype(np.int64) / SECONDS_PER_DAY
    return knox_test_xy(
        x,
        y,
        days,
        distance_edges=distance_edges,
        time_edges=time_edges,
        permutations=permutations,
        seed=seed,
        parallel=parallel,
        window=window,
        categories=categories,
    )
