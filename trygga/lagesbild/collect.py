"""The raw figures of one audience of a lägesbild, gathered from the statistics selectors.

Everything is read through `trygga.events.statistics` (and the reports' models for citizen
report counts) with one reader: `SYSTEM` for the partner version (every event of the
municipality) and `PUBLIC` for the public version (only events that may enter public
statistics). The figures here are exact; `protect` decides what the public may see and
`assemble` turns both into the stored content.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import h3
import numpy as np
from django.db.models import Count, Max, Min, Q
from django.utils import timezone

from trygga.analysis import change
from trygga.core.timeutil import start_of_day
from trygga.events import statistics
from trygga.events.models import EventSource, SourceKind
from trygga.events.selectors import (
    EventFilter,
    Viewer,
    categories_for,
    filtered_events,
    visible_events,
)
from trygga.events.statistics import AnalysisParameterError, AnalysisQuery, Period
from trygga.geography.models import District, Municipality
from trygga.geography.selectors import districts_of
from trygga.lagesbild.periods import RULES
from trygga.reports.models import Report
from trygga.reports.statuses import OPEN_STATUSES

Progress = Callable[[str], None]
OUTSIDE = "__outside__"  # the row of events outside every district
REPEAT_MIN_EVENTS = 3
REPEAT_TOP = 15
AGE_BUCKETS = ((0, 7), (8, 30), (31, 90), (91, None))  # days since the report came in


@dataclass(frozen=True)
class Spec:
    """What a lägesbild covers: a municipality or one of its districts, a kind and a period."""

    municipality: Municipality
    kind: str
    date_from: dt.date
    date_to: dt.date
    district: District | None = None

    def query(self, date_from: dt.date | None = None, date_to: dt.date | None = None) -> Any:
        return AnalysisQuery(
            self.municipality,
            date_from or self.date_from,
            date_to or self.date_to,
            district=self.district,
        )


@dataclass
class ChangeFigures:
    """Change tests of the period against its baseline: per category, per district, total."""

    baseline_labels: list[str]
    n_periods: int
    dropped: list[str]
    category_observed: np.ndarray
    category_baseline: np.ndarray
    district_observed: np.ndarray
    district_baseline: np.ndarray
    total_observed: int
    total_baseline: int
    pairs: list[dict[str, Any]]  # district x category rows of change_for (partner)
    parameters: dict[str, Any]


@dataclass
class Raw:
    """Exact figures of one audience; rows and columns in display order."""

    district_codes: list[str]  # districts, then OUTSIDE when events fall outside them all
    district_names: list[str]
    priority: list[bool]
    population: list[int | None]
    category_codes: list[str]
    category_names: list[str]
    matrix: np.ndarray  # district rows x category columns, police feed excluded
    signal: np.ndarray  # police-feed events per district, then OUTSIDE (area precision)
    signal_names: list[str]
    municipality_population: int | None  # for the whole's rate when districts do not cover it
    trend_labels: list[str]
    trend: list[int | None]  # None: before the data start (no data is not zero events)
    trend_previous: list[int | None]
    trend_is_period: bool  # the trend's sub-periods add up to the period (its total is shared)
    change: ChangeFigures | None
    change_error: str | None
    pattern: np.ndarray  # 7 x 24 aoristic weights, Monday first
    pattern_parameters: dict[str, Any]
    hotspots: list[dict[str, Any]]  # classed cells: cell, count, class, status
    hotspots_ended: list[str]  # cells hot in the previous window only
    hotspot_parameters: dict[str, Any]
    repeats: list[dict[str, Any]] = field(default_factory=list)
    reports: dict[str, Any] | None = None
    first_day: dt.date | None = None


def _tick(progress: Progress | None, step: str) -> None:
    if progress is not None:
        progress(step)


def _category_names(municipality: Municipality) -> dict[str, str]:
    # The municipality's own category wins over a shared one of the same code.
    names: dict[str, str] = {}
    for category in sorted(
        categories_for(municipality), key=lambda c: c.municipality_id is not None
    ):
        names[category.code] = category.name
    return names


def _districts(spec: Spec) -> list[District]:
    if spec.district is not None:
        return [spec.district]
    return list(districts_of(spec.municipality))


def _first_day(viewer: Viewer, spec: Spec) -> dt.date | None:
    police = EventSource.objects.filter(kind=SourceKind.POLICE_FEED).values_list("pk", flat=True)
    first = (
        visible_events(viewer, spec.municipality)
        .exclude(source_id__in=list(police))
        .aggregate(first=Min("occurred_from"))["first"]
    )
    return timezone.localtime(first).date() if first else None


def _counts(viewer: Viewer, spec: Spec, districts: list[District]) -> dict[str, Any]:
    table = statistics.event_counts_by(viewer, spec.query(), by=("district", "category"))
    names = _category_names(spec.municipality)
    codes = [d.code for d in districts]
    counts: dict[tuple[str, str], int] = {}
    signal: dict[str, int] = {}
    for row in table.rows:
        district = row["district"] if row["district"] in codes else OUTSIDE
        if row["count"]:
            key = (district, row["category"])
            counts[key] = counts.get(key, 0) + row["count"]
        if row["signal"]:
            signal[district] = signal.get(district, 0) + row["signal"]
    category_codes = sorted(
        {str(c) for _, c in counts}, key=lambda c: (str(names.get(c) or c).lower(), c)
    )
    has_outside = any(d == OUTSIDE for d, _ in counts)
    row_codes = [*codes, OUTSIDE] if has_outside else codes
    matrix = np.zeros((len(row_codes), len(category_codes)), dtype=np.int64)
    for (district, category), count in counts.items():
        matrix[row_codes.index(district), category_codes.index(category)] = count
    return {
        "row_codes": row_codes,
        "category_codes": category_codes,
        "category_names": [names.get(c, c) for c in category_codes],
        "matrix": matrix,
        "signal": np.array([signal.get(code, 0) for code in [*codes, OUTSIDE]], dtype=np.int64),
    }


def _trend(
    viewer: Viewer, spec: Spec, first_day: dt.date | None
) -> tuple[list[str], list[int | None], list[int | None], bool]:
    rules = RULES[spec.kind]
    period = rules.trend_period
    if rules.trend_periods is None:
        start, end, shift = spec.date_from, spec.date_to, None
    else:
        start = spec.date_to - dt.timedelta(days=7 * rules.trend_periods - 1)
        end, shift = spec.date_to, dt.timedelta(days=364)  # 52 weeks: weekdays stay aligned
    keys: list[tuple[int, int]] = []
    key = statistics.period_of(start, period)
    while statistics.period_start(key, period) <= end:
        keys.append(key)
        key = statistics.period_of(statistics.period_end(key, period), period)

    if shift is None:
        prev_keys = [(y - 1, p) for y, p in keys]
    else:
        prev_keys = [
            statistics.period_of(statistics.period_start(k, period) - shift, period) for k in keys
        ]
    counts = _sub_period_counts(viewer, spec, [*keys, *prev_keys], period)
    today = timezone.localdate()

    def series(keys_: list[tuple[int, int]]) -> list[int | None]:
        out: list[int | None] = []
        for k in keys_:
            begins = statistics.period_start(k, period)
            ends = statistics.period_end(k, period)
            if first_day is None or ends <= first_day or begins > today:
                out.append(None)  # no data yet, or not yet happened: not zero events
            else:
                out.append(counts[k])
        return out

    current, previous = series(keys), series(prev_keys)
    labels = [_sub_period_label(k, period) for k in keys]
    return labels, current, previous, rules.trend_periods is None


def _sub_period_counts(
    viewer: Viewer, spec: Spec, keys: list[tuple[int, int]], period: Period
) -> dict[tuple[int, int], int]:
    """Events (not the police feed) per sub-period, in one pass: one filtered count per period.

    Each period is its [start, end) in local time turned into UTC instants, so the database
    compares stored timestamps; grouping by a local month would make SQLite convert every
    row's time zone in Python (Django's SQLite functions), the slowest step at 1,000,000
    events. The counts equal `event_counts_by(..., by=("period",))` (tested).
    """
    police = EventSource.objects.filter(kind=SourceKind.POLICE_FEED).values_list("pk", flat=True)
    qs = filtered_events(
        viewer,
        spec.municipality,
        EventFilter(district_id=spec.district.pk if spec.district else None),
    ).exclude(source_id__in=list(police))
    unique = sorted(set(keys))
    bounds = {
        k: (
            start_of_day(statistics.period_start(k, period)),
            start_of_day(statistics.period_end(k, period)),
        )
        for k in unique
    }
    first = min(b[0] for b in bounds.values())
    last = max(b[1] for b in bounds.values())
    result = (
        qs.filter(occurred_from__gte=first, occurred_from__lt=last)
        .order_by()
        .aggregate(
            **{
                f"p{i}": Count("id", filter=Q(occurred_from__gte=b[0], occurred_from__lt=b[1]))
                for i, b in enumerate(bounds[k] for k in unique)
            }
        )
    )
    return {k: int(result[f"p{i}"] or 0) for i, k in enumerate(unique)}


MONTH_SHORT = ("jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec")


def _sub_period_label(key: tuple[int, int], period: str) -> str:
    if period == "month":
        return MONTH_SHORT[key[1] - 1]
    return f"v. {key[1]}"


def _change(
    viewer: Viewer, spec: Spec, categories: list[str], districts: list[str]
) -> ChangeFigures:
    rules = RULES[spec.kind]
    attempts: list[tuple[Any, int]] = [(rules.baseline, rules.baseline_n)]
    if rules.baseline == "same_period":
        attempts.append(("previous", 3))
    last_error: AnalysisParameterError | None = None
    for baseline, n in attempts:
        try:
            result = statistics.change_for(
                viewer,
                spec.query(),
                period=spec.kind,  # type: ignore[arg-type]  # a kind is a period name
                at=spec.date_from,
                baseline=baseline,
                n=n,
            )
            break
        except AnalysisParameterError as exc:
            last_error = exc
    else:
        assert last_error is not None  # noqa: S101 - the loop ran at least once
        raise last_error
    table = result.table
    n_periods = len(result.parameters["baseline_periods"])
    cat_obs = np.zeros(len(categories), dtype=np.int64)
    cat_base = np.zeros(len(categories), dtype=np.int64)
    dist_obs = np.zeros(len(districts), dtype=np.int64)
    dist_base = np.zeros(len(districts), dtype=np.int64)
    for i in range(len(table)):
        category, district = result.categories[i], result.districts[i] or OUTSIDE
        if category in categories:
            cat_obs[categories.index(category)] += table.observed[i]
            cat_base[categories.index(category)] += table.baseline[i]
        else:  # events only in the baseline: a category without events now
            categories.append(category)
            cat_obs = np.append(cat_obs, table.observed[i])
            cat_base = np.append(cat_base, table.baseline[i])
        if district in districts:
            dist_obs[districts.index(district)] += table.observed[i]
            dist_base[districts.index(district)] += table.baseline[i]
    pairs = []
    for i, record in enumerate(result.records()):
        pairs.append({**record, "sentence": result.sentences[i]})
    return ChangeFigures(
        baseline_labels=list(result.parameters["baseline_periods"]),
        n_periods=n_periods,
        dropped=list(result.parameters["baseline_dropped"]),
        category_observed=cat_obs,
        category_baseline=cat_base,
        district_observed=dist_obs,
        district_baseline=dist_base,
        total_observed=int(table.observed.sum()),
        total_baseline=int(table.baseline.sum()),
        pairs=pairs,
        parameters={
            "baseline": result.parameters["baseline"],
            "current": result.parameters["current"],
            "baseline_periods": result.parameters["baseline_periods"],
            "baseline_dropped": result.parameters["baseline_dropped"],
            "fdr_level": result.parameters.get("fdr_level"),
            "n_tests": result.parameters.get("n_tests"),
        },
    )


def compare(observed: np.ndarray, baseline: np.ndarray, n_periods: int) -> change.ChangeTable:
    """The exact test of each row's count against its baseline sum over n periods."""
    return change.compare_counts(
        np.asarray(observed, dtype=np.int64),
        np.asarray(baseline, dtype=np.int64),
        exposure=1.0,
        baseline_exposure=float(n_periods),
    )


def _hotspots(viewer: Viewer, spec: Spec) -> tuple[list[dict[str, Any]], list[str], dict[str, Any]]:
    rules = RULES[spec.kind]
    if rules.hotspot_days is None:
        start, end = spec.date_from, spec.date_to
    else:
        start, end = spec.date_to - dt.timedelta(days=rules.hotspot_days - 1), spec.date_to
    length = (end - start).days + 1
    before = (start - dt.timedelta(days=length), start - dt.timedelta(days=1))
    current = statistics.hotspots_for(viewer, spec.query(start, end))
    previous = statistics.hotspots_for(viewer, spec.query(*before))
    hot_before = {r["cell"] for r in previous.records() if str(r["class"]).startswith("hot")}
    cells = []
    for record in current.records():
        if not str(record["class"]).startswith("hot"):
            continue
        cells.append(
            {
                "cell": record["cell"],
                "count": record["count"],
                "class": record["class"],
                "status": "continuing" if record["cell"] in hot_before else "new",
            }
        )
    now_hot = {c["cell"] for c in cells}
    ended = sorted(hot_before - now_hot)
    parameters = {
        **current.parameters_dict(),
        "from": start.isoformat(),
        "to": end.isoformat(),
        "previous_from": before[0].isoformat(),
        "previous_to": before[1].isoformat(),
        "cells": int(current.cells.size),
    }
    parameters["window"] = list(parameters["window"]) if parameters.get("window") else None
    parameters["categories"] = list(parameters.get("categories") or ())
    return cells, ended, parameters


def _repeats(viewer: Viewer, spec: Spec) -> list[dict[str, Any]]:
    """The cells (at the stored H3 resolution) with the most placed events, at least three.

    One GROUP BY in the database with the first and last time, most events first, then by
    cell: the same places and order as `statistics.repeats_for` (tested), without loading
    every event's row into Python, which is most of that selector's time at 1,000,000.
    """
    qs = (
        filtered_events(
            viewer,
            spec.municipality,
            EventFilter(district_id=spec.district.pk if spec.district else None),
        )
        .filter(
            precision__in=statistics.PLACED,
            h3_cell__isnull=False,
            occurred_from__gte=start_of_day(spec.date_from),
            occurred_from__lt=start_of_day(spec.date_to + dt.timedelta(days=1)),
        )
        .order_by()
        .values("h3_cell")
        .annotate(count=Count("id"), first=Min("occurred_from"), last=Max("occurred_from"))
        .filter(count__gte=REPEAT_MIN_EVENTS)
        .order_by("-count", "h3_cell")[:REPEAT_TOP]
    )
    return [
        {
            "cell": h3.int_to_str(row["h3_cell"]),
            "count": row["count"],
            "first": row["first"].astimezone(dt.UTC).date().isoformat(),
            "last": row["last"].astimezone(dt.UTC).date().isoformat(),
        }
        for row in qs
    ]


def _reports(spec: Spec, now: dt.datetime) -> dict[str, Any]:
    """Citizen reports: open now by age and service, and received in the period by service.

    Aggregates of the report fields Open311 already publishes (service, status, time
    received), so one reading serves both audiences; the public one is protected after.
    """
    qs = Report.objects.filter(municipality=spec.municipality)
    if spec.district is not None:
        qs = qs.filter(district=spec.district)
    open_rows = list(
        qs.filter(status__in=list(OPEN_STATUSES), requested_at__lt=now).values_list(
            "service__name", "requested_at"
        )
    )
    received_rows = list(
        qs.filter(
            requested_at__gte=start_of_day(spec.date_from),
            requested_at__lt=start_of_day(spec.date_to + dt.timedelta(days=1)),
        ).values_list("service__name", "status")
    )
    services = sorted({s for s, _ in open_rows} | {s for s, _ in received_rows})
    ages = np.zeros((len(services), len(AGE_BUCKETS)), dtype=np.int64)
    for service, requested in open_rows:
        days = (now - requested).days
        bucket = next(
            i
            for i, (low, high) in enumerate(AGE_BUCKETS)
            if days >= low and (high is None or days <= high)
        )
        ages[services.index(service), bucket] += 1
    received = np.zeros(len(services), dtype=np.int64)
    still_open = np.zeros(len(services), dtype=np.int64)
    for service, status in received_rows:
        received[services.index(service)] += 1
        still_open[services.index(service)] += int(status in OPEN_STATUSES)
    return {
        "services": services,
        "ages": ages,
        "received": received,
        "still_open": still_open,
        "at": now.isoformat(),
    }


def collect(
    spec: Spec,
    viewer: Viewer,
    *,
    partner: bool,
    progress: Progress | None = None,
    now: dt.datetime | None = None,
) -> Raw:
    """Every figure of one audience; `progress` is called once per step (for a progress bar)."""
    now = now or timezone.now()
    districts = _districts(spec)
    first_day = _first_day(viewer, spec)
    _tick(progress, "counts")
    counts = _counts(viewer, spec, districts)
    row_codes: list[str] = counts["row_codes"]
    by_code = {d.code: d for d in districts}
    _tick(progress, "trend")
    labels, trend, previous, trend_is_period = _trend(viewer, spec, first_day)
    _tick(progress, "change")
    change_figures, change_error = None, None
    category_codes = list(counts["category_codes"])
    try:
        change_figures = _change(viewer, spec, category_codes, list(row_codes))
    except AnalysisParameterError as exc:
        change_error = exc.message
    matrix = counts["matrix"]
    category_names = list(counts["category_names"])
    if len(category_codes) > matrix.shape[1]:  # categories with baseline events only
        names = _category_names(spec.municipality)
        extra = category_codes[matrix.shape[1] :]
        matrix = np.hstack([matrix, np.zeros((matrix.shape[0], len(extra)), dtype=np.int64)])
        category_names += [names.get(c, c) for c in extra]
    _tick(progress, "patterns")
    pattern = statistics.hour_weekday_for(viewer, spec.query())
    _tick(progress, "hotspots")
    hot_cells, ended, hot_parameters = _hotspots(viewer, spec)
    repeats: list[dict[str, Any]] = []
    if partner:
        _tick(progress, "repeats")
        repeats = _repeats(viewer, spec)
    _tick(progress, "reports")
    reports = _reports(spec, now)
    return Raw(
        district_codes=row_codes,
        district_names=[by_code[c].name if c in by_code else "" for c in row_codes],
        priority=[bool(by_code[c].is_priority) if c in by_code else False for c in row_codes],
        population=[by_code[c].population if c in by_code else None for c in row_codes],
        category_codes=category_codes,
        category_names=category_names,
        matrix=matrix,
        signal=counts["signal"],
        signal_names=[d.name for d in districts] + [OUTSIDE],
        municipality_population=spec.municipality.population if spec.district is None else None,
        trend_labels=labels,
        trend=trend,
        trend_previous=previous,
        trend_is_period=trend_is_period,
        change=change_figures,
        change_error=change_error,
        pattern=np.asarray(pattern.matrix.counts, dtype=np.float64),
        pattern_parameters=pattern.matrix.parameters_dict(),
        hotspots=hot_cells,
        hotspots_ended=ended,
        hotspot_parameters=hot_parameters,
        repeats=repeats,
        reports=reports,
        first_day=first_day,
    )


STEPS_PARTNER = ("counts", "trend", "change", "patterns", "hotspots", "repeats", "reports")
STEPS_PUBLIC = ("counts", "trend", "change", "patterns", "hotspots", "reports")
