"""Retention (gallring): `trygga gallra` runs every registered rule, removes what has passed
its time (audit rows through the privileged path, events' free text, log-in attempts),
logs the counts and never the data, and can count without removing (--dry-run). Other apps
register their own rules; the register of processing activities is generated from them."""

import json
from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
from axes.models import AccessAttempt
from django.core.management import CommandError, call_command
from django.utils import timezone

from tests.factories import EventFactory
from trygga.audit import retention
from trygga.audit.log import record
from trygga.audit.models import AuditAction, AuditEvent
from trygga.core import privacy
from trygga.events.models import Event

pytestmark = pytest.mark.django_db


@pytest.fixture
def audit_rows(people):
    return {
        "read": record(
            actor=people["viewer"], action=AuditAction.EVENTS_LISTED, ip_address="192.0.2.1"
        ),
        "change": record(
            actor=people["reporter"], action=AuditAction.EVENT_CREATED, ip_address="192.0.2.2"
        ),
    }


def _later(days):
    return timezone.now() + timedelta(days=days)


def test_run__ip_addresses_go_first_then_reads_then_changes(audit_rows, settings):
    settings.AUDIT_IP_RETENTION_DAYS = 180
    settings.AUDIT_READ_RETENTION_DAYS = 730
    settings.AUDIT_RETENTION_DAYS = 1825
    ids = [row.pk for row in audit_rows.values()]

    retention.run(now=_later(100))
    assert AuditEvent.objects.filter(pk__in=ids, ip_address__isnull=False).count() == 2

    results = {r.code: r.removed for r in retention.run(now=_later(200))}
    assert results["audit.ip_addresses"] == 2
    assert not AuditEvent.objects.filter(pk__in=ids, ip_address__isnull=False).exists()
    assert AuditEvent.objects.filter(pk__in=ids).count() == 2

    results = {r.code: r.removed for r in retention.run(now=_later(800))}
    assert results["audit.reads"] == 1
    assert not AuditEvent.objects.filter(pk=audit_rows["read"].pk).exists()
    assert AuditEvent.objects.filter(pk=audit_rows["change"].pk).exists()

    results = {r.code: r.removed for r in retention.run(now=_later(1900))}
    assert results["audit.changes"] >= 1
    assert not AuditEvent.objects.filter(pk__in=ids).exists()


def test_run__logs_counts_not_data(audit_rows):
    retention.run(now=_later(800))
    row = AuditEvent.objects.filter(action=AuditAction.RETENTION_APPLIED).get()
    assert row.actor is None
    assert row.actor_label == "system (trygga gallra)"
    by_rule = {r["rule"]: r for r in row.details["rules"]}
    assert by_rule["audit.reads"]["removed"] == 1
    assert set(by_rule["audit.reads"]) == {"rule", "days", "cutoff", "removed"}
    assert "192.0.2" not in json.dumps(row.details)


def test_gallra__dry_run_counts_and_changes_nothing(settings):
    settings.EVENT_FREE_TEXT_RETENTION_DAYS = 30
    old = EventFactory(description="Anna Svensson sågs vid kiosken.", address="Storgatan 1")
    out = StringIO()
    call_command("gallra", "--dry-run", "--rule", "events.free_text", stdout=out)
    assert "events.free_text" in out.getvalue()
    assert "1 skulle tas bort" in out.getvalue()
    old.refresh_from_db()
    assert old.description.startswith("Anna")
    assert not AuditEvent.objects.filter(action=AuditAction.RETENTION_APPLIED).exists()


def test_gallra__events_free_text_cleared_event_kept(settings):
    settings.EVENT_FREE_TEXT_RETENTION_DAYS = 30
    old = EventFactory(description="Anna Svensson sågs vid kiosken.", address="Storgatan 1")
    new = EventFactory(description="Nytt", occurred_from=timezone.now() - timedelta(days=2))
    call_command("gallra", "--quiet")
    old.refresh_from_db()
    new.refresh_from_db()
    assert (old.description, old.address) == ("", "")
    assert new.description == "Nytt"
    assert Event.objects.count() == 2
    assert not Event.objects.filter(description__contains="Anna").exists()


def test_gallra__zero_days_keeps_the_data(settings):
    settings.EVENT_FREE_TEXT_RETENTION_DAYS = 0
    old = EventFactory(description="Kvar")
    out = StringIO()
    call_command("gallra", "--rule", "events.free_text", stdout=out)
    assert "sparas" in out.getvalue()
    old.refresh_from_db()
    assert old.description == "Kvar"


def test_gallra__login_attempts_removed(settings):
    settings.LOGIN_ATTEMPT_RETENTION_DAYS = 30
    attempt = AccessAttempt.objects.create(
        username="x", ip_address="192.0.2.5", user_agent="ua", failures_since_start=1
    )
    AccessAttempt.objects.filter(pk=attempt.pk).update(
        attempt_time=datetime(2024, 1, 1, tzinfo=UTC)
    )
    call_command("gallra", "--rule", "accounts.login_attempts", "--quiet")
    assert not AccessAttempt.objects.exists()


def test_gallra__unknown_rule__names_it():
    with pytest.raises(CommandError, match=r"okänd regel nosuch\.rule"):
        call_command("gallra", "--rule", "nosuch.rule")


@pytest.fixture
def extra_rules():
    """Rules another app would register (the reports app's contact retention, say)."""
    calls = []

    def purge_ok(cutoff, dry_run):
        calls.append((cutoff, dry_run))
        return 3

    def purge_broken(cutoff, dry_run):
        raise RuntimeError("disk full at Storgatan 1")

    privacy.register(
        privacy.RetentionRule("zz.ok", "audit", "test", "AUDIT_RETENTION_DAYS", purge_ok),
        privacy.RetentionRule("zz.broken", "audit", "test", "AUDIT_RETENTION_DAYS", purge_broken),
    )
    yield calls
    privacy._rules.pop("zz.ok")
    privacy._rules.pop("zz.broken")


def test_gallra__registered_rule_runs_and_a_broken_one_does_not_stop_the_rest(extra_rules):
    out = StringIO()
    with pytest.raises(CommandError, match=r"zz\.broken"):
        call_command("gallra", stdout=out)
    assert len(extra_rules) == 1
    assert extra_rules[0][1] is False
    assert "FEL: RuntimeError" in out.getvalue()
    row = AuditEvent.objects.get(action=AuditAction.RETENTION_APPLIED)
    by_rule = {r["rule"]: r for r in row.details["rules"]}
    assert by_rule["zz.ok"]["removed"] == 3
    assert by_rule["zz.broken"]["error"] == "RuntimeError"
    assert "Storgatan" not in json.dumps(row.details)


def test_processing_register__every_activity_and_rule_with_days(settings):
    settings.PROCESSING_CONTROLLER = "Eskilstuna kommun, kommunstyrelsen"
    settings.AUDIT_IP_RETENTION_DAYS = 90
    out = StringIO()
    call_command("processing_register", "--format", "json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["controller"] == "Eskilstuna kommun, kommunstyrelsen"
    codes = {a["code"] for a in data["activities"]}
    assert {"accounts", "audit", "events"} <= codes
    rules = {r["rule"]: r for a in data["activities"] for r in a["retention"]}
    assert set(rules) >= {rule.code for rule in privacy.rules()}
    assert rules["audit.ip_addresses"]["days"] == 90
    for activity in data["activities"]:
        assert activity["purposes"]
        assert activity["legal_basis"]
        assert activity["data_categories"]
        assert activity["recipients"]

    md = StringIO()
    call_command("processing_register", stdout=md)
    text = md.getvalue()
    assert text.startswith("# Register över behandlingar (GDPR artikel 30)")
    assert "| IP-adressen i granskningsloggens rader (raden finns kvar) | 90 dagar |" in text
