"""The audit log is append-only in the database itself: UPDATE and DELETE are refused by
triggers on PostgreSQL and SQLite, whatever code path asks, except the retention job's
privileged path and a deleted account's actor link."""

from datetime import UTC, datetime

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction

from tests.factories import UserFactory
from trygga.audit import protection
from trygga.audit.log import record
from trygga.audit.models import AuditAction, AuditDeletionPermit, AuditEvent

pytestmark = pytest.mark.django_db

CHANGES = {
    "at": datetime(2001, 1, 1, tzinfo=UTC),
    "actor_label": "någon annan",
    "action": "event.created",
    "target_type": "x.y",
    "target_id": "999",
    "ip_address": "192.0.2.99",
    "details": '{"forged": true}',
    "municipality_code": "0180",
}


@pytest.fixture
def row():
    user = UserFactory(username="granskad")
    return record(
        actor=user,
        action=AuditAction.EVENT_VIEWED,
        details={"a": 1},
        ip_address="192.0.2.1",
        municipality="0484",
    )


def test_changes__cover_every_column():
    """A new column must be guarded by the SQLite trigger (protection._UNCHANGED) and here."""
    columns = {field.column for field in AuditEvent._meta.concrete_fields}
    assert set(CHANGES) == columns - {"id", "actor_id"}
    assert set(protection._UNCHANGED) == set(CHANGES)


def test_triggers__installed_by_migrations():
    assert protection.installed_triggers() == protection.expected_triggers()


@pytest.mark.parametrize("column", sorted(CHANGES))
def test_update__any_column__refused_by_database(row, column):
    with pytest.raises(IntegrityError), transaction.atomic():
        AuditEvent.objects.filter(pk=row.pk).update(**{column: CHANGES[column]})


@pytest.mark.parametrize("column", sorted(CHANGES))
def test_update__column_together_with_clearing_actor__refused(row, column):
    """Clearing the actor is allowed only when nothing else changes."""
    with pytest.raises(IntegrityError), transaction.atomic():
        AuditEvent.objects.filter(pk=row.pk).update(actor=None, **{column: CHANGES[column]})


def test_delete__queryset_and_raw_sql__refused(row):
    with pytest.raises(IntegrityError), transaction.atomic():
        AuditEvent.objects.filter(pk=row.pk).delete()
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent")
    assert AuditEvent.objects.filter(pk=row.pk).exists()


def test_model__save_and_delete__refused(row):
    with pytest.raises(PermissionError):
        row.save()
    with pytest.raises(PermissionError):
        row.delete()


def test_deleting_account__clears_actor_keeps_label(row):
    row.actor.delete()
    row.refresh_from_db()
    assert row.actor_id is None
    assert row.actor_label == "granskad"
    assert row.details == {"a": 1}


def test_permit__lets_retention_delete_then_closes(row):
    with protection.permit("test"):
        AuditEvent.objects.filter(pk=row.pk).update(ip_address=None)
        assert AuditEvent.objects.filter(pk=row.pk).delete()[0] == 1
    assert not AuditDeletionPermit.objects.exists()
    other = record(actor=None, action=AuditAction.DEMO_LOADED)
    with pytest.raises(IntegrityError), transaction.atomic():
        AuditEvent.objects.filter(pk=other.pk).delete()


def test_reinstall_after_migrate__restores_dropped_triggers():
    protection.remove()
    assert protection.installed_triggers() == set()
    protection.reinstall_after_migrate(using="default")
    assert protection.installed_triggers() == protection.expected_triggers()


@pytest.mark.django_db(transaction=True)
def test_flush__empties_audit_log_and_keeps_triggers():
    record(actor=None, action=AuditAction.DEMO_LOADED)
    call_command("flush", interactive=False, verbosity=0)
    assert not AuditEvent.objects.exists()
    assert protection.installed_triggers() == protection.expected_triggers()
