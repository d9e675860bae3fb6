# ruff: noqa: E501 - SVG markup reads best one element per line
"""Static maps and charts of a lägesbild as SVG, drawn from the stored content alone.

No tiles and no network: the maps are the stored (simplified) boundaries projected
equirectangularly around the area's middle latitude, the hot spots are H3 hexagons drawn
from their cell ids. The same SVG goes into the web page and the PDF (WeasyPrint draws SVG),
so both show the same picture; text stays text. Only presentation attributes are used, never
`style`, so a strict Content-Security-Policy allows the page.

Numbers drawn as text are marked for the public-version test: a count carries
`class="count"`, any other number (axis ticks, rates, hours) sits in an element with the
attribute `data-nc` ("not a count").
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import h3
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from shapely.geometry import box, shape
from shapely.geometry.base import BaseGeometry

from trygga.analysis.wording import format_decimal

HIDDEN = ".."
FONT = "DejaVu Sans, Liberation Sans, Arial, sans-serif"
INK = "#1f2933"
MUTED = "#5f6b7a"
GRID = "#d9dee4"
OUTLINE = "#3c4650"
NO_DATA = "#eef1f4"
# ColorBrewer OrRd (5 classes): sequential, readable in grey print and for colour-blind readers.
SEQUENTIAL = ("#fef0d9", "#fdcc8a", "#fc8d59", "#e34a33", "#b30000")
HOT = {"hot_99": "#a50f15", "hot_95": "#de2d26", "hot_90": "#fc9272"}
CURRENT = "#0b4f8a"
PREVIOUS = "#8a5a00"


def _t(text: str) -> str:
    return str(escape(text))


def _num(value: float, decimals: int = 0) -> str:
    return format_decimal(float(value), decimals)


def _svg(width: float, height: float, body: list[str], title: str, desc: str = "") -> SafeString:
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} {height:.0f}" '
        f'width="{width:.0f}" height="{height:.0f}" role="img" class="lb-figure" '
        f'font-family="{FONT}" font-size="11" fill="{INK}">',
        f"<title>{_t(title)}</title>",
    ]
    if desc:
        parts.append(f"<desc>{_t(desc)}</desc>")
    parts.append(
        '<defs><pattern id="lb-hatch" patternUnits="userSpaceOnUse" width="6" height="6" '
        'patternTransform="rotate(45)"><rect width="6" height="6" fill="#f4f5f7"/>'
        '<line x1="0" y1="0" x2="0" y2="6" stroke="#9aa5b1" stroke-width="2"/></pattern></defs>'
    )
    parts += body
    parts.append("</svg>")
    # Each figure gets its own pattern id: one page holds several figures.
    uid = hashlib.sha1(title.encode()).hexdigest()[:8]  # noqa: S324 - an id, not security
    return mark_safe("".join(parts).replace("lb-hatch", f"lb-hatch-{uid}"))  # noqa: S308 - every text above is escaped


def nice_step(top: float, count: int = 4) -> float:
    if top <= 0:
        return 1.0
    raw = top / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    return max(step, 1.0)


# --------------------------------------------------------------------------- maps


@dataclass(frozen=True)
class Frame:
    """An equirectangular projection of a lon/lat box onto a panel of the SVG."""

    minx: float
    miny: float
    maxx: float
    maxy: float
    left: float
    top: float
    width: float
    height: float

    @classmethod
    def fit(
        cls,
        bounds: tuple[float, float, float, float],
        left: float,
        top: float,
        width: float,
        height: float,
    ) -> Frame:
        minx, miny, maxx, maxy = bounds
        k = math.cos(math.radians((miny + maxy) / 2))
        span_x = max((maxx - minx) * k, 1e-9)
        span_y = max(maxy - miny, 1e-9)
        # Widen the box to the panel's aspect, so the map is never stretched.
        if span_x / span_y > width / height:
            extra = (span_x * height / width - span_y) / 2
            miny, maxy = miny - extra, maxy + extra
        else:
            extra = (span_y * width / height - span_x) / 2 / k
            minx, maxx = minx - extra, maxx + extra
        return cls(minx, miny, maxx, maxy, left, top, width, height)

    @property
    def k(self) -> float:
        return math.cos(math.radians((self.miny + self.maxy) / 2))

    def xy(self, lon: float, lat: float) -> tuple[float, float]:
        x = self.left + (lon - self.minx) / (self.maxx - self.minx) * self.width
        y = self.top + (self.maxy - lat) / (self.maxy - self.miny) * self.height
        return x, y

    def clip(self, geometry: BaseGeometry) -> BaseGeometry:
        return geometry.intersection(box(self.minx, self.miny, self.maxx, self.maxy))

    def path(self, geometry: BaseGeometry) -> str:
        """SVG path data of a (Multi)Polygon or LineString."""
        out: list[str] = []
        geoms = getattr(geometry, "geoms", [geometry])
        for g in geoms:
            if g.is_empty:
                continue
            if g.geom_type == "Polygon":
                rings = [g.exterior, *g.interiors]
            elif g.geom_type in ("LineString", "LinearRing"):
                rings = [g]
            else:
                continue
            for ring in rings:
                points = [self.xy(x, y) for x, y in ring.coords]
                if len(points) < 2:
                    continue
                out.append("M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in points))
                if g.geom_type == "Polygon":
                    out.append("Z")
        return "".join(out)

    def km_per_px(self) -> float:
        return (self.maxx - self.minx) * 111.32 * self.k / self.width


def _classes(values: Sequence[float]) -> list[float]:
    """Upper bounds of up to five classes: 0 on its own when some values are 0, then
    quantiles of the values above 0, rounded for the legend (never below what they bound)."""
    finite = sorted(v for v in values if v is not None and math.isfinite(v))
    if not finite:
        return []
    out: list[float] = [0.0] if finite[0] == 0 else []
    positive = [v for v in finite if v > 0]
    if not positive:
        return out
    n_classes = 5 - len(out)
    for i in range(1, n_classes + 1):
        q = positive[min(len(positive) - 1, math.ceil(i / n_classes * len(positive)) - 1)]
        nice = float(f"{q:.2g}") if q >= 1 else round(q, 2)
        nice = max(nice, q)
        if not out or nice > out[-1]:
            out.append(nice)
    out[-1] = max(out[-1], positive[-1])
    return out


def _palette(bounds: list[float]) -> tuple[str, ...]:
    """Colours of the classes: 0 (when a class of its own) is the lightest, the top the darkest."""
    if not bounds:
        return ()
    if bounds[0] == 0:
        return (SEQUENTIAL[0], *SEQUENTIAL[len(SEQUENTIAL) - (len(bounds) - 1) :])
    return SEQUENTIAL[len(SEQUENTIAL) - len(bounds) :]


def _colour(value: float, bounds: list[float]) -> str:
    palette = _palette(bounds)
    for colour, bound in zip(palette, bounds, strict=True):
        if value <= bound:
            return colour
    return palette[-1]


def district_fills(values: list[dict[str, Any]], measure: str) -> dict[str, str | None]:
    """The choropleth's colour per district code (None: no value), for the interactive map."""
    bounds = _classes([v[measure] for v in values if v.get(measure) not in (None, HIDDEN)])
    out: dict[str, str | None] = {}
    for v in values:
        value = v.get(measure)
        if value == HIDDEN:
            out[v["code"]] = "hidden"
        elif value is None or not bounds:
            out[v["code"]] = None
        else:
            out[v["code"]] = _colour(float(value), bounds)
    return out


def _zoom_bounds(geometry: dict[str, Any]) -> tuple[float, float, float, float] | None:
    """The city: the box around the smaller half of the districts, padded; None if small."""
    districts = [shape(d["geometry"]) for d in geometry["districts"] if d.get("geometry")]
    if len(districts) < 4:
        return None
    districts.sort(key=lambda g: g.area)
    small = districts[: len(districts) // 2]
    minx = min(g.bounds[0] for g in small)
    miny = min(g.bounds[1] for g in small)
    maxx = max(g.bounds[2] for g in small)
    maxy = max(g.bounds[3] for g in small)
    pad_x, pad_y = (maxx - minx) * 0.08, (maxy - miny) * 0.08
    return (minx - pad_x, miny - pad_y, maxx + pad_x, maxy + pad_y)


def _focus_bounds(geometry: dict[str, Any]) -> tuple[float, float, float, float]:
    focus = geometry.get("focus")
    if focus:
        for d in geometry["districts"]:
            if d["code"] == focus and d.get("geometry"):
                minx, miny, maxx, maxy = shape(d["geometry"]).bounds
                pad = max(maxx - minx, maxy - miny) * 0.1
                return (minx - pad, miny - pad, maxx + pad, maxy + pad)
    return shape(geometry["municipality"]).bounds


def _scale_bar(frame: Frame, x: float, y: float) -> str:
    km = frame.km_per_px() * frame.width / 4
    nice = nice_step(km, 1)
    if nice > km:
        nice = nice / 2 if nice / 2 >= 0.1 else nice
    length = nice / frame.km_per_px()
    label = _num(nice, 0 if nice >= 1 else 1) + " km"
    return (
        f'<g data-nc=""><rect x="{x - 3:.1f}" y="{y - 12:.1f}" width="{length + 44:.1f}" height="18" '
        f'fill="#ffffff" fill-opacity="0.8"/>'
        f'<line x1="{x:.1f}" y1="{y:.1f}" x2="{x + length:.1f}" y2="{y:.1f}" stroke="{INK}" stroke-width="2"/>'
        f'<line x1="{x:.1f}" y1="{y - 4:.1f}" x2="{x:.1f}" y2="{y + 1:.1f}" stroke="{INK}" stroke-width="1.5"/>'
        f'<line x1="{x + length:.1f}" y1="{y - 4:.1f}" x2="{x + length:.1f}" y2="{y + 1:.1f}" stroke="{INK}" stroke-width="1.5"/>'
        f'<text x="{x + length + 4:.1f}" y="{y + 3:.1f}" font-size="10">{_t(label)}</text></g>'
    )


def _north(x: float, y: float) -> str:
    return (
        f'<g aria-hidden="true"><path d="M{x:.1f},{y - 14:.1f}L{x + 5:.1f},{y:.1f}L{x:.1f},{y - 4:.1f}'
        f'L{x - 5:.1f},{y:.1f}Z" fill="{INK}"/>'
        f'<text x="{x:.1f}" y="{y + 11:.1f}" text-anchor="middle" font-size="10">N</text></g>'
    )


def _label(frame: Frame, geometry: BaseGeometry, text: str, size: float = 9) -> str:
    point = geometry.representative_point()
    x, y = frame.xy(point.x, point.y)
    if not (frame.left < x < frame.left + frame.width and frame.top < y < frame.top + frame.height):
        return ""
    safe = _t(text)
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="middle" font-size="{size}" stroke="#ffffff" '
        f'stroke-width="2.6" stroke-linejoin="round" fill="#ffffff" aria-hidden="true">{safe}</text>'
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="middle" font-size="{size}" fill="{INK}">{safe}</text>'
    )


def _panel_frame(frame: Frame, title: str) -> str:
    return (
        f'<rect x="{frame.left:.1f}" y="{frame.top:.1f}" width="{frame.width:.1f}" height="{frame.height:.1f}" '
        f'fill="none" stroke="{GRID}"/>'
        f'<text x="{frame.left:.1f}" y="{frame.top - 6:.1f}" font-size="11" font-weight="bold">{_t(title)}</text>'
    )


def _cells_bounds(cells: list[str]) -> tuple[float, float, float, float] | None:
    """The box around hot cells, padded and at least about 3 km across; None without cells."""
    if not cells:
        return None
    points = [p for c in cells for p in h3.cell_to_boundary(c)]
    lats, lons = [p[0] for p in points], [p[1] for p in points]
    minx, maxx, miny, maxy = min(lons), max(lons), min(lats), max(lats)
    cx, cy = (minx + maxx) / 2, (miny + maxy) / 2
    half_x, half_y = max((maxx - minx) * 0.6, 0.03), max((maxy - miny) * 0.6, 0.015)
    return (cx - half_x, cy - half_y, cx + half_x, cy + half_y)


def _panels(
    geometry: dict[str, Any],
    width: float,
    height: float,
    zoom: tuple[float, float, float, float] | None = None,
) -> list[tuple[Frame, str, bool]]:
    """One panel for the whole area, and a zoom on the city (or the hot spots) beside it."""
    top = 22
    whole = _focus_bounds(geometry)
    if zoom is None and not geometry.get("focus"):
        zoom = _zoom_bounds(geometry)
    if zoom is None:
        return [(Frame.fit(whole, 8, top, width - 16, height - top - 8), _("Hela området"), True)]
    half = (width - 24) / 2
    return [
        (Frame.fit(whole, 8, top, half, height - top - 8), _("Hela kommunen"), False),
        (Frame.fit(zoom, 16 + half, top, half, height - top - 8), _("Förstoring"), True),
    ]


def _base(frame: Frame, geometry: dict[str, Any], fills: dict[str, str], labels: bool) -> list[str]:
    body = []
    for d in geometry["districts"]:
        if not d.get("geometry"):
            continue
        g = frame.clip(shape(d["geometry"]))
        if g.is_empty:
            continue
        fill = fills.get(d["code"], NO_DATA)
        priority = d.get("priority")
        body.append(
            f'<path d="{frame.path(g)}" fill="{fill}" stroke="{OUTLINE if priority else "#8793a0"}" '
            f'stroke-width="{1.6 if priority else 0.5}" fill-rule="evenodd">'
            f"<title>{_t(d['name'])}</title></path>"
        )
    outline = frame.clip(shape(geometry["municipality"]).boundary)
    body.append(f'<path d="{frame.path(outline)}" fill="none" stroke="{INK}" stroke-width="1.2"/>')
    if labels:
        for d in geometry["districts"]:
            if d.get("geometry") and (d.get("priority") or geometry.get("focus")):
                body.append(_label(frame, shape(d["geometry"]), d["name"]))
    return body


def _zoom_box(whole: Frame, zoom: Frame) -> str:
    x1, y1 = whole.xy(zoom.minx, zoom.maxy)
    x2, y2 = whole.xy(zoom.maxx, zoom.miny)
    return (
        f'<rect x="{x1:.1f}" y="{y1:.1f}" width="{x2 - x1:.1f}" height="{y2 - y1:.1f}" fill="none" '
        f'stroke="{CURRENT}" stroke-width="1.2" stroke-dasharray="4 2"/>'
    )


def choropleth(
    geometry: dict[str, Any], values: list[dict[str, Any]], *, title: str, measure: str
) -> SafeString:
    """Districts coloured by their rate per 1,000 residents (or count without populations)."""
    width, height, legend_h = 720.0, 380.0, 84.0
    by_code = {v["code"]: v for v in values}
    numbers = [v[measure] for v in values if v.get(measure) not in (None, HIDDEN)]
    bounds = _classes(numbers)
    fills: dict[str, str] = {}
    for code, v in by_code.items():
        value = v.get(measure)
        if value == HIDDEN:
            fills[code] = "url(#lb-hatch)"
        elif value is not None and bounds:
            fills[code] = _colour(float(value), bounds)
    body: list[str] = []
    panels = _panels(geometry, width, height)
    for frame, panel_title, labels in panels:
        body.append(_panel_frame(frame, panel_title))
        body += _base(frame, geometry, fills, labels)
    if len(panels) == 2:
        body.append(_zoom_box(panels[0][0], panels[1][0]))
    first = panels[0][0]
    body.append(_scale_bar(first, first.left + 10, first.top + first.height - 10))
    body.append(_north(first.left + first.width - 14, first.top + 22))
    # Legend.
    y = height + 14
    unit = _("händelser per 1 000 invånare") if measure == "rate" else _("händelser")
    body.append(
        f'<text x="8" y="{y:.1f}" font-weight="bold">'
        + _t(_("Förklaring"))
        + f" ({_t(unit)})</text>"
    )
    x = 8.0
    y += 10
    palette = _palette(bounds)
    lower = 0.0
    items: list[tuple[str, str, bool]] = []
    decimals = 1 if measure == "rate" else 0
    for colour, bound in zip(palette, bounds, strict=False):
        if bound == 0:
            items.append((colour, "0", True))
        else:
            low = lower if lower == 0 and bounds[0] != 0 else lower + 10**-decimals
            items.append((colour, f"{_num(low, decimals)}–{_num(bound, decimals)}", True))
        lower = bound
    items.append(
        (
            "url(#lb-hatch)",
            _("dolt (små tal)") if any(v.get(measure) == HIDDEN for v in values) else "",
            False,
        )
    )
    items.append(
        (
            NO_DATA,
            _("ingen takt (okänt invånarantal)") if measure == "rate" else _("inga händelser"),
            False,
        )
    )
    for colour, label, numeric in items:
        if not label:
            continue
        body.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="16" height="11" fill="{colour}" stroke="#8793a0" stroke-width="0.5"/>'
        )
        attr = ' data-nc=""' if numeric else ""
        body.append(
            f'<text x="{x + 20:.1f}" y="{y + 9:.1f}" font-size="10"{attr}>{_t(label)}</text>'
        )
        x += 28 + 6.2 * len(label)
        if x > width - 200:
            x, y = 8.0, y + 16
    y += 26
    body.append(
        f'<rect x="8" y="{y - 9:.1f}" width="16" height="11" fill="#ffffff" stroke="{OUTLINE}" stroke-width="1.6"/>'
        f'<text x="28" y="{y:.1f}" font-size="10">' + _t(_("prioriterad stadsdel")) + f"</text>"
        f'<line x1="170" y1="{y - 4:.1f}" x2="186" y2="{y - 4:.1f}" stroke="{INK}" stroke-width="1.2"/>'
        f'<text x="190" y="{y:.1f}" font-size="10">' + _t(_("kommungräns")) + "</text>"
    )
    if any(d.get("approximate") for d in geometry["districts"]):
        body.append(
            f'<text x="300" y="{y:.1f}" font-size="10" fill="{MUTED}">'
            + _t(_("Stadsdelsgränserna är ungefärliga."))
            + "</text>"
        )
    desc = _("Karta över stadsdelarna färgade efter %(unit)s; samma tal finns i tabellen.") % {
        "unit": unit
    }
    return _svg(width, height + legend_h, body, title, desc)


def _cells_path(frame: Frame, cells: list[str]) -> str:
    """The outline of a set of H3 cells (their union), clipped to the panel, as path data."""
    if not cells:
        return ""
    geometry = frame.clip(shape(h3.cells_to_geo(cells)))
    return "" if geometry.is_empty else frame.path(geometry)


def hotspot_map(geometry: dict[str, Any], hot: dict[str, Any], *, title: str) -> SafeString:
    """Hot-spot hexagons over the district outlines; new ones outlined, ended ones dashed."""
    width, height, legend_h = 720.0, 380.0, 62.0
    body: list[str] = []
    hot_cells = [c["cell"] for c in hot.get("cells", [])]
    zoom = _cells_bounds(hot_cells) if not geometry.get("focus") else None
    panels = _panels(geometry, width, height, zoom)
    for frame, panel_title, labels in panels:
        body.append(_panel_frame(frame, panel_title))
        body += _base(frame, geometry, {}, labels)
        # One path per class and status: the union of its hexagons (H3's own outline), clipped
        # to the panel. Thousands of hot cells stay a handful of short paths, so the PDF is
        # quick to draw and the map shows the clusters' shapes.
        ended = _cells_path(frame, hot.get("ended", []))
        if ended:
            body.append(
                f'<path d="{ended}" fill="none" stroke="{MUTED}" stroke-width="0.8" '
                f'stroke-dasharray="2 1.5"/>'
            )
        groups: dict[tuple[str, str], list[str]] = {}
        for cell in hot.get("cells", []):
            groups.setdefault((cell["class"], cell["status"]), []).append(cell["cell"])
        for (klass, status), cells in sorted(groups.items()):
            new = status == "new"
            data = _cells_path(frame, cells)
            if not data:
                continue
            body.append(
                f'<path d="{data}" fill="{HOT[klass]}" stroke="{INK if new else HOT[klass]}" '
                f'stroke-width="{1.1 if new else 0.4}" fill-rule="evenodd">'
                "<title>" + _t(_("Heta punkter")) + "</title></path>"
            )
    if len(panels) == 2:
        body.append(_zoom_box(panels[0][0], panels[1][0]))
    first = panels[0][0]
    body.append(_scale_bar(first, first.left + 10, first.top + first.height - 10))
    body.append(_north(first.left + first.width - 14, first.top + 22))
    y = height + 14
    body.append(f'<text x="8" y="{y:.1f}" font-weight="bold">' + _t(_("Förklaring")) + "</text>")
    y += 10
    x = 8.0
    items = [
        (HOT["hot_99"], "none", _("het punkt, 99 %")),
        (HOT["hot_95"], "none", _("het punkt, 95 %")),
        (HOT["hot_90"], "none", _("het punkt, 90 %")),
        ("#ffffff", INK, _("ny sedan perioden före")),
    ]
    if hot.get("ended"):
        items.append(("none", MUTED, _("het punkt tidigare, inte nu")))
    for fill, stroke, label in items:
        dash = ' stroke-dasharray="2 1.5"' if stroke == MUTED else ""
        body.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="16" height="11" fill="{fill}" '
            f'stroke="{stroke if stroke != "none" else fill}" stroke-width="1.1"{dash}/>'
            f'<text x="{x + 20:.1f}" y="{y + 9:.1f}" font-size="10" data-nc="">{_t(label)}</text>'
        )
        x += 30 + 6.0 * len(label)
    y += 28
    if not hot.get("cells"):
        body.append(
            f'<text x="8" y="{y:.1f}" font-size="10" fill="{MUTED}">'
            + _t(_("Inga heta punkter under perioden."))
            + "</text>"
        )
    desc = _("Karta med heta punkter (Getis-Ord Gi*) som sexkanter; samma celler finns i tabellen.")
    return _svg(width, height + legend_h, body, title, desc)


# --------------------------------------------------------------------------- charts


def trend_chart(chart: dict[str, Any], *, title: str) -> SafeString:
    """Bars for the period's sub-periods, a line for the year before; hidden values marked."""
    labels: list[str] = chart["labels"]
    current: list[Any] = chart["current"]
    previous: list[Any] = chart["previous"]
    width, height = 720.0, 260.0
    left, right, top, bottom = 56.0, 12.0, 30.0, 50.0
    plot_w, plot_h = width - left - right, height - top - bottom
    shown = [v for v in [*current, *previous] if isinstance(v, int | float) and v != HIDDEN]
    step = nice_step(max(shown, default=0))
    top_value = max(step, math.ceil(max(shown, default=0) / step) * step)
    n = max(len(labels), 1)
    slot = plot_w / n

    def y_of(v: float) -> float:
        return top + plot_h - v / top_value * plot_h

    body = [f'<g data-nc="" font-size="10" fill="{MUTED}">']
    tick = 0.0
    while tick <= top_value + 1e-9:
        y = y_of(tick)
        body.append(
            f'<line x1="{left:.1f}" y1="{y:.1f}" x2="{left + plot_w:.1f}" y2="{y:.1f}" stroke="{GRID}"/>'
        )
        body.append(
            f'<text x="{left - 6:.1f}" y="{y + 3:.1f}" text-anchor="end">{_num(tick)}</text>'
        )
        tick += step
    body.append("</g>")
    for i, label in enumerate(labels):
        x = left + i * slot
        value = current[i]
        if isinstance(value, int | float) and value != HIDDEN:
            y = y_of(value)
            body.append(
                f'<rect x="{x + slot * 0.18:.1f}" y="{y:.1f}" width="{slot * 0.64:.1f}" height="{top + plot_h - y:.1f}" '
                f'fill="{CURRENT}" class="lb-bar" tabindex="0"><title>{_t(label)}: {_num(value)}</title></rect>'
            )
        elif value == HIDDEN:
            body.append(
                f'<text x="{x + slot / 2:.1f}" y="{top + plot_h - 4:.1f}" text-anchor="middle" font-size="10" fill="{MUTED}">..</text>'
            )
        body.append(
            f'<text x="{x + slot / 2:.1f}" y="{top + plot_h + 14:.1f}" text-anchor="middle" font-size="10" data-nc="">{_t(label)}</text>'
        )
    points = [
        (left + i * slot + slot / 2, y_of(v))
        for i, v in enumerate(previous)
        if isinstance(v, int | float) and v != HIDDEN
    ]
    if len(points) > 1:
        body.append(
            f'<polyline points="{" ".join(f"{x:.1f},{y:.1f}" for x, y in points)}" fill="none" '
            f'stroke="{PREVIOUS}" stroke-width="2" stroke-dasharray="5 3"/>'
        )
    for x, y in points:
        body.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{PREVIOUS}"/>')
    body.append(
        f'<line x1="{left:.1f}" y1="{top + plot_h:.1f}" x2="{left + plot_w:.1f}" y2="{top + plot_h:.1f}" stroke="{INK}"/>'
    )
    body.append(
        f'<text x="{left + plot_w / 2:.1f}" y="{height - 8:.1f}" text-anchor="middle" font-size="11">{_t(chart["x_label"])}</text>'
    )
    body.append(
        f'<text transform="translate(14 {top + plot_h / 2:.1f}) rotate(-90)" text-anchor="middle" font-size="11">{_t(chart["y_label"])}</text>'
    )
    body.append(
        f'<rect x="{left:.1f}" y="8" width="12" height="10" fill="{CURRENT}"/>'
        f'<text x="{left + 16:.1f}" y="17" font-size="10">{_t(chart["current_label"])}</text>'
        f'<line x1="{left + 180:.1f}" y1="13" x2="{left + 200:.1f}" y2="13" stroke="{PREVIOUS}" stroke-width="2" stroke-dasharray="5 3"/>'
        f'<text x="{left + 204:.1f}" y="17" font-size="10">{_t(chart["previous_label"])}</text>'
    )
    return _svg(width, height, body, title, _("Stapeldiagram; samma tal finns i tabellen under."))


def bar_chart(chart: dict[str, Any], *, title: str) -> SafeString:
    """Horizontal bars, largest first, each with its count; hidden counts marked ".."."""
    items = list(zip(chart["labels"], chart["values"], strict=True))
    items.sort(key=lambda item: (-(item[1] if isinstance(item[1], int) else -1), item[0]))
    row_h = 20.0
    width = 720.0
    left, right, top = 190.0, 60.0, 8.0
    height = top + row_h * max(len(items), 1) + 40
    numbers = [v for _label, v in items if isinstance(v, int)]
    step = nice_step(max(numbers, default=0))
    top_value = max(step, math.ceil(max(numbers, default=0) / step) * step)
    plot_w = width - left - right
    body = []
    for i, (label, value) in enumerate(items):
        y = top + i * row_h
        body.append(
            f'<text x="{left - 8:.1f}" y="{y + 14:.1f}" text-anchor="end" font-size="11">{_t(label)}</text>'
        )
        if isinstance(value, int):
            w = value / top_value * plot_w
            body.append(
                f'<rect x="{left:.1f}" y="{y + 3:.1f}" width="{w:.1f}" height="{row_h - 6:.1f}" fill="{CURRENT}" '
                f'class="lb-bar" tabindex="0"><title>{_t(label)}: {_num(value)}</title></rect>'
                f'<text x="{left + w + 4:.1f}" y="{y + 14:.1f}" font-size="10" class="count">{_num(value)}</text>'
            )
        else:
            body.append(
                f'<text x="{left + 4:.1f}" y="{y + 14:.1f}" font-size="10" fill="{MUTED}">..</text>'
            )
    base_y = top + row_h * max(len(items), 1)
    body.append(f'<g data-nc="" font-size="10" fill="{MUTED}">')
    tick = 0.0
    while tick <= top_value + 1e-9:
        x = left + tick / top_value * plot_w
        body.append(
            f'<line x1="{x:.1f}" y1="{top:.1f}" x2="{x:.1f}" y2="{base_y:.1f}" stroke="{GRID}" stroke-width="0.6"/>'
        )
        body.append(
            f'<text x="{x:.1f}" y="{base_y + 13:.1f}" text-anchor="middle">{_num(tick)}</text>'
        )
        tick += step
    body.append("</g>")
    body.append(
        f'<text x="{left + plot_w / 2:.1f}" y="{height - 6:.1f}" text-anchor="middle" font-size="11">{_t(chart["x_label"])}</text>'
    )
    return _svg(
        width, height, body, title, _("Liggande stapeldiagram; samma tal finns i tabellen.")
    )


def heatmap(chart: dict[str, Any], *, title: str, counts: bool) -> SafeString:
    """Weekday rows by hour (or four-hour band) columns, shaded by the number of events."""
    rows: list[str] = chart["rows"]
    columns: list[str] = chart["columns"]
    values: list[list[Any]] = chart["values"]
    width = 720.0
    left, top = 70.0, 10.0
    cell_w = (width - left - 10) / len(columns)
    cell_h = 22.0
    height = top + cell_h * len(rows) + 80
    numbers = [v for r in values for v in r if isinstance(v, int | float) and v != HIDDEN]
    peak = max(numbers, default=0) or 1.0
    body = []
    for r, name in enumerate(rows):
        y = top + r * cell_h
        body.append(
            f'<text x="{left - 6:.1f}" y="{y + 15:.1f}" text-anchor="end" font-size="11">{_t(name)}</text>'
        )
        for c, value in enumerate(values[r]):
            x = left + c * cell_w
            if value == HIDDEN:
                fill, text = "url(#lb-hatch)", HIDDEN
            else:
                level = min(4, int(float(value) / peak * 5)) if peak else 0
                fill = SEQUENTIAL[level] if float(value) > 0 else "#ffffff"
                text = _num(float(value), 0 if counts else 1)
            body.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{cell_w - 1:.1f}" height="{cell_h - 1:.1f}" fill="{fill}" '
                f'stroke="{GRID}" stroke-width="0.5"><title>{_t(name)} {_t(columns[c])}: {_t(text)}</title></rect>'
            )
            if counts:
                klass = ' class="count"' if value != HIDDEN else ""
                colour = "#ffffff" if value != HIDDEN and float(value) / peak > 0.6 else INK
                body.append(
                    f'<text x="{x + cell_w / 2:.1f}" y="{y + 15:.1f}" text-anchor="middle" font-size="10" fill="{colour}"{klass}>{_t(text)}</text>'
                )
    base = top + cell_h * len(rows)
    body.append(f'<g data-nc="" font-size="10" fill="{MUTED}">')
    for c, label in enumerate(columns):
        if counts or c % 2 == 0:
            body.append(
                f'<text x="{left + c * cell_w + cell_w / 2:.1f}" y="{base + 13:.1f}" text-anchor="middle">{_t(label)}</text>'
            )
    body.append("</g>")
    body.append(
        f'<text x="{left + (width - left) / 2:.1f}" y="{base + 30:.1f}" text-anchor="middle" font-size="11">{_t(chart["x_label"])}</text>'
    )
    # Legend: five shades from none to the peak.
    y = base + 44
    body.append(
        f'<text x="{left:.1f}" y="{y + 9:.1f}" font-size="10">' + _t(_("Färre")) + "</text>"
    )
    for i, colour in enumerate(SEQUENTIAL):
        body.append(
            f'<rect x="{left + 40 + i * 22:.1f}" y="{y:.1f}" width="20" height="11" fill="{colour}" stroke="{GRID}"/>'
        )
    body.append(
        f'<text x="{left + 40 + 5 * 22 + 4:.1f}" y="{y + 9:.1f}" font-size="10">'
        + _t(_("Fler händelser"))
        + "</text>"
    )
    if any(v == HIDDEN for r in values for v in r):
        body.append(
            f'<rect x="{left + 300:.1f}" y="{y:.1f}" width="20" height="11" fill="url(#lb-hatch)"/>'
            f'<text x="{left + 324:.1f}" y="{y + 9:.1f}" font-size="10">'
            + _t(_("dolt (små tal)"))
            + "</text>"
        )
    return _svg(width, height, body, title, _("Värmekarta; samma tal finns i tabellen."))
