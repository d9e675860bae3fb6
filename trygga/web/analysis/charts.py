"""The trend chart as server-side SVG (see docs/decisions/0007-server-rendered-svg-charts.md).

One small chart per series: the counts as a line with points, the control band as a shaded
step per period and the expected value as a dashed line. Points outside the band are
marked, and the last period is drawn hollow when the window cuts it short. The SVG carries
a title and a description (role="img"); every point has a tooltip; the page puts the same
numbers in a table beside it. Text stays text, so it can be read, searched, translated and
printed (the lägesbild's PDF renderer draws SVG too).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from trygga.analysis.wording import format_decimal
from trygga.web.analysis.data import TrendSeries

WIDTH = 440
HEIGHT = 210
LEFT, RIGHT, TOP, BOTTOM = 40, 10, 10, 30
MAX_X_LABELS = 6
LINE = "#0b4f8a"
SIGNAL = "#7a3e00"
ABOVE = "#b3261e"
BELOW = "#1e6b34"
BAND = "#d5dee8"
EXPECTED = "#4a5561"


def nice_ticks(top: float, count: int = 4) -> list[float]:
    """Round tick values from 0 to at least `top` (steps of 1, 2 or 5 times a power of 10)."""
    if top <= 0:
        return [0.0, 1.0]
    raw = top / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    step = max(step, 1.0)
    ticks = [0.0]
    while ticks[-1] < top:
        ticks.append(ticks[-1] + step)
    return ticks


def _number(value: float) -> str:
    return format_decimal(value, 0 if float(value).is_integer() else 1)


def _fmt(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def point_text(series: TrendSeries, label: str, i: int, partial: bool) -> str:
    """The tooltip and table wording of one point."""
    text = f"{label}: {series.counts[i]}"
    if series.expected and series.expected[i] is not None:
        low, high = series.lower[i], series.upper[i]
        text += " " + _("(förväntat %(expected)s, band %(low)s–%(high)s)") % {
            "expected": _number(series.expected[i] or 0.0),
            "low": _number(low or 0.0),
            "high": _number(high or 0.0),
        }
        where = series.outside(i)
        if where == "above":
            text += ", " + _("över bandet")
        elif where == "below":
            text += ", " + _("under bandet")
    if partial:
        text += ", " + _("ofullständig period")
    return text


def describe(series: TrendSeries, labels: Sequence[str]) -> str:
    """One sentence for screen readers: range, highest, latest, points outside the band."""
    if not labels:
        return _("Inga perioder.")
    counts = series.counts
    top = max(range(len(counts)), key=lambda i: counts[i])
    above = sum(1 for i in range(len(counts)) if series.outside(i) == "above")
    below = sum(1 for i in range(len(counts)) if series.outside(i) == "below")
    text = _("%(first)s–%(last)s: högst %(top)s (%(top_period)s), senast %(latest)s.") % {
        "first": labels[0],
        "last": labels[-1],
        "top": counts[top],
        "top_period": labels[top],
        "latest": counts[-1],
    }
    if not series.is_signal:
        text += " " + _("%(above)s perioder över bandet, %(below)s under.") % {
            "above": above,
            "below": below,
        }
    return text


def trend_svg(
    series: TrendSeries,
    labels: Sequence[str],
    partial: Sequence[bool],
    *,
    chart_id: str,
    title: str,
) -> SafeString:
    """The chart of one series as an inline SVG element."""
    n = len(labels)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    highs = [float(c) for c in series.counts] + [float(u) for u in series.upper if u is not None]
    ticks = nice_ticks(max(highs, default=0.0) * 1.05)
    top = ticks[-1]
    step = plot_w / max(n, 1)

    def x(i: int) -> float:
        return LEFT + step * (i + 0.5)

    def y(value: float) -> float:
        return TOP + plot_h - (value / top) * plot_h

    parts: list[str] = []
    parts.append(
        format_html(
            '<svg class="chart__svg" viewBox="0 0 {} {}" role="img" '
            'aria-labelledby="{}-title {}-desc" data-points="{}">',
            WIDTH,
            HEIGHT,
            chart_id,
            chart_id,
            n,
        )
    )
    parts.append(format_html('<title id="{}-title">{}</title>', chart_id, title))
    parts.append(format_html('<desc id="{}-desc">{}</desc>', chart_id, describe(series, labels)))
    # Grid and y axis.
    for tick in ticks:
        parts.append(
            format_html(
                '<line class="chart__grid" x1="{}" x2="{}" y1="{}" y2="{}"/>'
                '<text class="chart__tick" x="{}" y="{}" text-anchor="end">{}</text>',
                LEFT,
                WIDTH - RIGHT,
                _fmt(y(tick)),
                _fmt(y(tick)),
                LEFT - 5,
                _fmt(y(tick) + 4),
                _number(tick),
            )
        )
    # The band: one step per period that has a baseline.
    for i in range(n):
        low = series.lower[i] if series.lower else None
        high = series.upper[i] if series.upper else None
        if low is None or high is None:
            continue
        parts.append(
            format_html(
                '<rect class="chart__band" x="{}" y="{}" width="{}" height="{}" fill="{}"/>',
                _fmt(x(i) - step / 2),
                _fmt(y(high)),
                _fmt(step),
                _fmt(max(y(low) - y(high), 1.0)),
                BAND,
            )
        )
    # The expected value: dashed, broken where there is no baseline.
    segment: list[str] = []
    expected_lines: list[list[str]] = []
    for i in range(n):
        value = series.expected[i] if series.expected else None
        if value is None:
            if segment:
                expected_lines.append(segment)
            segment = []
            continue
        segment += [
            f"{_fmt(x(i) - step / 2)},{_fmt(y(value))}",
            f"{_fmt(x(i) + step / 2)},{_fmt(y(value))}",
        ]
    if segment:
        expected_lines.append(segment)
    for line in expected_lines:
        parts.append(
            format_html(
                '<polyline class="chart__expected" points="{}" fill="none" stroke="{}" '
                'stroke-width="1.5" stroke-dasharray="4 3"/>',
                " ".join(line),
                EXPECTED,
            )
        )
    colour = SIGNAL if series.is_signal else LINE
    points = " ".join(f"{_fmt(x(i))},{_fmt(y(series.counts[i]))}" for i in range(n))
    if n > 1:
        parts.append(
            format_html(
                '<polyline class="chart__line" points="{}" fill="none" stroke="{}" '
                'stroke-width="2.5"{}/>',
                points,
                colour,
                mark_safe(' stroke-dasharray="6 3"') if series.is_signal else "",
            )
        )
    for i in range(n):
        where = series.outside(i) if series.expected else None
        fill = {"above": ABOVE, "below": BELOW}.get(where or "", colour)
        radius = 4.5 if where else 3
        if partial[i]:
            fill = "#ffffff"
        parts.append(
            format_html(
                '<circle class="chart__point{}" cx="{}" cy="{}" r="{}" fill="{}" stroke="{}" '
                'stroke-width="1.5"><title>{}</title></circle>',
                f" chart__point--{where}" if where else "",
                _fmt(x(i)),
                _fmt(y(series.counts[i])),
                radius,
                fill,
                colour if partial[i] else "#ffffff",
                point_text(series, labels[i], i, partial[i]),
            )
        )
    # x labels: at most MAX_X_LABELS, always the last.
    every = max(1, math.ceil(n / MAX_X_LABELS))
    shown = list(range(0, n, every))
    if shown and shown[-1] != n - 1:
        # Keep the latest period's label; drop its neighbour when they would overlap.
        if (n - 1) - shown[-1] < every / 2 and len(shown) > 1:
            shown.pop()
        shown.append(n - 1)
    for i in shown:
        parts.append(
            format_html(
                '<text class="chart__tick" x="{}" y="{}" text-anchor="middle">{}</text>',
                _fmt(x(i)),
                HEIGHT - BOTTOM + 16,
                labels[i],
            )
        )
    parts.append(
        format_html(
            '<line class="chart__axis" x1="{}" x2="{}" y1="{}" y2="{}"/>',
            LEFT,
            WIDTH - RIGHT,
            _fmt(y(0)),
            _fmt(y(0)),
        )
    )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every value above went through format_html
