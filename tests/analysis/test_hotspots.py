"""Gi* hot spots: z equals esda's G_Local(star=True), permutation classes agree with esda's
within permutation noise, a hand-computed 7-cell case, and reproducibility properties."""

import warnings

import h3
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from tests.analysis.shapes import LAT0, LON0, square
from trygga.analysis.grid import grid_for_polygon, grid_from_cells, kring_weights
from trygga.analysis.hotspots import (
    CLASSES,
    NOT_SIGNIFICANT,
    classify,
    fdr_over_family,
    gi_star_hotspots,
    gi_star_z,
    hotspots,
    permutation_p,
)


@pytest.fixture(scope="module")
def grid():
    return grid_for_polygon(square(2500), 9)  # ~700 cells


def planted(grid, seed=0, base=20.0):
    """Poisson counts with a hot patch and a cold patch (few ties: means well above zero)."""
    rng = np.random.default_rng(seed)
    strings = grid.cell_strings()
    hot = {h3.str_to_int(c) for c in h3.grid_disk(strings[len(grid) // 3], 2)}
    cold = {h3.str_to_int(c) for c in h3.grid_disk(strings[2 * len(grid) // 3], 2)}
    mean = np.full(len(grid), base)
    mean[np.isin(grid.cells, list(hot))] *= 1.6
    mean[np.isin(grid.cells, list(cold))] *= 0.5
    return rng.poisson(mean).astype(np.float64)


def esda_g_local(y, grid, k, permutations=0, seed=1):
    esda = pytest.importorskip("esda")
    libpysal = pytest.importorskip("libpysal")
    w = kring_weights(grid, k, include_self=False)
    neighbours = {i: w.indices[w.indptr[i] : w.indptr[i + 1]].tolist() for i in range(len(grid))}
    weights = libpysal.weights.W(neighbours, silence_warnings=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return esda.G_Local(
            y,
            weights,
            transform="B",
            star=True,
            permutations=permutations,
            seed=seed,
            n_jobs=1,  # parallel esda compiles its kernels again in every worker process
        )


@pytest.mark.parametrize("k", [1, 2])
@pytest.mark.parametrize("seed", [0, 1])
def test_gi_star_z__equals_esda_g_local_star(grid, k, seed):
    y = planted(grid, seed)
    y[::7] = 0  # zeros as in real counts
    z = gi_star_z(y, kring_weights(grid, k, include_self=True))
    reference = esda_g_local(y, grid, k)
    np.testing.assert_allclose(z, reference.Zs, rtol=0, atol=1e-9)


def test_gi_star_z__equals_esda_on_sparse_counts(grid):
    y = np.random.default_rng(5).poisson(0.3, len(grid)).astype(np.float64)
    z = gi_star_z(y, kring_weights(grid, 1))
    np.testing.assert_allclose(z, esda_g_local(y, grid, 1).Zs, rtol=0, atol=1e-9)


def test_permutation_classes__agree_with_esda_p_sim(grid):
    y = planted(grid, 2)
    w = kring_weights(grid, 1)
    z, p, _q, classes = gi_star_hotspots(y, w, permutations=999, seed=7)
    reference = esda_g_local(y, grid, 1, permutations=999, seed=11)
    esda_classes = classify(reference.Zs, fdr_over_family(y, reference.p_sim)[0])
    assert np.mean(classes == esda_classes) >= 0.95
    # The pseudo p-values themselves agree within Monte Carlo noise.
    assert stats.spearmanr(p, reference.p_sim).statistic > 0.9
    # esda counts the lower tail strictly (sim < observed), ours counts ties as extreme:
    # its p is smaller by the probability of a tie (~0.03 for sums near 120).
    assert np.mean(np.abs(p - reference.p_sim)) < 0.06
    # Ordering: every hot cell has a higher z than every cell that is not hot, and so on.
    hot = np.char.startswith(classes.astype(str), "hot")
    cold = np.char.startswith(classes.astype(str), "cold")
    assert hot.any()
    assert cold.any()
    assert z[hot].min() > z[cold].max()
    assert z[hot].min() > 0 > z[cold].max()


def sparse_with_cluster(grid):
    """Few events: 5 % of cells hold one, and one cell with its ring holds 12 each."""
    rng = np.random.default_rng(3)
    y = np.zeros(len(grid))
    y[rng.choice(len(grid), len(grid) // 20, replace=False)] = 1
    centre = grid.cell_strings()[len(grid) // 2]
    y[grid.index_of([h3.str_to_int(c) for c in h3.grid_disk(centre, 1)])] = 12
    return y


def test_fdr_family__cells_without_events_are_not_tested():
    grid = grid_for_polygon(square(5000), 9)
    y = sparse_with_cluster(grid)
    w = kring_weights(grid, 1)
    _z, p, q, classes = gi_star_hotspots(y, w, permutations=999, seed=2)
    tested = y >= 1
    assert np.isnan(q[~tested]).all()
    assert set(classes[~tested]) == {NOT_SIGNIFICANT}
    np.testing.assert_allclose(
        q[tested], stats.false_discovery_control(np.minimum(1, 2 * p[tested]), method="bh")
    )
    hot = np.char.startswith(classes.astype(str), "hot")
    assert hot.sum() >= 7  # the cluster is found
    # Over every cell of the grid the permutation floor hides it: the reason for the family.
    _, _, _, every_cell = gi_star_hotspots(y, w, permutations=999, seed=2, min_count=0)
    assert set(every_cell) == {NOT_SIGNIFICANT}


def seven_cells():
    centre = h3.latlng_to_cell(LAT0, LON0, 9)
    cells = [h3.str_to_int(c) for c in h3.grid_disk(centre, 1)]
    grid = grid_from_cells(cells, 9)
    y = np.ones(7)
    y[grid.index_of([h3.str_to_int(centre)])[0]] = 7.0
    return grid, y, grid.index_of([h3.str_to_int(centre)])[0]


def test_gi_star_z__hand_computed_seven_cell_ring():
    # Centre 7, ring cells 1: n = 7, mean 13/7, s^2 = 55/7 - (13/7)^2 = 216/49.
    # A ring cell sees itself, the centre and two ring cells: W_i = 4, lag = 10,
    # z = (10 - 4 * 13/7) / (sqrt(216)/7 * sqrt((7*4 - 16) / 6)) = 18 / sqrt(432) = sqrt(3)/2.
    # The centre's neighbourhood is the whole grid: undefined, reported as 0.
    grid, y, centre = seven_cells()
    w = kring_weights(grid, 1)
    assert w.sum(axis=1).A1.tolist() == [7.0 if i == centre else 4.0 for i in range(7)]
    z = gi_star_z(y, w)
    expected = np.full(7, np.sqrt(3) / 2)
    expected[centre] = 0.0
    np.testing.assert_allclose(z, expected, rtol=0, atol=1e-12)


def test_permutation_p__hand_computed_seven_cell_ring():
    # A ring cell keeps its 1; its 3 neighbours are drawn from the other six values
    # {7, 1, 1, 1, 1, 1}. The observed sum 9 (the centre is a neighbour) is reached exactly
    # when the 7 is drawn: probability 3/6, so p is about 0.5.
    grid, y, centre = seven_cells()
    w = kring_weights(grid, 1)
    p = permutation_p(y, w, gi_star_z(y, w), permutations=9999, seed=3)
    ring = np.arange(7) != centre
    assert np.all(np.abs(p[ring] - 0.5) < 0.02)
    assert p[centre] == 1.0  # no other cell to permute


def test_hotspots__all_zero_counts_give_no_nan_and_no_hot_spots(grid):
    result = hotspots(grid, np.array([], dtype=np.int64), permutations=99)
    assert not np.isnan(result.z).any()
    assert not np.isnan(result.p).any()
    assert np.all(result.z == 0)
    assert np.all(result.p == 1)
    assert set(result.classes) == {NOT_SIGNIFICANT}


def test_hotspots__empty_neighbourhoods_are_not_cold_spots(grid):
    # Mostly zeros: esda's strict lower tail would call every empty neighbourhood significant.
    y = np.zeros(len(grid))
    y[np.random.default_rng(1).choice(len(grid), 40, replace=False)] = 1
    _, p, _, classes = gi_star_hotspots(y, kring_weights(grid, 1), permutations=99, seed=1)
    assert not any(str(c).startswith("cold") for c in classes)
    assert np.median(p) > 0.3


def test_hotspots__records_one_per_cell_with_parameters(grid):
    y = planted(grid, 4)
    events = np.repeat(grid.cells, y.astype(np.int64))
    result = hotspots(
        grid,
        events,
        k=1,
        permutations=999,  # 199 cannot reach significance after FDR over ~700 cells
        seed=5,
        window=("2025-01-01", "2025-04-01"),
        categories=("skadegorelse",),
    )
    records = result.records()
    assert len(records) == len(grid)
    assert {r["class"] for r in records} <= set(CLASSES)
    assert records[0]["cell"] == grid.cell_strings()[0]
    assert sum(r["count"] for r in records) == events.size
    assert set(records[0]) == {"cell", "count", "z", "p", "q", "class"}
    parameters = result.parameters_dict()
    assert parameters["resolution"] == 9
    assert parameters["k"] == 1
    assert parameters["permutations"] == 999
    assert parameters["seed"] == 5
    assert parameters["window"] == ("2025-01-01", "2025-04-01")
    assert parameters["categories"] == ("skadegorelse",)
    assert any(r["class"].startswith("hot") for r in records)


def test_hotspots__analytic_p_is_esda_p_norm(grid):
    y = planted(grid, 6)
    events = np.repeat(grid.cells, y.astype(np.int64))
    result = hotspots(grid, events, p_method="analytic")
    np.testing.assert_allclose(result.p, esda_g_local(y, grid, 1).p_norm, atol=1e-12)
    assert result.parameters.permutations == 0


def test_permutation_p__serial_and_parallel_are_identical(grid):
    y = planted(grid, 8)
    w = kring_weights(grid, 1)
    z = gi_star_z(y, w)
    serial = permutation_p(y, w, z, permutations=199, seed=9, parallel=False)
    parallel = permutation_p(y, w, z, permutations=199, seed=9, parallel=True)
    assert np.array_equal(serial, parallel)


@settings(max_examples=15, deadline=None)
@given(st.randoms(use_true_random=False), st.integers(0, 2**40))
def test_hotspots__invariant_under_event_order_and_reproducible(grid, random, seed):
    y = planted(grid, 9, base=3.0)
    events = list(np.repeat(grid.cells, y.astype(np.int64)))
    first = hotspots(grid, np.array(events), permutations=99, seed=seed)
    random.shuffle(events)
    again = hotspots(grid, np.array(events), permutations=99, seed=seed)
    assert np.array_equal(first.counts, again.counts)
    assert np.array_equal(first.z, again.z)
    assert np.array_equal(first.p, again.p)
    assert np.array_equal(first.classes, again.classes)


def test_permutation_p__other_seed_changes_p_only_by_noise(grid):
    y = planted(grid, 10)
    w = kring_weights(grid, 1)
    z = gi_star_z(y, w)
    a = permutation_p(y, w, z, permutations=999, seed=1, early_stop=False)
    b = permutation_p(y, w, z, permutations=999, seed=2, early_stop=False)
    assert not np.array_equal(a, b)
    # Binomial standard error of a p near 0.5 with 999 draws is ~0.016.
    assert np.max(np.abs(a - b)) < 0.1


def test_early_stop__same_classes_and_same_small_p_as_every_permutation(grid):
    y = planted(grid, 12)
    w = kring_weights(grid, 1)
    full = gi_star_hotspots(y, w, permutations=999, seed=4, early_stop=False)
    early = gi_star_hotspots(y, w, permutations=999, seed=4, early_stop=True)
    assert np.array_equal(full[3], early[3])
    small = full[1] <= 0.05
    assert small.any()
    np.testing.assert_array_equal(early[1][small], full[1][small])
    np.testing.assert_array_equal(early[2][full[2] <= 0.1], full[2][full[2] <= 0.1])
    # Stopped cells: Besag-Clifford p = h / draws, above 0.05.
    assert np.all(early[1][~small] > 0.05)
