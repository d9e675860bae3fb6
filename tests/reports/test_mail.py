"""Mail over a real SMTP server: the acknowledgement, one message per status change with the
tracking link, in the reporter's language, and to the reporters of duplicates."""

import pytest

from trygga.reports.actions import change_status, forward, mark_duplicate, reroute
from trygga.reports.links import tracking_path, tracking_url


@pytest.fixture
def mailed(settings, smtp_inbox):
    settings.PUBLIC_BASE_URL = "https://trygga.example"
    return smtp_inbox


def test_submit__acknowledgement_mail_with_the_tracking_link(
    submit, routed, mailed, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report = submit(email="boende@example.org")
    assert len(mailed.messages) == 1
    message = mailed.messages[0]
    assert message["To"] == "boende@example.org"
    assert report.service_request_id in message["Subject"]
    body = mailed.bodies()[0]
    assert tracking_url(report.tracking_token) in body
    assert body.count("https://trygga.example/felanmalan/folj/") == 1
    assert "112" in body
    assert "Gatuavdelningen" in body


def test_status_change__one_mail_per_change_to_those_who_asked(
    submit, routed, staff, mailed, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        wants = submit(email="vill@example.org", wants_updates=True)
        submit(email="vill-inte@example.org", wants_updates=False)
    mailed.messages.clear()
    actor = staff["street_handler"]
    with django_capture_on_commit_callbacks(execute=True):
        change_status(actor=actor, report=wants, status="in_progress", note="Vi är på väg.")
    with django_capture_on_commit_callbacks(execute=True):
        forward(actor=actor, report=wants, to="Trafikverket")
    assert [m["To"] for m in mailed.messages] == ["vill@example.org", "vill@example.org"]
    first, second = mailed.bodies()
    assert "Under behandling" in first
    assert "Vi är på väg." in first
    assert "Trafikverket" in second
    assert tracking_url(wants.tracking_token) in second


def test_reroute__sends_no_mail(
    submit, routed, staff, organisations, mailed, django_capture_on_commit_callbacks
):
    report = submit(email="vill@example.org", wants_updates=True)
    with django_capture_on_commit_callbacks(execute=True):
        reroute(actor=staff["coordinator"], report=report, organisation=organisations["bostad"])
    assert mailed.messages == []


def test_status_mail__in_english_when_the_reporter_chose_english(
    submit, routed, staff, mailed, django_capture_on_commit_callbacks
):
    report = submit(email="visitor@example.org", wants_updates=True, language="en")
    with django_capture_on_commit_callbacks(execute=True):
        change_status(actor=staff["street_handler"], report=report, status="fixed")
    assert mailed.messages[0]["Subject"].startswith("Your report")
    assert "Follow the case here" in mailed.bodies()[0]


def test_duplicate__its_reporter_hears_of_the_original_with_their_own_link(
    submit, routed, staff, mailed, django_capture_on_commit_callbacks
):
    original = submit(email="forsta@example.org", wants_updates=True)
    duplicate = submit(email="andra@example.org", wants_updates=True)
    actor = staff["street_handler"]
    with django_capture_on_commit_callbacks(execute=True):
        mark_duplicate(actor=actor, report=duplicate, original=original)
    assert [m["To"] for m in mailed.messages] == ["andra@example.org"]
    assert original.service_request_id in mailed.bodies()[0]
    mailed.messages.clear()
    with django_capture_on_commit_callbacks(execute=True):
        change_status(actor=actor, report=original, status="fixed", note="Borta nu.")
    by_address = {m["To"]: m for m in mailed.messages}
    assert set(by_address) == {"forsta@example.org", "andra@example.org"}
    duplicate_body = by_address["andra@example.org"].get_body(("plain",)).get_content()
    assert tracking_url(duplicate.tracking_token) in duplicate_body
    assert original.service_request_id in duplicate_body


def test_a_failing_mail_server_does_not_undo_the_change(
    submit, routed, staff, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens there
    with django_capture_on_commit_callbacks(execute=True):
        report = submit(email="boende@example.org", wants_updates=True)
        change_status(actor=staff["street_handler"], report=report, status="fixed")
    report.refresh_from_db()
    assert report.status == "fixed"


def test_tracking_path__has_the_token_and_nothing_else():
    assert tracking_path("abc") == "/felanmalan/folj/abc/"
