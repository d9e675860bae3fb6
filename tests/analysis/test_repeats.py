"""Repeat places and the Knox test: counts and first/last times per place, the Knox table
equal to a direct count over all pairs, and a planted near-repeat pattern found."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trygga.analysis.density import LocalFrame
from trygga.analysis.repeats import knox_test, knox_test_xy, repeat_places, repeat_points

LON0, LAT0 = 16.51, 59.37


def times(*iso):
    return np.array(iso, dtype="datetime64[s]")


def test_repeat_places__counts_first_last_and_threshold():
    keys = np.array([5, 7, 5, 9, 5, 7, 11])
    when = times(
        "2025-03-01T10:00",
        "2025-02-01T00:00",
        "2025-01-15T22:30",
        "2025-01-01T00:00",
        "2025-06-01T08:00",
        "2025-02-20T00:00",
        "2025-01-02T00:00",
    )
    found = repeat_places(keys, when, min_events=2)
    assert found.keys.tolist() == [5, 7]
    assert found.counts.tolist() == [3, 2]
    assert str(found.first[0]) == "2025-01-15T22:30:00"
    assert str(found.last[0]) == "2025-06-01T08:00:00"
    assert found.records()[1] == {
        "key": 7,
        "count": 2,
        "first": "2025-02-01T00:00:00",
        "last": "2025-02-20T00:00:00",
    }
    in_spring = repeat_places(keys, when, min_events=2, window=("2025-02-01", "2025-07-01"))
    assert in_spring.keys.tolist() == [5, 7]
    assert in_spring.counts.tolist() == [2, 2]
    assert in_spring.window == ("2025-02-01", "2025-07-01")
    assert repeat_places(keys, when, min_events=4).keys.size == 0


def test_repeat_points__rounds_to_squares_and_returns_their_centres():
    frame = LocalFrame(lon0=LON0, lat0=LAT0)
    lon, lat = frame.to_lonlat([3.0, 7.0, 12.0, 30.0, 1000.0], [2.0, 9.0, 4.0, 3.0, 1000.0])
    when = times(*["2025-05-01"] * 5)
    found = repeat_points(lon, lat, when, metres=25, min_events=2)
    assert found.counts.tolist() == [3]
    assert found.lon is not None
    assert found.lat is not None
    x, y = LocalFrame(lon0=round(float(lon.mean()), 2), lat0=round(float(lat.mean()), 2)).to_metres(
        found.lon, found.lat
    )
    assert x[0] % 25 == pytest.approx(12.5)
    assert y[0] % 25 == pytest.approx(12.5)
    assert found.place == "point rounded to 25 m"


def direct_knox(x, y, t, d_edges, t_edges):
    """O(n²) count over all pairs i < j, band by band."""
    i, j = np.triu_indices(len(x), k=1)
    d = np.hypot(x[i] - x[j], y[i] - y[j])
    dt = np.abs(t[i] - t[j])
    out = np.zeros((len(d_edges) - 1, len(t_edges) - 1), dtype=np.int64)
    for a in range(out.shape[0]):
        in_d = (d <= d_edges[a + 1]) & ((d > d_edges[a]) if a else (d >= 0))
        for b in range(out.shape[1]):
            in_t = (dt <= t_edges[b + 1]) & ((dt > t_edges[b]) if b else (dt >= 0))
            out[a, b] = np.count_nonzero(in_d & in_t)
    return out


@settings(max_examples=20, deadline=None)
@given(st.integers(2, 150), st.integers(0, 2**31))
def test_knox__observed_equals_a_direct_count_over_all_pairs(n, seed):
    rng = np.random.default_rng(seed)
    x = np.round(rng.uniform(0, 600, n))  # whole metres and days: ties on band edges
    y = np.round(rng.uniform(0, 600, n))
    t = np.round(rng.uniform(0, 60, n))
    d_edges, t_edges = (0, 0, 50, 100, 200), (0, 0, 3, 7, 14)
    result = knox_test_xy(
        x, y, t, distance_edges=d_edges, time_edges=t_edges, permutations=19, seed=seed
    )
    np.testing.assert_array_equal(result.observed, direct_knox(x, y, t, d_edges, t_edges))


def test_knox__finds_a_planted_near_repeat_and_not_chance():
    rng = np.random.default_rng(4)
    n = 400
    x, y = rng.uniform(0, 5000, n), rng.uniform(0, 5000, n)
    t = rng.uniform(0, 365, n)
    # Follow-ups: within 50 m and 3 days of 40 originating events.
    origins = rng.choice(n, 40, replace=False)
    x = np.r_[x, x[origins] + rng.uniform(-30, 30, 40)]
    y = np.r_[y, y[origins] + rng.uniform(-30, 30, 40)]
    t = np.r_[t, t[origins] + rng.uniform(0, 3, 40)]
    result = knox_test_xy(
        x, y, t, distance_edges=(0, 100, 400), time_edges=(0, 7, 30), permutations=199, seed=2
    )
    assert result.observed[0, 0] >= 40
    assert result.ratio[0, 0] > 5
    assert result.p[0, 0] == pytest.approx(1 / 200)
    assert result.q[0, 0] < 0.05
    # Without the follow-ups: no band stands out after FDR.
    chance = knox_test_xy(
        x[:n], y[:n], t[:n], distance_edges=(0, 100, 400), time_edges=(0, 7, 30), seed=2
    )
    assert np.all(chance.q > 0.05)
    rows = result.table()
    assert len(rows) == 4
    assert rows[0]["distance_to_m"] == 100
    assert rows[0]["days_to"] == 7


def test_knox__reproducible_with_a_seed_and_the_same_serial_or_parallel():
    rng = np.random.default_rng(5)
    x, y, t = rng.uniform(0, 1000, 300), rng.uniform(0, 1000, 300), rng.uniform(0, 90, 300)
    a = knox_test_xy(x, y, t, permutations=99, seed=3, parallel=True)
    b = knox_test_xy(x, y, t, permutations=99, seed=3, parallel=False)
    c = knox_test_xy(x, y, t, permutations=99, seed=4)
    np.testing.assert_array_equal(a.p, b.p)
    np.testing.assert_array_equal(a.expected, b.expected)
    assert not np.array_equal(a.expected, c.expected)


def test_knox__lon_lat_and_datetimes_with_a_window():
    frame = LocalFrame(lon0=LON0, lat0=LAT0)
    lon, lat = frame.to_lonlat([0.0, 50.0, 3000.0, 10.0], [0.0, 0.0, 0.0, 20.0])
    when = times("2025-01-01", "2025-01-03", "2025-01-02", "2024-06-01")
    result = knox_test(
        lon,
        lat,
        when,
        distance_edges=(0, 100),
        time_edges=(0, 7),
        permutations=9,
        window=("2025-01-01", "2026-01-01"),
    )
    assert result.events == 3
    assert result.observed.tolist() == [[1]]


def test_knox__no_pairs_at_all():
    result = knox_test_xy([0.0, 5000.0], [0.0, 0.0], [0.0, 1.0], permutations=9)
    assert result.observed.sum() == 0
    assert np.all(result.p == 1.0)
    with pytest.raises(ValueError, match="start at 0"):
        knox_test_xy([0.0], [0.0], [0.0], distance_edges=(10, 20))


def test_repeats_and_knox__no_events():
    none = np.zeros(0, dtype="datetime64[s]")
    assert repeat_points(np.zeros(0), np.zeros(0), none).counts.size == 0
    result = knox_test(np.zeros(0), np.zeros(0), none, permutations=9)
    assert result.observed.sum() == 0
    assert result.events == 0
