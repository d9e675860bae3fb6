"""Calendar arithmetic on arrays: minutes, ISO weeks, months, and "the same weeks of earlier years".

Times arrive as numpy datetime64 in *local* wall-clock time (the caller converts to
Europe/Stockholm) or as whole minutes since 1970-01-01 00:00 local time. Everything here
is vectorised; nothing knows about time zones.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
FloatArray = npt.NDArray[np.float64]

MINUTES_PER_HOUR = 60
MINUTES_PER_DAY = 24 * MINUTES_PER_HOUR
MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY
HOURS_PER_WEEK = 7 * 24
# 1970-01-01 was a Thursday: three days after the Monday that starts its week.
EPOCH_WEEKDAY = 3
_NS_PER_MINUTE = 60 * 10**9


def to_minutes(values: npt.ArrayLike) -> tuple[IntArray, BoolArray]:
    """Whole minutes since 1970-01-01 00:00 (floored) and a mask of the values present.

    datetime64 of any unit is floored to the minute; NaT is "missing". Integers are taken as
    minutes already (no missing values).
    """
    array = np.asarray(values)
    if np.issubdtype(array.dtype, np.datetime64):
        present = ~np.isnat(array)
        nanoseconds = array.astype("datetime64[ns]").astype(np.int64)
        minutes = np.where(present, nanoseconds // _NS_PER_MINUTE, 0)
        return minutes.astype(np.int64), present
    if array.size and not np.issubdtype(array.dtype, np.integer):
        raise TypeError("times must be numpy datetime64 or whole minutes (integers)")
    return array.astype(np.int64), np.ones(array.shape, dtype=bool)


def to_days(values: npt.ArrayLike) -> IntArray:
    """Whole days since 1970-01-01 (floored) of datetime64 values or integer minutes."""
    minutes, present = to_minutes(values)
    if not present.all():
        raise ValueError("missing times (NaT) cannot be placed in a calendar period")
    return minutes // MINUTES_PER_DAY


def weekday(days: npt.ArrayLike) -> IntArray:
    """Weekday of days since 1970-01-01, Monday = 0 ... Sunday = 6."""
    return (np.asarray(days, dtype=np.int64) + EPOCH_WEEKDAY) % 7


def _year_of(days: IntArray) -> IntArray:
    return days.astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64) + 1970


def _first_day_of(years: IntArray) -> IntArray:
    return (
        (np.asarray(years, dtype=np.int64) - 1970)
        .astype("datetime64[Y]")
        .astype("datetime64[D]")
        .astype(np.int64)
    )


def iso_year_week(values: npt.ArrayLike) -> tuple[IntArray, IntArray]:
    """ISO 8601 year and week (1-53) of datetime64 values or integer minutes.

    The ISO week belongs to the year of its Thursday, so 2026-12-31 is week 53 of 2026 and
    2027-01-01 too, while 2024-12-30 is week 1 of 2025.
    """
    days = to_days(values)
    thursday = days - weekday(days) + 3
    year = _year_of(thursday)
    week = (thursday - _first_day_of(year)) // 7 + 1
    return year, week


def iso_weeks_in_year(years: npt.ArrayLike) -> IntArray:
    """52 or 53: the ISO week of 28 December, which always lies in the year's last week."""
    dec_28 = _first_day_of(np.asarray(years, dtype=np.int64) + 1) - 4
    thursday = dec_28 - weekday(dec_28) + 3
    return (thursday - _first_day_of(_year_of(thursday))) // 7 + 1


def year_month(values: npt.ArrayLike) -> tuple[IntArray, IntArray]:
    """Calendar year and month (1-12) of datetime64 values or integer minutes."""
    months = to_days(values).astype("datetime64[D]").astype("datetime64[M]").astype(np.int64)
    return months // 12 + 1970, months % 12 + 1


def days_in_month(years: npt.ArrayLike, months: npt.ArrayLike) -> IntArray:
    """Length of each (year, month) in days."""
    index = (np.asarray(years, dtype=np.int64) - 1970) * 12 + np.asarray(months) - 1
    first = index.astype("datetime64[M]").astype("datetime64[D]").astype(np.int64)
    following = (index + 1).astype("datetime64[M]").astype("datetime64[D]").astype(np.int64)
    return following - first


def tertial(months: npt.ArrayLike) -> IntArray:
    """Tertial (1-3: January-April, May-August, September-December) of months 1-12."""
    return (np.asarray(months, dtype=np.int64) - 1) // 4 + 1


def same_weeks_baseline(
    counts: npt.ArrayLike,
    years: npt.ArrayLike,
    *,
    year: int,
    weeks: npt.ArrayLike,
    n_years: int = 3,
) -> tuple[FloatArray, FloatArray, IntArray]:
    """The current count over `weeks` of `year` and the same weeks in the n earlier years.

    counts: (..., Y, 53) counts by year and ISO week (week w in column w - 1, NaN where a
    week does not exist or was not observed); years: (Y,) the years of that axis.
    Returns (current (...), baseline (..., B), baseline_years (B,)), using only earlier
    years in which every asked-for week was observed in every series, so each baseline
    period has the same length. Feed it to `change.compare_to_baseline_periods`.
    """
    table = np.asarray(counts, dtype=float)
    year_axis = np.asarray(years, dtype=np.int64)
    columns = np.asarray(weeks, dtype=np.int64).reshape(-1) - 1
    if np.any((columns < 0) | (columns > 52)):
        raise ValueError("ISO weeks are 1-53")
    positions = {int(y): i for i, y in enumerate(year_axis)}
    if year not in positions:
        raise ValueError(f"no counts for {year}")
    current = table[..., positions[year], :][..., columns]
    if np.isnan(current).any():
        raise ValueError(f"week(s) of {year} not observed")
    chosen: list[int] = []
    for earlier in range(year - 1, year - 1 - n_years, -1):
        if earlier in positions:
            block = table[..., positions[earlier], :][..., columns]
            if not np.isnan(block).any():
                chosen.append(earlier)
    if not chosen:
        raise ValueError("no earlier year observed all of these weeks")
    baseline = np.stack(
        [table[..., positions[y], :][..., columns].sum(axis=-1) for y in chosen], axis=-1
    )
    return current.sum(axis=-1), baseline, np.asarray(chosen, dtype=np.int64)
