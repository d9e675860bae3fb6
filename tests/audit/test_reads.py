"""Reads of protected data write audit rows through the selectors: one per list request
(with its filter and count), one per detail view, whoever reads and however (page or API);
with who, when, what and from where."""

import pytest

from trygga.audit import log
from trygga.audit.models import AuditAction, AuditEvent

pytestmark = pytest.mark.django_db


def _rows(action):
    return list(AuditEvent.objects.filter(action=action).order_by("id"))


def test_list_page__one_row_per_request_with_filter_and_count(
    client, people, municipality, some_events
):
    client.force_login(people["viewer"])
    response = client.get(f"/{municipality.code}/handelser/", {"date_from": "2025-01-01"})
    assert response.status_code == 200
    [row] = _rows(AuditAction.EVENTS_LISTED)
    assert row.actor == people["viewer"]
    assert row.municipality_code == municipality.code
    assert row.ip_address == "127.0.0.1"
    assert row.details["count"] == 25
    assert row.details["filters"] == {"date_from": "2025-01-01"}
    assert row.details["path"] == f"/{municipality.code}/handelser/"
    # The next page is another request: one more row, never one per event.
    client.get(f"/{municipality.code}/handelser/", {"date_from": "2025-01-01", "sida": "2"})
    assert len(_rows(AuditAction.EVENTS_LISTED)) == 2


def test_detail_page__one_row_naming_the_event(client, people, municipality, some_events):
    event = some_events[0]
    client.force_login(people["reporter"])
    response = client.get(f"/{municipality.code}/handelser/{event.pk}/", REMOTE_ADDR="198.51.100.7")
    assert response.status_code == 200
    [row] = _rows(AuditAction.EVENT_VIEWED)
    assert (row.target_type, row.target_id) == ("events.event", str(event.pk))
    assert row.actor_label == people["reporter"].username
    assert row.ip_address == "198.51.100.7"
    assert row.details["confidentiality"] == event.confidentiality


def test_map_data__one_row(client, people, municipality, some_events):
    client.force_login(people["coordinator"])
    client.get(f"/{municipality.code}/karta/handelser.json")
    [row] = _rows(AuditAction.EVENTS_LISTED)
    assert row.details["view"] == "map"
    assert row.details["count"] == 25


def test_api__list_and_detail_rows(client, people, municipality, some_events):
    client.force_login(people["coordinator"])
    listed = client.get(f"/api/v1/municipalities/{municipality.code}/events/")
    assert listed.status_code == 200
    one = client.get(f"/api/v1/municipalities/{municipality.code}/events/{some_events[1].pk}/")
    assert one.status_code == 200
    assert len(_rows(AuditAction.EVENTS_LISTED)) == 1
    assert _rows(AuditAction.EVENT_VIEWED)[0].target_id == str(some_events[1].pk)


def test_refused_read__writes_no_read_row(client, outsider, municipality, some_events):
    client.force_login(outsider)
    assert client.get(f"/{municipality.code}/handelser/").status_code == 404
    assert not AuditEvent.objects.filter(action=AuditAction.EVENTS_LISTED).exists()


def test_record_read__refuses_an_action_that_is_no_read(people):
    with pytest.raises(ValueError, match="not a read action"):
        log.record_read(viewer=people["viewer"], action=AuditAction.EVENT_CREATED)


def test_record_read__command_line_reader_writes_nothing():
    from trygga.events.selectors import SYSTEM

    assert log.record_read(viewer=SYSTEM, action=AuditAction.EVENTS_LISTED, count=1) is None
    assert not AuditEvent.objects.exists()


def test_every_read_action__ends_in_a_read_suffix():
    """Retention keeps read rows for their own time; it finds them by suffix."""
    reads = {
        AuditAction.EVENT_VIEWED,
        AuditAction.EVENTS_LISTED,
        AuditAction.AUDIT_LISTED,
        AuditAction.AUDIT_EXPORTED,
        AuditAction.MEMBERS_LISTED,
        AuditAction.REPORTS_LISTED,
    }
    for action in AuditAction:
        event = AuditEvent(action=action)
        assert event.is_read == (action in reads or action.value.endswith(".viewed"))
