"""Counts and rates per 1,000 residents, by district, with the priority districts beside the rest.

A rate is count / population x 1,000 over the period the counts cover (not turned into a
yearly figure). Its interval is the exact Poisson (Garwood 1936) interval of the count,
divided by the population: the population is taken as known, the count as Poisson.

Police-feed events are a *signal*: their place is the centroid of an area and they are a
small, selected share of the crimes, so `signal_only=True` refuses to turn them into
rates and returns the counts labelled as a signal.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt
from scipy import stats

from trygga.analysis import wording
from trygga.analysis.change import ChangeTable, compare_counts
from trygga.analysis.wording import Translate

FloatArray = npt.NDArray[np.float64]

RowKind = Literal["district", "priority", "rest", "total"]
Measure = Literal["rate", "signal"]


def poisson_interval(
    counts: npt.ArrayLike, confidence: float = 0.95
) -> tuple[FloatArray, FloatArray]:
    """Exact (Garwood) two-sided interval for a Poisson mean, vectorised.

    Lower bound chi2(alpha/2; 2x) / 2 (0 for x = 0), upper bound chi2(1 - alpha/2; 2x + 2) / 2,
    written with the gamma distribution, which is the same.
    """
    x = np.asarray(counts, dtype=float)
    if np.any(x < 0):
        raise ValueError("counts must be non-negative")
    alpha = (1 - confidence) / 2
    with np.errstate(invalid="ignore"):
        lower = np.where(x > 0, stats.gamma.ppf(alpha, np.where(x > 0, x, 1)), 0.0)
    upper = stats.gamma.isf(alpha, x + 1)
    return np.asarray(lower, dtype=float), np.asarray(upper, dtype=float)


def _population_array(population: npt.ArrayLike | Sequence[float | None]) -> FloatArray:
    values = [np.nan if v is None else float(v) for v in np.ravel(np.asarray(population, object))]
    array = np.asarray(values, dtype=float).reshape(np.shape(np.asarray(population, object)))
    return np.where(array > 0, array, np.nan)


def rate_per(
    counts: npt.ArrayLike,
    population: npt.ArrayLike | Sequence[float | None],
    *,
    per: float = 1000.0,
    confidence: float = 0.95,
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Rate per `per` residents and its exact interval; NaN where the population is unknown.

    A population that is None, NaN, zero or negative is unknown: no rate, and no division
    by zero.
    """
    x = np.asarray(counts, dtype=float)
    pop = _population_array(population)
    low, high = poisson_interval(x, confidence)
    with np.errstate(invalid="ignore", divide="ignore"):
        return x / pop * per, low / pop * per, high / pop * per


@dataclass(frozen=True)
class RateRow:
    """One line of a rate table. `rate`, `ci_low` and `ci_high` are None without a rate."""

    label: str
    kind: RowKind
    count: int
    population: int | None
    rate: float | None
    ci_low: float | None
    ci_high: float | None


@dataclass(frozen=True)
class RateTable:
    """Districts, then the priority districts together, the rest and the whole municipality.

    `measure` is "signal" when the source may not be turned into rates (then every rate is
    None and `note` says why). `priority_vs_rest` compares the two groups' rates with the
    exact conditional test (exposures = populations) when both are known.
    """

    rows: tuple[RateRow, ...]
    measure: Measure
    per: float
    confidence: float
    note: str | None
    priority_vs_rest: ChangeTable | None

    def parameters_dict(self) -> dict[str, object]:
        """The settings the table was computed with, for a report's method note."""
        return {
            "measure": self.measure,
            "per": self.per,
            "confidence": self.confidence,
            "interval": "exact Poisson (Garwood)",
        }

    def row(self, kind: RowKind) -> RateRow | None:
        """The first row of a kind ("priority", "rest", "total")."""
        return next((r for r in self.rows if r.kind == kind), None)


def _optional(value: float) -> float | None:
    return None if math.isnan(value) else float(value)


def district_rates(
    labels: Sequence[str],
    counts: npt.ArrayLike,
    populations: npt.ArrayLike | Sequence[float | None],
    priority: npt.ArrayLike,
    *,
    signal_only: bool = False,
    per: float = 1000.0,
    confidence: float = 0.95,
    total_count: int | None = None,
    total_population: float | None = None,
    gettext: Translate = wording.identity,
) -> RateTable:
    """Counts and rates per district plus "priority districts together", "rest" and "total".

    labels, counts, populations, priority: one value per district (population None when
    unknown). A group's rate needs the population of every district in it, otherwise it is
    None: a rate over part of a group's residents with all of its events would mislead.

    total_count and total_population describe the whole municipality when the districts
    do not cover it (events outside every district, residents outside every district); the
    rest is then the total minus the priority districts. Without them the rest is the sum
    of the non-priority districts.
    """
    n = len(labels)
    x = np.asarray(counts, dtype=np.int64).reshape(-1)
    pop = _population_array(populations).reshape(-1)
    is_priority = np.asarray(priority, dtype=bool).reshape(-1)
    if not (x.size == pop.size == is_priority.size == n):
        raise ValueError("labels, counts, populations and priority need one value per district")
    if np.any(x < 0):
        raise ValueError("counts must be non-negative")

    def group(mask: npt.NDArray[np.bool_]) -> tuple[int, float]:
        known = bool(np.all(~np.isnan(pop[mask])))
        return int(x[mask].sum()), float(pop[mask].sum()) if known else math.nan

    priority_count, priority_pop = group(is_priority)
    if total_count is None:
        rest_count, rest_pop = group(~is_priority)
        all_count, all_pop = group(np.ones(n, dtype=bool))
    else:
        if total_count < x.sum():
            raise ValueError("total_count is smaller than the districts' counts")
        all_count = int(total_count)
        rest_count = all_count - priority_count
        # Events outside every district: the residents there are unknown unless given.
        all_pop = rest_pop = math.nan
    if total_population is not None:
        all_pop = float(total_population)
        rest_pop = all_pop - priority_pop

    group_kinds: list[RowKind] = ["priority", "rest", "total"]
    district_kind: RowKind = "district"
    kinds: list[RowKind] = [district_kind] * n + group_kinds
    row_labels = [
        *labels,
        gettext(wording.ROW_PRIORITY),
        gettext(wording.ROW_REST),
        gettext(wording.ROW_TOTAL),
    ]
    row_counts = np.concatenate([x, [priority_count, rest_count, all_count]])
    row_pops = np.concatenate([pop, [priority_pop, rest_pop, all_pop]])
    row_pops = np.where(row_pops > 0, row_pops, np.nan)
    if signal_only:
        rate = low = high = np.full(row_counts.shape, np.nan)
    else:
        rate, low, high = rate_per(row_counts, row_pops, per=per, confidence=confidence)

    rows = tuple(
        RateRow(
            label=label,
            kind=kind,
            count=int(count),
            population=None if math.isnan(p) else round(p),
            rate=_optional(r),
            ci_low=_optional(lo),
            ci_high=_optional(hi),
        )
        for label, kind, count, p, r, lo, hi in zip(
            row_labels, kinds, row_counts, row_pops, rate, low, high, strict=True
        )
    )
    comparison = None
    if not signal_only and priority_pop > 0 and rest_pop > 0:
        comparison = compare_counts(
            [priority_count],
            [rest_count],
            exposure=priority_pop,
            baseline_exposure=rest_pop,
            confidence=confidence,
            family="all",
        )
    return RateTable(
        rows=rows,
        measure="signal" if signal_only else "rate",
        per=per,
        confidence=confidence,
        note=gettext(wording.SIGNAL_NOTE) if signal_only else None,
        priority_vs_rest=comparison,
    )
