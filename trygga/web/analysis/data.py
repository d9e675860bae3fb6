"""The analysis page's numbers: the filters turned into calls of `trygga.events.statistics`.

The selectors take one category; the page lets a person choose several. Where the numbers
add up (counts, rates' counts, the hour-by-weekday weights, hot-spot cells) the page calls
the selector once per chosen category and adds the results; the change table calls it once
for all categories and keeps the chosen ones' rows, so their q-values count every test of
the municipality (conservative). A category whose parent is also chosen is dropped, since
a category includes its sub-categories.

The trend's control band is `trygga.analysis.change.control_band` over the same baseline
periods `change_for` uses (the previous n periods, or the same period in n earlier years),
dropping periods before the municipality's data start: no data is not zero events.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Any

import h3
import numpy as np
from django.db.models import Min
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from trygga.analysis import change, hotspots, patterns, rates
from trygga.analysis.density import DensitySurface, density_surface
from trygga.analysis.grid import grid_for_polygon
from trygga.events.models import EventCategory, EventSource, SourceKind
from trygga.events.selectors import Viewer, visible_events
from trygga.events.statistics import (
    AnalysisParameterError,
    AnalysisQuery,
    Baseline,
    ChangeResult,
    DistrictRates,
    PatternResult,
    Period,
    PeriodKey,
    baseline_periods,
    change_for,
    district_rates_for,
    event_cells,
    event_counts_by,
    hotspot_parameters,
    hotspots_for,
    hour_weekday_for,
    period_end,
    period_label,
    period_of,
    period_start,
    resolve_query,
)
from trygga.geography.models import Municipality
from trygga.geography.selectors import districts_of

MONTHS = (
    gettext_lazy("januari"),
    gettext_lazy("februari"),
    gettext_lazy("mars"),
    gettext_lazy("april"),
    gettext_lazy("maj"),
    gettext_lazy("juni"),
    gettext_lazy("juli"),
    gettext_lazy("augusti"),
    gettext_lazy("september"),
    gettext_lazy("oktober"),
    gettext_lazy("november"),
    gettext_lazy("december"),
)


@dataclass(frozen=True)
class Selection:
    """The resolved filters: the query (without a category when several are chosen) and
    the chosen categories, outermost only."""

    query: AnalysisQuery
    categories: tuple[EventCategory, ...]
    period: Period
    baseline: Baseline
    n: int
    resolution: int
    k: int

    @property
    def several(self) -> bool:
        return len(self.categories) > 1

    def for_category(self, category: EventCategory | None) -> AnalysisQuery:
        return replace(self.query, category=category)

    def per_category(self) -> list[AnalysisQuery]:
        """One query per chosen category, or the query itself when none or one is chosen."""
        if not self.several:
            return [self.query]
        return [self.for_category(c) for c in self.categories]

    def category_codes(self) -> tuple[str, ...]:
        return tuple(c.code for c in self.categories)


def resolve(municipality: Municipality, cleaned: dict[str, Any]) -> Selection:
    """The form's cleaned data to a Selection; AnalysisParameterError names a bad field."""
    codes: list[str] = list(cleaned.get("category") or [])
    base = resolve_query(
        municipality,
        date_from=cleaned["date_from"],
        date_to=cleaned["date_to"],
        district=cleaned.get("district") or None,
        source=cleaned.get("source") or None,
        category=codes[0] if len(codes) == 1 else None,
    )
    chosen: list[EventCategory] = []
    if len(codes) == 1 and base.category is not None:
        chosen = [base.category]
    elif codes:
        for code in codes:
            category = resolve_query(municipality, category=code).category
            if category is not None:
                chosen.append(category)
        ids = {c.pk for c in chosen}
        chosen = [c for c in chosen if c.parent_id not in ids]
    return Selection(
        query=base,
        categories=tuple(chosen),
        period=cleaned["period"],
        baseline=cleaned["baseline"],
        n=int(cleaned["n"]),
        resolution=int(cleaned["resolution"]),
        k=int(cleaned["k"]),
    )


# --------------------------------------------------------------------------- periods


def periods_between(start: dt.date, end: dt.date, period: Period) -> list[PeriodKey]:
    """Every period from the one containing `start` to the one containing `end`."""
    keys = []
    key = period_of(start, period)
    last = period_of(end, period)
    while key <= last:
        keys.append(key)
        key = period_of(period_end(key, period), period)
    return keys


def last_complete_day(selection: Selection, today: dt.date) -> dt.date:
    """A day in the latest period that the window covers whole, for the change test.

    When the window ends inside a period (today, or a date that is not a period's last day),
    that period is partial and the one before it is tested, unless it lies before the window.
    """
    end = min(selection.query.date_to or today, today)
    key = period_of(end, selection.period)
    if period_end(key, selection.period) - dt.timedelta(days=1) <= end:
        return end
    previous = period_start(key, selection.period) - dt.timedelta(days=1)
    start = selection.query.date_from or previous
    return previous if previous >= start else end


def data_start(viewer: Viewer, municipality: Municipality) -> dt.date | None:
    """The local day of the municipality's first visible event that is not the police feed.

    Decided over the whole municipality (any district, category or source), as
    `change_for` decides which baseline periods have data: before it, no data is not zero.
    """
    police = EventSource.objects.filter(kind=SourceKind.POLICE_FEED).values("pk")
    first = (
        visible_events(viewer, municipality)
        .exclude(source_id__in=police)
        .aggregate(first=Min("occurred_from"))["first"]
    )
    return timezone.localdate(first) if first else None


# --------------------------------------------------------------------------- trend


@dataclass
class TrendSeries:
    """One line of the trend: counts per displayed period and the control band."""

    label: str
    counts: list[int]
    expected: list[float | None] = field(default_factory=list)
    lower: list[float | None] = field(default_factory=list)
    upper: list[float | None] = field(default_factory=list)
    is_signal: bool = False

    def outside(self, i: int) -> str | None:
        """ "above" or "below" when the count is outside its band."""
        low, high = self.lower[i], self.upper[i]
        if low is None or high is None:
            return None
        if self.counts[i] > high:
            return "above"
        if self.counts[i] < low:
            return "below"
        return None


@dataclass(frozen=True)
class Trend:
    periods: list[PeriodKey]
    labels: list[str]
    partial: list[bool]
    series: list[TrendSeries]
    signal: TrendSeries
    baseline_used: list[list[str]]  # per displayed period, the baseline periods used
    parameters: dict[str, Any]


def trend(viewer: Viewer, selection: Selection, today: dt.date) -> Trend:
    """Counts per period of each chosen category (or all) with the control band of each."""
    period, query = selection.period, selection.query
    start = query.date_from or today
    end = query.date_to or today
    shown = periods_between(start, end, period)
    history: set[PeriodKey] = set()
    for key in shown:
        history.update(baseline_periods(key, period, selection.baseline, selection.n))
    first_start = min([period_start(k, period) for k in history] + [period_start(shown[0], period)])
    first_day = data_start(viewer, query.municipality)

    def usable(key: PeriodKey) -> bool:
        # As change_for: a baseline period must start on or after the data's first day.
        return first_day is not None and period_start(key, period) >= first_day

    targets: list[tuple[str, AnalysisQuery]] = []
    if selection.categories:
        targets = [(c.name, selection.for_category(c)) for c in selection.categories]
    else:
        targets = [(_("Alla kategorier"), query)]
    series_counts: list[dict[str, int]] = []
    signal: dict[str, int] = {}
    for _label, target in targets:
        extended = replace(target, date_from=first_start)
        table = event_counts_by(viewer, extended, by=("period",), period=period)
        series_counts.append({row["period"]: row["count"] for row in table.rows})
        for row in table.rows:
            signal[row["period"]] = signal.get(row["period"], 0) + row["signal"]
    labels = [period_label(k, period) for k in shown]
    series = [
        TrendSeries(label=label, counts=[counts.get(p, 0) for p in labels])
        for (label, _target), counts in zip(targets, series_counts, strict=True)
    ]
    used_labels: list[list[str]] = []
    for key in shown:
        used = [
            k for k in baseline_periods(key, period, selection.baseline, selection.n) if usable(k)
        ]
        used_labels.append([period_label(k, period) for k in used])
        if not used:
            for s in series:
                s.expected.append(None)
                s.lower.append(None)
                s.upper.append(None)
            continue
        matrix = np.array(
            [[counts.get(period_label(k, period), 0) for k in used] for counts in series_counts],
            dtype=float,
        )
        band = change.control_band(matrix)
        for i, s in enumerate(series):
            s.expected.append(float(band.expected[i]))
            s.lower.append(float(band.lower[i]))
            s.upper.append(float(band.upper[i]))
    partial = [
        period_start(k, period) < start
        or period_end(k, period) > min(end, today) + dt.timedelta(days=1)
        for k in shown
    ]
    # The window can cut the last period short (the first is counted whole); the period in
    # which the data starts, and any before it, are partial too: no data is not zero.
    partial = [False] * (len(shown) - 1) + [partial[-1]] if shown else []
    partial = [p or not usable(k) for p, k in zip(partial, shown, strict=True)]
    signal_series = TrendSeries(
        label=_("Polisens händelser (signal)"),
        counts=[signal.get(p, 0) for p in labels],
        expected=[None] * len(labels),
        lower=[None] * len(labels),
        upper=[None] * len(labels),
        is_signal=True,
    )
    parameters = {
        **query.parameters(),
        "category": ",".join(selection.category_codes()) or None,
        "period": period,
        "baseline": selection.baseline,
        "n": selection.n,
        "band": "poisson, 95 %",
        "first_period": labels[0] if labels else None,
    }
    return Trend(shown, labels, partial, series, signal_series, used_labels, parameters)


# --------------------------------------------------------------------------- change

VERDICT_RANK = {"increase": 0, "decrease": 0, "no_change": 1, "too_few": 2}


@dataclass(frozen=True)
class ChangeView:
    result: ChangeResult | None
    rows: list[dict[str, Any]]
    tested: str  # the period tested
    error: str | None = None
    n_family: int = 0


def change_rows(viewer: Viewer, selection: Selection, today: dt.date) -> ChangeView:
    """District x category change tests of the latest whole period, most certain first."""
    at = last_complete_day(selection, today)
    tested = period_label(period_of(at, selection.period), selection.period)
    query = selection.for_category(None) if selection.several else selection.query
    try:
        result = change_for(
            viewer,
            query,
            period=selection.period,
            at=at,
            baseline=selection.baseline,
            n=selection.n,
        )
    except AnalysisParameterError as exc:
        return ChangeView(None, [], tested, error=exc.message)
    keep: set[str] | None = None
    if selection.several:
        keep = set(selection.category_codes())
        keep |= set(
            EventCategory.objects.filter(parent__in=selection.categories).values_list(
                "code", flat=True
            )
        )
    districts = {d.code: d for d in districts_of(selection.query.municipality)}
    names = dict(
        EventCategory.objects.filter(code__in=set(result.categories)).values_list("code", "name")
    )
    rows = []
    for record in result.records():
        if keep is not None and record["category"] not in keep:
            continue
        district = districts.get(record["district"] or "")
        rows.append(
            {
                **record,
                "district_name": district.name if district else _("okänd stadsdel"),
                "is_priority": bool(district and district.is_priority),
                "category_name": names.get(record["category"], record["category"]),
            }
        )
    rows.sort(
        key=lambda r: (
            VERDICT_RANK[r["verdict"]],
            r["q"] if r["q"] is not None else 2.0,
            r["p"],
            r["district_name"],
            r["category_name"],
        )
    )
    return ChangeView(result, rows, tested, n_family=int(result.parameters["n_tests"]))


# --------------------------------------------------------------------------- rates


def district_rates(viewer: Viewer, selection: Selection) -> DistrictRates:
    """`district_rates_for`, or its sum over several categories (counts add up)."""
    if not selection.several:
        return district_rates_for(viewer, selection.query)
    parts = [district_rates_for(viewer, q) for q in selection.per_category()]
    first = parts[0]
    n = len(first.districts)
    municipality = selection.query.municipality
    districts = {d.code: d for d in districts_of(municipality)}
    labels = [districts[code].name for code in first.districts]
    populations = [districts[code].population for code in first.districts]

    def summed(table: str) -> tuple[list[int], int]:
        counts = [sum(getattr(p, table).rows[i].count for p in parts) for i in range(n)]
        total = sum(getattr(p, table).row("total").count for p in parts)
        return counts, total

    counts, total = summed("table")
    signal, signal_total = summed("signal")
    outside = total - sum(counts)
    whole = municipality.population
    table = rates.district_rates(
        labels,
        counts,
        populations,
        first.priority,
        total_count=total if outside else None,
        total_population=whole if (outside or whole) else None,
        gettext=_,
    )
    signal_table = rates.district_rates(
        labels,
        signal,
        populations,
        first.priority,
        signal_only=True,
        total_count=signal_total,
        gettext=_,
    )
    parameters = {
        **first.parameters,
        "category": ",".join(selection.category_codes()),
        "events_outside_districts": outside,
    }
    return DistrictRates(table, signal_table, first.districts, first.priority, parameters)


# --------------------------------------------------------------------------- patterns


def hour_weekday(viewer: Viewer, selection: Selection) -> PatternResult:
    """`hour_weekday_for`, or its sum over several categories (weights add up)."""
    if not selection.several:
        return hour_weekday_for(viewer, selection.query)
    parts = [hour_weekday_for(viewer, q) for q in selection.per_category()]
    matrices = [p.matrix for p in parts]
    matrix = replace(
        matrices[0],
        counts=np.sum([m.counts for m in matrices], axis=0),
        n_events=sum(m.n_events for m in matrices),
        n_moments=sum(m.n_moments for m in matrices),
        n_windows=sum(m.n_windows for m in matrices),
        n_long_windows=sum(m.n_long_windows for m in matrices),
    )
    parameters = {
        **parts[0].parameters,
        **matrix.parameters_dict(),
        "category": ",".join(selection.category_codes()),
    }
    return PatternResult(matrix, parameters)


HEAT_LEVELS = 8


def heat_rows(result: PatternResult) -> list[dict[str, Any]]:
    """Seven rows (Monday first) of 24 cells with a colour level 0-8 and a row total."""
    counts = result.matrix.counts
    top = float(counts.max()) if counts.size else 0.0
    weekdays = (
        _("måndag"),
        _("tisdag"),
        _("onsdag"),
        _("torsdag"),
        _("fredag"),
        _("lördag"),
        _("söndag"),
    )
    rows = []
    for day in range(7):
        cells = []
        for hour in range(24):
            value = float(counts[day, hour])
            level = int(np.ceil(value / top * HEAT_LEVELS)) if top > 0 else 0
            cells.append({"hour": hour, "value": value, "level": level})
        rows.append({"weekday": weekdays[day], "cells": cells, "total": float(counts[day].sum())})
    return rows


@dataclass(frozen=True)
class Season:
    rows: list[dict[str, Any]]
    first: str | None
    last: str | None


def seasonality(viewer: Viewer, selection: Selection, today: dt.date) -> Season:
    """The average month (mean count and a per-day index) over the window's whole months.

    Months cut by the window, and the month in which the data starts, are left out: a part
    of a month would read as a quiet month.
    """
    query = selection.query
    start, end = query.date_from or today, min(query.date_to or today, today)
    months = periods_between(start, end, "month")
    first_day = data_start(viewer, query.municipality)
    whole = [
        k
        for k in months
        if period_start(k, "month") >= start
        and period_end(k, "month") <= end + dt.timedelta(days=1)
        and first_day is not None
        and period_start(k, "month") >= first_day
    ]
    if not whole:
        return Season([], None, None)
    counts: dict[str, int] = {}
    for q in selection.per_category():
        for row in event_counts_by(viewer, q, by=("period",), period="month").rows:
            counts[row["period"]] = counts.get(row["period"], 0) + row["count"]
    years = np.array([k[0] for k in whole])
    month_numbers = np.array([k[1] for k in whole])
    weights = np.array([counts.get(period_label(k, "month"), 0) for k in whole], dtype=float)
    monthly = patterns.monthly_counts(
        year=years, month=month_numbers, weights=weights, first=whole[0], last=whole[-1]
    )
    profile = patterns.month_profile(monthly)
    rows = []
    for m in range(12):
        if profile.n_years[m] == 0:
            continue
        rows.append(
            {
                "month": m + 1,
                "name": str(MONTHS[m]),
                "mean": float(profile.mean[m]),
                "index": float(profile.index[m]),
                "years": int(profile.n_years[m]),
            }
        )
    return Season(rows, period_label(whole[0], "month"), period_label(whole[-1], "month"))


# --------------------------------------------------------------------------- hot spots


def hotspot_result(
    viewer: Viewer, selection: Selection
) -> tuple[hotspots.HotspotResult, dict[str, Any]]:
    """`hotspots_for`, or the same analysis on the chosen categories' cells together."""
    if not selection.several:
        result = hotspots_for(
            viewer, selection.query, resolution=selection.resolution, k=selection.k
        )
        return result, hotspot_parameters(selection.query, result)
    cells = np.concatenate(
        [event_cells(viewer, q, selection.resolution) for q in selection.per_category()]
    )
    grid = grid_for_polygon(selection.query.municipality.boundary, selection.resolution)
    result = hotspots.hotspots(
        grid,
        cells,
        k=selection.k,
        window=selection.query.window(),
        categories=selection.category_codes(),
    )
    parameters = hotspot_parameters(selection.query, result)
    parameters["category"] = ",".join(selection.category_codes())
    return result, parameters


# --------------------------------------------------------------------------- density

DENSITY_RESOLUTION = 12  # H3 cells of about 20 m: the points' places for the density
DENSITY_BANDWIDTH_M = 200.0
DENSITY_CELL_M = 50.0


def density(viewer: Viewer, selection: Selection) -> tuple[DensitySurface, int] | None:
    """The kernel density of the placed events over their bounding box (plus the kernel's
    reach), from their H3 cells at resolution 12 (about 20 m), so only the public
    `event_cells` selector is read. With the number of events (the surface counts places).
    None without events."""
    cells = np.concatenate(
        [event_cells(viewer, q, DENSITY_RESOLUTION) for q in selection.per_category()]
    )
    if cells.size == 0:
        return None
    unique, weights = np.unique(cells, return_counts=True)
    lat, lon = np.array([h3.cell_to_latlng(h3.int_to_str(int(c))) for c in unique]).T
    pad_lat = 4 * DENSITY_BANDWIDTH_M / 111_320
    pad_lon = pad_lat / max(np.cos(np.radians(lat.mean())), 0.1)
    bounds = (
        float(lon.min() - pad_lon),
        float(lat.min() - pad_lat),
        float(lon.max() + pad_lon),
        float(lat.max() + pad_lat),
    )
    surface = density_surface(
        lon,
        lat,
        bounds,
        bandwidth_metres=DENSITY_BANDWIDTH_M,
        cell_metres=DENSITY_CELL_M,
        weights=weights,
    )
    return surface, int(weights.sum())
