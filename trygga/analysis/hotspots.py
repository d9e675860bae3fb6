"""Hot spots: Getis-Ord Gi* on the H3 grid, with conditional-permutation pseudo p-values.

Gi* compares the events in a cell and its k-ring (binary weights, the cell itself
included) with what the municipality-wide mean would put there. The analytic z-score is the
Getis & Ord (1992) / Ord & Getis (1995) statistic and equals esda's
`G_Local(y, w, star=True, transform="B").Zs`. Because counts of events are skewed and full
of zeros, significance comes from conditional permutation instead of the normal
approximation: for each cell its own count stays, its neighbours' counts are drawn at random
without replacement from all other cells, 999 times by default. Multiple testing is
controlled with Benjamini-Hochberg over the cells with at least `min_count` events (default
1): the permutation keeps each cell's own count fixed, so its p-value is valid given that
count, and choosing the family by it is independent filtering (Bourgon, Gentleman & Huber
2010). Cells outside the family get no q and no class. Without the filter, 999 permutations
and BH over every cell of a municipality-wide grid can find nothing (see docs/analysis.md).

The permutation kernel is compiled with numba (`cache=True`, so once per machine rather than
once per process). The draws come from one seeded table of random index sets that each cell
reads through its own offset and shift (derived from the seed and the cell's position), so
cells get different draws and results do not depend on the number of threads. Cells far
from significance stop early (Besag & Clifford), which changes no class.
"""

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

import numba
import numpy as np
import scipy.sparse as sp
from numpy.typing import ArrayLike
from scipy import stats

from trygga.analysis.grid import Grid, cell_strings, counts_per_cell, kring_weights

DEFAULT_PERMUTATIONS = 999
DEFAULT_SEED = 20250101
# Confidence levels of the classes, strongest first: (level, two-sided alpha).
LEVELS = ((99, 0.01), (95, 0.05), (90, 0.10))
NOT_SIGNIFICANT = "not_significant"
CLASSES = (
    *(f"hot_{level}" for level, _ in LEVELS),
    NOT_SIGNIFICANT,
    *(f"cold_{level}" for level, _ in reversed(LEVELS)),
)

PMethod = Literal["permutation", "analytic"]


@dataclass(frozen=True)
class HotspotParameters:
    """Everything needed to reproduce a hot-spot map (stored with every result)."""

    resolution: int
    k: int
    permutations: int
    seed: int
    p_method: PMethod
    early_stop: bool = True  # Besag-Clifford stop for cells far from significance
    min_count: int = 1  # cells with fewer events are not tested (no q, no class)
    tested: int = 0  # cells in the test family
    fdr: str = "benjamini-hochberg over the tested cells, two-sided p = min(1, 2p)"
    weights: str = "binary k-ring, self included (Gi*)"
    window: tuple[str, str] | None = None  # ISO dates, [from, to)
    categories: tuple[str, ...] = ()
    events: int = 0  # events inside the grid
    events_outside: int = 0  # events whose cell is outside the grid (not counted)


@dataclass(frozen=True)
class HotspotResult:
    """One value per grid cell, in grid order."""

    parameters: HotspotParameters
    cells: np.ndarray  # int64 H3 indexes
    counts: np.ndarray  # events per cell, zeros included
    z: np.ndarray  # analytic Gi* z-score
    p: np.ndarray  # one-sided p in the direction of z (pseudo or analytic, see parameters)
    q: np.ndarray  # BH-adjusted two-sided p (min(1, 2p)); NaN for cells not tested
    classes: np.ndarray = field(repr=False)  # str per cell: hot_99 ... cold_99

    def records(self) -> list[dict[str, Any]]:
        """One dict per cell: cell (H3 string), count, z, p, q, class."""
        return [
            {"cell": c, "count": int(n), "z": float(z), "p": float(p), "q": float(q), "class": k}
            for c, n, z, p, q, k in zip(
                cell_strings(self.cells),
                self.counts,
                self.z,
                self.p,
                self.q,
                self.classes,
                strict=True,
            )
        ]

    def parameters_dict(self) -> dict[str, Any]:
        return asdict(self.parameters)


def gi_star_z(y: ArrayLike, weights: sp.csr_matrix) -> np.ndarray:
    """Analytic Gi* z-scores for binary weights that include each cell itself.

    z_i = (sum_j w_ij y_j - W_i * mean) / (s * sqrt((n W_i - W_i^2) / (n - 1))), with
    W_i = sum_j w_ij and s the population standard deviation of y. Where y does not vary, or
    a cell's neighbourhood is the whole grid, the statistic is undefined and z is 0.
    """
    y = np.asarray(y, dtype=np.float64)
    n = y.size
    if n < 2:
        return np.zeros(n)
    mean = y.mean()
    s = np.sqrt(max((y * y).mean() - mean * mean, 0.0))
    lag = weights @ y
    card = np.asarray(weights.sum(axis=1)).ravel()
    spread = s * np.sqrt(np.maximum(n * card - card * card, 0.0) / (n - 1))
    z = np.zeros(n)
    # A relative floor: a "variance" of 1e-30 from rounding in constant data is no variance.
    ok = spread > 1e-12 * max(abs(mean), 1.0)
    z[ok] = (lag[ok] - card[ok] * mean) / spread[ok]
    return z


def _splitmix64(state: np.uint64) -> np.uint64:
    state = state + np.uint64(0x9E3779B97F4A7C15)
    x = state
    x = (x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    x = (x ^ (x >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return x ^ (x >> np.uint64(31))


_splitmix64_jit = numba.njit(cache=True, inline="always")(_splitmix64)


def _random_index_sets(permutations: int, size: int, n: int, seed: int) -> np.ndarray:
    """`permutations` rows of `size` distinct indices drawn uniformly from range(n)."""
    rng = np.random.default_rng(seed)
    if size == 0:
        return np.zeros((permutations, 0), dtype=np.int64)
    if size * 20 < n:
        # Sparse draws: a few extra candidates per row, duplicates dropped, almost never short.
        out = np.empty((permutations, size), dtype=np.int64)
        for r in range(permutations):
            row = np.unique(rng.integers(0, n, size * 2))
            while row.size < size:
                row = np.unique(np.concatenate([row, rng.integers(0, n, size)]))
            out[r] = rng.permutation(row)[:size]
        return out
    return np.stack([rng.permutation(n)[:size] for _ in range(permutations)]).astype(np.int64)


def _random_sum(
    y: np.ndarray,
    index_sets: np.ndarray,
    row: int | np.int64,
    shift: int | np.int64,
    m: int,
    i: int,
    size: int,
) -> float:
    total = 0.0
    for u in range(size):
        # Branch-free: the shift wraps around, and the cell itself is skipped.
        j = index_sets[row, u] + shift
        j -= m * (j >= m)
        j += j >= i
        total += y[j]
    return total


_random_sum_jit = numba.njit(cache=True, inline="always")(_random_sum)


def _permutation_counts_py(
    y: np.ndarray,
    indptr: np.ndarray,
    indices: np.ndarray,
    upper: np.ndarray,
    index_sets: np.ndarray,
    seed: int,
    stop_at: int,
) -> tuple[np.ndarray, np.ndarray]:
    """For each cell, how many random neighbourhoods are as extreme as the observed one.

    Cell i keeps its own value; its c_i neighbours (excluding itself) get c_i values drawn
    without replacement from the other n - 1 cells. The statistic compared is the sum of the
    neighbours' values (Gi*'s numerator less the fixed own value; the denominator is fixed
    too), so integer counts compare exactly. `upper[i]` says which tail: sums >= observed
    (hot) or <= observed (cold).

    The draws come from one table of random index sets over range(n - 1) (`index_sets`, one
    row per permutation, as esda does), which each cell reads from its own random row
    offset and through its own random cyclic shift of the indices: a shift is a bijection,
    so every row is still a uniform random set for every cell, while different cells see
    different sets rather than the same ones.

    A cell stops drawing once `stop_at` draws were as extreme (Besag & Clifford's sequential
    Monte Carlo test): its p is then at least stop_at / permutations whatever the remaining
    draws would show. Returns the counts and the number of draws made per cell.
    """
    n = y.size
    permutations = index_sets.shape[0]
    out = np.zeros(n, dtype=np.int64)
    draws = np.full(n, permutations, dtype=np.int64)
    m = n - 1
    for i in numba.prange(n):
        start, stop = indptr[i], indptr[i + 1]
        observed = 0.0
        card = 0
        for t in range(start, stop):
            j = indices[t]
            if j != i:
                observed += y[j]
                card += 1
        if card == 0:
            out[i] = permutations
            continue
        mixed = _splitmix64_jit(np.uint64(seed) ^ (np.uint64(i) * np.uint64(0xD1B54A32D192ED03)))
        shift = np.int64(mixed % np.uint64(m))
        offset = np.int64((mixed >> np.uint64(32)) % np.uint64(permutations))
        sign = 1.0 if upper[i] else -1.0  # the cold tail counts sums <= observed
        target = sign * observed
        count = 0
        for r in range(permutations):
            row = r + offset
            if row >= permutations:
                row -= permutations
            # Constant sizes for the full k-rings (k = 1, 2, 3) let the compiler unroll.
            if card == 6:
                total = _random_sum_jit(y, index_sets, row, shift, m, i, 6)
            elif card == 18:
                total = _random_sum_jit(y, index_sets, row, shift, m, i, 18)
            elif card == 36:
                total = _random_sum_jit(y, index_sets, row, shift, m, i, 36)
            else:
                total = _random_sum_jit(y, index_sets, row, shift, m, i, card)
            count += sign * total >= target
            if count >= stop_at:
                draws[i] = r + 1
                break
        out[i] = count
    return out, draws


_kernel_serial = numba.njit(cache=True, nogil=True)(_permutation_counts_py)
_kernel_parallel = numba.njit(cache=True, nogil=True, parallel=True)(_permutation_counts_py)


def permutation_p(
    y: ArrayLike,
    weights: sp.csr_matrix,
    z: ArrayLike,
    *,
    permutations: int = DEFAULT_PERMUTATIONS,
    seed: int = DEFAULT_SEED,
    parallel: bool = True,
    early_stop: bool = True,
) -> np.ndarray:
    """Conditional-permutation pseudo p-values, one-sided in the direction of z.

    p_i = (c_i + 1) / (permutations + 1), where c_i counts the random neighbourhoods whose
    Gi* is at least as high as observed (z_i >= 0) or at least as low (z_i < 0). Ties count
    as "as extreme" in both tails; esda counts the lower tail strictly (`sim < observed`),
    which makes every all-zero neighbourhood look like a significant cold spot.

    With `early_stop`, a cell stops after h = ceil(0.05 (permutations + 1)) extreme draws
    and gets Besag & Clifford's p = h / draws (valid, and above 0.05): such a cell can be
    in no class (the weakest needs a two-sided p of 0.10), so the classes are the same as
    with every permutation drawn, and most cells, far from significance, cost a tenth.
    """
    y = np.ascontiguousarray(y, dtype=np.float64)
    z = np.asarray(z, dtype=np.float64)
    if permutations < 1:
        raise ValueError("permutations must be >= 1")
    if y.size < 2:
        return np.ones(y.size)
    w = weights.tocsr()
    max_card = int(np.diff(w.indptr).max()) if y.size else 0
    seed = int(seed) & 0x7FFFFFFFFFFFFFFF
    # Neighbours other than the cell itself: at most max_card of them, from n - 1 cells.
    index_sets = _random_index_sets(permutations, min(max_card, y.size - 1), y.size - 1, seed)
    stop_at = early_stop_count(permutations) if early_stop else permutations + 1
    kernel = _kernel_parallel if parallel else _kernel_serial
    counts, draws = kernel(
        y,
        w.indptr.astype(np.int64),
        w.indices.astype(np.int64),
        z >= 0,
        index_sets,
        seed,
        stop_at,
    )
    stopped = counts >= stop_at
    p: np.ndarray = np.where(
        stopped, counts / np.maximum(draws, 1), (counts + 1.0) / (permutations + 1.0)
    )
    return p


def early_stop_count(permutations: int) -> int:
    """h: extreme draws after which a cell's one-sided p is surely above 0.05."""
    one_sided_alpha = max(alpha for _, alpha in LEVELS) / 2
    return int(np.ceil(one_sided_alpha * (permutations + 1)))


def analytic_p(z: ArrayLike) -> np.ndarray:
    """One-sided normal p in the direction of z (esda's `p_norm`)."""
    p: np.ndarray = stats.norm.sf(np.abs(np.asarray(z, dtype=np.float64)))
    return p


def fdr_adjust(p: ArrayLike) -> np.ndarray:
    """Benjamini-Hochberg adjusted p-values (q-values)."""
    p = np.asarray(p, dtype=np.float64)
    if p.size == 0:
        return p.copy()
    q: np.ndarray = stats.false_discovery_control(p, method="bh")
    return q


def fdr_over_family(
    counts: ArrayLike, p: ArrayLike, *, min_count: int = 1
) -> tuple[np.ndarray, np.ndarray]:
    """BH-adjusted two-sided q over the cells with at least `min_count` events, NaN elsewhere.

    Returns (q, tested). `p` is one-sided in the direction of z, as `permutation_p` gives it.
    """
    counts = np.asarray(counts)
    p = np.asarray(p, dtype=np.float64)
    if min_count < 0:
        raise ValueError("min_count must be >= 0")
    tested = counts >= min_count
    q = np.full(p.shape, np.nan)
    q[tested] = fdr_adjust(np.minimum(1.0, 2.0 * p[tested]))
    return q, tested


def classify(z: ArrayLike, q: ArrayLike) -> np.ndarray:
    """hot_99/95/90, not_significant, cold_90/95/99 from the sign of z and the adjusted p.

    A NaN q (a cell not tested) is never significant.
    """
    z = np.asarray(z, dtype=np.float64)
    q = np.asarray(q, dtype=np.float64)
    out = np.full(z.shape, NOT_SIGNIFICANT, dtype=object)
    for level, alpha in reversed(LEVELS):  # weakest first; stronger levels overwrite
        significant = q <= alpha
        out[significant & (z > 0)] = f"hot_{level}"
        out[significant & (z < 0)] = f"cold_{level}"
    return out


def gi_star_hotspots(
    counts: ArrayLike,
    weights: sp.csr_matrix,
    *,
    permutations: int = DEFAULT_PERMUTATIONS,
    seed: int = DEFAULT_SEED,
    p_method: PMethod = "permutation",
    parallel: bool = True,
    early_stop: bool = True,
    min_count: int = 1,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """z, one-sided p, BH-adjusted two-sided q and classes for values on any weights.

    `weights` must be binary and include each cell itself (`kring_weights(include_self=True)`).
    q is NaN, and the class not_significant, for cells with fewer than `min_count` events
    (`min_count=0` tests every cell).
    """
    y = np.asarray(counts, dtype=np.float64)
    z = gi_star_z(y, weights)
    if p_method == "permutation":
        p = permutation_p(
            y,
            weights,
            z,
            permutations=permutations,
            seed=seed,
            parallel=parallel,
            early_stop=early_stop,
        )
    elif p_method == "analytic":
        p = analytic_p(z)
    else:
        raise ValueError(f"unknown p_method {p_method!r}")
    # Where the statistic is undefined (no variation) there is nothing to find.
    p = np.where(z == 0.0, 1.0, p)
    q, _tested = fdr_over_family(y, p, min_count=min_count)
    return z, p, q, classify(z, q)


def hotspots(
    grid: Grid,
    event_cells: ArrayLike,
    *,
    k: int = 1,
    permutations: int = DEFAULT_PERMUTATIONS,
    seed: int = DEFAULT_SEED,
    p_method: PMethod = "permutation",
    window: tuple[str, str] | None = None,
    categories: tuple[str, ...] = (),
    parallel: bool = True,
    early_stop: bool = True,
    min_count: int = 1,
) -> HotspotResult:
    """The whole hot-spot analysis: counts with zeros, k-ring weights, Gi*, p, FDR, classes.

    `event_cells` are the events' H3 cells (int64) at the grid's resolution; `window` and
    `categories` only describe how the events were chosen and are recorded with the result.
    """
    counted = counts_per_cell(grid, event_cells)
    weights = kring_weights(grid, k, include_self=True)
    z, p, q, classes = gi_star_hotspots(
        counted.counts,
        weights,
        permutations=permutations,
        seed=seed,
        p_method=p_method,
        parallel=parallel,
        early_stop=early_stop,
        min_count=min_count,
    )
    parameters = HotspotParameters(
        resolution=grid.resolution,
        k=k,
        permutations=permutations if p_method == "permutation" else 0,
        seed=seed,
        p_method=p_method,
        early_stop=early_stop and p_method == "permutation",
        min_count=min_count,
        tested=int(np.count_nonzero(counted.counts >= min_count)),
        window=window,
        categories=tuple(categories),
        events=int(counted.counts.sum()),
        events_outside=counted.outside,
    )
    return HotspotResult(
        parameters=parameters,
        cells=grid.cells,
        counts=counted.counts,
        z=z,
        p=p,
        q=q,
        classes=classes,
    )
