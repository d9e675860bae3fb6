"""`trygga open311-key {create,list,revoke}`: API keys for third-party Open311 apps.

`create --name NAME [--municipality 0484]` prints the key once; only its hash is stored.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from trygga.geography.models import Municipality
from trygga.reports.actions import create_open311_key, revoke_open311_key
from trygga.reports.models import Open311Key


class Command(BaseCommand):
    help = "Skapa, lista och spärra Open311-nycklar för appar som skickar felanmälningar."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="skapa en nyckel (visas en gång)")
        create.add_argument("--name", required=True, help="appens eller leverantörens namn")
        create.add_argument(
            "--municipality", help="kommunkod (t.ex. 0484); utan den gäller nyckeln alla kommuner"
        )
        sub.add_parser("list", help="lista nycklarna")
        revoke = sub.add_parser("revoke", help="spärra en nyckel")
        revoke.add_argument("prefix", help="nyckelns början, som `list` visar den")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "create":
            self._create(options["name"], options.get("municipality"))
        elif action == "list":
            self._list()
        else:
            self._revoke(options["prefix"])

    def _create(self, name: str, code: str | None) -> None:
        municipality = None
        if code:
            municipality = Municipality.objects.filter(code=code).first()
            if municipality is None:
                raise CommandError(f"Ingen kommun med kod {code}.")
        try:
            key, raw = create_open311_key(actor=None, name=name, municipality=municipality)
        except ValidationError as exc:
            raise CommandError(
                "; ".join(m for ms in exc.message_dict.values() for m in ms)
            ) from exc
        where = municipality.name if municipality else "alla kommuner"
        self.stdout.write(f"Nyckel för {key.name} ({where}); spara den nu, den visas bara en gång:")
        self.stdout.write(raw)

    def _list(self) -> None:
        keys = Open311Key.objects.select_related("municipality").order_by("name", "created_at")
        if not keys:
            self.stdout.write("Inga nycklar.")
            return
        for key in keys:
            where = key.municipality.code if key.municipality else "alla"
            state = f"spärrad {key.revoked_at:%Y-%m-%d}" if key.revoked_at else "aktiv"
            used = f"{key.last_used_at:%Y-%m-%d %H:%M}" if key.last_used_at else "aldrig"
            self.stdout.write(
                f"{key.prefix}…  {key.name:<30} {where:<5} {state:<18} senast använd: {used}"
            )

    def _revoke(self, prefix: str) -> None:
        prefix = prefix.rstrip("…").rstrip(".")
        matches = list(Open311Key.objects.filter(prefix__startswith=prefix[:16]))
        matches = [k for k in matches if prefix.startswith(k.prefix) or k.prefix.startswith(prefix)]
        if not matches:
            raise CommandError(f"Ingen nyckel börjar med {prefix}.")
        if len(matches) > 1:
            raise CommandError(f"{len(matches)} nycklar börjar med {prefix}; ange fler tecken.")
        key = revoke_open311_key(actor=None, key=matches[0])
        self.stdout.write(f"Spärrad: {key.prefix}… {key.name}")
