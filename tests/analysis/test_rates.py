"""Rates per 1,000 residents: exact Poisson intervals, groups, missing populations, signals."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from trygga.analysis.rates import district_rates, poisson_interval, rate_per

LABELS = ["Nyfors", "Årby", "Centrum", "Torshälla"]
PRIORITY = [True, True, False, False]


def test_poisson_interval__hand_computed_for_zero_and_one():
    low, high = poisson_interval([0, 1])

    assert low[0] == 0
    assert high[0] == pytest.approx(-math.log(0.025))  # P(X = 0 | U) = 0.025
    assert low[1] == pytest.approx(-math.log(0.975))  # P(X >= 1 | L) = 0.025


def test_poisson_interval__bounds_are_where_scipy_poisson_tails_equal_alpha_over_two():
    counts = np.array([1, 2, 5, 11, 40, 250, 3000])

    low, high = poisson_interval(counts, 0.95)

    np.testing.assert_allclose(stats.poisson.sf(counts - 1, low), 0.025, rtol=1e-9)
    np.testing.assert_allclose(stats.poisson.cdf(counts, high), 0.025, rtol=1e-9)


def test_poisson_interval__equals_the_chi_square_form():
    counts = np.array([1, 4, 17, 90])

    low, high = poisson_interval(counts, 0.9)

    np.testing.assert_allclose(low, stats.chi2.ppf(0.05, 2 * counts) / 2)
    np.testing.assert_allclose(high, stats.chi2.ppf(0.95, 2 * counts + 2) / 2)


def test_rate_per__unknown_or_zero_population_gives_nan_not_division_by_zero():
    with np.errstate(all="raise"):
        rate, low, high = rate_per([4, 4, 4, 4], [2000, None, 0, np.nan])

    assert rate[0] == pytest.approx(2.0)
    assert np.isnan(rate[1:]).all()
    assert np.isnan(low[1:]).all()
    assert np.isnan(high[1:]).all()


def test_district_rates__rows_for_districts_priority_rest_and_total():
    table = district_rates(LABELS, [40, 25, 100, 3], [6000, 4000, 20000, 1000], PRIORITY)

    kinds = [row.kind for row in table.rows]
    priority = table.row("priority")
    rest = table.row("rest")
    total = table.row("total")

    assert kinds == ["district"] * 4 + ["priority", "rest", "total"]
    assert (priority.label, priority.count, priority.population) == (
        "Prioriterade stadsdelar tillsammans",
        65,
        10000,
    )
    assert priority.rate == pytest.approx(6.5)
    assert (rest.label, rest.count, rest.population) == ("Övriga kommunen", 103, 21000)
    assert (total.label, total.count, total.population) == ("Hela kommunen", 168, 31000)
    assert table.rows[0].rate == pytest.approx(40 / 6000 * 1000)
    low, high = poisson_interval([40])
    assert table.rows[0].ci_low == pytest.approx(low[0] / 6)
    assert table.rows[0].ci_high == pytest.approx(high[0] / 6)
    assert table.measure == "rate"


def test_district_rates__district_without_population_gets_no_rate_nor_does_its_group():
    table = district_rates(LABELS, [40, 25, 100, 3], [6000, 4000, 20000, None], PRIORITY)

    torshalla = table.rows[3]

    assert (torshalla.count, torshalla.rate, torshalla.ci_low) == (3, None, None)
    assert table.row("rest").rate is None
    assert table.row("priority").rate == pytest.approx(6.5)
    assert table.priority_vs_rest is None


def test_district_rates__total_population_gives_the_rest_its_residents():
    table = district_rates(
        LABELS,
        [40, 25, 100, 3],
        [6000, 4000, 20000, None],
        PRIORITY,
        total_count=180,
        total_population=41000,
    )

    rest = table.row("rest")

    assert (rest.count, rest.population) == (115, 31000)
    assert rest.rate == pytest.approx(115 / 31)
    assert table.row("total").rate == pytest.approx(180 / 41)


def test_district_rates__priority_against_rest_is_the_exact_rate_ratio():
    table = district_rates(LABELS, [40, 25, 100, 3], [6000, 4000, 20000, 1000], PRIORITY)

    comparison = table.priority_vs_rest

    assert comparison.rate_ratio[0] == pytest.approx((65 / 10000) / (103 / 21000))
    assert comparison.p_value[0] == pytest.approx(stats.binomtest(65, 168, 10000 / 31000).pvalue)


def test_district_rates__signal_only_refuses_rates_and_says_why():
    table = district_rates(
        LABELS, [40, 25, 100, 3], [6000, 4000, 20000, 1000], PRIORITY, signal_only=True
    )

    assert table.measure == "signal"
    assert all(row.rate is None and row.ci_low is None for row in table.rows)
    assert [row.count for row in table.rows] == [40, 25, 100, 3, 65, 103, 168]
    assert "signal" in table.note
    assert table.priority_vs_rest is None


def test_district_rates__labels_go_through_gettext():
    table = district_rates(["A"], [1], [100], [True], gettext=lambda s: f"<{s}>")

    assert table.row("rest").label == "<Övriga kommunen>"


def test_district_rates__rejects_mismatched_lengths():
    with pytest.raises(ValueError, match="one value per district"):
        district_rates(["A", "B"], [1], [100, 200], [True, False])


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 500), st.one_of(st.none(), st.integers(0, 30000)), st.booleans()),
        min_size=1,
        max_size=12,
    ),
    st.randoms(),
)
def test_district_rates__invariant_under_reordering_of_districts(districts, random):
    labels = [f"d{i}" for i in range(len(districts))]
    counts, pops, flags = (list(v) for v in zip(*districts, strict=True))
    order = list(range(len(districts)))
    random.shuffle(order)

    table = district_rates(labels, counts, pops, flags)
    shuffled = district_rates(
        [labels[i] for i in order],
        [counts[i] for i in order],
        [pops[i] for i in order],
        [flags[i] for i in order],
    )

    by_label = {row.label: row for row in table.rows}
    for row in shuffled.rows:
        other = by_label[row.label]
        assert (row.count, row.population) == (other.count, other.population)
        assert (row.rate is None) == (other.rate is None)
        if row.rate is not None:
            assert row.rate == pytest.approx(other.rate)
