"""The bulk writer every event importer goes through.

An importer hands over one validated, columnar batch (a polars DataFrame with the Event
table's columns) for one source. The writer loads the source's existing external ids once,
splits the batch into new, changed and unchanged rows with vectorised comparisons, and
writes in one transaction through the cheapest real path of the database: `executemany` on
SQLite, `COPY ... FROM STDIN` on PostgreSQL. No model instance is built per row; see
docs/decisions/0004-bulk-ingest-writer.md for why `bulk_create` is not used, with figures.
"""

import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import polars as pl
from django.conf import settings
from django.db import connection, transaction

from trygga.accounts.permissions import AnyUser
from trygga.audit.log import record
from trygga.audit.models import AuditAction
from trygga.events.importers.base import ImportResult, ProgressCallback, report
from trygga.events.models import Event, EventSource

# Rows per executemany call or COPY chunk: big enough to amortise the call, small enough to
# report progress and keep memory flat.
CHUNK_ROWS = 50_000

UTC_DATETIME = pl.Datetime("us", "UTC")
SQLITE_CACHE_KIB = 256 * 1024

# The batch's columns and types. source_id, created_at and updated_at are the writer's.
SCHEMA: dict[str, Any] = {
    "external_id": pl.String,
    "external_type": pl.String,
    "external_url": pl.String,
    "occurred_from": UTC_DATETIME,
    "occurred_to": UTC_DATETIME,
    "published_at": UTC_DATETIME,
    "precision": pl.String,
    "area_level": pl.String,
    "area_name": pl.String,
    "lon": pl.Float64,
    "lat": pl.Float64,
    "address": pl.String,
    "district_id": pl.Int64,
    "h3_cell": pl.Int64,
    "description": pl.String,
    "category_id": pl.Int64,
    "municipality_id": pl.Int64,
    "county_id": pl.Int64,
    "organisation_id": pl.Int64,
    "reported_by_id": pl.Int64,
    "confidentiality": pl.String,
}
DATETIME_COLUMNS = ("occurred_from", "occurred_to", "published_at")
# Columns that decide whether a re-imported row changed (everything the source supplies).
COMPARED = [c for c in SCHEMA if c not in ("external_id", "reported_by_id")]
DERIVED = ("iso_year", "iso_week")
WRITER = ("source_id", "created_at", "updated_at")


@dataclass(frozen=True)
class IngestCounts:
    created: int
    updated: int
    unchanged: int


def empty_batch() -> pl.DataFrame:
    return pl.DataFrame(schema=SCHEMA)


def _table_columns() -> list[str]:
    """The Event table's columns except the primary key, in model order."""
    return [str(f.column) for f in Event._meta.concrete_fields if not f.primary_key]


def _check_schema(batch: pl.DataFrame) -> pl.DataFrame:
    missing = [c for c in SCHEMA if c not in batch.columns]
    if missing:
        raise ValueError(f"ingest batch lacks columns {missing}")
    expected = set(SCHEMA) | set(DERIVED) | set(WRITER)
    unknown = set(_table_columns()) - expected
    if unknown:
        # A new Event column must be handled here, not silently left at NULL.
        raise RuntimeError(f"the ingest writer does not know Event columns {sorted(unknown)}")
    # PostgreSQL text cannot hold NUL; a stray one in an exported log must not fail the COPY.
    batch = batch.select(
        [
            pl.col(c).cast(t).str.replace_all("\x00", "", literal=True)
            if t == pl.String
            else pl.col(c).cast(t)
            for c, t in SCHEMA.items()
        ]
    )
    duplicated = batch.filter(pl.col("external_id").is_duplicated())["external_id"]
    if len(duplicated):
        raise ValueError(f"external ids repeat within the batch: {duplicated.head(5).to_list()}")
    if batch["external_id"].is_null().any() or (batch["external_id"] == "").any():
        raise ValueError("every ingested row needs an external id (idempotency)")
    return batch


def with_iso_week(batch: pl.DataFrame) -> pl.DataFrame:
    """ISO year and week of occurred_from in local time (as trygga.core.timeutil does)."""
    local = pl.col("occurred_from").dt.convert_time_zone(settings.TIME_ZONE)
    return batch.with_columns(
        local.dt.iso_year().cast(pl.Int64).alias("iso_year"),
        local.dt.week().cast(pl.Int64).alias("iso_week"),
    )


def _epoch_sql(column: str) -> str:
    """SQL for a datetime column as whole seconds since 1970 (comparable across backends)."""
    if connection.vendor == "postgresql":
        return f"CAST(EXTRACT(EPOCH FROM {column}) AS BIGINT)"
    return f"CAST(strftime('%%s', {column}) AS INTEGER)"


def _existing(source: EventSource) -> pl.DataFrame:
    """The source's rows, once per import: pk, external id and the compared columns."""
    qn = connection.ops.quote_name
    selected = [qn("id"), qn("external_id")] + [
        _epoch_sql(qn(c)) if c in DATETIME_COLUMNS else qn(c) for c in COMPARED
    ]
    # Identifiers come from the model; the one value is a parameter.
    table = qn(Event._meta.db_table)
    where = f"{qn('source_id')} = %s AND {qn('external_id')} <> ''"
    sql = f"SELECT {', '.join(selected)} FROM {table} WHERE {where}"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [source.pk])
        rows = cursor.fetchall()
    schema: dict[str, Any] = {"_pk": pl.Int64, "external_id": pl.String}
    for column in COMPARED:
        schema[column] = pl.Int64 if column in DATETIME_COLUMNS else SCHEMA[column]
    return pl.DataFrame(rows, schema=schema, orient="row")


def _epoch_expr(column: str) -> pl.Expr:
    return pl.col(column).dt.epoch("s")


def _split(batch: pl.DataFrame, existing: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame, int]:
    """New rows, changed rows (with their pk in `_pk`) and the number unchanged."""
    if existing.height == 0:
        return batch, batch.clear().with_columns(pl.lit(None, pl.Int64).alias("_pk")), 0
    new = batch.join(existing.select("external_id"), on="external_id", how="anti")
    incoming = batch.with_columns([_epoch_expr(c).alias(f"{c}__s") for c in DATETIME_COLUMNS])
    old = existing.rename({c: f"{c}__old" for c in COMPARED})
    matched = incoming.join(old, on="external_id", how="inner")
    differs = pl.lit(False)
    for column in COMPARED:
        mine = f"{column}__s" if column in DATETIME_COLUMNS else column
        differs = differs | pl.col(mine).ne_missing(pl.col(f"{column}__old"))
    changed = matched.filter(differs).select([*batch.columns, "_pk"])
    return new, changed, matched.height - changed.height


def _db_ready(frame: pl.DataFrame, now: datetime) -> pl.DataFrame:
    """The frame in the form the driver writes: SQLite gets Django's naive-UTC text."""
    stamp = now.replace(microsecond=0)
    frame = frame.with_columns(
        pl.lit(stamp).cast(UTC_DATETIME).alias("created_at"),
        pl.lit(stamp).cast(UTC_DATETIME).alias("updated_at"),
    )
    if connection.vendor == "sqlite":
        # Django stores SQLite datetimes as str(naive UTC datetime); matching it exactly
        # keeps range filters (string comparisons in SQLite) correct.
        frame = frame.with_columns(
            [
                pl.col(c).dt.strftime("%Y-%m-%d %H:%M:%S")
                for c in (*DATETIME_COLUMNS, "created_at", "updated_at")
            ]
        )
    return frame


def _chunks(frame: pl.DataFrame, columns: list[str]) -> Iterator[tuple[int, list[tuple[Any, ...]]]]:
    for offset in range(0, frame.height, CHUNK_ROWS):
        part = frame.slice(offset, CHUNK_ROWS)
        yield part.height, list(zip(*(part[c].to_list() for c in columns), strict=True))


def _insert(
    frame: pl.DataFrame, source: EventSource, now: datetime, progress: ProgressCallback | None
) -> None:
    columns = _table_columns()
    ready = _db_ready(frame.with_columns(pl.lit(source.pk, pl.Int64).alias("source_id")), now)
    ready = ready.select(columns)
    qn = connection.ops.quote_name
    table = qn(Event._meta.db_table)
    column_sql = ", ".join(qn(c) for c in columns)
    done = 0
    total = ready.height
    report(progress, "write", 0, total)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY in CSV form: polars serialises a chunk in native code, the server parses
            # it; an unquoted empty field is NULL, a quoted one an empty string.
            sql = f"COPY {table} ({column_sql}) FROM STDIN WITH (FORMAT csv)"
            with cursor.cursor.copy(sql) as copy:
                for offset in range(0, total, CHUNK_ROWS):
                    part = ready.slice(offset, CHUNK_ROWS)
                    buffer = io.BytesIO()
                    part.write_csv(
                        buffer,
                        include_header=False,
                        quote_style="non_numeric",
                        null_value="",
                        datetime_format="%Y-%m-%d %H:%M:%S%z",
                    )
                    copy.write(buffer.getvalue())
                    done += part.height
                    report(progress, "write", done, total)
        else:
            # Eight indexes take random inserts: SQLite's default 2 MB page cache makes that
            # disk-bound. The larger cache is for this import only; a web worker's
            # connection gets its own size back.
            cursor.execute("PRAGMA cache_size")
            previous = int(cursor.fetchone()[0])
            cursor.execute(f"PRAGMA cache_size = -{SQLITE_CACHE_KIB}")
            placeholders = ", ".join(["%s"] * len(columns))
            sql = f"INSERT INTO {table} ({column_sql}) VALUES ({placeholders})"  # noqa: S608
            try:
                for count, rows in _chunks(ready, columns):
                    cursor.executemany(sql, rows)
                    done += count
                    report(progress, "write", done, total)
            finally:
                cursor.execute(f"PRAGMA cache_size = {previous}")


def _update(frame: pl.DataFrame, now: datetime) -> None:
    columns = [*COMPARED, *DERIVED, "updated_at"]
    ready = _db_ready(frame, now).select([*columns, "_pk"])
    qn = connection.ops.quote_name
    assignments = ", ".join(f"{qn(c)} = %s" for c in columns)
    table = qn(Event._meta.db_table)
    sql = f"UPDATE {table} SET {assignments} WHERE {qn('id')} = %s"  # noqa: S608
    with connection.cursor() as cursor:
        for _count, rows in _chunks(ready, [*columns, "_pk"]):
            cursor.executemany(sql, rows)


def ingest(
    *,
    actor: AnyUser | None,
    source: EventSource,
    batch: pl.DataFrame,
    result: ImportResult,
    progress: ProgressCallback | None = None,
) -> ImportResult:
    """Write a validated batch for one source: create new ids, update changed ones.

    Fills result.created/updated/unchanged. Runs in one transaction (the caller's, if
    any) and writes one AuditEvent EVENTS_IMPORTED with the result's counts.
    """
    batch = with_iso_week(_check_schema(batch))
    now = datetime.now(UTC)
    with transaction.atomic():
        new, changed, unchanged = _split(batch, _existing(source))
        if new.height:
            _insert(new, source, now, progress)
        if changed.height:
            _update(changed, now)
        result.created = new.height
        result.updated = changed.height
        result.unchanged = unchanged
        record(
            actor=actor,
            action=AuditAction.EVENTS_IMPORTED,
            target=source,
            details=result.as_details(),
        )
    return result
