"""The database's own guard of the audit log: triggers that refuse UPDATE and DELETE.

The model and the admin already refuse changes, but a queryset's `.update()` or
`.delete()`, raw SQL, or a bug elsewhere would not ask them. These triggers make the
database refuse, on PostgreSQL and on SQLite alike, with two exceptions:

* the retention job's privileged path: while an `AuditDeletionPermit` row exists (only ever
  inside the job's own transaction, see `permit()`), UPDATE and DELETE go through;
* deleting a user account sets `actor_id` to NULL and changes nothing else; `actor_label`
  still names who it was.

`trygga flush` (the command that empties the whole database, used by tests) lifts the
triggers for its own transaction and puts them back. The migration installs them, and a
post_migrate handler reinstalls them, because SQLite rebuilds a table (dropping its
triggers) when a later migration alters it.

What the triggers cannot stop is a database owner dropping them; docs/deployment.md shows
the grants that keep the application's own database role from doing so.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connection, transaction
from django.db.backends.base.base import BaseDatabaseWrapper

TABLE = "audit_auditevent"
PERMITS = "audit_auditdeletionpermit"
# Every column except id and actor_id: an UPDATE that sets actor_id to NULL may change none.
_UNCHANGED = (
    "at",
    "actor_label",
    "action",
    "target_type",
    "target_id",
    "ip_address",
    "details",
    "municipality_code",
)

# The SQL below is built from the constants above only, never from input.
POSTGRESQL_INSTALL = [
    f"""
    CREATE OR REPLACE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF EXISTS (SELECT 1 FROM {PERMITS}) THEN
        IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
        RETURN NEW;
      END IF;
      IF TG_OP = 'UPDATE' AND NEW.actor_id IS NULL AND OLD.actor_id IS NOT NULL
         AND (to_jsonb(NEW) - 'actor_id') = (to_jsonb(OLD) - 'actor_id') THEN
        RETURN NEW;
      END IF;
      RAISE EXCEPTION 'audit rows are append-only (% refused)', TG_OP
        USING ERRCODE = 'integrity_constraint_violation';
    END
    $$
    """,  # noqa: S608
    f"DROP TRIGGER IF EXISTS audit_append_only ON {TABLE}",
    f"""CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON {TABLE}
        FOR EACH ROW EXECUTE FUNCTION audit_append_only()""",
    f"DROP TRIGGER IF EXISTS audit_no_truncate ON {TABLE}",
    f"""CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON {TABLE}
        FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only()""",
]
POSTGRESQL_REMOVE = [
    f"DROP TRIGGER IF EXISTS audit_append_only ON {TABLE}",
    f"DROP TRIGGER IF EXISTS audit_no_truncate ON {TABLE}",
]
POSTGRESQL_TRIGGERS = ("audit_append_only", "audit_no_truncate")

_ONLY_ACTOR_CLEARED = " AND ".join(
    ["NEW.actor_id IS NULL", "OLD.actor_id IS NOT NULL", "NEW.id = OLD.id"]
    + [f"NEW.{column} IS OLD.{column}" for column in _UNCHANGED]
)
SQLITE_INSTALL = [
    f"""CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON {TABLE}
        WHEN NOT EXISTS (SELECT 1 FROM {PERMITS}) AND NOT ({_ONLY_ACTOR_CLEARED})
        BEGIN SELECT RAISE(ABORT, 'audit rows are append-only (UPDATE refused)'); END""",  # noqa: S608
    f"""CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON {TABLE}
        WHEN NOT EXISTS (SELECT 1 FROM {PERMITS})
        BEGIN SELECT RAISE(ABORT, 'audit rows are append-only (DELETE refused)'); END""",  # noqa: S608
]
SQLITE_REMOVE = ["DROP TRIGGER IF EXISTS audit_no_update", "DROP TRIGGER IF EXISTS audit_no_delete"]
SQLITE_TRIGGERS = ("audit_no_update", "audit_no_delete")


def _statements(vendor: str, *, install: bool) -> list[str]:
    if vendor == "postgresql":
        return POSTGRESQL_INSTALL if install else POSTGRESQL_REMOVE
    if vendor == "sqlite":
        return SQLITE_INSTALL if install else SQLITE_REMOVE
    raise NotImplementedError(f"no audit triggers for the {vendor} database")


def install(conn: BaseDatabaseWrapper | None = None) -> None:
    """Create (or re-create) the triggers; idempotent."""
    conn = conn or connection
    with conn.cursor() as cursor:
        for sql in _statements(conn.vendor, install=True):
            cursor.execute(sql)


def remove(conn: BaseDatabaseWrapper | None = None) -> None:
    conn = conn or connection
    with conn.cursor() as cursor:
        for sql in _statements(conn.vendor, install=False):
            cursor.execute(sql)


def installed_triggers(conn: BaseDatabaseWrapper | None = None) -> set[str]:
    """The names of the audit triggers present in the database."""
    conn = conn or connection
    with conn.cursor() as cursor:
        if conn.vendor == "postgresql":
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = %s::regclass AND NOT tgisinternal",
                [TABLE],
            )
        else:
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s", [TABLE]
            )
        return {row[0] for row in cursor.fetchall()}


def expected_triggers(conn: BaseDatabaseWrapper | None = None) -> set[str]:
    conn = conn or connection
    return set(POSTGRESQL_TRIGGERS if conn.vendor == "postgresql" else SQLITE_TRIGGERS)


@contextmanager
def permit(reason: str) -> Iterator[None]:
    """The privileged path: inside this block (one transaction) audit rows may be updated
    and deleted. Only the retention job (`trygga gallra`) uses it."""
    from trygga.audit.models import AuditDeletionPermit

    with transaction.atomic():
        granted = AuditDeletionPermit.objects.create(reason=reason[:200])
        try:
            yield
        finally:
            AuditDeletionPermit.objects.filter(pk=granted.pk).delete()


@contextmanager
def lifted(conn: BaseDatabaseWrapper | None = None) -> Iterator[None]:
    """Remove the triggers for one transaction (emptying the whole database) and restore them."""
    conn = conn or connection
    with transaction.atomic(using=conn.alias):
        remove(conn)
        yield
        install(conn)


def reinstall_after_migrate(using: str = "default", **_kwargs: Any) -> None:
    """post_migrate: put back triggers that a table rebuild on SQLite dropped."""
    from django.db import connections

    conn = connections[using]
    if conn.vendor not in ("postgresql", "sqlite"):
        return
    if TABLE in conn.introspection.table_names() and PERMITS in conn.introspection.table_names():
        install(conn)
