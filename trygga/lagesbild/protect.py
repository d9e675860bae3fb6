"""Small-count protection of the public version: which figures the public may see.

Every count of the public version passes `trygga.analysis.suppression.suppress_small_counts`
with k from `settings.SMALL_COUNT_K`. Tables that share a figure are kept consistent: a
shared figure is published only where every table that holds it publishes it (hiding a
figure never reveals another, so hiding more is always safe):

- district x category counts are the one table of where and what; the district table, the
  category table and the map take their counts from its margins, so they agree by
  construction. A group row (priority districts together, the rest) is published only when
  every district in it is, so it adds no equation a reader could use;
- the trend of a tertial or a year adds up to the period's total, which the district x
  category table also publishes: the total is published only if both publish it. A week's
  trend spans twelve weeks whose sum is published nowhere, so it has no margin;
- the change test of a category is shown only when its current count (the category's
  total above) and its baseline count are both published; baseline counts are a table of
  their own with their total;
- the hour-by-weekday pattern is coarsened to four-hour bands of rounded counts;
- hot spots show their class, never a count, and only for cells with at least k events;
- the police feed, citizen reports by age and reports received are tables of their own.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from trygga.analysis.suppression import SuppressedTable, suppress_small_counts
from trygga.lagesbild.collect import Raw

BAND_HOURS = 4


@dataclass
class Masks:
    """True where a figure is hidden. Hidden figures never reach the public content."""

    k: int
    cells: np.ndarray  # district x category
    rows: np.ndarray  # district totals
    columns: np.ndarray  # category totals
    total: bool
    priority_group: bool
    rest_group: bool
    trend: np.ndarray
    trend_previous: np.ndarray
    baseline: np.ndarray  # per category
    baseline_total: bool
    pattern: SuppressedTable
    signal: SuppressedTable
    ages: SuppressedTable | None
    received: SuppressedTable | None
    table_parameters: dict[str, dict[str, object]]


def _hidden(values: np.ma.MaskedArray | None, size: int) -> np.ndarray:
    if values is None:
        return np.ones(size, dtype=bool)
    return np.asarray(np.ma.getmaskarray(values), dtype=bool).reshape(size)


def pattern_bands(pattern: np.ndarray) -> np.ndarray:
    """7 x 24 aoristic weights summed into 7 x 6 four-hour bands, rounded to whole events."""
    bands = pattern.reshape(7, 24 // BAND_HOURS, BAND_HOURS).sum(axis=2)
    return np.rint(bands).astype(np.int64)


def _series(values: list[int | None]) -> np.ndarray:
    return np.array([0 if v is None else v for v in values], dtype=np.int64)


def protect(raw: Raw, k: int) -> Masks:
    """Suppress every small count of `raw` and whatever would let a reader recover one."""
    parameters: dict[str, dict[str, object]] = {}
    n_rows, n_cols = raw.matrix.shape
    if raw.matrix.size:
        where = suppress_small_counts(raw.matrix, k=k, margins=True)
        cells = np.asarray(where.mask, dtype=bool)
        rows = _hidden(where.row_totals, n_rows)
        columns = _hidden(where.column_totals, n_cols)
        total = bool(np.ma.getmaskarray(where.total))
        parameters["district_category"] = where.parameters_dict()
    else:
        cells = np.zeros((n_rows, n_cols), dtype=bool)
        rows = np.zeros(n_rows, dtype=bool)
        columns = np.zeros(n_cols, dtype=bool)
        total = False

    trend_values = _series(raw.trend)
    trend_where = suppress_small_counts(trend_values, k=k, margins=raw.trend_is_period)
    trend = np.asarray(trend_where.mask, dtype=bool)
    if raw.trend_is_period:
        # The trend's total is the period's total: published only where both publish it,
        # and when it is hidden the sub-periods, which add up to it, are hidden too.
        total = total or bool(np.ma.getmaskarray(trend_where.total))
        if total:
            trend[:] = True
    elif total and trend.size:
        trend[-1] = True  # the week's own count is the period's total
    previous = np.asarray(
        suppress_small_counts(_series(raw.trend_previous), k=k, margins=False).mask, dtype=bool
    )
    parameters["trend"] = trend_where.parameters_dict()

    priority = np.array(raw.priority, dtype=bool)
    priority_group = bool(rows[priority].any()) if priority.any() else True
    rest = ~priority
    rest_group = bool(rows[rest].any()) if rest.any() else True

    baseline = np.ones(n_cols, dtype=bool)
    baseline_total = True
    if raw.change is not None:
        base = raw.change.category_baseline
        base_where = suppress_small_counts(base, k=k, margins=True)
        baseline = np.asarray(base_where.mask, dtype=bool)
        baseline_total = bool(np.ma.getmaskarray(base_where.total))
        parameters["baseline"] = base_where.parameters_dict()

    pattern = suppress_small_counts(pattern_bands(raw.pattern), k=k, margins=True)
    parameters["pattern"] = pattern.parameters_dict()
    signal = suppress_small_counts(raw.signal, k=k, margins=True)
    parameters["police"] = signal.parameters_dict()

    ages = received = None
    if raw.reports is not None and raw.reports["services"]:
        ages = suppress_small_counts(raw.reports["ages"], k=k, margins=True)
        still_open = raw.reports["still_open"]
        split = np.column_stack([still_open, raw.reports["received"] - still_open])
        received = suppress_small_counts(split, k=k, margins=True)
        parameters["reports_open"] = ages.parameters_dict()
        parameters["reports_received"] = received.parameters_dict()

    return Masks(
        k=k,
        cells=cells,
        rows=rows,
        columns=columns,
        total=total,
        priority_group=priority_group,
        rest_group=rest_group,
        trend=trend,
        trend_previous=previous,
        baseline=baseline,
        baseline_total=baseline_total,
        pattern=pattern,
        signal=signal,
        ages=ages,
        received=received,
        table_parameters=parameters,
    )
