"""Time patterns: aoristic hour-by-weekday weights, ISO weeks, months and the seasonal profile."""

import datetime

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trygga.analysis.patterns import hour_weekday, month_profile, monthly_counts, weekly_counts
from trygga.analysis.periods import (
    iso_weeks_in_year,
    iso_year_week,
    same_weeks_baseline,
    tertial,
    to_minutes,
    year_month,
)

MINUTE = np.timedelta64(1, "m")
# 2026-11-23 is a Monday.
MONDAY = np.datetime64("2026-11-23T00:00")


def at(day, hour, minute=0):
    """A local time `day` days after Monday 2026-11-23 (Monday = 0)."""
    return MONDAY + np.timedelta64(day * 1440 + hour * 60 + minute, "m")


def reference_matrix(starts, ends):
    """Minute-by-minute reference: each minute of a window gets 1 / its length."""
    matrix = np.zeros((7, 24))
    for start, end in zip(starts, ends, strict=True):
        first = int(start.astype("datetime64[m]").astype(np.int64))
        length = int((end - start) / MINUTE)
        if length == 0:
            minutes, share = [first], 1.0
        elif length >= 7 * 1440:
            matrix += 1 / 168
            continue
        else:
            minutes, share = range(first, first + length), 1 / length
        for minute in minutes:
            day = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC) + datetime.timedelta(
                minutes=minute
            )
            matrix[day.weekday(), day.hour] += share
    return matrix


def test_hour_weekday__moment_counts_fully_in_its_hour():
    matrix = hour_weekday(np.array([at(2, 14, 59)]))

    assert matrix.counts[2, 14] == 1
    assert matrix.counts.sum() == 1
    assert matrix.n_moments == 1


def test_hour_weekday__window_crossing_midnight_splits_by_minutes():
    # Friday 23:30 to Saturday 00:30: 30 minutes in each hour.
    matrix = hour_weekday(np.array([at(4, 23, 30)]), np.array([at(5, 0, 30)]))

    assert matrix.counts[4, 23] == pytest.approx(0.5)
    assert matrix.counts[5, 0] == pytest.approx(0.5)
    assert matrix.counts.sum() == pytest.approx(1)


def test_hour_weekday__weekend_window_spreads_evenly_over_its_sixty_hours():
    # Friday 18:00 to Monday 06:00: 60 hours, 1/60 each, Friday 18-23, all of Saturday and
    # Sunday, Monday 00-05 (the window wraps over the week's end).
    matrix = hour_weekday(np.array([at(4, 18)]), np.array([at(7, 6)]))

    expected = np.zeros((7, 24))
    expected[4, 18:] = 1 / 60
    expected[5, :] = 1 / 60
    expected[6, :] = 1 / 60
    expected[0, :6] = 1 / 60
    np.testing.assert_allclose(matrix.counts, expected, atol=1e-12)


def test_hour_weekday__partial_hours_at_both_ends():
    # 10:15 to 11:45 on a Tuesday: 45 of 90 minutes in each hour.
    matrix = hour_weekday(np.array([at(1, 10, 15)]), np.array([at(1, 11, 45)]))

    assert matrix.counts[1, 10] == pytest.approx(0.5)
    assert matrix.counts[1, 11] == pytest.approx(0.5)


def test_hour_weekday__window_of_a_week_or_more_is_uniform():
    matrix = hour_weekday(np.array([at(0, 9, 10)]), np.array([at(10, 3)]))

    np.testing.assert_allclose(matrix.counts, np.full((7, 24), 1 / 168))
    assert matrix.n_long_windows == 1


def test_hour_weekday__missing_end_counts_as_a_moment():
    starts = np.array([at(3, 8), at(3, 8)])
    ends = np.array([np.datetime64("NaT"), at(3, 10)], dtype="datetime64[m]")

    matrix = hour_weekday(starts, ends)

    assert matrix.counts[3, 8] == pytest.approx(1.5)
    assert matrix.counts[3, 9] == pytest.approx(0.5)
    assert (matrix.n_moments, matrix.n_windows) == (1, 1)


def test_hour_weekday__integer_minutes_equal_datetimes():
    starts = np.array([at(0, 1), at(6, 23, 50)])
    ends = np.array([at(0, 3), at(7, 0, 10)])

    from_datetimes = hour_weekday(starts, ends)
    from_minutes = hour_weekday(starts.astype(np.int64), ends.astype(np.int64))

    np.testing.assert_allclose(from_minutes.counts, from_datetimes.counts)


def test_hour_weekday__weights_equal_repeated_events():
    start = np.array([at(2, 20, 10)])
    end = np.array([at(3, 1, 40)])

    weighted = hour_weekday(start, end, weights=[3])
    repeated = hour_weekday(np.repeat(start, 3), np.repeat(end, 3))

    np.testing.assert_allclose(weighted.counts, repeated.counts)


def test_hour_weekday__rejects_end_before_start_and_missing_start():
    with pytest.raises(ValueError, match="end before they start"):
        hour_weekday(np.array([at(1, 2)]), np.array([at(1, 1)]))
    with pytest.raises(ValueError, match="start time"):
        hour_weekday(np.array(["NaT"], dtype="datetime64[m]"))


def test_hour_weekday__empty_input_gives_zeros():
    matrix = hour_weekday(np.array([], dtype="datetime64[m]"))

    assert matrix.counts.shape == (7, 24)
    assert matrix.counts.sum() == 0


def test_hour_weekday__a_million_events_in_well_under_a_second():
    rng = np.random.default_rng(0)
    n = 1_000_000
    starts = np.datetime64("2024-01-01T00:00") + rng.integers(0, 3 * 525_600, n) * MINUTE
    ends = starts + rng.integers(0, 3 * 1440, n) * MINUTE

    matrix = hour_weekday(starts, ends)

    assert matrix.counts.sum() == pytest.approx(n)


events = st.lists(
    st.tuples(
        st.integers(0, 60 * 24 * 30),
        st.one_of(st.just(0), st.integers(1, 600), st.integers(1, 12_000)),
    ),
    min_size=1,
    max_size=15,
)


def _arrays(pairs):
    starts = np.array([at(0, 0) + s * MINUTE for s, _ in pairs], dtype="datetime64[m]")
    ends = np.array([at(0, 0) + (s + d) * MINUTE for s, d in pairs], dtype="datetime64[m]")
    return starts, ends


@settings(max_examples=100, deadline=None)
@given(events)
def test_hour_weekday__equals_a_minute_by_minute_reference(pairs):
    starts, ends = _arrays(pairs)

    np.testing.assert_allclose(
        hour_weekday(starts, ends).counts, reference_matrix(starts, ends), atol=1e-9
    )


@settings(max_examples=100, deadline=None)
@given(events)
def test_hour_weekday__each_event_weighs_exactly_one(pairs):
    starts, ends = _arrays(pairs)

    for start, end in zip(starts, ends, strict=True):
        matrix = hour_weekday(np.array([start]), np.array([end]))
        assert matrix.counts.sum() == pytest.approx(1.0, abs=1e-9)
        assert matrix.counts.min() >= 0
    assert hour_weekday(starts, ends).counts.sum() == pytest.approx(len(pairs), abs=1e-9)


@settings(max_examples=100, deadline=None)
@given(events, st.randoms())
def test_hour_weekday__invariant_under_reordering(pairs, random):
    starts, ends = _arrays(pairs)
    order = list(range(len(pairs)))
    random.shuffle(order)

    np.testing.assert_allclose(
        hour_weekday(starts[order], ends[order]).counts,
        hour_weekday(starts, ends).counts,
        atol=1e-9,
    )


def test_iso_year_week__equals_python_isocalendar_over_ten_years():
    days = np.arange(np.datetime64("2019-12-20"), np.datetime64("2030-01-10"))

    year, week = iso_year_week(days)

    expected = [datetime.date.fromisoformat(str(d)).isocalendar()[:2] for d in days]
    assert list(zip(year.tolist(), week.tolist(), strict=True)) == expected


def test_iso_weeks_in_year__53_in_2020_and_2026():
    years = np.arange(2015, 2031)

    expected = [datetime.date(int(y), 12, 28).isocalendar()[1] for y in years]
    assert iso_weeks_in_year(years).tolist() == expected
    assert iso_weeks_in_year([2020, 2026]).tolist() == [53, 53]


def test_to_minutes__floors_seconds_and_marks_missing():
    minutes, present = to_minutes(
        np.array(["1970-01-01T00:01:59", "NaT", "1969-12-31T23:59:30"], dtype="datetime64[s]")
    )

    assert minutes[0] == 1
    assert minutes[2] == -1
    assert present.tolist() == [True, False, True]


def test_year_month_and_tertial():
    year, month = year_month(np.array(["2026-01-31T23:59", "2026-12-01"], dtype="datetime64[m]"))

    assert (year.tolist(), month.tolist()) == ([2026, 2026], [1, 12])
    assert tertial([1, 4, 5, 8, 9, 12]).tolist() == [1, 1, 2, 2, 3, 3]


def test_weekly_counts__missing_week_53_and_unobserved_weeks_are_nan():
    times = np.array(["2025-01-01", "2025-01-02", "2026-12-31"], dtype="datetime64[D]")

    weekly = weekly_counts(times)

    assert weekly.years.tolist() == [2025, 2026]
    assert weekly.counts[0, 0] == 2  # 2025-01-01 is in week 1 of 2025
    assert np.isnan(weekly.counts[0, 52])  # 2025 has 52 weeks
    assert weekly.counts[1, 52] == 1  # 2026-12-31 is in week 53
    assert np.nansum(weekly.counts) == 3
    assert weekly.counts[1, 10] == 0


def test_weekly_counts__from_aggregated_keys_equals_from_times():
    times = np.array(
        ["2024-03-04", "2024-03-05", "2024-03-12", "2025-03-03"], dtype="datetime64[D]"
    )

    from_times = weekly_counts(times)
    from_keys = weekly_counts(iso_year=[2024, 2024, 2025], iso_week=[10, 11, 10], weights=[2, 1, 1])

    np.testing.assert_array_equal(from_keys.counts, from_times.counts)


def test_weekly_counts__span_outside_the_data_is_nan_inside_is_zero():
    weekly = weekly_counts(
        iso_year=[2025], iso_week=[20], weights=[4], first=(2025, 10), last=(2025, 30)
    )

    assert np.isnan(weekly.counts[0, 8])
    assert weekly.counts[0, 9] == 0
    assert weekly.counts[0, 19] == 4
    assert np.isnan(weekly.counts[0, 30])


def test_monthly_counts_and_profile__hand_computed():
    # Two full years; January has 31 events each year, February 28 (2025) and 28 (2026).
    monthly = monthly_counts(
        year=[2025, 2025, 2026, 2026],
        month=[1, 2, 1, 2],
        weights=[31, 28, 31, 28],
        first=(2025, 1),
        last=(2026, 12),
    )

    profile = month_profile(monthly)

    assert profile.mean[0] == 31
    assert profile.mean[1] == 28
    assert profile.n_years.tolist() == [2] * 12
    # One event per day in January and February, none later: equal per-day index.
    assert profile.index[0] == pytest.approx(profile.index[1])
    assert profile.index[0] == pytest.approx(730 / 118)
    assert profile.index[5] == 0


def test_month_profile__skips_months_outside_the_observed_span():
    monthly = monthly_counts(year=[2025, 2026], month=[11, 2], weights=[10, 6])

    profile = month_profile(monthly)

    assert profile.n_years[10] == 1  # November only in 2025
    assert profile.n_years[1] == 1  # February only in 2026
    assert profile.n_years[5] == 0
    assert np.isnan(profile.mean[5])


def test_same_weeks_baseline__sums_the_weeks_of_earlier_years():
    counts = np.full((4, 53), np.nan)
    counts[:, :52] = 1.0
    counts[0, 10:12] = [5, 6]  # 2023
    counts[1, 10:12] = [7, 8]  # 2024
    counts[2, 10:12] = np.nan  # 2025 not observed
    counts[3, 10:12] = [20, 30]  # 2026

    current, baseline, years = same_weeks_baseline(
        counts, [2023, 2024, 2025, 2026], year=2026, weeks=[11, 12], n_years=3
    )

    assert current == 50
    assert baseline.tolist() == [15, 11]
    assert years.tolist() == [2024, 2023]
