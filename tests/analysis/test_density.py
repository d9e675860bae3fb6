"""Density surfaces: binning equals numpy's histogram2d, smoothing equals gaussian_filter on
it, mass is kept, and a single point gives the Gaussian kernel's peak where it lies."""

import numpy as np
import pytest
from scipy import ndimage

from trygga.analysis.density import LocalFrame, binned_counts, density_surface

LON0, LAT0 = 16.51, 59.37
BOUNDS = (16.40, 59.30, 16.62, 59.44)


def test_local_frame__round_trip_and_scale():
    frame = LocalFrame.around(BOUNDS)
    lon = np.array([16.40, 16.51, 16.62])
    lat = np.array([59.30, 59.37, 59.44])
    x, y = frame.to_metres(lon, lat)
    back_lon, back_lat = frame.to_lonlat(x, y)
    np.testing.assert_allclose(back_lon, lon, atol=1e-12)
    np.testing.assert_allclose(back_lat, lat, atol=1e-12)
    # One degree of latitude is about 111.2 km; of longitude at 59.37°N about 56.7 km.
    assert y[2] - y[0] == pytest.approx(0.14 * 111_195, rel=1e-3)
    assert x[2] - x[0] == pytest.approx(0.22 * 111_195 * np.cos(np.radians(59.37)), rel=1e-3)


def test_binned_counts__equal_numpy_histogram2d():
    rng = np.random.default_rng(0)
    x = rng.uniform(-1000, 1000, 20_000)
    y = rng.uniform(-800, 800, 20_000)
    extent = (-900.0, -700.0, 900.0, 700.0)
    counts, inside = binned_counts(x, y, extent, 50.0)
    reference, _, _ = np.histogram2d(
        y, x, bins=[np.arange(-700, 700.1, 50.0), np.arange(-900, 900.1, 50.0)]
    )
    np.testing.assert_array_equal(counts, reference)
    assert inside == int(reference.sum())


def test_density_surface__is_gaussian_filter_of_the_histogram_per_km2():
    rng = np.random.default_rng(1)
    lon = rng.normal(LON0, 0.02, 5_000)
    lat = rng.normal(LAT0, 0.01, 5_000)
    surface = density_surface(lon, lat, BOUNDS, bandwidth_metres=300, cell_metres=100)
    x, y = surface.frame.to_metres(lon, lat)
    counts, _ = binned_counts(x, y, surface.bounds_metres, 100.0)
    reference = ndimage.gaussian_filter(counts, 3.0, mode="constant", truncate=4.0) / 0.01
    np.testing.assert_allclose(surface.values, reference[::-1], rtol=1e-12, atol=1e-12)
    # Mass is kept: the points are far from the edges.
    assert surface.values.sum() * 0.01 == pytest.approx(5_000, rel=1e-6)
    assert surface.points == 5_000
    assert surface.points_outside == 0


def test_density_surface__single_point_peaks_in_its_cell_with_the_kernel_height():
    surface = density_surface([LON0], [LAT0], BOUNDS, bandwidth_metres=250, cell_metres=10)
    row, col = np.unravel_index(np.argmax(surface.values), surface.values.shape)
    west, south, east, north = surface.bounds
    rows, cols = surface.values.shape
    lon_c = west + (col + 0.5) / cols * (east - west)
    lat_c = north - (row + 0.5) / rows * (north - south)
    x, y = surface.frame.to_metres(lon_c, lat_c)
    px, py = surface.frame.to_metres(LON0, LAT0)
    assert abs(x - px) <= 10
    assert abs(y - py) <= 10
    # A 2-D Gaussian's peak: 1 / (2 pi sigma^2) per m², times 1e6 per km².
    assert surface.values.max() == pytest.approx(1e6 / (2 * np.pi * 250**2), rel=0.02)


def test_density_surface__points_outside_are_counted_apart():
    surface = density_surface([LON0, 10.0], [LAT0, 50.0], BOUNDS, cell_metres=100)
    assert surface.points == 1
    assert surface.points_outside == 1


def test_density_surface__refuses_an_enormous_raster():
    with pytest.raises(ValueError, match="too large"):
        density_surface([LON0], [LAT0], BOUNDS, cell_metres=1)
