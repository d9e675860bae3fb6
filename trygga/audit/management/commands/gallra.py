"""`trygga gallra [--dry-run] [--rule CODE ...]`: retention (gallring) of personal data.

Runs every registered retention rule (`trygga.core.privacy`): each removes what has been
kept longer than its setting says, in its own transaction, and the counts (never the data)
are logged as one audit row. Meant for a daily timer (docs/deployment.md):

    15 3 * * *  trygga gallra --quiet
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from trygga.audit import retention
from trygga.core import privacy


class Command(BaseCommand):
    help = "Gallra personuppgifter vars lagringstid har gått ut (alla registrerade regler)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="räkna bara, ta inte bort något")
        parser.add_argument(
            "--rule",
            action="append",
            dest="rules",
            metavar="CODE",
            help="kör bara den här regeln (kan upprepas); se --list",
        )
        parser.add_argument("--list", action="store_true", help="visa reglerna och avsluta")
        parser.add_argument("--quiet", action="store_true", help="skriv inget när allt gick bra")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["list"]:
            for rule in privacy.rules():
                days = f"{rule.days} dagar" if rule.days > 0 else "sparas (0)"
                self.stdout.write(f"{rule.code:28} {days:14} {rule.setting:32} {rule.removes}")
            return
        try:
            results = retention.run(dry_run=options["dry_run"], codes=options["rules"])
        except KeyError as exc:
            raise CommandError(f"--rule: okänd regel {exc.args[0]} (se --list)") from exc
        failed = [r for r in results if r.error]
        if not options["quiet"] or failed:
            verb = "skulle tas bort" if options["dry_run"] else "borttagna"
            for r in results:
                if r.cutoff is None:
                    line = f"{r.code:28} sparas (lagringstiden är 0)"
                else:
                    before = timezone.localtime(r.cutoff).strftime("%Y-%m-%d %H:%M")
                    line = f"{r.code:28} {r.removed:>8} {verb} (äldre än {before})"
                if r.error:
                    line += f"  FEL: {r.error}"
                self.stdout.write(line)
        if failed:
            raise CommandError(
                f"{len(failed)} regel/regler misslyckades: " + ", ".join(r.code for r in failed)
            )
