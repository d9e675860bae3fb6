"""Time patterns: when in the week events happen, and how they vary over the year.

The hour-by-weekday matrix (7 x 24, Monday first) uses *aoristic* weighting (Ratcliffe
2002) for events known only as a window, such as a break-in found on Monday morning that
happened some time over the weekend: each event has weight 1, spread over the hours its
window covers in proportion to the minutes of the window in each hour. An event with no
end (or an end equal to its start) counts fully in its hour. A window of a week or more
covers every hour of the week at least once, so its weight is spread evenly over all 168
hours (1/168 each) rather than favouring the hours its window happens to cover twice.

Times are local wall-clock time (the caller converts to Europe/Stockholm), as datetime64
or whole minutes; a window's length is counted in wall-clock minutes, so on the night the
clocks change the hour 02-03 is counted once or twice as it appears on the clock.
The computation is a difference array over the minutes of two weeks, so a million events
take one pass of `bincount`, with no loop per event.

Seasonality: counts by ISO week and by month across years, and the month-of-year profile.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from trygga.analysis.periods import (
    EPOCH_WEEKDAY,
    HOURS_PER_WEEK,
    MINUTES_PER_DAY,
    MINUTES_PER_HOUR,
    MINUTES_PER_WEEK,
    days_in_month,
    iso_weeks_in_year,
    iso_year_week,
    to_minutes,
    year_month,
)

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

_MONDAY_OFFSET = EPOCH_WEEKDAY * MINUTES_PER_DAY


@dataclass(frozen=True)
class HourWeekdayMatrix:
    """Events by weekday (rows, Monday = 0) and hour (columns, 0-23), aoristically weighted.

    `counts.sum()` equals the total weight of the events (their number without weights).
    The event counts say how many were placed as a moment, spread over a window shorter
    than a week, or spread evenly because the window was a week or longer.
    """

    counts: FloatArray
    n_events: int
    n_moments: int
    n_windows: int
    n_long_windows: int
    long_window_minutes: int = MINUTES_PER_WEEK
    weekday_first: str = "monday"

    def parameters_dict(self) -> dict[str, object]:
        """How the matrix was built, for a report's method note."""
        return {
            "weighting": "aoristic, proportional to minutes",
            "long_window_minutes": self.long_window_minutes,
            "weekday_first": self.weekday_first,
            "n_events": self.n_events,
            "n_moments": self.n_moments,
            "n_windows": self.n_windows,
            "n_long_windows": self.n_long_windows,
        }


def _minutes_of_week(minutes: IntArray) -> IntArray:
    return (minutes + _MONDAY_OFFSET) % MINUTES_PER_WEEK


def hour_weekday(
    start: npt.ArrayLike,
    end: npt.ArrayLike | None = None,
    *,
    weights: npt.ArrayLike | None = None,
) -> HourWeekdayMatrix:
    """The 7 x 24 hour-by-weekday matrix with aoristic weighting of time windows.

    start: when each event happened, or the start of its window; end: the end of the
    window, NaT (or None for all) where the event is a moment. weights: optional weight of
    each event (e.g. a count when identical windows were aggregated), 1 by default.
    Raises ValueError for a missing start or an end before its start.
    """
    start_min, start_present = to_minutes(start)
    start_min = np.atleast_1d(start_min)
    if not np.all(start_present):
        raise ValueError("every event needs a start time")
    if end is None:
        end_min = start_min.copy()
    else:
        end_min, end_present = to_minutes(end)
        end_min = np.where(np.atleast_1d(end_present), np.atleast_1d(end_min), start_min)
    if end_min.shape != start_min.shape:
        raise ValueError("start and end need one value per event")
    weight = (
        np.ones(start_min.shape)
        if weights is None
        else np.broadcast_to(np.asarray(weights, dtype=float), start_min.shape)
    )
    duration = end_min - start_min
    if np.any(duration < 0):
        raise ValueError(f"{int((duration < 0).sum())} event(s) end before they start")

    moment = duration == 0
    long_window = duration >= MINUTES_PER_WEEK
    window = ~moment & ~long_window

    hours = np.zeros(HOURS_PER_WEEK)
    hour_of_week = _minutes_of_week(start_min[moment]) // MINUTES_PER_HOUR
    hours += np.bincount(hour_of_week, weights=weight[moment], minlength=HOURS_PER_WEEK)
    hours += weight[long_window].sum() / HOURS_PER_WEEK
    if window.any():
        first = _minutes_of_week(start_min[window])
        last = first + duration[window]  # < 2 weeks: a window wraps at most once
        density = weight[window] / duration[window]
        size = 2 * MINUTES_PER_WEEK + 1
        steps = np.bincount(first, weights=density, minlength=size)
        steps -= np.bincount(last, weights=density, minlength=size)
        per_minute = np.cumsum(steps)[: 2 * MINUTES_PER_WEEK]
        folded = per_minute[:MINUTES_PER_WEEK] + per_minute[MINUTES_PER_WEEK:]
        # The running sum can leave rounding noise of order 1e-12 where nothing was.
        folded = np.maximum(folded, 0.0)
        hours += folded.reshape(HOURS_PER_WEEK, MINUTES_PER_HOUR).sum(axis=1)
    return HourWeekdayMatrix(
        counts=hours.reshape(7, 24),
        n_events=int(start_min.size),
        n_moments=int(moment.sum()),
        n_windows=int(window.sum()),
        n_long_windows=int(long_window.sum()),
    )


@dataclass(frozen=True)
class WeeklyCounts:
    """Counts by year (rows) and ISO week (columns, week w in column w - 1).

    NaN marks week 53 in a year that has 52 weeks, and weeks outside the observed span.
    """

    years: IntArray
    counts: FloatArray
    first: tuple[int, int]
    last: tuple[int, int]


@dataclass(frozen=True)
class MonthlyCounts:
    """Counts by year (rows) and month (columns, January first); NaN outside the span."""

    years: IntArray
    counts: FloatArray
    first: tuple[int, int]
    last: tuple[int, int]


def _keyed_counts(
    years: IntArray,
    periods: IntArray,
    weights: FloatArray,
    n_periods: int,
    first: tuple[int, int] | None,
    last: tuple[int, int] | None,
) -> tuple[IntArray, FloatArray, tuple[int, int], tuple[int, int]]:
    if years.size == 0 and (first is None or last is None):
        raise ValueError("no events: give the observed span (first and last)")
    keys = years * 100 + periods
    first = first or (int(keys.min() // 100), int(keys.min() % 100))
    last = last or (int(keys.max() // 100), int(keys.max() % 100))
    year_axis = np.arange(first[0], last[0] + 1, dtype=np.int64)
    inside = (keys >= first[0] * 100 + first[1]) & (keys <= last[0] * 100 + last[1])
    table = np.zeros((year_axis.size, n_periods))
    np.add.at(
        table,
        (years[inside] - first[0], periods[inside] - 1),
        weights[inside],
    )
    column = np.arange(1, n_periods + 1)
    cell_keys = year_axis[:, np.newaxis] * 100 + column[np.newaxis, :]
    outside = (cell_keys < first[0] * 100 + first[1]) | (cell_keys > last[0] * 100 + last[1])
    table[outside] = np.nan
    return year_axis, table, first, last


def _weights_for(n: int, weights: npt.ArrayLike | None) -> FloatArray:
    if weights is None:
        return np.ones(n)
    return np.broadcast_to(np.asarray(weights, dtype=float), (n,)).astype(float)


def weekly_counts(
    times: npt.ArrayLike | None = None,
    *,
    iso_year: npt.ArrayLike | None = None,
    iso_week: npt.ArrayLike | None = None,
    weights: npt.ArrayLike | None = None,
    first: tuple[int, int] | None = None,
    last: tuple[int, int] | None = None,
) -> WeeklyCounts:
    """Counts by ISO year and week, from event times or from stored (year, week) keys.

    weights: counts per key when the database already aggregated. first, last: the
    observed span as (ISO year, week), by default the first and last week with an event;
    weeks outside it are NaN, not zero (a week without data is not a week without events).
    """
    if times is not None:
        year, week = iso_year_week(times)
    elif iso_year is not None and iso_week is not None:
        year = np.asarray(iso_year, dtype=np.int64).reshape(-1)
        week = np.asarray(iso_week, dtype=np.int64).reshape(-1)
    else:
        raise ValueError("give times, or iso_year and iso_week")
    year, week = np.atleast_1d(year), np.atleast_1d(week)
    if np.any((week < 1) | (week > 53)):
        raise ValueError("ISO weeks are 1-53")
    years, table, first, last = _keyed_counts(
        year, week, _weights_for(year.size, weights), 53, first, last
    )
    table[iso_weeks_in_year(years) == 52, 52] = np.nan
    return WeeklyCounts(years=years, counts=table, first=first, last=last)


def monthly_counts(
    times: npt.ArrayLike | None = None,
    *,
    year: npt.ArrayLike | None = None,
    month: npt.ArrayLike | None = None,
    weights: npt.ArrayLike | None = None,
    first: tuple[int, int] | None = None,
    last: tuple[int, int] | None = None,
) -> MonthlyCounts:
    """Counts by calendar year and month; the same conventions as `weekly_counts`."""
    if times is not None:
        years, months = year_month(times)
    elif year is not None and month is not None:
        years = np.asarray(year, dtype=np.int64).reshape(-1)
        months = np.asarray(month, dtype=np.int64).reshape(-1)
    else:
        raise ValueError("give times, or year and month")
    years, months = np.atleast_1d(years), np.atleast_1d(months)
    if np.any((months < 1) | (months > 12)):
        raise ValueError("months are 1-12")
    axis, table, first, last = _keyed_counts(
        years, months, _weights_for(years.size, weights), 12, first, last
    )
    return MonthlyCounts(years=axis, counts=table, first=first, last=last)


@dataclass(frozen=True)
class MonthProfile:
    """The average year: mean count per calendar month over the observed years.

    `index` compares months per day, so February's 28 days do not make it look quiet:
    1.0 is an average day, 1.3 a month whose days have 30 % more events than the average.
    `n_years` says over how many years each month's mean is taken.
    """

    mean: FloatArray
    index: FloatArray
    n_years: IntArray


def month_profile(monthly: MonthlyCounts) -> MonthProfile:
    """Month-of-year profile from `monthly_counts` (months outside the span are skipped)."""
    counts = monthly.counts
    observed = ~np.isnan(counts)
    n_years = observed.sum(axis=0)
    totals = np.where(observed, counts, 0.0).sum(axis=0)
    lengths = days_in_month(
        np.repeat(monthly.years, 12), np.tile(np.arange(1, 13), monthly.years.size)
    ).reshape(counts.shape)
    days = np.where(observed, lengths, 0).sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(n_years > 0, totals / n_years, np.nan)
        per_day = np.where(days > 0, totals / days, np.nan)
        overall = totals.sum() / days.sum() if days.sum() > 0 else np.nan
        index = per_day / overall
    return MonthProfile(mean=mean, index=index, n_years=n_years.astype(np.int64))
