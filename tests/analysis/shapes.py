"""Test geometry shared by the grid and hot-spot tests: squares around central Eskilstuna."""

import numpy as np

LON0, LAT0 = 16.51, 59.37


def square(half_metres: float) -> dict:
    """A GeoJSON square of the given half side in metres, centred on (LON0, LAT0)."""
    dlat = half_metres / 111_320
    dlon = dlat / np.cos(np.radians(LAT0))
    ring = [
        [LON0 - dlon, LAT0 - dlat],
        [LON0 + dlon, LAT0 - dlat],
        [LON0 + dlon, LAT0 + dlat],
        [LON0 - dlon, LAT0 + dlat],
        [LON0 - dlon, LAT0 - dlat],
    ]
    return {"type": "Polygon", "coordinates": [ring]}
