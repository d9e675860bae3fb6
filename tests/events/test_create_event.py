"""Logging an event through the action: placement, refusals, audit."""

from datetime import UTC, datetime

import pytest
from django.core.exceptions import ValidationError

from tests.factories import FROSLUNDA_POINT, STOCKHOLM_POINT, UserFactory
from trygga.audit.models import AuditAction, AuditEvent
from trygga.core.errors import PermissionDenied
from trygga.events.actions import create_event
from trygga.events.models import Event, EventCategory


def _log(actor, municipality, point=FROSLUNDA_POINT, **kwargs):
    return create_event(
        actor=actor,
        municipality=municipality,
        category=EventCategory.objects.get(code="graffiti"),
        occurred_from=kwargs.pop("occurred_from", datetime(2025, 3, 7, 22, 10, tzinfo=UTC)),
        lon=point[0],
        lat=point[1],
        description="Klotter på elskåp.",
        **kwargs,
    )


def test_create_event__reporter__placed_in_district_cell_and_audited(municipality, people):
    event = _log(people["reporter"], municipality)
    assert event.district.name == "Fröslunda"
    assert event.h3_cell is not None
    assert event.h3_cell > 0
    assert (event.iso_year, event.iso_week) == (2025, 10)
    assert event.organisation.name == "Kommunfastigheter"
    assert event.source.kind == "field"
    audit = AuditEvent.objects.get(action=AuditAction.EVENT_CREATED)
    assert audit.target_id == str(event.pk)
    assert audit.actor == people["reporter"]


def test_create_event__point_outside_municipality__refused_naming_location(municipality, people):
    with pytest.raises(ValidationError) as excinfo:
        _log(people["reporter"], municipality, point=STOCKHOLM_POINT)
    assert "location" in excinfo.value.message_dict
    assert "utanför Eskilstuna" in excinfo.value.message_dict["location"][0]
    assert not Event.objects.exists()
    assert not AuditEvent.objects.filter(action=AuditAction.EVENT_CREATED).exists()


@pytest.mark.parametrize(("role", "allowed"), [("reporter", True), ("viewer", False)])
def test_create_event__only_roles_that_log__may_log(municipality, people, role, allowed):
    if allowed:
        assert _log(people[role], municipality).pk
    else:
        with pytest.raises(PermissionDenied):
            _log(people[role], municipality)


def test_create_event__outsider__refused(municipality, people):
    with pytest.raises(PermissionDenied):
        _log(UserFactory(), municipality)


def test_create_event__window_ending_before_start__refused(municipality, people):
    with pytest.raises(ValidationError) as excinfo:
        _log(
            people["reporter"],
            municipality,
            occurred_from=datetime(2025, 3, 10, 7, 0, tzinfo=UTC),
            occurred_to=datetime(2025, 3, 7, 18, 0, tzinfo=UTC),
        )
    assert "Sluttiden" in str(excinfo.value)
    assert not Event.objects.exists()


def test_audit_row__cannot_be_changed_or_deleted(municipality, people):
    _log(people["reporter"], municipality)
    row = AuditEvent.objects.get(action=AuditAction.EVENT_CREATED)
    row.actor_label = "someone else"
    with pytest.raises(PermissionError):
        row.save()
    with pytest.raises(PermissionError):
        row.delete()
