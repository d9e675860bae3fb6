"""Change against a baseline: is this period's count different from what came before?

The current count x1 (over exposure e1, e.g. 1 week) is compared with the baseline count
x2 (over exposure e2, e.g. the same week in 3 earlier years, or the previous 8 weeks).
Under "no change" both are Poisson with the same rate, and given their sum n = x1 + x2
the current count is Binomial(n, e1 / (e1 + e2)): the exact conditional test (Przyborowski
and Wilenski 1940). Its two-sided p-value is the one `scipy.stats.binomtest` gives (the
"minimum likelihood" rule: the probability of every outcome no more likely than the one
seen); the rate ratio's exact interval comes from the Clopper-Pearson interval of the
binomial proportion. When many districts and categories are tested at once the p-values
get Benjamini-Hochberg q-values.

Everything is vectorised over the tests; a result is a dataclass of arrays that records
its parameters. `describe_change` turns one row into a plain Swedish sentence.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import numpy.typing as npt
from scipy import stats

from trygga.analysis import wording
from trygga.analysis.wording import Translate

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

Verdict = Literal["increase", "decrease", "no_change", "too_few"]
Family = Literal["attainable", "all"]

# scipy.stats.binomtest's tolerance for "no more likely than the observed outcome".
_RELATIVE_ERROR = 1 + 1e-7


def _as_counts(values: npt.ArrayLike, name: str) -> IntArray:
    array = np.asarray(values)
    if array.size and (np.any(array < 0) or np.any(np.asarray(array) != np.floor(array))):
        raise ValueError(f"{name} must be non-negative whole numbers")
    return np.asarray(array, dtype=np.int64)


def _binary_search(
    value: Callable[[IntArray], FloatArray], target: FloatArray, lo: IntArray, hi: IntArray
) -> IntArray:
    """Vectorised copy of scipy's `_binary_search_for_binom_tst`: the i with a(i) <= d < a(i+1)."""
    lo = lo.copy()
    hi = hi.copy()
    found = np.zeros(lo.shape, dtype=bool)
    result = np.zeros(lo.shape, dtype=np.int64)
    while True:
        active = (lo < hi) & ~found
        if not active.any():
            break
        mid = lo + (hi - lo) // 2
        mid_value = value(mid)
        below = active & (mid_value < target)
        above = active & (mid_value > target)
        equal = active & ~below & ~above
        lo = np.where(below, mid + 1, lo)
        hi = np.where(above, mid - 1, hi)
        result = np.where(equal, mid, result)
        found |= equal
    end = np.where(value(lo) <= target, lo, lo - 1)
    return np.where(found, result, end)


def binomial_two_sided_pvalue(k: npt.ArrayLike, n: npt.ArrayLike, p: npt.ArrayLike) -> FloatArray:
    """Two-sided exact binomial p-values, equal to `scipy.stats.binomtest(k, n, p).pvalue`.

    Vectorised over k, n and p (broadcast). n = 0 gives 1.0 (nothing was observed, so
    nothing speaks against the null), where scipy refuses.
    """
    k_arr, n_arr, p_arr = np.broadcast_arrays(
        np.asarray(k, dtype=np.int64), np.asarray(n, dtype=np.int64), np.asarray(p, dtype=float)
    )
    k_arr, n_arr, p_arr = (np.atleast_1d(a).ravel() for a in (k_arr, n_arr, p_arr))
    shape = np.broadcast_shapes(np.shape(k), np.shape(n), np.shape(p))
    pvalue = np.ones(k_arr.shape, dtype=float)
    density = stats.binom.pmf(k_arr, n_arr, p_arr)
    mean = p_arr * n_arr

    low = (k_arr < mean) & (n_arr > 0)
    if low.any():
        kk, nn, pp, dd = k_arr[low], n_arr[low], p_arr[low], density[low]
        ix = _binary_search(
            lambda x: -stats.binom.pmf(x, nn, pp),
            -dd * _RELATIVE_ERROR,
            np.ceil(pp * nn).astype(np.int64),
            nn.copy(),
        )
        y = nn - ix + (dd * _RELATIVE_ERROR == stats.binom.pmf(ix, nn, pp)).astype(np.int64)
        pvalue[low] = stats.binom.cdf(kk, nn, pp) + stats.binom.sf(nn - y, nn, pp)

    high = (k_arr > mean) & (n_arr > 0)
    if high.any():
        kk, nn, pp, dd = k_arr[high], n_arr[high], p_arr[high], density[high]
        ix = _binary_search(
            lambda x: stats.binom.pmf(x, nn, pp),
            dd * _RELATIVE_ERROR,
            np.zeros(nn.shape, dtype=np.int64),
            np.floor(pp * nn).astype(np.int64),
        )
        y = ix + 1
        pvalue[high] = stats.binom.cdf(y - 1, nn, pp) + stats.binom.sf(kk - 1, nn, pp)

    return np.minimum(pvalue, 1.0).reshape(shape)


def min_attainable_pvalue(n: npt.ArrayLike, p: npt.ArrayLike) -> FloatArray:
    """The smallest two-sided p-value the conditional test can give with n events in all.

    The two-sided p-value grows with the probability of the observed outcome, and the least
    likely outcome of a unimodal binomial is one of the ends (0 or n). A test whose
    smallest attainable p-value is above the level cannot reject whatever happens (Tarone
    1990), so it need not use up a place in the false-discovery family.
    """
    n_arr = np.asarray(n, dtype=np.int64)
    p_arr = np.asarray(p, dtype=float)
    at_zero = binomial_two_sided_pvalue(np.zeros_like(n_arr), n_arr, p_arr)
    at_n = binomial_two_sided_pvalue(n_arr, n_arr, p_arr)
    return np.minimum(at_zero, at_n)


def clopper_pearson(
    k: npt.ArrayLike, n: npt.ArrayLike, confidence: float = 0.95
) -> tuple[FloatArray, FloatArray]:
    """Exact (Clopper-Pearson) interval for a binomial proportion, vectorised.

    Equal to `binomtest(k, n).proportion_ci(confidence, method="exact")`; n = 0 gives
    (0, 1).
    """
    k_arr = np.asarray(k, dtype=float)
    n_arr = np.asarray(n, dtype=float)
    alpha = (1 - confidence) / 2
    with np.errstate(invalid="ignore", divide="ignore"):
        lower = np.where(k_arr > 0, stats.beta.ppf(alpha, k_arr, n_arr - k_arr + 1), 0.0)
        upper = np.where(k_arr < n_arr, stats.beta.isf(alpha, k_arr + 1, n_arr - k_arr), 1.0)
    return np.asarray(lower, dtype=float), np.asarray(upper, dtype=float)


def benjamini_hochberg(pvalues: npt.ArrayLike) -> FloatArray:
    """Benjamini-Hochberg adjusted p-values (q-values), equal to
    `scipy.stats.false_discovery_control(p, method="bh")`.

    NaN p-values are left out of the family and get a NaN q-value.
    """
    p = np.asarray(pvalues, dtype=float)
    q = np.full(p.shape, np.nan)
    present = ~np.isnan(p)
    values = p[present]
    m = values.size
    if m == 0:
        return q
    order = np.argsort(values, kind="stable")
    ranked = values[order] * m / np.arange(1, m + 1)
    adjusted = np.minimum(np.minimum.accumulate(ranked[::-1])[::-1], 1.0)
    out = np.empty(m)
    out[order] = adjusted
    q[present] = out
    return q


@dataclass(frozen=True)
class ChangeTable:
    """One row per comparison of a current count with its baseline.

    `expected` is the baseline rate scaled to the current exposure (what "no change"
    predicts); `rate_ratio` is (x1/e1) / (x2/e2). `in_family` marks the tests that count in
    the false-discovery family (their q-value is not NaN); `n_tests` is the family's size.
    """

    observed: IntArray
    baseline: IntArray
    exposure: FloatArray
    baseline_exposure: FloatArray
    expected: FloatArray
    rate_ratio: FloatArray
    ci_low: FloatArray
    ci_high: FloatArray
    p_value: FloatArray
    q_value: FloatArray
    in_family: BoolArray
    too_few: BoolArray
    significant: BoolArray
    verdict: tuple[Verdict, ...]
    n_tests: int
    confidence: float
    fdr_level: float
    min_events: float
    family: Family
    labels: tuple[str, ...] = ()
    dispersion_index: FloatArray | None = field(default=None)

    def __len__(self) -> int:
        return int(self.observed.size)

    def parameters_dict(self) -> dict[str, object]:
        """The settings the table was computed with, for a report's method note."""
        return {
            "test": "exact conditional binomial (two Poisson counts)",
            "confidence": self.confidence,
            "fdr_level": self.fdr_level,
            "fdr_method": "benjamini-hochberg",
            "family": self.family,
            "n_tests": self.n_tests,
            "min_events": self.min_events,
        }

    def records(self) -> list[dict[str, object]]:
        """One plain dict per comparison (JSON-ready: NaN and infinity become None)."""

        def number(value: float) -> float | None:
            return float(value) if np.isfinite(value) else None

        rows: list[dict[str, object]] = []
        for i in range(len(self)):
            rows.append(
                {
                    "label": self.labels[i] if self.labels else None,
                    "observed": int(self.observed[i]),
                    "baseline": int(self.baseline[i]),
                    "exposure": float(self.exposure[i]),
                    "baseline_exposure": float(self.baseline_exposure[i]),
                    "expected": float(self.expected[i]),
                    "rate_ratio": number(self.rate_ratio[i]),
                    "ci_low": number(self.ci_low[i]),
                    "ci_high": number(self.ci_high[i]),
                    "p": float(self.p_value[i]),
                    "q": number(self.q_value[i]),
                    "verdict": self.verdict[i],
                    "dispersion_index": (
                        None if self.dispersion_index is None else number(self.dispersion_index[i])
                    ),
                }
            )
        return rows


def compare_counts(
    observed: npt.ArrayLike,
    baseline: npt.ArrayLike,
    *,
    exposure: npt.ArrayLike = 1.0,
    baseline_exposure: npt.ArrayLike,
    confidence: float = 0.95,
    fdr_level: float = 0.05,
    min_events: float = 5.0,
    family: Family = "attainable",
    labels: Sequence[str] = (),
    dispersion_index: npt.ArrayLike | None = None,
) -> ChangeTable:
    """Compare current counts with baseline counts: exact test, rate ratio, CI, BH q-values.

    observed, baseline: counts (one per comparison); exposure, baseline_exposure: the
    length of each period in any common unit (weeks, days, residents x years).

    A comparison is "too few" (nothing can be said) when any of these holds:
    - observed + expected < `min_events` (default 5);
    - the rate ratio's interval reaches below 0.5 and above 2 at once: the data fit a
      halving as well as a doubling;
    - the test cannot reach the FDR level whatever the split of the n events
      (`min_attainable_pvalue(n, p) > fdr_level`), which includes n = 0.

    The false-discovery family is, by default ("attainable"), the tests that could reach
    the level: leaving out the others depends only on n, which the conditional test holds
    fixed, so the FDR stays controlled (Gilbert 2005) and hopeless tests do not dilute the
    rest. `family="all"` uses every test instead.
    """
    x1 = np.atleast_1d(_as_counts(observed, "observed"))
    x2 = np.atleast_1d(_as_counts(baseline, "baseline"))
    e1 = np.broadcast_to(np.asarray(exposure, dtype=float), x1.shape).astype(float)
    e2 = np.broadcast_to(np.asarray(baseline_exposure, dtype=float), x1.shape).astype(float)
    if x1.shape != x2.shape:
        raise ValueError("observed and baseline need one value per comparison each")
    if np.any(e1 <= 0) or np.any(e2 <= 0):
        raise ValueError("exposures must be positive")
    if labels and len(labels) != x1.size:
        raise ValueError("one label per comparison")

    n = x1 + x2
    share = e1 / (e1 + e2)
    p_value = binomial_two_sided_pvalue(x1, n, share)
    p_low, p_high = clopper_pearson(x1, n, confidence)
    scale = e2 / e1
    with np.errstate(divide="ignore", invalid="ignore"):
        rate_ratio = np.where(n > 0, (x1 / e1) / (x2 / e2), np.nan)
        ci_low = np.where(n > 0, p_low / (1 - p_low) * scale, np.nan)
        ci_high = np.where(
            n > 0, np.where(p_high < 1, p_high / (1 - p_high) * scale, np.inf), np.nan
        )
    expected = x2 * e1 / e2

    attainable = (n > 0) & (min_attainable_pvalue(n, share) <= fdr_level)
    in_family = attainable if family == "attainable" else np.ones(x1.shape, dtype=bool)
    q_value = benjamini_hochberg(np.where(in_family, p_value, np.nan))
    too_few = ~attainable | (x1 + expected < min_events) | ((ci_low < 0.5) & (ci_high > 2.0))
    significant = ~too_few & (q_value <= fdr_level)
    verdict: list[Verdict] = []
    for is_few, is_sig, ratio in zip(too_few, significant, rate_ratio, strict=True):
        if is_few:
            verdict.append("too_few")
        elif not is_sig:
            verdict.append("no_change")
        else:
            verdict.append("increase" if ratio > 1 else "decrease")
    return ChangeTable(
        observed=x1,
        baseline=x2,
        exposure=e1,
        baseline_exposure=e2,
        expected=expected,
        rate_ratio=rate_ratio,
        ci_low=ci_low,
        ci_high=ci_high,
        p_value=p_value,
        q_value=q_value,
        in_family=in_family,
        too_few=too_few,
        significant=significant,
        verdict=tuple(verdict),
        n_tests=int(in_family.sum()),
        confidence=confidence,
        fdr_level=fdr_level,
        min_events=min_events,
        family=family,
        labels=tuple(labels),
        dispersion_index=None if dispersion_index is None else np.asarray(dispersion_index),
    )


def compare_to_baseline_periods(
    current: npt.ArrayLike,
    baseline_periods: npt.ArrayLike,
    *,
    confidence: float = 0.95,
    fdr_level: float = 0.05,
    min_events: float = 5.0,
    family: Family = "attainable",
    labels: Sequence[str] = (),
) -> ChangeTable:
    """Compare each current count with the k earlier periods of the same length.

    current: shape (m,), one count per district x category; baseline_periods: shape
    (m, k), the counts of the k baseline periods (the previous k weeks, or the same week in
    k earlier years). The baseline total is compared with exposure k against exposure 1,
    and the baseline periods' index of dispersion (variance / mean) is recorded: a value
    well above 1 means the counts vary more than Poisson, and the exact test is then too
    ready to call a change (see docs/analysis.md).
    """
    periods = np.asarray(baseline_periods)
    if periods.ndim == 1:
        periods = periods[np.newaxis, :]
    current_arr = np.atleast_1d(np.asarray(current))
    k = periods.shape[1]
    if k == 0:
        raise ValueError("at least one baseline period is needed")
    return compare_counts(
        current_arr,
        periods.sum(axis=1),
        exposure=1.0,
        baseline_exposure=float(k),
        confidence=confidence,
        fdr_level=fdr_level,
        min_events=min_events,
        family=family,
        labels=labels,
        dispersion_index=dispersion_index(periods),
    )


def dispersion_index(baseline_periods: npt.ArrayLike) -> FloatArray:
    """Variance / mean of each row's baseline periods (1 for Poisson; NaN with < 2 periods)."""
    periods = np.atleast_2d(np.asarray(baseline_periods, dtype=float))
    if periods.shape[1] < 2:
        return np.full(periods.shape[0], np.nan)
    mean = periods.mean(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(mean > 0, periods.var(axis=1, ddof=1) / mean, np.nan)


@dataclass(frozen=True)
class ControlBand:
    """A control-chart band per series: the baseline mean and a band around it.

    A current count outside [lower, upper] is unusual; with a 95 % band, about 1 period in
    20 falls outside by chance when the model holds. `method` is the distribution the band
    came from, per series ("poisson", or "negative_binomial" where the baseline varied more
    than Poisson and that method was asked for).
    """

    expected: FloatArray
    lower: FloatArray
    upper: FloatArray
    dispersion_index: FloatArray
    method: tuple[str, ...]
    level: float
    n_periods: int


BandMethod = Literal["poisson", "negative_binomial"]


def control_band(
    baseline_periods: npt.ArrayLike,
    *,
    level: float = 0.95,
    method: BandMethod = "poisson",
) -> ControlBand:
    """Expected value and the central band for the next period.

    baseline_periods: (k,) or (m, k) counts of k earlier periods. With `method="poisson"`
    the band is the (1 - level)/2 and (1 + level)/2 quantiles of Poisson(mean of the k
    periods). With `method="negative_binomial"` a series whose baseline variance v exceeds
    its mean m gets the quantiles of the negative binomial with that mean and variance
    (moment estimates: size m^2 / (v - m), probability m / v), a wider band that allows for
    overdispersion; series with v <= m keep the Poisson band. Either way the uncertainty of
    the estimated mean is ignored, so with few baseline periods the band is too narrow.
    """
    periods = np.atleast_2d(np.asarray(baseline_periods, dtype=float))
    mean = periods.mean(axis=1)
    tail = (1 - level) / 2
    lower = stats.poisson.ppf(tail, mean).astype(float)
    upper = stats.poisson.ppf(1 - tail, mean).astype(float)
    used = np.array(["poisson"] * mean.size, dtype=object)
    if method == "negative_binomial" and periods.shape[1] >= 2:
        variance = periods.var(axis=1, ddof=1)
        wider = (variance > mean) & (mean > 0)
        if wider.any():
            m, v = mean[wider], variance[wider]
            size, probability = m**2 / (v - m), m / v
            lower[wider] = stats.nbinom.ppf(tail, size, probability)
            upper[wider] = stats.nbinom.ppf(1 - tail, size, probability)
            used[wider] = "negative_binomial"
    return ControlBand(
        expected=mean,
        lower=lower,
        upper=upper,
        dispersion_index=dispersion_index(periods),
        method=tuple(str(u) for u in used),
        level=level,
        n_periods=int(periods.shape[1]),
    )


def describe_change(
    table: ChangeTable,
    index: int,
    *,
    subject: str,
    unit: str = "per vecka",
    gettext: Translate = wording.identity,
) -> str:
    """One plain Swedish sentence for comparison `index` of `table`.

    subject: what was counted where ("Skadegörelse i Nyfors"); unit: the period phrase
    ("per vecka", "per månad"), already translated. Figures are per one unit of exposure.
    """
    observed = table.observed[index] / table.exposure[index]
    baseline = table.baseline[index] / table.baseline_exposure[index]
    values = {
        "subject": subject,
        "unit": unit,
        "observed": wording.format_count_or_mean(float(observed)),
        "baseline": wording.format_count_or_mean(round(float(baseline), 1)),
        "n_tests": table.n_tests,
        "q": wording.format_p_relation(float(table.q_value[index])),
        "p": wording.format_p_relation(float(table.p_value[index])),
    }
    verdict = table.verdict[index]
    if verdict == "too_few":
        return gettext(wording.TOO_FEW).format(**values)
    bracket_template = (
        wording.RATIO_BRACKET_FROM_ZERO if table.baseline[index] == 0 else wording.RATIO_BRACKET
    )
    values["bracket"] = gettext(bracket_template).format(
        ratio=wording.format_significant(float(table.rate_ratio[index])),
        confidence=wording.format_percent(table.confidence),
        low=wording.format_significant(float(table.ci_low[index])),
        high=wording.format_significant(float(table.ci_high[index])),
        nbsp=wording.NBSP,
    )
    single = table.n_tests == 1
    if verdict == "increase":
        template = wording.INCREASE_SURE_SINGLE if single else wording.INCREASE_SURE
    elif verdict == "decrease":
        template = wording.DECREASE_SURE_SINGLE if single else wording.DECREASE_SURE
    else:
        template = wording.NO_CHANGE_SINGLE if single else wording.NO_CHANGE
    return gettext(template).format(**values)


def describe_changes(
    table: ChangeTable,
    subjects: Sequence[str],
    *,
    unit: str = "per vecka",
    gettext: Translate = wording.identity,
) -> list[str]:
    """`describe_change` for every row, with one subject per row."""
    if len(subjects) != len(table):
        raise ValueError("one subject per comparison")
    return [
        describe_change(table, i, subject=s, unit=unit, gettext=gettext)
        for i, s in enumerate(subjects)
    ]
