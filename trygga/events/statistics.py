"""Event statistics: aggregates in the database, handed as arrays to `trygga.analysis`.

Every read starts from `selectors.visible_events(viewer, municipality)` (through
`filtered_events`), so the access rule stays in one place; the command line passes
`selectors.SYSTEM`, which sees every event of the municipality.

Counts are GROUP BY queries (`values().annotate(Count)`) over stored columns: the ISO year
and week (stored at ingest, since SQLite has no ISO-week function), district, category and
source; months, tertials and years come from the local (Europe/Stockholm) calendar date.
Event rows are never loaded to count them. The spatial and temporal methods (hot spots,
time patterns, repeats) load only the columns they need, as numpy arrays.

An event counts in the period in which it starts (`occurred_from`), and the date filter
`date_from`..`date_to` (inclusive days) selects events by that start.

Police-feed events (source kind `police_feed`, located at an area's centroid) are counted
apart, as a *signal*: `signal` in the count tables, a separate signal-only rate table, never
a rate, and they are left out of change tests, hot spots and repeats (they have no point).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, get_args
from zoneinfo import ZoneInfo

import numpy as np
import polars as pl
import polars_h3 as plh3
from django.conf import settings
from django.db.models import Count, Min, Q
from django.db.models.functions import ExtractMonth, ExtractYear
from django.utils.translation import gettext

from trygga.analysis import change, hotspots, patterns, rates, repeats
from trygga.analysis.grid import cell_strings, grid_for_polygon
from trygga.core.timeutil import start_of_day
from trygga.events.models import EventCategory, EventSource, Precision, SourceKind
from trygga.events.querysets import EventQuerySet
from trygga.events.selectors import (
    EventFilter,
    Viewer,
    categories_for,
    filtered_events,
    sources_for,
    visible_events,
)
from trygga.geography.models import District, Municipality
from trygga.geography.selectors import districts_of

Period = Literal["week", "month", "tertial", "year"]
PERIODS: tuple[Period, ...] = get_args(Period)
Dimension = Literal["period", "district", "category", "source"]
DIMENSIONS: tuple[Dimension, ...] = get_args(Dimension)
Baseline = Literal["same_period", "previous"]
BASELINES: tuple[Baseline, ...] = get_args(Baseline)
PeriodKey = tuple[int, int]
# Events with a real place: a point, or a geocoded address. Area centroids are not places.
PLACED = (Precision.POINT, Precision.ADDRESS)
PERIOD_UNITS = {
    "week": "per vecka",
    "month": "per månad",
    "tertial": "per tertial",
    "year": "per år",
}


class AnalysisParameterError(ValueError):
    """A parameter of an analysis is invalid; `parameter` names it (for a 400 or the CLI)."""

    def __init__(self, parameter: str, message: str) -> None:
        super().__init__(message)
        self.parameter = parameter
        self.message = message


# --------------------------------------------------------------------------- the query


@dataclass(frozen=True)
class AnalysisQuery:
    """What to analyse: a municipality, an inclusive day range, and optional narrowing."""

    municipality: Municipality
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    district: District | None = None
    category: EventCategory | None = None
    source: EventSource | None = None

    def event_filter(self) -> EventFilter:
        # Dates are applied to occurred_from here, not as the list's overlap filter.
        return EventFilter(
            district_id=self.district.pk if self.district else None,
            category_id=self.category.pk if self.category else None,
            source_id=self.source.pk if self.source else None,
        )

    def window(self) -> tuple[str, str] | None:
        """[from, to + 1 day) as ISO dates, as the analysis results record it."""
        if self.date_from is None or self.date_to is None:
            return None
        return (self.date_from.isoformat(), (self.date_to + dt.timedelta(days=1)).isoformat())

    def parameters(self) -> dict[str, Any]:
        return {
            "municipality": self.municipality.code,
            "from": self.date_from.isoformat() if self.date_from else None,
            "to": self.date_to.isoformat() if self.date_to else None,
            "district": self.district.code if self.district else None,
            "category": self.category.code if self.category else None,
            "source": self.source.code if self.source else None,
        }


def resolve_query(
    municipality: Municipality,
    *,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    district: str | None = None,
    category: str | None = None,
    source: str | None = None,
) -> AnalysisQuery:
    """Codes to objects of the municipality; AnalysisParameterError names a bad one."""
    if date_from and date_to and date_to < date_from:
        raise AnalysisParameterError("to", gettext("Slutdatumet får inte vara före startdatumet."))
    district_obj = None
    if district:
        district_obj = districts_of(municipality).filter(code=district).first()
        if district_obj is None:
            raise AnalysisParameterError("district", gettext("Okänd stadsdel."))
    category_obj = None
    if category:
        matches = list(categories_for(municipality).filter(code=category))
        if not matches:
            raise AnalysisParameterError("category", gettext("Okänd kategori."))
        # The municipality's own category wins over a shared one of the same code.
        category_obj = sorted(matches, key=lambda c: c.municipality_id is None)[0]
    source_obj = None
    if source:
        source_obj = sources_for(municipality).filter(code=source).first()
        if source_obj is None:
            raise AnalysisParameterError("source", gettext("Okänd källa."))
    return AnalysisQuery(municipality, date_from, date_to, district_obj, category_obj, source_obj)


def _events(viewer: Viewer, query: AnalysisQuery) -> EventQuerySet:
    """The visible, filtered events, selected by the start of their window."""
    qs = filtered_events(viewer, query.municipality, query.event_filter())
    if query.date_from:
        qs = qs.filter(occurred_from__gte=start_of_day(query.date_from))
    if query.date_to:
        qs = qs.filter(occurred_from__lt=start_of_day(query.date_to + dt.timedelta(days=1)))
    return qs.order_by()


def _police_source_ids() -> list[int]:
    return list(
        EventSource.objects.filter(kind=SourceKind.POLICE_FEED).values_list("pk", flat=True)
    )


def _local_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


# --------------------------------------------------------------------------- periods


def period_of(day: dt.date, period: Period) -> PeriodKey:
    """The period containing a day: (ISO year, week), (year, month), (year, tertial), (year, 1)."""
    if period == "week":
        year, week, _ = day.isocalendar()
        return (year, week)
    if period == "month":
        return (day.year, day.month)
    if period == "tertial":
        return (day.year, (day.month - 1) // 4 + 1)
    return (day.year, 1)


# The dates a change test may be asked about (`at`).
CHANGE_YEARS = (1900, 2999)


def period_start(key: PeriodKey, period: Period) -> dt.date:
    year, part = key
    if period == "week":
        return dt.date.fromisocalendar(year, part, 1)
    if period == "month":
        return dt.date(year, part, 1)
    if period == "tertial":
        return dt.date(year, (part - 1) * 4 + 1, 1)
    return dt.date(year, 1, 1)


def period_end(key: PeriodKey, period: Period) -> dt.date:
    """The first day after the period."""
    start = period_start(key, period)
    if period == "week":
        return start + dt.timedelta(days=7)
    months = {"month": 1, "tertial": 4, "year": 12}[period]
    index = start.year * 12 + start.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def period_label(key: PeriodKey, period: Period) -> str:
    year, part = key
    return {
        "week": f"{year}-W{part:02d}",
        "month": f"{year}-{part:02d}",
        "tertial": f"{year}-T{part}",
        "year": f"{year}",
    }[period]


def _same_period_earlier(key: PeriodKey, period: Period, years_back: int) -> PeriodKey | None:
    year, part = key
    earlier = (year - years_back, part)
    if period == "week" and part == 53 and dt.date(earlier[0], 12, 28).isocalendar()[1] != 53:
        return None  # a 52-week year has no week 53
    return earlier


def baseline_periods(
    current: PeriodKey, period: Period, baseline: Baseline, n: int
) -> list[PeriodKey]:
    """The n baseline periods, nearest first: the previous n, or the same in n earlier years."""
    found: list[PeriodKey] = []
    if baseline == "previous" or period == "year":
        key = current
        for _ in range(n):
            key = period_of(period_start(key, period) - dt.timedelta(days=1), period)
            found.append(key)
        return found
    years_back = 1
    while len(found) < n and years_back <= n + 6:
        earlier = _same_period_earlier(current, period, years_back)
        if earlier is not None:
            found.append(earlier)
        years_back += 1
    return found


def _period_values(qs: EventQuerySet, period: Period) -> tuple[EventQuerySet, list[str]]:
    """The queryset annotated with the period's grouping columns, and their names."""
    if period == "week":
        return qs, ["iso_year", "iso_week"]
    zone = _local_zone()
    qs = qs.annotate(p_year=ExtractYear("occurred_from", tzinfo=zone))
    if period == "year":
        return qs, ["p_year"]
    return qs.annotate(p_month=ExtractMonth("occurred_from", tzinfo=zone)), ["p_year", "p_month"]


def _period_key(row: dict[str, Any], period: Period) -> PeriodKey:
    if period == "week":
        return (row["iso_year"], row["iso_week"])
    if period == "year":
        return (row["p_year"], 1)
    if period == "tertial":
        return (row["p_year"], (row["p_month"] - 1) // 4 + 1)
    return (row["p_year"], row["p_month"])


# --------------------------------------------------------------------------- counts


@dataclass(frozen=True)
class CountTable:
    """Counts by the asked dimensions; `signal` counts the police feed apart."""

    rows: list[dict[str, Any]]
    parameters: dict[str, Any]


_DIMENSION_COLUMNS = {"district": "district_id", "category": "category_id", "source": "source_id"}


def _codes(dimension: str, ids: set[int]) -> dict[int, str]:
    model: Any = {"district": District, "category": EventCategory, "source": EventSource}[dimension]
    return dict(model.objects.filter(pk__in=ids).values_list("pk", "code"))


def event_counts_by(
    viewer: Viewer,
    query: AnalysisQuery,
    *,
    by: Sequence[Dimension] = ("period", "district", "category"),
    period: Period = "week",
) -> CountTable:
    """Counts of the visible events grouped by period, district, category and/or source.

    One GROUP BY query, plus one small query for the police sources and one per named
    dimension to turn ids into codes. Each row has the asked keys (`period` as a label,
    `district`/`category`/`source` as codes; `district` None for events outside every
    district and for the police feed), `count` (events that are not the police feed) and
    `signal` (police-feed events). Sorted by the keys.
    """
    unknown = [d for d in by if d not in DIMENSIONS]
    if unknown:
        raise AnalysisParameterError("by", f"unknown dimension(s) {unknown}")
    if period not in PERIODS:
        raise AnalysisParameterError("period", f"period must be one of {PERIODS}")
    police = _police_source_ids()
    qs = _events(viewer, query)
    columns: list[str] = []
    if "period" in by:
        qs, columns = _period_values(qs, period)
    columns += [_DIMENSION_COLUMNS[d] for d in by if d != "period"]
    rows = qs.values(*columns).annotate(
        count=Count("id", filter=~Q(source_id__in=police)),
        signal=Count("id", filter=Q(source_id__in=police)),
    )
    merged: dict[tuple[Any, ...], list[int]] = {}
    ids: dict[str, set[int]] = {d: set() for d in by if d != "period"}
    for row in rows:
        key: list[Any] = []
        for dimension in by:
            if dimension == "period":
                key.append(_period_key(row, period))
            else:
                value = row[_DIMENSION_COLUMNS[dimension]]
                key.append(value)
                if value is not None:
                    ids[dimension].add(value)
        # Months of one tertial come as separate groups: add them up here.
        totals = merged.setdefault(tuple(key), [0, 0])
        totals[0] += row["count"]
        totals[1] += row["signal"]
    codes = {d: _codes(d, found) for d, found in ids.items()}
    out: list[tuple[tuple[Any, ...], dict[str, Any]]] = []
    for key_tuple, (count, signal) in merged.items():
        record: dict[str, Any] = {}
        for dimension, value in zip(by, key_tuple, strict=True):
            if dimension == "period":
                record["period"] = period_label(value, period)
            else:
                record[dimension] = None if value is None else codes[dimension].get(value)
        record["count"], record["signal"] = count, signal
        # Periods in time order, codes alphabetically, "no district" last.
        order = tuple(
            (False, value) if d == "period" else (record[d] is None, record[d] or "")
            for d, value in zip(by, key_tuple, strict=True)
        )
        out.append((order, record))
    out.sort(key=lambda item: item[0])
    parameters = {
        **query.parameters(),
        "by": list(by),
        "period": period if "period" in by else None,
    }
    return CountTable(rows=[record for _, record in out], parameters=parameters)


# --------------------------------------------------------------------------- rates


@dataclass(frozen=True)
class DistrictRates:
    """Rates per 1,000 residents by district (not the police feed), and the police signal."""

    table: rates.RateTable
    signal: rates.RateTable
    districts: list[str]  # district codes, in the order of the table's district rows
    priority: list[bool]  # the districts' priority flags, in the same order
    parameters: dict[str, Any]


RateGrouping = Literal["category", "source", "period"]
RATE_GROUPINGS: tuple[RateGrouping, ...] = get_args(RateGrouping)


def district_rates_for(viewer: Viewer, query: AnalysisQuery) -> DistrictRates:
    """Counts and rates by district with the priority districts beside the rest.

    Events outside every district count in "rest" and "total" (whose rates then need the
    municipality's population). The police feed becomes a second, signal-only table.
    """
    police = _police_source_ids()
    rows = (
        _events(viewer, query)
        .values("district_id")
        .annotate(
            count=Count("id", filter=~Q(source_id__in=police)),
            signal=Count("id", filter=Q(source_id__in=police)),
        )
    )
    return _district_rates(query, list(rows), _query_districts(query))


def district_rates_by(
    viewer: Viewer, query: AnalysisQuery, *, by: RateGrouping, period: Period = "month"
) -> list[tuple[str, DistrictRates]]:
    """`district_rates_for` once per category, source or period, from one GROUP BY query.

    Returns (code or period label, rates) in order (periods in time order, codes
    alphabetically); a group appears when it has events in the window. A rate over a week
    or a month is per that period: compare rates of periods of the same length only.
    """
    if by not in RATE_GROUPINGS:
        raise AnalysisParameterError("by", f"by must be one of {RATE_GROUPINGS}")
    if period not in PERIODS:
        raise AnalysisParameterError("period", f"period must be one of {PERIODS}")
    police = _police_source_ids()
    qs = _events(viewer, query)
    if by == "period":
        qs, columns = _period_values(qs, period)
    else:
        columns = [_DIMENSION_COLUMNS[by]]
    groups: dict[Any, list[dict[str, Any]]] = {}
    for row in qs.values("district_id", *columns).annotate(
        count=Count("id", filter=~Q(source_id__in=police)),
        signal=Count("id", filter=Q(source_id__in=police)),
    ):
        key = _period_key(row, period) if by == "period" else row[columns[0]]
        groups.setdefault(key, []).append(row)
    if by == "period":
        labels = {key: period_label(key, period) for key in groups}
    else:
        labels = _codes(by, set(groups))
    ordered = sorted(groups, key=lambda key: key if by == "period" else labels[key])
    districts = _query_districts(query)
    result = []
    for key in ordered:
        rates_of_group = _district_rates(query, groups[key], districts)
        extra = {"by": by, "group": labels[key], "period": period if by == "period" else None}
        result.append(
            (
                labels[key],
                DistrictRates(
                    rates_of_group.table,
                    rates_of_group.signal,
                    rates_of_group.districts,
                    rates_of_group.priority,
                    {**rates_of_group.parameters, **extra},
                ),
            )
        )
    return result


def _query_districts(query: AnalysisQuery) -> list[District]:
    """The municipality's districts, or the one the query names."""
    if query.district is not None:
        return [query.district]
    return list(districts_of(query.municipality))


def _district_rates(
    query: AnalysisQuery, rows: list[dict[str, Any]], districts: list[District]
) -> DistrictRates:
    """The rate tables from rows of (district_id, count, signal); months may repeat a district."""
    counts_by: dict[int | None, list[int]] = {}
    for row in rows:
        totals = counts_by.setdefault(row["district_id"], [0, 0])
        totals[0] += row["count"]
        totals[1] += row["signal"]
    counts = [counts_by.get(d.pk, [0, 0])[0] for d in districts]
    signal = [counts_by.get(d.pk, [0, 0])[1] for d in districts]
    total = sum(c for c, _ in counts_by.values())
    signal_total = sum(s for _, s in counts_by.values())
    labels = [d.name for d in districts]
    populations = [d.population for d in districts]
    priority = [d.is_priority for d in districts]
    outside = total - sum(counts)
    whole_population = query.municipality.population
    table = rates.district_rates(
        labels,
        counts,
        populations,
        priority,
        total_count=total if outside else None,
        total_population=whole_population if (outside or whole_population) else None,
        gettext=gettext,
    )
    signal_table = rates.district_rates(
        labels,
        signal,
        populations,
        priority,
        signal_only=True,
        total_count=signal_total,
        gettext=gettext,
    )
    parameters = {
        **query.parameters(),
        **table.parameters_dict(),
        "events_outside_districts": outside,
        "police_feed": "signal only: counted, never a rate",
    }
    return DistrictRates(table, signal_table, [d.code for d in districts], priority, parameters)


# --------------------------------------------------------------------------- change


@dataclass(frozen=True)
class ChangeResult:
    """District x category change tests of one period against its baseline periods."""

    table: change.ChangeTable
    band: change.ControlBand
    districts: list[str | None]
    categories: list[str]
    sentences: list[str]
    parameters: dict[str, Any]

    def records(self) -> list[dict[str, Any]]:
        out = []
        for i, record in enumerate(self.table.records()):
            out.append(
                {
                    "district": self.districts[i],
                    "category": self.categories[i],
                    **record,
                    "band_expected": float(self.band.expected[i]),
                    "band_lower": float(self.band.lower[i]),
                    "band_upper": float(self.band.upper[i]),
                    "sentence": self.sentences[i],
                }
            )
        return out


def change_for(
    viewer: Viewer,
    query: AnalysisQuery,
    *,
    period: Period = "week",
    at: dt.date,
    baseline: Baseline = "same_period",
    n: int = 3,
) -> ChangeResult:
    """The period containing `at` against n baseline periods, per district x category.

    Baseline: the same period in n earlier years, or the n previous periods. Baseline
    periods that start before the municipality's first visible event (of any category) are
    dropped (no data is not zero events). Every district x category with at least one event in the
    current or baseline periods is one test; BH q-values run over all of them. The police
    feed is left out (a signal, and it has no district). One GROUP BY query.
    """
    if period not in PERIODS:
        raise AnalysisParameterError("period", f"period must be one of {PERIODS}")
    if baseline not in BASELINES:
        raise AnalysisParameterError("baseline", f"baseline must be one of {BASELINES}")
    if not 1 <= n <= 52:
        raise AnalysisParameterError("n", "n must be 1-52")
    if not CHANGE_YEARS[0] <= at.year <= CHANGE_YEARS[1]:
        # The baseline reaches up to 52 years back and the period one step on: at the ends
        # of the calendar those dates do not exist.
        raise AnalysisParameterError(
            "at", f"at must lie between {CHANGE_YEARS[0]}-01-01 and {CHANGE_YEARS[1]}-12-31"
        )
    current = period_of(at, period)
    police = _police_source_ids()
    all_events = filtered_events(viewer, query.municipality, query.event_filter()).exclude(
        source_id__in=police
    )
    # The municipality's data start (any category, any district): before it, no data is
    # not zero events; after it, a category without events really had none.
    first = (
        visible_events(viewer, query.municipality)
        .exclude(source_id__in=police)
        .aggregate(first=Min("occurred_from"))["first"]
    )
    candidates = baseline_periods(current, period, baseline, n)
    first_day = first.astimezone(_local_zone()).date() if first else None
    chosen = [
        k for k in candidates if first_day is not None and period_start(k, period) >= first_day
    ]
    if not chosen:
        raise AnalysisParameterError(
            "baseline", gettext("Ingen jämförelseperiod har data (händelserna börjar senare).")
        )
    keys = [current, *chosen]
    position = {k: i for i, k in enumerate(keys)}
    start = start_of_day(min(period_start(k, period) for k in keys))
    end = start_of_day(max(period_end(k, period) for k in keys))
    qs = all_events.filter(occurred_from__gte=start, occurred_from__lt=end).order_by()
    qs, columns = _period_values(qs, period)
    rows = qs.values(*columns, "district_id", "category_id").annotate(count=Count("id"))
    table: dict[tuple[int | None, int], np.ndarray] = {}
    for row in rows:
        index = position.get(_period_key(row, period))
        if index is None:
            continue  # a period inside the span that is neither current nor baseline
        series = table.setdefault((row["district_id"], row["category_id"]), np.zeros(len(keys)))
        series[index] += row["count"]
    districts = {d.pk: d for d in districts_of(query.municipality)}
    categories = {c.pk: c for c in EventCategory.objects.filter(pk__in={k[1] for k in table})}
    pairs = sorted(
        table,
        key=lambda k: (
            districts[k[0]].name if k[0] in districts else "~",
            categories[k[1]].name,
        ),
    )
    current_counts = np.array([table[p][0] for p in pairs], dtype=np.int64)
    baseline_counts = np.array([table[p][1:] for p in pairs], dtype=np.int64).reshape(
        len(pairs), len(chosen)
    )
    nowhere = gettext("okänd stadsdel")
    labels = [
        f"{categories[c].name} i {districts[d].name if d in districts else nowhere}"
        for d, c in pairs
    ]
    result = change.compare_to_baseline_periods(current_counts, baseline_counts, labels=labels)
    band = change.control_band(baseline_counts) if pairs else change.control_band(np.zeros((0, 1)))
    unit = gettext(PERIOD_UNITS[period])
    sentences = change.describe_changes(result, labels, unit=unit, gettext=gettext)
    parameters = {
        **query.parameters(),
        **result.parameters_dict(),
        "period": period,
        "current": period_label(current, period),
        "baseline": baseline,
        "baseline_periods": [period_label(k, period) for k in chosen],
        "baseline_dropped": [period_label(k, period) for k in candidates if k not in chosen],
        "police_feed": "excluded (a signal, without district)",
    }
    return ChangeResult(
        table=result,
        band=band,
        districts=[districts[d].code if d in districts else None for d, _ in pairs],
        categories=[categories[c].code for _, c in pairs],
        sentences=sentences,
        parameters=parameters,
    )


# --------------------------------------------------------------------------- patterns


def _local_naive(values: list[Any]) -> np.ndarray:
    """Aware datetimes (None allowed) as naive local wall-clock datetime64[us]."""
    series = pl.Series("t", values, dtype=pl.Datetime("us", "UTC"))
    local = series.dt.convert_time_zone(settings.TIME_ZONE).dt.replace_time_zone(None)
    return local.to_numpy()


def _utc_naive(values: list[Any]) -> np.ndarray:
    series = pl.Series("t", values, dtype=pl.Datetime("us", "UTC"))
    return series.dt.replace_time_zone(None).to_numpy()


@dataclass(frozen=True)
class PatternResult:
    matrix: patterns.HourWeekdayMatrix
    parameters: dict[str, Any]


def hour_weekday_for(viewer: Viewer, query: AnalysisQuery) -> PatternResult:
    """The hour-by-weekday matrix (aoristic) of the visible events in local time.

    Loads only the two timestamp columns; the police feed is included (its times are
    real times, only its places are areas).
    """
    pairs = list(_events(viewer, query).values_list("occurred_from", "occurred_to"))
    start = _local_naive([p[0] for p in pairs])
    end = _local_naive([p[1] for p in pairs])
    matrix = patterns.hour_weekday(start, end)
    parameters = {**query.parameters(), **matrix.parameters_dict(), "zone": settings.TIME_ZONE}
    return PatternResult(matrix, parameters)


# --------------------------------------------------------------------------- hot spots


def _placed(viewer: Viewer, query: AnalysisQuery) -> EventQuerySet:
    return _events(viewer, query).filter(precision__in=PLACED)


def event_cells(viewer: Viewer, query: AnalysisQuery, resolution: int) -> np.ndarray:
    """H3 cells (int64) of the visible placed events at `resolution`, one per event.

    At the municipality's resolution the stored cell is read (one column). At any other
    resolution the cell is computed from lon/lat: an H3 parent is not always the coarser
    cell that contains the point (H3's hierarchy is only approximately nested).
    """
    qs = _placed(viewer, query)
    if resolution == query.municipality.h3_resolution:
        return np.fromiter(
            qs.filter(h3_cell__isnull=False).values_list("h3_cell", flat=True), dtype=np.int64
        )
    lonlat = np.array(list(qs.values_list("lon", "lat")), dtype=np.float64).reshape(-1, 2)
    frame = pl.DataFrame({"lon": lonlat[:, 0], "lat": lonlat[:, 1]})
    cells = frame.select(
        plh3.latlng_to_cell("lat", "lon", resolution, return_dtype=pl.UInt64)
    ).to_series()
    return cells.to_numpy().astype(np.int64)


def hotspots_for(
    viewer: Viewer,
    query: AnalysisQuery,
    *,
    resolution: int | None = None,
    k: int = 1,
    permutations: int = hotspots.DEFAULT_PERMUTATIONS,
    seed: int = hotspots.DEFAULT_SEED,
    p_method: hotspots.PMethod = "permutation",
    min_count: int = 1,
) -> hotspots.HotspotResult:
    """Gi* hot spots on the H3 grid over the whole municipality (empty cells as zeros).

    Cells with fewer than `min_count` events are counted and scored but not tested (see
    `trygga.analysis.hotspots`); 0 tests every cell.
    """
    resolution = query.municipality.h3_resolution if resolution is None else resolution
    if not 5 <= resolution <= 12:
        raise AnalysisParameterError("resolution", "resolution must be 5-12")
    if not 1 <= k <= 5:
        raise AnalysisParameterError("k", "k must be 1-5")
    if p_method == "permutation" and not 99 <= permutations <= 99_999:
        raise AnalysisParameterError("permutations", "permutations must be 99-99999")
    if min_count < 0:
        raise AnalysisParameterError("min_count", "min_count must be 0 or more")
    cells = event_cells(viewer, query, resolution)
    grid = grid_for_polygon(query.municipality.boundary, resolution)
    return hotspots.hotspots(
        grid,
        cells,
        k=k,
        permutations=permutations,
        seed=seed,
        p_method=p_method,
        min_count=min_count,
        window=query.window(),
        categories=(query.category.code,) if query.category else (),
    )


def hotspot_parameters(query: AnalysisQuery, result: hotspots.HotspotResult) -> dict[str, Any]:
    return {**query.parameters(), **result.parameters_dict(), "cells": int(result.cells.size)}


# --------------------------------------------------------------------------- repeats


@dataclass(frozen=True)
class RepeatResult:
    places: repeats.RepeatPlaces
    knox: repeats.KnoxResult | None
    parameters: dict[str, Any] = field(default_factory=dict)


def repeats_for(
    viewer: Viewer,
    query: AnalysisQuery,
    *,
    min_events: int = 2,
    knox: bool = True,
    distance_edges: Sequence[float] = (0, 100, 200, 400),
    time_edges: Sequence[float] = (0, 7, 14, 28),
    permutations: int = 999,
    seed: int = 1,
) -> RepeatResult:
    """Repeat places (H3 cells at the stored resolution) and the Knox test of placed events.

    Loads the cell, lon, lat and start of each placed event (one query).
    """
    if min_events < 2:
        raise AnalysisParameterError("min_events", "min_events must be at least 2")
    if not 99 <= permutations <= 99_999:
        raise AnalysisParameterError("permutations", "permutations must be 99-99999")
    rows = list(_placed(viewer, query).values_list("h3_cell", "lon", "lat", "occurred_from"))
    times = _utc_naive([r[3] for r in rows])
    with_cell = np.array([r[0] is not None for r in rows], dtype=bool)
    cells = np.array([r[0] or 0 for r in rows], dtype=np.int64)
    categories = (query.category.code,) if query.category else ()
    resolution = query.municipality.h3_resolution
    places = repeats.repeat_places(
        cells[with_cell],
        times[with_cell],
        min_events=min_events,
        place=f"h3 cell, resolution {resolution}",
        window=query.window(),
        categories=categories,
    )
    knox_result = None
    if knox:
        try:
            knox_result = repeats.knox_test(
                np.array([r[1] for r in rows], dtype=np.float64),
                np.array([r[2] for r in rows], dtype=np.float64),
                times,
                distance_edges=distance_edges,
                time_edges=time_edges,
                permutations=permutations,
                seed=seed,
                window=query.window(),
                categories=categories,
            )
        except ValueError as exc:
            raise AnalysisParameterError("distance_edges", str(exc)) from exc
    parameters = {
        **query.parameters(),
        "min_events": min_events,
        "place": places.place,
        "events": len(rows),
        "knox": None
        if knox_result is None
        else {
            "distance_edges_m": [float(v) for v in knox_result.distance_edges],
            "time_edges_days": [float(v) for v in knox_result.time_edges],
            "permutations": permutations,
            "seed": seed,
        },
    }
    return RepeatResult(places, knox_result, parameters)


# --------------------------------------------------------------------------- plain rows
# One list of flat dicts per analysis: the command line prints them as a table, CSV or
# JSON, and the API serialises the same rows.

WEEKDAYS = ("mån", "tis", "ons", "tor", "fre", "lör", "sön")


def _number(value: float | None) -> float | None:
    """JSON-ready: NaN and infinity become None."""
    if value is None:
        return None
    number = float(value)
    return number if np.isfinite(number) else None


def rate_rows(result: DistrictRates) -> list[dict[str, Any]]:
    """Rate rows, then the police feed's signal rows (counts only)."""
    codes = [*result.districts, None, None, None]
    flags: list[bool | None] = [*result.priority, True, False, None]
    rows = []
    for table in (result.table, result.signal):
        for code, flag, row in zip(codes, flags, table.rows, strict=True):
            rows.append(
                {
                    "measure": table.measure,
                    "kind": row.kind,
                    "district": code,
                    "is_priority": flag,
                    "label": row.label,
                    "count": row.count,
                    "population": row.population,
                    "rate": row.rate,
                    "ci_low": row.ci_low,
                    "ci_high": row.ci_high,
                }
            )
    return rows


def grouped_rate_rows(
    by: RateGrouping, groups: list[tuple[str, DistrictRates]]
) -> list[dict[str, Any]]:
    """`rate_rows` of each group with the group's code or period label in front."""
    return [{by: label, **row} for label, result in groups for row in rate_rows(result)]


def pattern_rows(result: PatternResult) -> list[dict[str, Any]]:
    """Seven rows (Monday first), one column per hour "00".."23"."""
    counts = result.matrix.counts
    return [
        {"weekday": WEEKDAYS[day], **{f"{h:02d}": float(counts[day, h]) for h in range(24)}}
        for day in range(7)
    ]


def hotspot_rows(result: hotspots.HotspotResult) -> list[dict[str, Any]]:
    """One row per grid cell, empty cells included: cell (H3 string), count, z, p, q, class."""
    return [
        {**record, "z": _number(record["z"]), "p": _number(record["p"]), "q": _number(record["q"])}
        for record in result.records()
    ]


def repeat_place_rows(result: RepeatResult) -> list[dict[str, Any]]:
    strings = cell_strings(result.places.keys) if result.places.keys.size else []
    return [
        {"cell": cell, "count": r["count"], "first": r["first"], "last": r["last"]}
        for cell, r in zip(strings, result.places.records(), strict=True)
    ]


def knox_rows(result: RepeatResult) -> list[dict[str, Any]]:
    if result.knox is None:
        return []
    return [
        {key: _number(value) if isinstance(value, float) else value for key, value in r.items()}
        for r in result.knox.table()
    ]
