"""A small server-side SVG trend chart of an indicator (decision 0007: charts as SVG drawn
on the server, the same in the page and the PDF). Colours are presentation attributes, so
no inline style is needed under the Content-Security-Policy."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from trygga.analysis import wording
from trygga.plans.indicators import TrendPoint

INK = "#1a1f24"
LINE = "#0b4f8a"
TARGET = "#1e6b34"
BASE = "#6b7682"
PARTIAL = "#9aa5b1"


def _fmt(value: float) -> str:
    return wording.format_decimal(value, 0 if float(value).is_integer() else 1)


def trend_chart(
    points: Sequence[TrendPoint],
    *,
    baseline: float | None,
    target: float | None,
    title: str,
    width: int = 320,
    height: int = 110,
) -> SafeString:
    """A line over the periods, a grey baseline line and a green dashed target line."""
    known = [p.value for p in points if p.value is not None]
    levels = [v for v in (*known, baseline, target) if v is not None]
    pad_left, pad_right, pad_top, pad_bottom = 40, 8, 10, 22
    inner_w, inner_h = width - pad_left - pad_right, height - pad_top - pad_bottom
    top = max(levels) if levels else 1.0
    top = top * 1.1 if top > 0 else 1.0

    def y(value: float) -> float:
        return pad_top + inner_h - (value / top) * inner_h

    def x(i: int) -> float:
        if len(points) <= 1:
            return pad_left + inner_w / 2
        return pad_left + i * inner_w / (len(points) - 1)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="plan-chart" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" role="img">',
        f"<title>{escape(title)}</title>",
        f'<line x1="{pad_left}" y1="{pad_top + inner_h}" x2="{width - pad_right}" '
        f'y2="{pad_top + inner_h}" stroke="{INK}" stroke-width="1"/>',
        f'<text x="{pad_left - 4}" y="{pad_top + inner_h + 4}" font-size="10" '
        f'text-anchor="end" fill="{INK}">0</text>',
        f'<text x="{pad_left - 4}" y="{pad_top + 8}" font-size="10" text-anchor="end" '
        f'fill="{INK}">{escape(_fmt(round(top / 1.1, 1)))}</text>',
    ]
    if baseline is not None:
        parts.append(
            f'<line x1="{pad_left}" y1="{y(baseline):.1f}" x2="{width - pad_right}" '
            f'y2="{y(baseline):.1f}" stroke="{BASE}" stroke-width="1"/>'
        )
    if target is not None:
        parts.append(
            f'<line x1="{pad_left}" y1="{y(target):.1f}" x2="{width - pad_right}" '
            f'y2="{y(target):.1f}" stroke="{TARGET}" stroke-width="1.5" stroke-dasharray="5 3"/>'
        )
    segment: list[str] = []
    segments: list[list[str]] = []
    for i, point in enumerate(points):
        if point.value is None:
            if segment:
                segments.append(segment)
            segment = []
            continue
        segment.append(f"{x(i):.1f},{y(point.value):.1f}")
    if segment:
        segments.append(segment)
    for seg in segments:
        if len(seg) > 1:
            parts.append(
                f'<polyline points="{" ".join(seg)}" fill="none" stroke="{LINE}" stroke-width="2"/>'
            )
    for i, point in enumerate(points):
        if point.value is None:
            continue
        colour = PARTIAL if point.partial else LINE
        partial = " " + _("(ofullständig period)") if point.partial else ""
        parts.append(
            f'<circle cx="{x(i):.1f}" cy="{y(point.value):.1f}" r="2.5" fill="{colour}">'
            f"<title>{escape(point.label)}: {escape(_fmt(point.value))}"
            f"{escape(partial)}</title></circle>"
        )
    if points:
        parts.append(
            f'<text x="{pad_left}" y="{height - 6}" font-size="10" fill="{INK}">'
            f"{escape(points[0].label)}</text>"
        )
        if len(points) > 1:
            parts.append(
                f'<text x="{width - pad_right}" y="{height - 6}" font-size="10" '
                f'text-anchor="end" fill="{INK}">{escape(points[-1].label)}</text>'
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text is escaped above
