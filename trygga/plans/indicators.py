"""Indicator values, computed when they are read, so they follow the data by themselves.

An event indicator counts events of a category (or all) in an area (a district, the
priority districts together, or the whole municipality) through the statistics selectors
(`district_rates_for`, `district_rates_by`), as a count or a rate per 1,000 residents. Its
baseline (nollmätning) is the count in the baseline period; its latest value the count in
the most recent window of the same length (complete days up to `as_of`, never reaching back
into the baseline). Whether it changed is the analysis engine's exact conditional test
(`trygga.analysis.change.compare_counts`, one comparison, exposures in days), and where the
test cannot show a change the sentence says so: "Ingen effekt kan visas ännu."

A fix-time indicator is the median time from report to fixed of the citizen reports fixed
in the window (reports selectors: the public Open311 fields only). A manual indicator shows
the values entered by hand. Neither has an exact test in the engine, so neither claims an
effect: their sentence says the values are compared with the target only.

Two audiences, as in the lägesbild: the partner figures read as `SYSTEM` (every event of
the municipality, aggregated), the public ones as `PUBLIC` (events allowed in public
statistics) with every count below k hidden (`suppress_small_counts`), and any rate, median
or verdict built on a hidden count hidden with it.
"""

from __future__ import annotations

import datetime as dt
import statistics as pystatistics
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

import numpy as np
from django.conf import settings
from django.db.models import Min
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from trygga.analysis import change, wording
from trygga.analysis.suppression import suppress_small_counts
from trygga.core.timeutil import start_of_day
from trygga.events import statistics
from trygga.events.models import SourceKind
from trygga.events.selectors import PUBLIC, SYSTEM, visible_events
from trygga.plans.models import Direction, Indicator, IndicatorArea, IndicatorSource
from trygga.reports.selectors import PublicQuery, public_reports_queryset
from trygga.reports.statuses import Status as ReportStatus

Audience = Literal["partner", "public"]
Verdict = Literal[
    "better",
    "worse",
    "no_change",
    "too_few",
    "no_data",
    "untested",
    "hidden",
    "no_baseline",
    "no_events",
]

# The honest sentences. "Ingen effekt kan visas ännu" is said wherever the exact test does
# not show a change (too few events, or no sure change) or there is nothing to test yet.
NO_EFFECT_YET = gettext_noop("Ingen effekt kan visas ännu.")
SENTENCES: dict[str, str] = {
    "better": gettext_noop(
        "Förändringen går åt rätt håll och är statistiskt säker. Den visar inte ensam att "
        "åtgärden är orsaken."
    ),
    "worse": gettext_noop("Förändringen går åt fel håll och är statistiskt säker."),
    "no_change": NO_EFFECT_YET,
    "too_few": NO_EFFECT_YET,
    "no_data": gettext_noop("Ingen effekt kan visas ännu: ingen tid har gått sedan nollmätningen."),
    "no_baseline": gettext_noop(
        "Ingen effekt kan visas ännu: nollmätningen börjar före de första loggade händelserna."
    ),
    "untested": gettext_noop(
        "Värdena prövas inte statistiskt; senaste värdet jämförs bara med målet."
    ),
    "hidden": gettext_noop("Små tal redovisas inte offentligt."),
    "no_events": gettext_noop(
        "Ingen effekt kan visas ännu: det finns inga händelser att räkna för den här versionen."
    ),
}
EFFECT_VERDICTS = ("better", "worse")


@dataclass(frozen=True)
class TrendPoint:
    label: str
    value: float | None  # None: hidden, or no value
    count: int | None = None
    partial: bool = False


@dataclass(frozen=True)
class Entry:
    """A value entered by hand, with who entered it and when (partner audience only)."""

    date: dt.date
    value: float
    note: str
    entered_by: str
    entered_at: dt.datetime


@dataclass(frozen=True)
class IndicatorResult:
    indicator: Indicator
    audience: Audience
    as_of: dt.date
    baseline: float | None
    baseline_period: str
    latest: float | None
    latest_period: str
    target: float
    verdict: Verdict
    sentence: str
    detail: str = ""
    trend: tuple[TrendPoint, ...] = ()
    entries: tuple[Entry, ...] = ()
    baseline_count: int | None = None
    latest_count: int | None = None
    p_value: float | None = None
    parameters: dict[str, Any] = field(default_factory=dict)

    @property
    def no_effect_yet(self) -> bool:
        return self.verdict in ("no_change", "too_few", "no_data", "no_baseline", "no_events")

    @property
    def target_reached(self) -> bool | None:
        if self.latest is None:
            return None
        if self.indicator.direction == Direction.DECREASE:
            return self.latest <= self.target
        return self.latest >= self.target

    @property
    def progress(self) -> float | None:
        """The share of the way from baseline to target covered (0-1); None if unknown, or
        if the target does not lie in the indicator's direction from the baseline."""
        if self.latest is None or self.baseline is None or self.baseline == self.target:
            return None
        wants_lower = self.indicator.direction == Direction.DECREASE
        if (self.target < self.baseline) != wants_lower:
            return None
        share = (self.baseline - self.latest) / (self.baseline - self.target)
        return float(min(1.0, max(0.0, share)))

    @property
    def progress_percent(self) -> int | None:
        return None if self.progress is None else round(self.progress * 100)


def _reader(audience: Audience) -> Any:
    return PUBLIC if audience == "public" else SYSTEM


def _k() -> int:
    return int(settings.SMALL_COUNT_K)


def _fmt_period(start: dt.date, end: dt.date) -> str:
    return f"{start.isoformat()} – {end.isoformat()}"


def _unit(days: int) -> tuple[float, str]:
    """The exposure unit of the change sentence: a year, a month or a week."""
    if days >= 360:
        return 365.25, _("per år")
    if days >= 28:
        return 30.4375, _("per månad")
    return 7.0, _("per vecka")


def windows(indicator: Indicator, as_of: dt.date) -> tuple[dt.date, dt.date, dt.date, dt.date]:
    """(baseline from, baseline to, current from, current to), inclusive days.

    The current window has the baseline's length and ends the day before `as_of`; it never
    reaches back into the baseline, so shortly after the baseline it is shorter (and the
    test weighs that through the exposures). current from > current to: no window yet.
    """
    b_from, b_to = indicator.baseline_from, indicator.baseline_to
    if b_from is None or b_to is None:
        raise ValueError("a computed indicator needs its baseline period")
    length = (b_to - b_from).days + 1
    c_to = as_of - dt.timedelta(days=1)
    c_from = max(c_to - dt.timedelta(days=length - 1), b_to + dt.timedelta(days=1))
    return b_from, b_to, c_from, c_to


# --------------------------------------------------------------------------- events


def _query(indicator: Indicator, date_from: dt.date, date_to: dt.date) -> statistics.AnalysisQuery:
    district = indicator.district if indicator.area == IndicatorArea.DISTRICT else None
    return statistics.AnalysisQuery(
        indicator.measure.plan.municipality,
        date_from,
        date_to,
        district=district,
        category=indicator.category,
    )


def _row(rates: statistics.DistrictRates, indicator: Indicator) -> tuple[int, float | None]:
    kind = {
        IndicatorArea.DISTRICT: "district",
        IndicatorArea.PRIORITY: "priority",
        IndicatorArea.MUNICIPALITY: "total",
    }[IndicatorArea(indicator.area)]
    row = rates.table.row(kind)  # type: ignore[arg-type]
    if row is None:
        return 0, None
    return int(row.count), row.rate


def _event_value(indicator: Indicator, count: int, rate: float | None) -> float | None:
    if indicator.source == IndicatorSource.EVENT_RATE:
        return rate
    return float(count)


def _period_keys(
    date_from: dt.date, date_to: dt.date, period: statistics.Period
) -> list[statistics.PeriodKey]:
    keys = []
    key = statistics.period_of(date_from, period)
    while statistics.period_start(key, period) <= date_to:
        keys.append(key)
        key = statistics.period_of(statistics.period_end(key, period), period)
    return keys


def _events_result(indicator: Indicator, audience: Audience, as_of: dt.date) -> IndicatorResult:
    reader = _reader(audience)
    municipality = indicator.measure.plan.municipality
    b_from, b_to, c_from, c_to = windows(indicator, as_of)
    base_rates = statistics.district_rates_for(reader, _query(indicator, b_from, b_to))
    b_count, b_rate = _row(base_rates, indicator)
    has_current = c_from <= c_to
    c_count, c_rate = (0, None)
    if has_current:
        c_count, c_rate = _row(
            statistics.district_rates_for(reader, _query(indicator, c_from, c_to)), indicator
        )
    # The trend: every period from the baseline's start to the current window's end.
    period: statistics.Period = indicator.trend_period  # type: ignore[assignment]
    trend_end = c_to if has_current else b_to
    groups = dict(
        statistics.district_rates_by(
            reader, _query(indicator, b_from, trend_end), by="period", period=period
        )
    )
    keys = _period_keys(b_from, trend_end, period)
    trend_counts, trend_values, labels, partial = [], [], [], []
    for key in keys:
        label = statistics.period_label(key, period)
        rates = groups.get(label)
        count, rate = _row(rates, indicator) if rates is not None else (0, None)
        if rates is None and indicator.source == IndicatorSource.EVENT_RATE:
            rate = _rate_of_zero(base_rates, indicator)
        trend_counts.append(count)
        trend_values.append(_event_value(indicator, count, rate))
        labels.append(label)
        start, end = statistics.period_start(key, period), statistics.period_end(key, period)
        partial.append(start < b_from or end - dt.timedelta(days=1) > trend_end)

    hidden_b = hidden_c = False
    trend_hidden = [False] * len(keys)
    if audience == "public":
        protected = suppress_small_counts(
            np.array([b_count, c_count, *trend_counts], dtype=np.int64), k=_k(), margins=False
        )
        mask = protected.mask
        hidden_b, hidden_c = bool(mask[0]), bool(mask[1]) and has_current
        trend_hidden = [bool(m) for m in mask[2:]]

    # Data start: the first event that is not the police feed (no data is not zero events).
    first = (
        visible_events(reader, municipality)
        .exclude(source__kind=SourceKind.POLICE_FEED)
        .aggregate(first=Min("occurred_from"))["first"]
        if not (hidden_b or hidden_c)
        else None
    )
    first_day = timezone.localtime(first).date() if first else None
    verdict: Verdict
    detail = ""
    p_value = None
    baseline_days = (b_to - b_from).days + 1
    unit_days, unit = _unit(baseline_days)
    if hidden_b or hidden_c:
        verdict = "hidden"
    elif not has_current:
        verdict = "no_data"
    elif first_day is None:
        verdict = "no_events"
    elif first_day > b_from:
        verdict = "no_baseline"
    else:
        current_days = (c_to - c_from).days + 1
        table = change.compare_counts(
            [c_count],
            [b_count],
            exposure=current_days / unit_days,
            baseline_exposure=baseline_days / unit_days,
        )
        raw = table.verdict[0]
        p_value = float(table.p_value[0])
        if raw in ("increase", "decrease"):
            wanted = "decrease" if indicator.direction == Direction.DECREASE else "increase"
            verdict = "better" if raw == wanted else "worse"
        else:
            verdict = raw  # type: ignore[assignment]
        detail = change.describe_change(table, 0, subject=subject(indicator), unit=unit, gettext=_)
    trend = tuple(
        TrendPoint(
            label=labels[i],
            value=None if trend_hidden[i] else trend_values[i],
            count=None if trend_hidden[i] else trend_counts[i],
            partial=partial[i],
        )
        for i in range(len(keys))
    )
    if verdict == "no_events":
        # Nothing this reader may count exists at all: no values, not zeros.
        hidden_b = hidden_c = True
        trend = tuple(TrendPoint(label=p.label, value=None, partial=p.partial) for p in trend)
    return IndicatorResult(
        indicator=indicator,
        audience=audience,
        as_of=as_of,
        baseline=None if hidden_b else _event_value(indicator, b_count, b_rate),
        baseline_period=_fmt_period(b_from, b_to),
        latest=None if (hidden_c or not has_current) else _event_value(indicator, c_count, c_rate),
        latest_period=_fmt_period(c_from, c_to) if has_current else "",
        target=float(indicator.target_value),
        verdict=verdict,
        sentence=_(SENTENCES[verdict]),
        detail=detail,
        trend=trend,
        baseline_count=None if hidden_b else b_count,
        latest_count=None if (hidden_c or not has_current) else c_count,
        p_value=p_value,
        parameters={
            "test": "exact conditional binomial (trygga.analysis.change.compare_counts)",
            "baseline_days": baseline_days,
            "current_days": (c_to - c_from).days + 1 if has_current else 0,
            "reader": "PUBLIC" if audience == "public" else "SYSTEM",
            "k": _k() if audience == "public" else None,
        },
    )


def _rate_of_zero(rates: statistics.DistrictRates, indicator: Indicator) -> float | None:
    """0 per 1,000 where the population is known (a period without events), else None."""
    _count, rate = _row(rates, indicator)
    return 0.0 if rate is not None else None


def subject(indicator: Indicator) -> str:
    """What is counted where: "Skadegörelse i Nyfors", "Alla händelser i hela kommunen"."""
    what = indicator.category.name if indicator.category else _("Alla händelser")
    if indicator.area == IndicatorArea.DISTRICT and indicator.district is not None:
        where = indicator.district.name
    elif indicator.area == IndicatorArea.PRIORITY:
        where = _("de prioriterade stadsdelarna")
    else:
        where = _("hela kommunen")
    return _("%(what)s i %(where)s") % {"what": what, "where": where}


# --------------------------------------------------------------------------- fix times


def _fix_hours(indicator: Indicator, date_from: dt.date, date_to: dt.date) -> list[float]:
    """Hours from report to fixed of the reports fixed in the window (public fields only)."""
    municipality = indicator.measure.plan.municipality
    codes = [indicator.service.service_code] if indicator.service else None
    qs = public_reports_queryset(municipality, PublicQuery(service_codes=codes)).filter(
        status=ReportStatus.FIXED,
        closed_at__gte=start_of_day(date_from),
        closed_at__lt=start_of_day(date_to + dt.timedelta(days=1)),
    )
    if indicator.area == IndicatorArea.DISTRICT:
        qs = qs.filter(district=indicator.district)
    elif indicator.area == IndicatorArea.PRIORITY:
        qs = qs.filter(district__is_priority=True)
    rows = qs.order_by().values_list("requested_at", "closed_at")
    return [
        (closed - requested).total_seconds() / 3600
        for requested, closed in rows
        if closed is not None
    ]


def _median(hours: list[float], hidden: bool) -> float | None:
    if hidden or not hours:
        return None
    return float(pystatistics.median(hours))


def _fix_time_result(indicator: Indicator, audience: Audience, as_of: dt.date) -> IndicatorResult:
    b_from, b_to, c_from, c_to = windows(indicator, as_of)
    has_current = c_from <= c_to
    base = _fix_hours(indicator, b_from, b_to)
    current = _fix_hours(indicator, c_from, c_to) if has_current else []
    period: statistics.Period = indicator.trend_period  # type: ignore[assignment]
    trend_end = c_to if has_current else b_to
    keys = _period_keys(b_from, trend_end, period)
    per_period = []
    for key in keys:
        start = max(statistics.period_start(key, period), b_from)
        end = min(statistics.period_end(key, period) - dt.timedelta(days=1), trend_end)
        per_period.append((statistics.period_label(key, period), start, end, key))
    trend_hours = [_fix_hours(indicator, s, e) for _label, s, e, _key in per_period]
    k = _k() if audience == "public" else 1
    hidden_b = audience == "public" and len(base) < k
    hidden_c = audience == "public" and len(current) < k and has_current
    trend = tuple(
        TrendPoint(
            label=label,
            value=_median(hours, audience == "public" and len(hours) < k),
            count=None if audience == "public" and len(hours) < k else len(hours),
            partial=statistics.period_start(key, period) < b_from
            or statistics.period_end(key, period) - dt.timedelta(days=1) > trend_end,
        )
        for (label, _s, _e, key), hours in zip(per_period, trend_hours, strict=True)
    )
    verdict: Verdict = "hidden" if hidden_b or hidden_c else "untested"
    if verdict == "untested" and not has_current:
        verdict = "no_data"
    return IndicatorResult(
        indicator=indicator,
        audience=audience,
        as_of=as_of,
        baseline=_median(base, hidden_b),
        baseline_period=_fmt_period(b_from, b_to),
        latest=_median(current, hidden_c) if has_current else None,
        latest_period=_fmt_period(c_from, c_to) if has_current else "",
        target=float(indicator.target_value),
        verdict=verdict,
        sentence=_(SENTENCES[verdict]),
        detail=_(
            "Median av tiden från anmälan till åtgärdat, för felanmälningar som åtgärdades "
            "under perioden (%(n)s st)."
        )
        % {"n": len(current) if not hidden_c else "<" + str(k)},
        trend=trend,
        baseline_count=None if hidden_b else len(base),
        latest_count=None if hidden_c or not has_current else len(current),
        parameters={"statistic": "median hours, reports fixed in the window"},
    )


# --------------------------------------------------------------------------- by hand


def _manual_result(indicator: Indicator, audience: Audience, as_of: dt.date) -> IndicatorResult:
    values = [v for v in indicator.values.all() if v.date <= as_of]
    values.sort(key=lambda v: (v.date, v.pk))
    latest = values[-1] if values else None
    baseline = float(indicator.baseline_value) if indicator.baseline_value is not None else None
    entries: tuple[Entry, ...] = ()
    if audience == "partner":
        entries = tuple(
            Entry(v.date, float(v.value), v.note, v.entered_by_label, v.entered_at) for v in values
        )
    trend = tuple(TrendPoint(label=v.date.isoformat(), value=float(v.value)) for v in values)
    if baseline is not None and indicator.baseline_to is not None:
        trend = (TrendPoint(label=indicator.baseline_to.isoformat(), value=baseline), *trend)
    baseline_period = ""
    if indicator.baseline_from and indicator.baseline_to:
        baseline_period = _fmt_period(indicator.baseline_from, indicator.baseline_to)
    verdict: Verdict = "untested" if latest is not None else "no_data"
    return IndicatorResult(
        indicator=indicator,
        audience=audience,
        as_of=as_of,
        baseline=baseline,
        baseline_period=baseline_period,
        latest=float(latest.value) if latest else None,
        latest_period=latest.date.isoformat() if latest else "",
        target=float(indicator.target_value),
        verdict=verdict,
        sentence=_(SENTENCES[verdict])
        if latest is not None
        else _("Inget värde är inmatat efter nollmätningen ännu."),
        detail=indicator.source_note,
        trend=trend,
        entries=entries,
    )


def evaluate(
    indicator: Indicator, *, audience: Audience = "partner", as_of: dt.date | None = None
) -> IndicatorResult:
    """The indicator's baseline, latest value, trend and verdict for an audience."""
    day = as_of or timezone.localdate()
    if indicator.source == IndicatorSource.MANUAL:
        return _manual_result(indicator, audience, day)
    if indicator.baseline_from is None or indicator.baseline_to is None:
        raise ValueError("a computed indicator needs its baseline period")
    if indicator.source == IndicatorSource.FIX_TIME:
        return _fix_time_result(indicator, audience, day)
    return _events_result(indicator, audience, day)


def format_value(value: float | Decimal | None, indicator: Indicator) -> str:
    """A value as the pages show it: counts whole, rates and hours with one decimal."""
    if value is None:
        return "–"
    number = float(value)
    if indicator.source == IndicatorSource.EVENT_COUNT or number.is_integer():
        return wording.format_decimal(number, 0)
    return wording.format_decimal(number, 1)
