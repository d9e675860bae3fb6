"""`trygga backup --output DIR`: the database and the uploaded files into DIR
(trygga.core.backup describes the format). The backup is logged in the audit log."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from trygga.audit.log import record
from trygga.audit.models import AuditAction
from trygga.core import backup


class Command(BaseCommand):
    help = "Säkerhetskopiera databasen och uppladdade filer till en katalog."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", required=True, help="en tom katalog (skapas)")

    def handle(self, *args: Any, **options: Any) -> None:
        output = Path(options["output"])
        try:
            manifest = backup.create(output)
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        record(
            actor=None,
            actor_label="system (trygga backup)",
            action=AuditAction.BACKUP_CREATED,
            details={
                "vendor": manifest.vendor,
                "media_files": manifest.data["media_files"],
                "created": manifest.data["created"],
            },
        )
        self.stdout.write(
            f"Säkerhetskopia i {output}: databas ({manifest.vendor}) och "
            f"{manifest.data['media_files']} filer."
        )
