"""Change against a baseline: the exact tests equal scipy's, and the sentences say what is true."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from trygga.analysis.change import (
    benjamini_hochberg,
    binomial_two_sided_pvalue,
    clopper_pearson,
    compare_counts,
    compare_to_baseline_periods,
    control_band,
    describe_change,
    describe_changes,
    dispersion_index,
    min_attainable_pvalue,
)
from trygga.analysis.wording import (
    format_decimal,
    format_p,
    format_significant,
)

NBSP = "\u00a0"


def test_binomial_pvalue__equals_scipy_binomtest_on_many_cases():
    rng = np.random.default_rng(4)
    n = rng.integers(1, 200, 3000)
    k = rng.integers(0, n + 1)
    p = rng.uniform(0.005, 0.995, 3000)
    p[:300] = 0.5
    p[300:600] = 1 / (1 + rng.integers(1, 12, 300))  # exposures 1 against k periods

    ours = binomial_two_sided_pvalue(k, n, p)
    reference = [
        stats.binomtest(int(a), int(b), float(c)).pvalue for a, b, c in zip(k, n, p, strict=True)
    ]

    np.testing.assert_allclose(ours, reference, rtol=1e-12, atol=1e-15)


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 400), st.data(), st.floats(0.001, 0.999))
def test_binomial_pvalue__equals_scipy_binomtest(n, data, p):
    k = data.draw(st.integers(0, n))

    ours = float(binomial_two_sided_pvalue(k, n, p))

    assert ours == pytest.approx(stats.binomtest(k, n, p).pvalue, rel=1e-12, abs=1e-15)


def test_binomial_pvalue__hand_computed_small_case():
    # n = 3, p = 1/2: P(0) = P(3) = 1/8, P(1) = P(2) = 3/8. k = 0 -> P(0) + P(3) = 1/4.
    assert float(binomial_two_sided_pvalue(0, 3, 0.5)) == pytest.approx(0.25)
    assert float(binomial_two_sided_pvalue(1, 3, 0.5)) == pytest.approx(1.0)
    assert float(binomial_two_sided_pvalue(0, 0, 0.5)) == 1.0


def test_min_attainable_pvalue__is_the_smallest_over_every_split():
    for n, p in [(5, 0.5), (12, 1 / 9), (3, 0.25), (40, 0.7)]:
        every_split = binomial_two_sided_pvalue(np.arange(n + 1), n, p)
        assert float(min_attainable_pvalue(n, p)) == pytest.approx(every_split.min())


def test_clopper_pearson__equals_scipy_exact_proportion_ci():
    for k, n in [(0, 5), (5, 5), (3, 17), (11, 53), (1, 1), (40, 41)]:
        low, high = clopper_pearson(k, n, 0.95)
        ref = stats.binomtest(k, n).proportion_ci(0.95, method="exact")
        assert float(low) == pytest.approx(ref.low, rel=1e-8, abs=1e-12)
        assert float(high) == pytest.approx(ref.high, rel=1e-8, abs=1e-12)


def test_benjamini_hochberg__equals_scipy_false_discovery_control():
    rng = np.random.default_rng(7)
    p = np.concatenate([rng.uniform(size=40), rng.uniform(0, 0.01, 10), [0.5, 0.5, 1.0]])

    np.testing.assert_allclose(
        benjamini_hochberg(p), stats.false_discovery_control(p, method="bh"), rtol=1e-14
    )


def test_benjamini_hochberg__hand_computed_small_case():
    # m = 4: sorted 0.01, 0.02, 0.03, 0.5 -> 0.04, 0.04, 0.04, 0.5.
    q = benjamini_hochberg([0.03, 0.5, 0.01, 0.02])

    np.testing.assert_allclose(q, [0.04, 0.5, 0.04, 0.04])


def test_benjamini_hochberg__leaves_nan_out_of_the_family():
    q = benjamini_hochberg([0.01, np.nan, 0.04])

    np.testing.assert_allclose(q, [0.02, np.nan, 0.04])


@settings(max_examples=100, deadline=None)
@given(st.lists(st.floats(0, 1), min_size=1, max_size=60), st.randoms())
def test_benjamini_hochberg__invariant_under_reordering(p, random):
    order = list(range(len(p)))
    random.shuffle(order)

    q = benjamini_hochberg(p)
    q_shuffled = benjamini_hochberg([p[i] for i in order])

    np.testing.assert_allclose(q_shuffled, q[order])


def test_compare_counts__rate_ratio_and_interval_hand_computed():
    # 11 this week against 42 in 10 weeks: ratio (11/1) / (42/10) = 2.619. The share of the
    # 53 events in the current week under "no change" is 1/11.
    table = compare_counts([11], [42], baseline_exposure=10)
    low_p, high_p = stats.binomtest(11, 53).proportion_ci(0.95, method="exact")

    assert table.rate_ratio[0] == pytest.approx(11 / 4.2)
    assert table.ci_low[0] == pytest.approx(low_p / (1 - low_p) * 10, rel=1e-8)
    assert table.ci_high[0] == pytest.approx(high_p / (1 - high_p) * 10, rel=1e-8)
    assert table.p_value[0] == pytest.approx(stats.binomtest(11, 53, 1 / 11).pvalue)
    assert table.expected[0] == pytest.approx(4.2)
    assert table.verdict == ("increase",)


def test_compare_counts__q_values_are_bh_over_the_attainable_family():
    observed = np.array([30, 2, 0, 12, 9, 1])
    baseline = np.array([80, 1, 0, 40, 90, 2])

    table = compare_counts(observed, baseline, baseline_exposure=8)

    family = table.in_family
    assert not family[2]  # no events at all: nothing to test
    assert table.n_tests == int(family.sum())
    np.testing.assert_allclose(
        table.q_value[family], stats.false_discovery_control(table.p_value[family], method="bh")
    )
    assert np.all(np.isnan(table.q_value[~family]))


def test_compare_counts__family_all_counts_every_test():
    table = compare_counts([30, 0], [80, 0], baseline_exposure=8, family="all")

    assert table.n_tests == 2


def test_compare_counts__too_few_when_observed_and_expected_are_under_five():
    table = compare_counts([3], [8], baseline_exposure=10)

    assert table.too_few[0]
    assert table.verdict == ("too_few",)


def test_compare_counts__too_few_when_interval_spans_halving_and_doubling():
    # 6 against a mean of 4.2: enough events, but the data fit 0.5x as well as 3x.
    table = compare_counts([6], [42], baseline_exposure=10)

    assert table.ci_low[0] < 0.5
    assert table.ci_high[0] > 2
    assert table.verdict == ("too_few",)


def test_compare_counts__clear_decrease():
    table = compare_counts([2], [200], baseline_exposure=10)

    assert table.verdict == ("decrease",)


def test_compare_counts__from_zero_baseline_has_infinite_upper_bound():
    table = compare_counts([15], [0], baseline_exposure=8)

    assert math.isinf(table.rate_ratio[0])
    assert math.isinf(table.ci_high[0])
    assert table.ci_low[0] > 1
    assert table.verdict == ("increase",)


def test_compare_counts__rejects_negative_counts_and_zero_exposure():
    with pytest.raises(ValueError, match="non-negative"):
        compare_counts([-1], [3], baseline_exposure=1)
    with pytest.raises(ValueError, match="positive"):
        compare_counts([1], [3], baseline_exposure=0)


@settings(max_examples=50, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 60), st.integers(0, 300)), min_size=1, max_size=25),
    st.randoms(),
)
def test_compare_counts__invariant_under_reordering_of_tests(pairs, random):
    order = list(range(len(pairs)))
    random.shuffle(order)
    observed, baseline = (np.array(v) for v in zip(*pairs, strict=True))

    table = compare_counts(observed, baseline, baseline_exposure=8)
    shuffled = compare_counts(observed[order], baseline[order], baseline_exposure=8)

    np.testing.assert_allclose(shuffled.q_value, table.q_value[order])
    assert shuffled.verdict == tuple(table.verdict[i] for i in order)


def test_compare_to_baseline_periods__sums_periods_and_records_dispersion():
    periods = np.array([[4, 5, 3, 4, 6, 3, 5, 4], [0, 10, 0, 12, 0, 9, 0, 11]])

    table = compare_to_baseline_periods([12, 12], periods)

    np.testing.assert_array_equal(table.baseline, [34, 42])
    np.testing.assert_allclose(table.baseline_exposure, [8, 8])
    assert table.dispersion_index is not None
    assert table.dispersion_index[0] < 1 < table.dispersion_index[1]


def test_dispersion_index__poisson_like_is_near_one():
    rng = np.random.default_rng(1)
    index = dispersion_index(rng.poisson(20, size=(1, 5000)))

    assert index[0] == pytest.approx(1, abs=0.1)


def test_control_band__is_the_poisson_quantiles_of_the_baseline_mean():
    periods = np.array([[4, 5, 3, 4, 6], [0, 0, 1, 0, 0]])

    band = control_band(periods)

    np.testing.assert_allclose(band.expected, [4.4, 0.2])
    np.testing.assert_allclose(band.lower, stats.poisson.ppf(0.025, [4.4, 0.2]))
    np.testing.assert_allclose(band.upper, stats.poisson.ppf(0.975, [4.4, 0.2]))
    assert band.n_periods == 5
    assert band.level == 0.95


def test_control_band__negative_binomial_widens_the_band_for_overdispersed_baselines():
    periods = np.array([[0, 10, 0, 12, 0, 9, 0, 11], [4, 5, 3, 4, 6, 3, 5, 4]])

    band = control_band(periods, method="negative_binomial")
    poisson = control_band(periods)

    mean, variance = periods[0].mean(), periods[0].var(ddof=1)
    size, probability = mean**2 / (variance - mean), mean / variance
    assert band.method == ("negative_binomial", "poisson")
    assert band.lower[0] == stats.nbinom.ppf(0.025, size, probability)
    assert band.upper[0] == stats.nbinom.ppf(0.975, size, probability)
    assert band.upper[0] > poisson.upper[0]
    assert (band.lower[1], band.upper[1]) == (poisson.lower[1], poisson.upper[1])


def test_control_band__hand_computed_quantiles_for_mean_one():
    # Poisson(1): P(X <= 0) = 0.368 >= 0.025, P(X <= 2) = 0.920, P(X <= 3) = 0.981.
    band = control_band([1, 1, 1])

    assert (band.lower[0], band.upper[0]) == (0, 3)


def test_describe_change__increase_with_many_tests_reads_like_the_report():
    observed = np.array([15] + [40] * 39)
    baseline = np.array([42] + [400] * 39)
    table = compare_counts(observed, baseline, baseline_exposure=10)

    sentence = describe_change(table, 0, subject="Skadegörelse i Nyfors")

    assert sentence == (
        "Skadegörelse i Nyfors ökade från i snitt 4,2 till 15 per vecka (kvot 3,6; "
        f"95{NBSP}% KI 1,8–6,6). Ökningen är statistiskt säker även när 40 jämförelser "
        f"görs samtidigt (q ={NBSP}0,005)."
    )


def test_describe_change__same_rise_is_not_certain_among_40_comparisons():
    # 11 against 4.2 has p = 0.007 alone, but with 39 other comparisons q = 0.29.
    observed = np.array([11] + [40] * 39)
    baseline = np.array([42] + [400] * 39)
    table = compare_counts(observed, baseline, baseline_exposure=10)

    sentence = describe_change(table, 0, subject="Skadegörelse i Nyfors")

    assert sentence == (
        "Skadegörelse i Nyfors: 11 per vecka mot i snitt 4,2 tidigare (kvot 2,6; "
        f"95{NBSP}% KI 1,2–5,2). Ingen säker förändring när 40 jämförelser görs samtidigt "
        f"(q ={NBSP}0,29)."
    )


def test_describe_change__single_test_gives_p():
    table = compare_counts([2], [200], baseline_exposure=10)

    sentence = describe_change(table, 0, subject="Klotter i Årby", unit="per månad")

    assert sentence == (
        "Klotter i Årby minskade från i snitt 20 till 2 per månad (kvot 0,10; "
        f"95{NBSP}% KI 0,012–0,37). Minskningen är statistiskt säker (p <{NBSP}0,001)."
    )


def test_describe_change__too_few_says_so_honestly():
    table = compare_counts([3], [8], baseline_exposure=10)

    assert describe_change(table, 0, subject="Brand i Lagersberg") == (
        "Brand i Lagersberg: för få händelser för att säga något (nu 3, i snitt 0,8 "
        "per vecka tidigare)."
    )


def test_describe_change__no_certain_change_above_the_level():
    table = compare_counts([14, 30], [100, 10], baseline_exposure=10)

    sentence = describe_change(table, 0, subject="Stöld i Fröslunda")

    assert table.verdict[0] == "no_change"
    assert f"Ingen säker förändring när 2 jämförelser görs samtidigt (q ={NBSP}0,2" in sentence


def test_describe_change__from_zero_baseline():
    table = compare_counts([15], [0], baseline_exposure=8)

    sentence = describe_change(table, 0, subject="Brand i Skiftinge")

    assert "ökade från i snitt 0 till 15 per vecka (inga händelser under jämförelseperioden" in (
        sentence
    )


def test_describe_changes__passes_every_template_through_gettext():
    seen = []

    def gettext(message):
        seen.append(message)
        return "[sv] " + message

    table = compare_counts([11, 3], [42, 8], baseline_exposure=10)

    sentences = describe_changes(table, ["a", "b"], gettext=gettext)

    assert sentences[1].startswith("[sv] b: för få händelser")
    assert any("ökade" in m for m in seen)


def test_format__swedish_decimal_comma_and_grouping():
    assert format_decimal(4.2) == "4,2"
    assert format_decimal(1234.5) == f"1{NBSP}234,5"
    assert format_decimal(-0.5) == "\u22120,5"
    assert format_significant(2.619) == "2,6"
    assert format_significant(0.0543) == "0,054"
    assert format_significant(14.8) == "15"
    assert format_significant(9.96) == "10"
    assert format_p(0.0031) == "0,003"
    assert format_p(0.41) == "0,41"


def test_change_table__records_are_json_ready_and_parameters_are_recorded():
    table = compare_to_baseline_periods([15, 3], [[4, 5, 3, 4], [0, 0, 0, 0]], labels=["a", "b"])

    records = table.records()

    assert records[0]["label"] == "a"
    assert records[0]["verdict"] == table.verdict[0]
    assert records[1]["ci_high"] is None  # infinite: no baseline events
    assert table.parameters_dict()["n_tests"] == table.n_tests
    assert table.parameters_dict()["fdr_method"] == "benjamini-hochberg"
