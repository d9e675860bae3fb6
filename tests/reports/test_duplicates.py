"""Duplicates are joined to their original: the matter counts once, and the duplicate's
reporter follows the original."""

import pytest
from django.core.exceptions import ValidationError

from tests.factories import CENTRUM_POINT
from trygga.audit.models import AuditAction, AuditEvent
from trygga.events.models import Event
from trygga.reports.actions import change_status, join_report, mark_duplicate
from trygga.reports.models import Report
from trygga.reports.notifications import followers
from trygga.reports.statuses import Status


def test_mark_duplicate__removes_the_second_event_and_links_the_original(submit, routed, staff):
    original, duplicate = submit(), submit()
    assert Event.objects.count() == 2
    mark_duplicate(actor=staff["street_handler"], report=duplicate, original=original)
    duplicate.refresh_from_db()
    assert duplicate.status == Status.DUPLICATE
    assert duplicate.duplicate_of == original
    assert duplicate.event is None
    assert list(Event.objects.values_list("pk", flat=True)) == [original.event_id]
    row = AuditEvent.objects.get(action=AuditAction.REPORT_DUPLICATE_MARKED)
    assert row.details["original"] == original.pk


def test_mark_duplicate__the_duplicates_reporter_follows_the_original(submit, routed, staff):
    original = submit(email="forsta@example.org", wants_updates=True)
    duplicate = submit(email="andra@example.org", wants_updates=True)
    mark_duplicate(actor=staff["street_handler"], report=duplicate, original=original)
    emails = sorted(c.email for _r, c in followers(original))
    assert emails == ["andra@example.org", "forsta@example.org"]


def test_mark_duplicate__of_a_duplicate_joins_the_first_original(submit, routed, staff):
    first, second, third = submit(), submit(), submit()
    mark_duplicate(actor=staff["street_handler"], report=second, original=first)
    mark_duplicate(actor=staff["street_handler"], report=third, original=second)
    third.refresh_from_db()
    assert third.duplicate_of == first


def test_mark_duplicate__moves_the_reports_own_duplicates_to_the_original(submit, routed, staff):
    first, second, third = submit(), submit(), submit()
    mark_duplicate(actor=staff["street_handler"], report=third, original=second)
    mark_duplicate(actor=staff["street_handler"], report=second, original=first)
    third.refresh_from_db()
    assert third.duplicate_of == first


def test_mark_duplicate__refuses_itself_and_closed_reports(submit, routed, staff):
    report, other = submit(), submit()
    with pytest.raises(ValidationError):
        mark_duplicate(actor=staff["street_handler"], report=report, original=report)
    change_status(actor=staff["street_handler"], report=report, status="fixed")
    with pytest.raises(ValidationError):
        mark_duplicate(actor=staff["street_handler"], report=report, original=other)


def test_reopening_a_duplicate__counts_it_again(submit, routed, staff):
    original, duplicate = submit(), submit()
    mark_duplicate(actor=staff["street_handler"], report=duplicate, original=original)
    change_status(
        actor=staff["street_handler"], report=duplicate, status="in_progress", note="Annan sak."
    )
    duplicate.refresh_from_db()
    assert duplicate.duplicate_of is None
    assert duplicate.event is not None
    assert Event.objects.count() == 2


def _submission(municipality, service, **extra):
    return {
        "municipality": municipality,
        "service": service,
        "description": "Samma klotter, jag såg det också.",
        "lon": CENTRUM_POINT[0],
        "lat": CENTRUM_POINT[1],
        "attributes": {"krankande": "nej"},
        **extra,
    }


def test_join_report__a_resident_follows_an_open_report_and_it_counts_once(
    submit, routed, municipality, service
):
    original = submit(email="forsta@example.org", wants_updates=True)
    joined = join_report(
        original=original,
        **_submission(municipality, service, email="granne@example.org", wants_updates=True),
    )
    assert joined.status == Status.DUPLICATE
    assert joined.duplicate_of == original
    assert list(Event.objects.values_list("pk", flat=True)) == [original.event_id]
    assert sorted(c.email for _r, c in followers(original)) == [
        "forsta@example.org",
        "granne@example.org",
    ]
    row = AuditEvent.objects.filter(action=AuditAction.REPORT_DUPLICATE_MARKED).get()
    assert row.details["by"] == "reporter"


def test_join_report__refuses_a_closed_original_and_writes_nothing(
    submit, routed, staff, municipality, service
):
    original = submit()
    change_status(actor=staff["street_handler"], report=original, status="fixed")
    before = Report.objects.count()
    with pytest.raises(ValidationError) as refused:
        join_report(original=original, **_submission(municipality, service))
    assert "join" in refused.value.message_dict
    assert Report.objects.count() == before
