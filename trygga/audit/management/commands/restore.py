"""`trygga restore DIR [--no-input]`: replace the database and the uploaded files with a
backup made by `trygga backup`. The restore is logged in the restored audit log."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from trygga.audit.log import record
from trygga.audit.models import AuditAction
from trygga.core import backup


class Command(BaseCommand):
    help = "Återläs en säkerhetskopia: ersätter databasens innehåll och uppladdade filer."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("source", help="katalogen som trygga backup skrev")
        parser.add_argument(
            "--no-input", action="store_false", dest="interactive", help="fråga inte"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        source = Path(options["source"])
        try:
            manifest = backup.read_manifest(source)
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        if options["interactive"]:
            answer = input(
                f"Säkerhetskopian från {manifest.data['created']} ersätter ALLT i databasen "
                "och alla uppladdade filer. Skriv 'ja' för att fortsätta: "
            )
            if answer.strip().lower() != "ja":
                raise CommandError("Avbrutet; inget ändrades.")
        try:
            backup.restore(source)
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        record(
            actor=None,
            actor_label="system (trygga restore)",
            action=AuditAction.BACKUP_RESTORED,
            details={"created": manifest.data["created"], "vendor": manifest.vendor},
        )
        self.stdout.write(f"Återläst säkerhetskopian från {manifest.data['created']}.")
