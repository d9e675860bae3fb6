"""An organisation's own event log from CSV or XLSX: a housing company's or a security
firm's list of incidents, mapped onto Trygga's fields.

Columns are named either by a small YAML mapping (see docs/importing.md) or by headers that
use Trygga's field names. Parsing and validation are vectorised (polars): a million rows
take seconds. One bad row and nothing is written; up to MAX_ROW_ERRORS errors are reported
at once, each naming the row as a spreadsheet shows it (header = row 1) and the field.
"""

import io
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
import yaml
from django.db import transaction
from django.utils.translation import gettext as _

from trygga.accounts.models import Organisation
from trygga.accounts.permissions import AnyUser
from trygga.events.importers.base import (
    ImportConfigError,
    ImportResult,
    ProgressCallback,
    check_can_import,
    file_source,
    report,
)
from trygga.events.importers.validation import (
    CONFIDENTIALITY_WORDS,
    FIELDS,
    SPLIT_FIELDS,
    ColumnMapping,
    RawTable,
    RowValidator,
)
from trygga.events.ingest import ingest
from trygga.events.models import Confidentiality
from trygga.geography.models import Municipality

__all__ = [
    "FIELDS",
    "ColumnMapping",
    "RawTable",
    "import_table",
    "import_tabular",
    "load_mapping",
    "mapping_from_dict",
]


def _formats(value: Any, key: str) -> list[str]:
    if value is None:
        return []
    values = [value] if isinstance(value, str) else value
    if not isinstance(values, list) or not all(isinstance(v, str) and v for v in values):
        raise ImportConfigError(_("formats.%s ska vara en text eller en lista av texter.") % key)
    return list(values)


def mapping_from_dict(data: dict[str, Any]) -> ColumnMapping:
    """A ColumnMapping from the decoded YAML; refuses unknown fields and keys."""
    if not isinstance(data, dict):
        raise ImportConfigError(_("Mappningsfilen ska vara en YAML-ordbok."))
    unknown_keys = set(data) - {"columns", "categories", "formats", "defaults"}
    if unknown_keys:
        raise ImportConfigError(_("Okända nycklar i mappningsfilen: %s") % sorted(unknown_keys))
    columns = {str(k): str(v).strip() for k, v in (data.get("columns") or {}).items()}
    unknown = set(columns) - set(FIELDS) - set(SPLIT_FIELDS)
    if unknown:
        raise ImportConfigError(
            _("Okända fält i columns: %(fields)s (kända: %(known)s)")
            % {"fields": sorted(unknown), "known": ", ".join((*FIELDS, *SPLIT_FIELDS))}
        )
    if "occurred_from" in columns and "date" in columns:
        raise ImportConfigError(_("Ange antingen occurred_from eller date (och time), inte båda."))
    if "time" in columns and "date" not in columns:
        raise ImportConfigError(_("En time-kolumn kräver en date-kolumn."))
    formats = data.get("formats") or {}
    defaults = data.get("defaults") or {}
    confidentiality = str(defaults.get("confidentiality", Confidentiality.PARTNERS)).lower()
    if confidentiality not in CONFIDENTIALITY_WORDS:
        raise ImportConfigError(_("Okänd sekretessnivå '%s' i defaults.") % confidentiality)
    return ColumnMapping(
        columns=columns,
        categories={
            str(k).strip().lower(): str(v).strip()
            for k, v in (data.get("categories") or {}).items()
        },
        datetime_formats=_formats(formats.get("datetime"), "datetime"),
        date_formats=_formats(formats.get("date"), "date"),
        time_formats=_formats(formats.get("time"), "time"),
        confidentiality=CONFIDENTIALITY_WORDS[confidentiality],
    )


def load_mapping(path: Path) -> ColumnMapping:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ImportConfigError(_("Kan inte läsa mappningsfilen: %s") % exc) from exc
    return mapping_from_dict(data or {})


def read_csv(path: Path) -> RawTable:
    """A CSV file as text columns: UTF-8 (with or without BOM) or Windows-1252, separated by
    ',' ';' or tab (Swedish Excel writes ';')."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = raw.decode("cp1252")
        except UnicodeDecodeError as exc:
            # Five bytes have no character in Windows-1252: not a text file at all.
            raise ImportConfigError(
                _(
                    "Kan inte läsa CSV-filen: byte %(n)d är varken UTF-8 eller Windows-1252 "
                    "(är det en textfil?)"
                )
                % {"n": exc.start + 1}
            ) from exc
    header_line = text.split("\n", 1)[0]
    separator = max([";", ",", "\t"], key=header_line.count)
    try:
        frame = pl.read_csv(
            io.BytesIO(text.encode("utf-8")),
            separator=separator,
            infer_schema=False,
        )
    except (pl.exceptions.PolarsError, ValueError) as exc:
        raise ImportConfigError(_("Kan inte läsa CSV-filen: %s") % exc) from exc
    frame = frame.rename({c: c.strip() for c in frame.columns})
    return RawTable(frame=frame, rows=np.arange(2, frame.height + 2, dtype=np.int64))


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, time):
        return value.strftime("%H:%M:%S")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_xlsx(path: Path) -> RawTable:
    """The first sheet of a workbook as text columns; empty rows are left out but keep
    their numbers, so errors name the row Excel shows."""
    from openpyxl import load_workbook  # heavy import, only needed for XLSX

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a broken file
        raise ImportConfigError(_("Kan inte läsa XLSX-filen: %s") % exc) from exc
    try:
        sheet = workbook.worksheets[0]
        values = sheet.iter_rows(values_only=True)
        header = [_cell_text(v) for v in next(values, ())]
        keep = [i for i, name in enumerate(header) if name]
        columns: list[list[str]] = [[] for _ in keep]
        numbers: list[int] = []
        for number, row in enumerate(values, start=2):
            cells = [_cell_text(row[i]) if i < len(row) else "" for i in keep]
            if not any(cells):
                continue
            numbers.append(number)
            for column, cell in zip(columns, cells, strict=True):
                column.append(cell)
    finally:
        workbook.close()
    names = [header[i] for i in keep]
    if len(set(names)) != len(names):
        raise ImportConfigError(_("Rubrikraden har samma rubrik flera gånger."))
    frame = pl.DataFrame(
        {name: pl.Series(col, dtype=pl.String) for name, col in zip(names, columns, strict=True)}
    )
    return RawTable(frame=frame, rows=np.array(numbers, dtype=np.int64))


def import_tabular(
    *,
    actor: AnyUser | None,
    path: Path,
    municipality: Municipality,
    file_format: str | None = None,
    source_name: str | None = None,
    organisation: Organisation | None = None,
    mapping: ColumnMapping | None = None,
    progress: ProgressCallback | None = None,
) -> ImportResult:
    """Import a CSV or XLSX event log into the municipality.

    Raises ImportRowErrors (nothing written) when rows are invalid, ImportConfigError when
    the file or mapping cannot be used. Side effects: one AuditEvent EVENTS_IMPORTED.
    """
    file_format = file_format or path.suffix.lower().lstrip(".")
    if file_format not in ("csv", "xlsx"):
        raise ImportConfigError(_("Okänt filformat '%s' (csv eller xlsx).") % file_format)
    check_can_import(actor, municipality)
    table = read_xlsx(path) if file_format == "xlsx" else read_csv(path)
    return import_table(
        actor=actor,
        table=table,
        file_format=file_format,
        municipality=municipality,
        source_name=source_name or path.stem,
        organisation=organisation,
        mapping=mapping,
        progress=progress,
    )


def import_table(
    *,
    actor: AnyUser | None,
    table: RawTable,
    file_format: str,
    municipality: Municipality,
    source_name: str,
    organisation: Organisation | None = None,
    mapping: ColumnMapping | None = None,
    progress: ProgressCallback | None = None,
) -> ImportResult:
    """Validate a table of text cells and write it; shared by CSV, XLSX and GeoJSON."""
    check_can_import(actor, municipality)
    if organisation is not None and organisation.municipality_id != municipality.pk:
        raise ImportConfigError(_("Organisationen hör till en annan kommun."))
    report(progress, "read", table.frame.height, table.frame.height)
    result = ImportResult(format=file_format, source="", read=table.frame.height)
    validator = RowValidator(table, mapping or ColumnMapping(), municipality)
    batch = validator.batch(
        organisation_id=organisation.pk if organisation is not None else None,
        reported_by_id=actor.pk if actor is not None and actor.is_authenticated else None,
    )
    report(progress, "validate", table.frame.height, table.frame.height)
    with transaction.atomic():
        source = file_source(name=source_name, municipality=municipality, organisation=organisation)
        result.source = source.code
        return ingest(actor=actor, source=source, batch=batch, result=result, progress=progress)
