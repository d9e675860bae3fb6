"""Events from a GeoJSON FeatureCollection of Point features.

Properties use Trygga's field names (occurred_from, category, description, external_id,
district, address, confidentiality, occurred_to); the position is the Point's coordinates.
A feature without geometry may name a district instead. Validation, idempotency and the
all-or-nothing rule are the CSV importer's: errors name the feature number as the row.
"""

import json
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
from django.utils.translation import gettext as _

from trygga.accounts.models import Organisation
from trygga.accounts.permissions import AnyUser
from trygga.core.errors import ImportRowError
from trygga.events.importers.base import (
    ImportConfigError,
    ImportResult,
    ProgressCallback,
    check_can_import,
)
from trygga.events.importers.tabular import FIELDS, ColumnMapping, RawTable, import_table
from trygga.geography.models import Municipality


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_geojson(data: dict[str, Any]) -> RawTable:
    """A FeatureCollection as text columns; non-Point geometries are row errors."""
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise ImportConfigError(_("Filen är ingen GeoJSON FeatureCollection."))
    features = data.get("features") or []
    columns: dict[str, list[str]] = {name: [] for name in FIELDS}
    errors: list[ImportRowError] = []
    for number, feature in enumerate(features, start=1):
        props = (feature or {}).get("properties") or {}
        geometry = (feature or {}).get("geometry")
        for name in FIELDS:
            columns[name].append(_text(props.get(name)))
        if geometry is None:
            continue
        coordinates = geometry.get("coordinates") if isinstance(geometry, dict) else None
        if (
            not isinstance(geometry, dict)
            or geometry.get("type") != "Point"
            or not isinstance(coordinates, list)
            or len(coordinates) < 2
        ):
            errors.append(ImportRowError(number, "geometry", _("måste vara en Point")))
            continue
        columns["lon"][-1] = _text(coordinates[0])
        columns["lat"][-1] = _text(coordinates[1])
    frame = pl.DataFrame(
        {name: pl.Series(values, dtype=pl.String) for name, values in columns.items()}
    )
    # Columns no feature uses are dropped, so 'lat' is not demanded of district-only files.
    frame = frame.select([c for c in frame.columns if frame[c].str.len_chars().sum() > 0])
    return RawTable(
        frame=frame, rows=np.arange(1, len(features) + 1, dtype=np.int64), errors=errors
    )


def import_geojson_events(
    *,
    actor: AnyUser | None,
    path: Path,
    municipality: Municipality,
    source_name: str | None = None,
    organisation: Organisation | None = None,
    progress: ProgressCallback | None = None,
) -> ImportResult:
    """Import Point features as events of the municipality.

    Raises ImportRowErrors (nothing written) for invalid features. Side effects: one
    AuditEvent EVENTS_IMPORTED.
    """
    check_can_import(actor, municipality)
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ImportConfigError(_("Kan inte läsa GeoJSON-filen: %s") % exc) from exc
    return import_table(
        actor=actor,
        table=read_geojson(data),
        file_format="geojson",
        municipality=municipality,
        source_name=source_name or path.stem,
        organisation=organisation,
        mapping=ColumnMapping(),
        progress=progress,
    )
