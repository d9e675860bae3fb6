"""Abuse control: the per-client rate limit, and held submissions (nothing a resident sent
is lost when a limit refuses it)."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.reports.test_photos import jpeg_with_gps
from trygga.audit.models import AuditAction, AuditEvent
from trygga.core.errors import PermissionDenied
from trygga.reports import ratelimit
from trygga.reports.actions import (
    discard_held_submission,
    hold_submission,
    release_held_submission,
)
from trygga.reports.models import HeldReason, HeldResolution, RateCounter
from trygga.reports.selectors import get_held_submission, held_submissions_for

NOON = datetime(2025, 6, 13, 12, 0, 10, tzinfo=UTC)


def test_hit__allows_up_to_the_limit_then_refuses_until_the_window_ends(db):
    client = ratelimit.client_hash("203.0.113.7")
    decisions = [
        ratelimit.hit(scope="web", client=client, limit=3, window_seconds=600, now=NOON)
        for _ in range(4)
    ]
    assert [d.allowed for d in decisions] == [True, True, True, False]
    assert decisions[-1].count == 4
    assert decisions[-1].retry_after == 590
    later = ratelimit.hit(
        scope="web", client=client, limit=3, window_seconds=600, now=NOON + timedelta(minutes=10)
    )
    assert later.allowed
    assert later.count == 1


def test_hit__counts_clients_and_scopes_apart_and_stores_no_address(db):
    one, two = ratelimit.client_hash("203.0.113.7"), ratelimit.client_hash("203.0.113.8")
    ratelimit.hit(scope="web", client=one, limit=1, window_seconds=60, now=NOON)
    assert ratelimit.hit(scope="web", client=two, limit=1, window_seconds=60, now=NOON).allowed
    assert ratelimit.hit(scope="open311", client=one, limit=1, window_seconds=60, now=NOON).allowed
    assert not RateCounter.objects.filter(client_hash__contains="203.0.113").exists()
    assert len(one) == 64


def test_hit__defaults_come_from_the_settings(db, settings):
    settings.REPORT_RATE_LIMIT_COUNT = 1
    settings.REPORT_RATE_LIMIT_WINDOW_SECONDS = 60
    client = ratelimit.client_hash("x")
    assert ratelimit.hit(scope="web", client=client).allowed
    assert not ratelimit.hit(scope="web", client=client).allowed


@pytest.fixture
def held(municipality, service, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    return hold_submission(
        municipality=municipality,
        channel="open311",
        reason=HeldReason.RATE_LIMITED,
        payload={
            "service_code": service.service_code,
            "description": "Klotter på skolan",
            "lat": 59.3712,
            "lon": 16.5090,
            "attributes": {"krankande": "ja"},
            "email": "boende@example.org",
            "api_key": "trygga_hemligt",
        },
        photo=SimpleUploadedFile("foto.jpg", jpeg_with_gps()),
        client=ratelimit.client_hash("203.0.113.7"),
    )


def test_hold_submission__keeps_the_payload_without_secrets_and_audits(held):
    assert "api_key" not in held.payload
    assert held.payload["description"] == "Klotter på skolan"
    assert held.photo.name.startswith("held/")
    assert AuditEvent.objects.filter(action=AuditAction.SUBMISSION_HELD).exists()


def test_held_submissions__visible_to_coordinators_only(held, staff, municipality):
    assert list(held_submissions_for(staff["coordinator"], municipality)) == [held]
    assert not held_submissions_for(staff["street_handler"], municipality).exists()
    assert get_held_submission(staff["administrator"], municipality, held.pk) == held


def test_release_held_submission__registers_the_report_as_sent(held, staff, routed):
    report = release_held_submission(actor=staff["coordinator"], held=held)
    assert report.description == "Klotter på skolan"
    assert report.requested_at == held.created_at
    assert report.channel == "open311"
    assert report.contact.email == "boende@example.org"
    assert report.photo
    held.refresh_from_db()
    assert held.resolution == HeldResolution.RELEASED
    assert held.report == report
    with pytest.raises(ValidationError):
        release_held_submission(actor=staff["coordinator"], held=held)


def test_release_and_discard__refused_for_handlers(held, staff):
    with pytest.raises(PermissionDenied):
        release_held_submission(actor=staff["street_handler"], held=held)
    with pytest.raises(PermissionDenied):
        discard_held_submission(actor=staff["street_handler"], held=held)


def test_discard_held_submission__deletes_its_content(held, staff):
    discard_held_submission(actor=staff["coordinator"], held=held, reason="spam")
    held.refresh_from_db()
    assert held.payload == {}
    assert not held.photo
    assert held.resolution == HeldResolution.DISCARDED
