"""The builder: one call from a lägesbild's period to its generated parts, both audiences.

    content = build(spec)                      # {"partner": {...}, "public": {...}, ...}
    content = build(spec, audiences=("public",), progress=bar.update)

The partner version is read as `SYSTEM` (every event of the municipality, aggregated; no
event's details), the public version as `PUBLIC` (only events that may enter public
statistics) and protected against small counts with k from `settings.SMALL_COUNT_K`. The
boundaries drawn on the maps are stored with the content (simplified), so an approved
version draws the same map even after the districts are redrawn.
"""

from __future__ import annotations

import gc
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.utils import timezone, translation
from shapely.geometry import mapping, shape

from trygga.events.selectors import PUBLIC, SYSTEM
from trygga.geography.selectors import districts_of
from trygga.lagesbild.assemble import assemble
from trygga.lagesbild.collect import STEPS_PARTNER, STEPS_PUBLIC, Progress, Spec, collect
from trygga.lagesbild.protect import protect

SCHEMA = 1
AUDIENCES = ("partner", "public")
SIMPLIFY_DEGREES = 0.0004  # about 25-45 m here: invisible on a municipality map


def steps(audiences: Sequence[str]) -> int:
    """How many progress steps `build` reports (for a progress bar's total)."""
    return sum(len(STEPS_PARTNER if a == "partner" else STEPS_PUBLIC) for a in audiences) + 1


def _simplified(geometry: dict[str, Any] | None) -> dict[str, Any] | None:
    if not geometry:
        return None
    simple = shape(geometry).simplify(SIMPLIFY_DEGREES, preserve_topology=True)
    return _rounded(mapping(simple))


def _rounded(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, 5)
    if isinstance(value, list | tuple):
        return [_rounded(v) for v in value]
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in value.items()}
    return value


def geometry(spec: Spec) -> dict[str, Any]:
    """The outlines the maps draw: the municipality and its districts, simplified."""
    return {
        "municipality": _simplified(spec.municipality.boundary),
        "districts": [
            {
                "code": d.code,
                "name": d.name,
                "priority": d.is_priority,
                "approximate": d.boundary_is_approximate,
                "geometry": _simplified(d.boundary),
            }
            for d in districts_of(spec.municipality)
        ],
        "focus": spec.district.code if spec.district else None,
    }


def build(
    spec: Spec,
    *,
    audiences: Sequence[str] = AUDIENCES,
    k: int | None = None,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """The generated parts of a lägesbild (see the module docstring)."""
    k = settings.SMALL_COUNT_K if k is None else k
    if k < 1:
        raise ValueError("k must be at least 1")
    now = timezone.now()
    # The selectors load hundreds of thousands of rows as Python objects; the cyclic garbage
    # collector would walk them again and again while they are built (none of them form
    # cycles), so it pauses for the build.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _build(spec, audiences, k, progress, now)
    finally:
        if collecting:
            gc.enable()


def _build(
    spec: Spec,
    audiences: Sequence[str],
    k: int,
    progress: Progress | None,
    now: Any,
) -> dict[str, Any]:
    with translation.override("sv"):
        content: dict[str, Any] = {
            "schema": SCHEMA,
            "built_at": now.isoformat(),
            "spec": {
                "municipality": spec.municipality.code,
                "municipality_name": spec.municipality.name,
                "district": spec.district.code if spec.district else None,
                "district_name": spec.district.name if spec.district else None,
                "kind": spec.kind,
                "from": spec.date_from.isoformat(),
                "to": spec.date_to.isoformat(),
            },
            "geometry": geometry(spec),
        }
        if progress is not None:
            progress("geometry")
        for audience in audiences:
            if audience not in AUDIENCES:
                raise ValueError(f"unknown audience {audience!r}")
            partner = audience == "partner"
            raw = collect(
                spec, SYSTEM if partner else PUBLIC, partner=partner, progress=progress, now=now
            )
            masks = None if partner else protect(raw, k)
            content[audience] = assemble(spec, raw, masks, audience, k)
    return content
