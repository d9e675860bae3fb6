"""Importers of outside event formats: the police feed, CSV/XLSX logs and GeoJSON.

Each takes `actor=` (None for the system) and returns an ImportResult; all of them write
through `trygga.events.ingest`.
"""

from pathlib import Path

from trygga.accounts.models import Organisation
from trygga.accounts.permissions import AnyUser
from trygga.events.importers.base import ImportConfigError, ImportResult, ProgressCallback
from trygga.events.importers.geojson import import_geojson_events
from trygga.events.importers.polisen import import_polisen
from trygga.events.importers.tabular import ColumnMapping, import_tabular
from trygga.geography.models import Municipality

FORMATS = ("polisen", "csv", "xlsx", "geojson")


def run_import(
    *,
    actor: AnyUser | None,
    path: Path,
    file_format: str,
    municipality: Municipality | None = None,
    source_name: str | None = None,
    organisation: Organisation | None = None,
    mapping: ColumnMapping | None = None,
    include_administrative: bool = False,
    progress: ProgressCallback | None = None,
) -> ImportResult:
    """Import one file in one of FORMATS: the one entry point of the CLI and the import page.

    The police feed is national (no municipality); the other formats belong to one.
    """
    if file_format == "polisen":
        return import_polisen(
            actor=actor, path=path, include_administrative=include_administrative, progress=progress
        )
    if file_format not in FORMATS:
        raise ImportConfigError(f"Okänt format '{file_format}' ({', '.join(FORMATS)}).")
    if municipality is None:
        raise ImportConfigError(f"En kommun krävs för formatet {file_format}.")
    if file_format == "geojson":
        return import_geojson_events(
            actor=actor,
            path=path,
            municipality=municipality,
            source_name=source_name,
            organisation=organisation,
            progress=progress,
        )
    return import_tabular(
        actor=actor,
        path=path,
        municipality=municipality,
        file_format=file_format,
        source_name=source_name,
        organisation=organisation,
        mapping=mapping,
        progress=progress,
    )
