"""A density raster as a small PNG for the map (Leaflet image overlay).

PNG written with zlib and struct (the format is a signature and three chunks), so no image
library is needed for one picture per map. Colours: ColorBrewer Purples, transparent where
there is nothing, more opaque where the density is higher.
"""

import base64
import struct
import zlib

import numpy as np

# ColorBrewer Purples, low to high: apart from the hot-spot classes' reds and blues.
STOPS = np.array(
    [
        [203, 201, 226],
        [158, 154, 200],
        [117, 107, 177],
        [84, 39, 143],
        [63, 0, 125],
    ],
    dtype=float,
)
MAX_ALPHA = 0.8


def _chunk(kind: bytes, data: bytes) -> bytes:
    return (
        struct.pack(">I", len(data))
        + kind
        + data
        + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    )


def encode_rgba(pixels: np.ndarray) -> bytes:
    """PNG bytes of an (rows, columns, 4) uint8 array, row 0 at the top."""
    rows, columns, _ = pixels.shape
    raw = b"".join(b"\x00" + pixels[r].tobytes() for r in range(rows))  # filter 0 per row
    header = struct.pack(">IIBBBBB", columns, rows, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(raw, 6))
        + _chunk(b"IEND", b"")
    )


def colour(values: np.ndarray, top: float) -> np.ndarray:
    """Values 0..top to RGBA pixels (above top saturates; zero is transparent)."""
    scaled = np.clip(values / top, 0.0, 1.0) if top > 0 else np.zeros_like(values)
    position = scaled * (len(STOPS) - 1)
    low = np.floor(position).astype(int).clip(0, len(STOPS) - 2)
    fraction = (position - low)[..., np.newaxis]
    rgb = STOPS[low] * (1 - fraction) + STOPS[low + 1] * fraction
    alpha = np.where(scaled > 0.02, MAX_ALPHA * np.sqrt(scaled), 0.0) * 255
    return np.dstack([rgb, alpha]).round().astype(np.uint8)


def density_png_data_url(values: np.ndarray) -> tuple[str, float]:
    """The raster as a data: URL and the value the darkest colour stands for (the 99th
    percentile of the non-zero values, so one dense cell does not wash out the rest)."""
    positive = values[values > 0]
    top = float(np.percentile(positive, 99)) if positive.size else 0.0
    png = encode_rgba(colour(values, top))
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii"), top
