"""`trygga flush`: Django's flush, past the audit log's append-only triggers.

Emptying the whole database (tests between transactional cases, a reset test server) is a
database owner's act; the triggers are lifted for the flush's own transaction and put back
in it, so the log is never unguarded while other transactions run.
"""

from typing import Any

from django.core.management.commands.flush import Command as FlushCommand
from django.db import connections

from trygga.audit import protection


class Command(FlushCommand):
    def handle(self, **options: Any) -> None:
        conn = connections[options["database"]]
        if conn.vendor not in ("postgresql", "sqlite"):
            super().handle(**options)
            return
        with protection.lifted(conn):
            super().handle(**options)
