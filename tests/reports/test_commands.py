"""The commands: `trygga open311-key`, and `trygga gallra` with the reports' retention rules."""

import re
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from trygga.audit.models import AuditAction, AuditEvent
from trygga.reports import ratelimit
from trygga.reports.actions import change_status, hold_submission, mark_duplicate
from trygga.reports.models import (
    HeldReason,
    HeldSubmission,
    Open311Key,
    RateCounter,
    Report,
    ReportContact,
)
from trygga.reports.selectors import authenticate_open311_key


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_open311_key__create_prints_the_key_once_and_stores_only_its_hash(municipality):
    out = run("open311_key", "create", "--name", "Appen", "--municipality", "0484")
    raw = out.strip().splitlines()[-1]
    assert raw.startswith("trygga_")
    key = Open311Key.objects.get()
    assert key.municipality == municipality
    assert raw not in (key.key_hash, key.prefix)
    assert raw.startswith(key.prefix)
    assert authenticate_open311_key(raw, municipality) == key
    assert authenticate_open311_key(raw + "x", municipality) is None
    assert AuditEvent.objects.filter(action=AuditAction.OPEN311_KEY_CREATED).exists()
    assert raw not in str(AuditEvent.objects.values_list("details", flat=True)[0])


def test_open311_key__list_and_revoke(municipality):
    raw = run("open311_key", "create", "--name", "Appen").strip().splitlines()[-1]
    key = Open311Key.objects.get()
    listing = run("open311_key", "list")
    assert key.prefix in listing
    assert "aktiv" in listing
    assert raw not in listing
    assert "Spärrad" in run("open311_key", "revoke", key.prefix)
    assert authenticate_open311_key(raw, municipality) is None
    assert "spärrad" in run("open311_key", "list")


def test_open311_key__a_key_of_one_municipality_does_not_open_another(municipality):
    from tests.factories import MunicipalityFactory

    raw = run("open311_key", "create", "--name", "A", "--municipality", "0484").split()[-1]
    other = MunicipalityFactory(code="0180", name="Stockholm")
    assert authenticate_open311_key(raw, other) is None


def test_open311_key__refuses_unknown_municipality_and_prefix(db):
    with pytest.raises(CommandError):
        run("open311_key", "create", "--name", "A", "--municipality", "9999")
    with pytest.raises(CommandError):
        run("open311_key", "revoke", "trygga_nope")


def _age(report: Report, days: int) -> None:
    Report.objects.filter(pk=report.pk).update(closed_at=timezone.now() - timedelta(days=days))


def test_gallra__deletes_contacts_of_long_closed_reports_only(
    submit, routed, staff, municipality, settings
):
    settings.REPORT_CONTACT_RETENTION_DAYS = 30
    actor = staff["street_handler"]
    old = submit(email="gammal@example.org")
    recent = submit(email="ny@example.org")
    still_open = submit(email="oppen@example.org")
    original = submit(email="original@example.org")
    duplicate = submit(email="dubblett@example.org")
    for report in (old, recent):
        change_status(actor=actor, report=report, status="fixed")
    mark_duplicate(actor=actor, report=duplicate, original=original)
    _age(old, 31)
    _age(recent, 29)
    _age(duplicate, 60)  # its original is still open: the reporter still follows it
    Report.objects.filter(pk=still_open.pk).update(
        requested_at=timezone.now() - timedelta(days=400)
    )

    dry = run("gallra", "--rule", "reports.contacts", "--dry-run")
    assert re.search(r"reports\.contacts\s+1 skulle tas bort", dry)
    assert ReportContact.objects.count() == 5
    out = run("gallra", "--rule", "reports.contacts")
    assert re.search(r"reports\.contacts\s+1 borttagna", out)
    left = set(ReportContact.objects.values_list("email", flat=True))
    assert left == {
        "ny@example.org",
        "oppen@example.org",
        "original@example.org",
        "dubblett@example.org",
    }
    assert Report.objects.count() == 5  # the reports themselves stay
    row = AuditEvent.objects.get(action=AuditAction.RETENTION_APPLIED)
    assert "gammal@example.org" not in str(row.details)


def test_gallra__deletes_old_held_submissions_and_rate_counters(municipality, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    settings.HELD_SUBMISSION_RETENTION_DAYS = 7
    old, new = (
        hold_submission(
            municipality=municipality, channel="web", reason=HeldReason.FAILED, payload={"n": n}
        )
        for n in (1, 2)
    )
    HeldSubmission.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=8))
    ratelimit.hit(scope="web", client="a")
    RateCounter.objects.update(window_start=timezone.now() - timedelta(days=2))
    ratelimit.hit(scope="web", client="b")
    run("gallra", "--rule", "reports.held_submissions", "--rule", "reports.rate_counters")
    assert list(HeldSubmission.objects.values_list("pk", flat=True)) == [new.pk]
    assert RateCounter.objects.count() == 1
