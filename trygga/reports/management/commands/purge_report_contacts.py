"""`trygga purge-report-contacts`: retention (gallring) of personal data in citizen reports.

Deletes the reporter's contact details of reports closed more than
REPORT_CONTACT_RETENTION_DAYS ago, held submissions older than
HELD_SUBMISSION_RETENTION_DAYS, and old rate-limit counters. Meant for cron, daily:
    15 3 * * *  trygga purge-report-contacts --quiet
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from trygga.reports.actions import purge_personal_data


class Command(BaseCommand):
    help = "Gallra anmälarnas kontaktuppgifter och spärrade inlämningar efter lagringstiden."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--contact-days",
            type=int,
            help="dagar efter avslut (standard: REPORT_CONTACT_RETENTION_DAYS)",
        )
        parser.add_argument(
            "--held-days",
            type=int,
            help="dagar efter mottagandet (standard: HELD_SUBMISSION_RETENTION_DAYS)",
        )
        parser.add_argument("--quiet", action="store_true", help="skriv inget när allt gick bra")

    def handle(self, *args: Any, **options: Any) -> None:
        for name in ("contact_days", "held_days"):
            if options[name] is not None and options[name] < 0:
                self.stderr.write(f"--{name.replace('_', '-')} kan inte vara negativt.")
                raise SystemExit(2)
        result = purge_personal_data(
            contact_days=options["contact_days"], held_days=options["held_days"]
        )
        if not options["quiet"]:
            self.stdout.write(
                f"Gallrat: {result.contacts} kontaktuppgifter, "
                f"{result.held_submissions} spärrade inlämningar, "
                f"{result.rate_counters} räknare."
            )
