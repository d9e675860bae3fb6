"""The lägesbild as a document: one context for the web page, the HTML file and the PDF.

`document(...)` gathers what a reader sees of one audience of a working copy or of an
approved version: the header (kind, period, status, who approved it, in which body, when),
the written parts (the partner version only, except the summary written for the public),
the tables with their cells formatted, the SVG maps and charts, and what changed since the
previous version. `html(doc)` renders the standalone document (`--format html`), `pdf(doc)`
prints it with WeasyPrint; the web page includes the same body template, so the three show
the same figures.
"""

from __future__ import annotations

import base64
import datetime as dt
import logging
import re
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from trygga.lagesbild import tables as t
from trygga.lagesbild.periods import period_name
from trygga.lagesbild.render import svg

# WeasyPrint reports each layout step at INFO: noise in the command's progress bar and logs.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

CSS = Path(__file__).resolve().parent.parent / "static" / "lagesbild" / "document.css"

KIND_LABELS = {
    "week": gettext_noop("Veckolägesbild enligt EST (Effektiv samordning för trygghet)"),
    "tertial": gettext_noop("Lägesbild för tertialet"),
    "year": gettext_noop(
        "Lägesbild enligt lag (2023:196) om kommuners ansvar för brottsförebyggande arbete, 4 §"
    ),
}
AUDIENCE_LABELS = {
    "partner": gettext_noop("Samverkansversion"),
    "public": gettext_noop("Offentlig version"),
}
WRITTEN_FIELDS = ("consequences", "other_information", "assessment", "public_summary")
PROBLEM_FIELDS = ("description", "offender", "target", "place", "guardians", "causes")


@dataclass
class Document:
    title: str
    kind: str
    audience: str
    municipality: str
    district: str | None
    date_from: dt.date
    date_to: dt.date
    status: str  # "draft" or "approved"
    version: int | None
    approval: dict[str, Any] | None
    built_at: str
    written: dict[str, Any]
    content: dict[str, Any]
    geometry: dict[str, Any]
    changes_since: list[dict[str, Any]] | None = None
    previous_version: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def public(self) -> bool:
        return self.audience == "public"

    @property
    def kind_label(self) -> str:
        return _(KIND_LABELS[self.kind])

    @property
    def audience_label(self) -> str:
        return _(AUDIENCE_LABELS[self.audience])

    @property
    def period_name(self) -> str:
        return period_name(self.kind, self.date_from, self.date_to)

    @property
    def built_at_local(self) -> dt.datetime:
        return timezone.localtime(dt.datetime.fromisoformat(self.built_at))

    @property
    def k(self) -> int | None:
        return self.content.get("k")

    def tables(self) -> dict[str, dict[str, Any]]:
        return {table["id"]: formatted(table) for table in self.content["tables"]}

    def figures(self) -> dict[str, Any]:
        drawn = figures(self)
        if not self.extra.get("images"):
            return drawn
        # For print: each figure as an image of its own. WeasyPrint then reads the SVG with
        # its SVG parser instead of styling every path as an element of the page (5x faster).
        return {name: _as_image(svg_text) for name, svg_text in drawn.items()}

    def problems(self) -> list[dict[str, Any]]:
        """The prioritised problems with their generated figures (partner version only)."""
        if self.public:
            return []
        lookup = self.content.get("changes", {}).get("lookup", {})
        out = []
        for problem in self.written.get("problems", []):
            district, category = problem.get("district"), problem.get("category")
            figures = None
            if district and category:
                figures = lookup.get("pair", {}).get(f"{district}|{category}")
            elif category:
                figures = lookup.get("category", {}).get(category)
            elif district:
                figures = lookup.get("district", {}).get(district)
            out.append(
                {**problem, "figures": figures, "cause_tree": cause_tree(problem.get("causes", ""))}
            )
        return out


def cause_tree(text: str) -> list[dict[str, Any]]:
    """The cause tree typed as indented lines (two spaces a level) as nested nodes."""
    root: list[dict[str, Any]] = []
    stack: list[tuple[int, list[dict[str, Any]]]] = [(-1, root)]
    for line in text.splitlines():
        if not line.strip():
            continue
        expanded = line.replace("\t", "  ")
        stripped = expanded.lstrip(" ")
        level = (len(expanded) - len(stripped)) // 2
        label = stripped.lstrip("-–*• ").strip()
        node: dict[str, Any] = {"text": label, "children": []}
        while stack[-1][0] >= level:
            stack.pop()
        stack[-1][1].append(node)
        stack.append((level, node["children"]))
    return root


def formatted(table: dict[str, Any]) -> dict[str, Any]:
    """A stored table with every cell formatted as the page shows it."""
    columns = [
        {**c, "numeric": c["kind"] in t.NUMERIC, "count": c["kind"] == t.COUNT}
        for c in table["columns"]
    ]
    rows = []
    for row in table["rows"]:
        cells = []
        for value, col in zip(row["cells"], columns, strict=True):
            text = t.display(value, col["kind"])
            cells.append(
                {
                    "text": text,
                    "numeric": col["numeric"],
                    "count": col["count"] and text not in (t.HIDDEN, "–"),
                    "hidden": text == t.HIDDEN,
                }
            )
        rows.append({"kind": row["kind"], "cells": cells})
    return {**table, "columns": columns, "rows": rows}


def figures(doc: Document) -> dict[str, Any]:
    content = doc.content
    charts = content["charts"]
    measure = (
        "rate"
        if any(v.get("rate") not in (None,) for v in content["map"]["districts"])
        else "count"
    )
    out = {
        "choropleth": svg.choropleth(
            doc.geometry,
            content["map"]["districts"],
            title=_("Händelser per 1 000 invånare och stadsdel")
            if measure == "rate"
            else _("Händelser per stadsdel"),
            measure=measure,
        ),
        "hotspots": svg.hotspot_map(
            doc.geometry, content["map"]["hotspots"], title=_("Heta punkter")
        ),
        "trend": svg.trend_chart(charts["trend"], title=_("Händelser över tid")),
        "categories": svg.bar_chart(charts["categories"], title=_("Händelser per kategori")),
        "pattern": svg.heatmap(
            charts["pattern"], title=_("Händelser per veckodag och tid"), counts=doc.public
        ),
    }
    return out


def _as_image(svg_text: str) -> SafeString:
    title = re.search(r"<title>(.*?)</title>", svg_text)
    data = base64.b64encode(svg_text.encode("utf-8")).decode("ascii")
    width = re.search(r'width="(\d+)"', svg_text)
    return format_html(
        '<img src="data:image/svg+xml;base64,{}" alt="{}" class="lb-figure" width="{}">',
        data,
        mark_safe(title.group(1)) if title else "",  # noqa: S308 - escaped when drawn
        width.group(1) if width else "720",
    )


@cache
def _css() -> str:
    return CSS.read_text(encoding="utf-8")


def html(doc: Document) -> str:
    """The standalone document (its CSS inside): `--format html` and the PDF's source."""
    return render_to_string("lagesbild/document.html", {"doc": doc, "css": _css()})


def pdf(doc: Document) -> bytes:
    """The document printed to PDF by WeasyPrint (A4, page numbers; no network is used)."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    # Only data: URLs, the figures embedded in the page: nothing is fetched from outside.
    fetcher = URLFetcher(allowed_protocols={"data"})
    printed = replace(doc, extra={**doc.extra, "images": True})
    return HTML(string=html(printed), url_fetcher=fetcher, base_url="/").write_pdf()  # type: ignore[no-any-return]
