"""The police's public events feed (polisen.se/api/events) as Trygga events.

Reads an API response or an archive of them (plain or gzipped JSON; a list of events or an
object holding one) and handles every quirk in shared/data/polisen_events/FORMAT_NOTES.md.
A police event is known only at municipality or county level: its position is that area's
centroid, so it gets precision "area" and never a district or an H3 cell.
"""

import gzip
import json
import re
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import polars as pl
from django.conf import settings
from django.db import transaction

from trygga.accounts.permissions import AnyUser
from trygga.events.actions import taxonomy
from trygga.events.importers.base import (
    ImportConfigError,
    ImportResult,
    ProgressCallback,
    check_can_import,
    report,
)
from trygga.events.ingest import SCHEMA, UTC_DATETIME, ingest
from trygga.events.models import (
    AreaLevel,
    Confidentiality,
    EventCategory,
    EventSource,
    Precision,
    SourceKind,
)
from trygga.geography.models import County, Municipality

SOURCE_CODE = "polisen"
SOURCE_NAME = "Polisens händelser"
FALLBACK_CATEGORY = "other"
SITE = "https://polisen.se"
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MICROSECOND = timedelta(microseconds=1)

MONTHS = {
    name: number
    for number, name in enumerate(
        [
            "januari",
            "februari",
            "mars",
            "april",
            "maj",
            "juni",
            "juli",
            "augusti",
            "september",
            "oktober",
            "november",
            "december",
        ],
        start=1,
    )
}
# "06 juni 18.50, Trafikbrott, Kungsör": a 1- or 2-digit day, the Swedish month, and the
# time with ':' (until 2023-11-09) or '.' (since). The type and place follow; both may hold
# commas, so only the time prefix is parsed here (type and place have their own fields).
NAME_RE = re.compile(r"^\s*(\d{1,2})\s+([a-zåäö]+)\s+(\d{1,2})[.:](\d{2})\b")
# "2025-06-07 7:32:06 +02:00": the hour is not zero-padded and a space precedes the offset.
DATETIME_RE = re.compile(
    r"^\s*(\d{4})-(\d{2})-(\d{2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?\s*([+-])(\d{2}):?(\d{2})\s*$"
)
EVENT_LIST_KEYS = ("events", "data", "items", "results")


def read_police_file(path: Path) -> list[dict[str, Any]]:
    """The event records of a feed file, gzipped or plain."""
    raw = path.read_bytes()
    if raw[:2] == b"\x1f\x8b":
        raw = gzip.decompress(raw)
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ImportConfigError(f"{path.name}: ingen giltig JSON ({exc})") from exc
    return event_records(data)


def event_records(data: Any) -> list[dict[str, Any]]:
    """The records of a decoded response: a list, an object holding a list, or one event."""
    if isinstance(data, list):
        return data
    if isinstance(data, dict):
        for key in EVENT_LIST_KEYS:
            if isinstance(data.get(key), list):
                return list(data[key])
        if "id" in data and "datetime" in data:
            return [data]
    raise ImportConfigError("JSON-filen innehåller ingen lista med polishändelser.")


def parse_published(text: str) -> datetime:
    """The feed's `datetime` (publication or update time) as an aware datetime."""
    match = DATETIME_RE.match(text)
    if match is None:
        raise ValueError(f"unreadable datetime {text!r}")
    year, month, day, hour, minute = (int(match[i]) for i in range(1, 6))
    second = int(match[6] or 0)
    offset = timedelta(hours=int(match[8]), minutes=int(match[9]))
    if match[7] == "-":
        offset = -offset
    return datetime(year, month, day, hour, minute, second, tzinfo=timezone(offset))


def parse_incident_time(name: str, published: datetime, zone: ZoneInfo) -> datetime:
    """The incident time in `name`, its year taken from the publication time.

    `name` has no year. Of the previous, the same and the next year, the one that puts the
    incident closest to the publication wins: an incident on 31 December published on
    1 January belongs to the previous year, a traffic check announced days ahead to the
    same year.
    """
    match = NAME_RE.match(name)
    if match is None:
        raise ValueError(f"no time in name {name!r}")
    day, month_name, hour, minute = int(match[1]), match[2].lower(), int(match[3]), int(match[4])
    month = MONTHS.get(month_name)
    if month is None or hour > 23 or minute > 59:
        raise ValueError(f"unreadable time in name {name!r}")
    published_day = published.date()  # the feed's offset is Swedish local time
    best: date | None = None
    for year in (published_day.year - 1, published_day.year, published_day.year + 1):
        try:
            candidate = date(year, month, day)
        except ValueError:  # 29 februari outside a leap year
            continue
        if best is None or abs(candidate - published_day) < abs(best - published_day):
            best = candidate
    if best is None:
        raise ValueError(f"impossible date in name {name!r}")
    return datetime(best.year, best.month, best.day, hour, minute, tzinfo=zone)


def area_key(name: str) -> str:
    """Case-, hyphen- and space-insensitive key: 'Upplands-bro' finds 'Upplands-Bro'."""
    return " ".join(name.casefold().replace("-", " ").split())


def normalise_url(url: str) -> str:
    """The event page's path, relative and with its trailing slash (3,384 lack it)."""
    url = (url or "").strip()
    if url.startswith(SITE):
        url = url[len(SITE) :]
    if url and not url.endswith("/") and "?" not in url:
        url += "/"
    return url


def is_administrative(event_type: str) -> bool:
    admin = taxonomy()["police_administrative"]
    return event_type in admin["types"] or any(
        event_type.startswith(prefix) for prefix in admin["prefixes"]
    )


def police_source() -> EventSource:
    source, _created = EventSource.objects.get_or_create(
        code=SOURCE_CODE, defaults={"name": SOURCE_NAME, "kind": SourceKind.POLICE_FEED}
    )
    return source


def _areas() -> dict[str, tuple[int | None, int, str]]:
    """area key -> (municipality pk or None, county pk, level), for every reference area."""
    areas: dict[str, tuple[int | None, int, str]] = {}
    for pk, name in County.objects.values_list("pk", "name"):
        areas[area_key(name)] = (None, pk, AreaLevel.COUNTY)
    for pk, name, county_id in Municipality.objects.values_list("pk", "name", "county_id"):
        areas[area_key(name)] = (pk, county_id, AreaLevel.MUNICIPALITY)
    return areas


def _category_ids() -> dict[str, int]:
    return dict(EventCategory.objects.filter(municipality__isnull=True).values_list("code", "pk"))


def import_polisen(
    *,
    actor: AnyUser | None,
    path: Path | None = None,
    records: list[dict[str, Any]] | None = None,
    include_administrative: bool = False,
    progress: ProgressCallback | None = None,
) -> ImportResult:
    """Import police feed events (from a file or already decoded records).

    Administrative types are skipped unless `include_administrative`; unknown places are
    skipped and counted by name; unmapped types become `other` and are counted. A
    re-published id with changed content updates its row.

    Side effects: one AuditEvent EVENTS_IMPORTED.
    """
    check_can_import(actor, None)
    if records is None:
        if path is None:
            raise ValueError("import_polisen needs a path or records")
        records = read_police_file(path)
    result = ImportResult(format="polisen", source=SOURCE_CODE, read=len(records))
    if not County.objects.exists():
        raise ImportConfigError("Referensgeografin saknas: ladda Sveriges län och kommuner först.")
    type_map: dict[str, str] = taxonomy()["police_types"]
    categories = _category_ids()
    if FALLBACK_CATEGORY not in categories:
        raise ImportConfigError("Kategorin 'other' saknas: kör seed-categories först.")
    missing = sorted({code for code in type_map.values() if code not in categories})
    if missing:
        raise ImportConfigError(f"Kategorier i taxonomy.yaml saknas i databasen: {missing}")
    areas = _areas()
    zone = ZoneInfo(settings.TIME_ZONE)

    rows: dict[str, tuple[Any, ...]] = {}
    published_of: dict[str, datetime] = {}
    total = len(records)
    for number, record in enumerate(records, start=1):
        if number % 10_000 == 0:
            report(progress, "validate", number, total)
        row = _row(record, result, areas, categories, type_map, zone, include_administrative)
        if row is None:
            continue
        external_id, published = row[0], row[5]
        if external_id in rows:
            # Keep the latest version of a re-published id, as the feed's archive does.
            result.skipped["duplicate_in_file"] += 1
            if published < published_of[external_id]:
                continue
        rows[external_id] = row
        published_of[external_id] = published
    report(progress, "validate", total, total)

    batch = _batch(list(rows.values()))
    with transaction.atomic():
        source = police_source()
        return ingest(actor=actor, source=source, batch=batch, result=result, progress=progress)


def _row(
    record: dict[str, Any],
    result: ImportResult,
    areas: dict[str, tuple[int | None, int, str]],
    categories: dict[str, int],
    type_map: dict[str, str],
    zone: ZoneInfo,
    include_administrative: bool,
) -> tuple[Any, ...] | None:
    """One record as a batch row, or None (counted in result.skipped)."""
    try:
        external_id = str(record["id"]).strip()
        raw_type = str(record.get("type") or "")
        event_type = raw_type.strip()  # "Lagen om hundar och katter " has a trailing space
        location = record.get("location") or {}
        area_name = str(location.get("name") or "").strip()
        published = parse_published(str(record["datetime"]))
        occurred = parse_incident_time(str(record["name"]), published, zone)
        lat_text, lon_text = str(location.get("gps") or "").split(",")
        lat, lon = float(lat_text), float(lon_text)
    except (KeyError, TypeError, ValueError, AttributeError):
        result.skipped["unreadable"] += 1
        return None
    if not external_id or not (-90 <= lat <= 90 and -180 <= lon <= 180):
        result.skipped["unreadable"] += 1
        return None
    administrative = is_administrative(event_type)
    if administrative and not include_administrative:
        result.skipped["administrative"] += 1
        return None
    area = areas.get(area_key(area_name))
    if area is None:
        result.skipped["unknown_location"] += 1
        result.unknown_locations[area_name] += 1
        return None
    code = type_map.get(event_type)
    if code is None:
        code = FALLBACK_CATEGORY
        if not administrative:
            result.unmapped_types[event_type] += 1
    municipality_id, county_id, level = area
    return (
        external_id,
        event_type[:100],
        normalise_url(str(record.get("url") or ""))[:300],
        occurred,
        None,
        published,
        Precision.AREA.value,
        str(level),
        area_name[:100],
        lon,
        lat,
        "",
        None,
        None,
        str(record.get("summary") or ""),
        categories[code],
        municipality_id,
        county_id,
        None,
        None,
        Confidentiality.OPEN.value,
    )


def _utc_column(values: list[datetime | None]) -> pl.Series:
    micros = [None if v is None else (v - EPOCH) // MICROSECOND for v in values]
    return pl.Series(micros, dtype=pl.Int64).cast(pl.Datetime("us")).dt.replace_time_zone("UTC")


def _batch(rows: list[tuple[Any, ...]]) -> pl.DataFrame:
    names = list(SCHEMA)
    columns = list(zip(*rows, strict=True)) if rows else [() for _ in names]
    data: dict[str, pl.Series] = {}
    for name, values in zip(names, columns, strict=True):
        if SCHEMA[name] == UTC_DATETIME:
            data[name] = _utc_column(list(values))
        else:
            data[name] = pl.Series(name, list(values), dtype=SCHEMA[name])
    return pl.DataFrame(data)
