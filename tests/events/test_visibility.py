"""Who reads which events: the one access check in visible_events / get_event_for_viewer."""

import pytest

from tests.factories import (
    CountyFactory,
    EventFactory,
    MunicipalityFactory,
    OrganisationFactory,
    member,
)
from trygga.accounts.models import Role
from trygga.audit.models import AuditAction, AuditEvent
from trygga.core.errors import NotFound
from trygga.events.models import Confidentiality
from trygga.events.selectors import get_event_for_viewer, visible_events


@pytest.fixture
def restricted_event(municipality, organisations):
    return EventFactory(
        municipality=municipality,
        organisation=organisations["kommun"],
        confidentiality=Confidentiality.RESTRICTED,
    )


@pytest.mark.parametrize(
    ("role", "sees"),
    [("administrator", True), ("coordinator", True), ("reporter", False), ("viewer", False)],
)
def test_restricted_event__only_own_organisation_and_coordinators(
    municipality, people, restricted_event, role, sees
):
    visible = visible_events(people[role], municipality)
    assert visible.filter(pk=restricted_event.pk).exists() is sees
    if sees:
        assert get_event_for_viewer(people[role], municipality, restricted_event.pk)
    else:
        with pytest.raises(NotFound):
            get_event_for_viewer(people[role], municipality, restricted_event.pk)


def test_restricted_event__read__leaves_audit_row(municipality, people, restricted_event):
    get_event_for_viewer(people["coordinator"], municipality, restricted_event.pk)
    row = AuditEvent.objects.get(action=AuditAction.EVENT_VIEWED)
    assert row.target_id == str(restricted_event.pk)
    assert row.actor == people["coordinator"]


def test_partner_event__every_member_sees__outsider_and_other_municipality_do_not(
    municipality, people
):
    event = EventFactory(municipality=municipality)
    other = MunicipalityFactory(code="0480", name="Nyköping", county=CountyFactory())
    outsider = member(OrganisationFactory(municipality=other), Role.ADMINISTRATOR)
    for role in ("administrator", "coordinator", "reporter", "viewer"):
        assert visible_events(people[role], municipality).filter(pk=event.pk).exists()
    assert not visible_events(outsider, municipality).exists()
    with pytest.raises(NotFound):
        get_event_for_viewer(outsider, municipality, event.pk)
    with pytest.raises(NotFound):
        get_event_for_viewer(people["viewer"], municipality, event.pk + 1000)


def test_county_level_event__visible_in_every_municipality_of_the_county(municipality, people):
    event = EventFactory(
        municipality=None,
        county=municipality.county,
        precision="area",
        area_level="county",
        area_name="Södermanlands län",
    )
    assert visible_events(people["viewer"], municipality).filter(pk=event.pk).exists()
