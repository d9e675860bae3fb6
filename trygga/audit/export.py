"""The audit log as CSV, for the data-protection officer (`trygga audit-export`, and the
administrators' page): one line per row, times in the local zone, safe to open in a
spreadsheet (cells that a spreadsheet would run as a formula are quoted with ')."""

import csv
import json
from collections.abc import Iterable, Iterator
from datetime import date, datetime, time, timedelta
from typing import IO

from django.db.models import QuerySet
from django.utils import timezone

from trygga.audit.models import AuditAction, AuditEvent

COLUMNS = [
    "tid",
    "aktör",
    "åtgärd",
    "åtgärd_text",
    "objekttyp",
    "objekt_id",
    "kommunkod",
    "ip_adress",
    "detaljer",
]
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_LABELS = dict(AuditAction.choices)


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def between(date_from: date | None, date_to: date | None) -> QuerySet[AuditEvent]:
    """Rows from the start of `date_from` to the end of `date_to` (local days, inclusive)."""
    qs = AuditEvent.objects.all()
    zone = timezone.get_current_timezone()
    if date_from is not None:
        qs = qs.filter(at__gte=datetime.combine(date_from, time.min, tzinfo=zone))
    if date_to is not None:
        qs = qs.filter(at__lt=datetime.combine(date_to + timedelta(days=1), time.min, tzinfo=zone))
    return qs


class _Echo:
    """A file-like object whose write() hands the line back, for streaming csv.writer."""

    def write(self, value: str) -> str:
        return value


def _row(row: AuditEvent) -> list[str]:
    return [
        timezone.localtime(row.at).isoformat(timespec="seconds"),
        _cell(row.actor_label),
        row.action,
        _cell(_LABELS.get(row.action, "")),
        row.target_type,
        _cell(row.target_id),
        row.municipality_code,
        row.ip_address or "",
        _cell(json.dumps(row.details, ensure_ascii=False, sort_keys=True)),
    ]


def csv_lines(rows: Iterable[AuditEvent]) -> Iterator[str]:
    """The CSV line by line (header first), for a streaming download."""
    writer = csv.writer(_Echo())
    # A byte-order mark first, so that Excel reads the Swedish letters as UTF-8.
    yield "\ufeff" + str(writer.writerow(COLUMNS))
    for row in rows:
        yield str(writer.writerow(_row(row)))


def write_csv(rows: Iterable[AuditEvent], stream: IO[str]) -> int:
    """Write the rows; returns how many."""
    count = -1
    for count, line in enumerate(csv_lines(rows)):  # noqa: B007 - the count is the point
        stream.write(line)
    return count
