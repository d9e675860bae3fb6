"""`trygga audit-export --from DATE --to DATE [--municipality CODE] [--output FILE]`: the
audit log as CSV for the data-protection officer; the export itself is logged."""

import sys
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from trygga.audit.export import between, write_csv
from trygga.audit.log import record
from trygga.audit.models import AuditAction


def _date(value: str, option: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"{option}: '{value}' is not a date (YYYY-MM-DD)") from exc


class Command(BaseCommand):
    help = "Write the audit log between two dates (inclusive, local time) as CSV."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--from", dest="date_from", required=True, help="first day, YYYY-MM-DD")
        parser.add_argument("--to", dest="date_to", required=True, help="last day, YYYY-MM-DD")
        parser.add_argument(
            "--municipality", default="", help="only rows about this municipality (SCB code)"
        )
        parser.add_argument("--output", default="-", help="a file to write (default: stdout)")

    def handle(self, *args: Any, **options: Any) -> None:
        date_from = _date(options["date_from"], "--from")
        date_to = _date(options["date_to"], "--to")
        if date_from > date_to:
            raise CommandError("--to: the last day lies before --from")
        rows = between(date_from, date_to).order_by("at", "id")
        if options["municipality"]:
            rows = rows.filter(municipality_code=options["municipality"])
        output = options["output"]
        with transaction.atomic():
            if output == "-":
                count = write_csv(rows.iterator(chunk_size=2000), sys.stdout)
            else:
                path = Path(output)
                if not path.parent.is_dir():
                    raise CommandError(f"--output: no directory {path.parent}")
                with path.open("w", encoding="utf-8", newline="") as stream:
                    count = write_csv(rows.iterator(chunk_size=2000), stream)
            record(
                actor=None,
                actor_label="system (trygga audit-export)",
                action=AuditAction.AUDIT_EXPORTED,
                municipality=options["municipality"] or None,
                details={
                    "from": date_from.isoformat(),
                    "to": date_to.isoformat(),
                    "count": count,
                    "output": "stdout" if output == "-" else "file",
                },
            )
        if output != "-":
            self.stderr.write(f"{count} rader skrivna till {output}")
