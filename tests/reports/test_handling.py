"""Staff actions on a report: allowed for the responsible organisation's handlers and the
coordinators, refused for viewers and other organisations; every change is audited."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from tests.factories import OrganisationFactory
from trygga.audit.models import AuditAction, AuditEvent
from trygga.core.errors import NotFound, PermissionDenied
from trygga.reports.actions import (
    add_internal_note,
    apply_response_template,
    assign,
    bulk_assign,
    bulk_change_status,
    bulk_reroute,
    change_status,
    forward,
    reroute,
    set_photo_public,
)
from trygga.reports.models import ResponseTemplate, TargetTime
from trygga.reports.selectors import public_report
from trygga.reports.statuses import Status


@pytest.fixture
def report(submit, routed):
    return submit()


def audited(report, action) -> bool:
    return AuditEvent.objects.filter(action=action, target_id=str(report.pk)).exists()


@pytest.mark.parametrize("who", ["street_handler", "coordinator", "administrator"])
def test_change_status__handlers_and_coordinators_may(report, staff, who):
    update = change_status(actor=staff[who], report=report, status="in_progress", note="Vi kollar.")
    report.refresh_from_db()
    assert report.status == Status.IN_PROGRESS
    assert update.previous_status == Status.RECEIVED
    assert update.note == "Vi kollar."
    assert audited(report, AuditAction.REPORT_STATUS_CHANGED)


@pytest.mark.parametrize(
    ("who", "error"),
    [("street_viewer", PermissionDenied), ("reporter", NotFound), ("viewer", NotFound)],
)
def test_change_status__viewers_and_other_organisations_may_not(report, staff, who, error):
    with pytest.raises(error):
        change_status(actor=staff[who], report=report, status="in_progress")
    report.refresh_from_db()
    assert report.status == Status.RECEIVED
    assert not audited(report, AuditAction.REPORT_STATUS_CHANGED)


def test_change_status__refuses_a_move_the_table_does_not_allow(report, staff):
    actor = staff["street_handler"]
    change_status(actor=actor, report=report, status="fixed")
    with pytest.raises(ValidationError) as error:
        change_status(actor=actor, report=report, status="action_scheduled")
    assert "status" in error.value.message_dict


@pytest.mark.parametrize("status", ["not_ours", "closed_not_fixed"])
def test_change_status__not_ours_and_closed_not_fixed_need_a_public_note(report, staff, status):
    with pytest.raises(ValidationError) as error:
        change_status(actor=staff["street_handler"], report=report, status=status)
    assert "note" in error.value.message_dict
    change_status(
        actor=staff["street_handler"], report=report, status=status, note="Kontakta Trafikverket."
    )
    assert public_report(report.municipality, report.service_request_id).open311_status == "closed"


def test_change_status__forwarded_and_duplicate_need_their_own_actions(report, staff):
    for status in ("forwarded", "duplicate"):
        with pytest.raises(ValidationError):
            change_status(actor=staff["street_handler"], report=report, status=status)


def test_change_status__closing_sets_closed_at_and_reopening_clears_it(report, staff):
    actor = staff["street_handler"]
    change_status(actor=actor, report=report, status="fixed")
    report.refresh_from_db()
    assert report.closed_at is not None
    change_status(actor=actor, report=report, status="in_progress", note="Det var inte lagat.")
    report.refresh_from_db()
    assert report.closed_at is None
    assert report.is_open


def test_change_status__same_status_publishes_a_note_which_is_required(report, staff):
    with pytest.raises(ValidationError):
        change_status(actor=staff["street_handler"], report=report, status="received")
    update = change_status(
        actor=staff["street_handler"], report=report, status="received", note="Vi återkommer."
    )
    assert update.status == update.previous_status == Status.RECEIVED


def test_change_status__public_note_is_redacted_and_the_original_kept(report, staff):
    text = "Vi har pratat med Anna Svensson på 070-123 45 67."
    update = change_status(
        actor=staff["street_handler"], report=report, status="in_progress", note=text
    )
    assert "070-123 45 67" not in update.note
    assert "Anna Svensson" not in update.note
    assert update.note_original == text
    report.refresh_from_db()
    assert "070-123 45 67" not in report.public_status_note


def test_forward__publishes_where_it_went(report, staff):
    forward(actor=staff["street_handler"], report=report, to="Eskilstuna Energi och Miljö")
    view = public_report(report.municipality, report.service_request_id)
    assert view.status == "forwarded"
    assert view.open311_status == "closed"
    assert view.extended_status == "INTERNAL_REFERRAL"
    assert view.agency_responsible == "Eskilstuna Energi och Miljö"
    assert view.updates[-1].forwarded_to == "Eskilstuna Energi och Miljö"
    assert audited(report, AuditAction.REPORT_FORWARDED)


def test_forward__needs_a_target_and_a_forwardable_status(report, staff):
    with pytest.raises(ValidationError) as error:
        forward(actor=staff["street_handler"], report=report, to=" ")
    assert "to" in error.value.message_dict
    change_status(actor=staff["street_handler"], report=report, status="fixed")
    with pytest.raises(ValidationError):
        forward(actor=staff["street_handler"], report=report, to="Trafikverket")


def test_reroute__moves_the_report_to_another_queue_with_its_target_time(
    report, staff, organisations
):
    housing = organisations["bostad"]
    TargetTime.objects.create(service=report.service, organisation=housing, hours=24)
    reroute(actor=staff["street_handler"], report=report, organisation=housing, note="Deras mark.")
    report.refresh_from_db()
    assert report.responsible_organisation == housing
    assert report.expected_at == report.requested_at + timedelta(hours=24)
    assert audited(report, AuditAction.REPORT_REROUTED)
    # the street unit no longer sees it; the housing company's reporter may now act
    with pytest.raises(NotFound):
        change_status(actor=staff["street_handler"], report=report, status="in_progress")
    change_status(actor=staff["reporter"], report=report, status="in_progress")


def test_reroute__refuses_an_organisation_of_another_municipality(report, staff):
    other = OrganisationFactory(municipality__code="0180", municipality__name="Stockholm")
    with pytest.raises(ValidationError):
        reroute(actor=staff["coordinator"], report=report, organisation=other)


def test_assign__to_a_handler_of_the_organisation_but_not_a_viewer(report, staff):
    assign(actor=staff["coordinator"], report=report, assignee=staff["street_handler"])
    report.refresh_from_db()
    assert report.assignee == staff["street_handler"]
    with pytest.raises(ValidationError):
        assign(actor=staff["coordinator"], report=report, assignee=staff["street_viewer"])
    assert audited(report, AuditAction.REPORT_ASSIGNED)


def test_add_internal_note__never_public(report, staff):
    add_internal_note(actor=staff["street_handler"], report=report, text="Ring vaktmästaren.")
    view = public_report(report.municipality, report.service_request_id)
    assert "vaktmästaren" not in repr(view)
    assert audited(report, AuditAction.REPORT_NOTE_ADDED)
    with pytest.raises(PermissionDenied):
        add_internal_note(actor=staff["street_viewer"], report=report, text="x")


def test_apply_response_template__sets_its_status_and_text(report, staff, municipality):
    template = ResponseTemplate.objects.create(
        municipality=municipality, title="Åtgärdat", text="Klottret är borta.", status="fixed"
    )
    apply_response_template(actor=staff["street_handler"], report=report, template=template)
    report.refresh_from_db()
    assert report.status == Status.FIXED
    assert report.public_status_note == "Klottret är borta."


def test_apply_response_template__refuses_a_template_of_another_organisation(
    report, staff, municipality, organisations
):
    template = ResponseTemplate.objects.create(
        municipality=municipality, organisation=organisations["bostad"], title="x", text="y"
    )
    with pytest.raises(ValidationError):
        apply_response_template(actor=staff["street_handler"], report=report, template=template)


def test_set_photo_public__needs_a_photo(report, staff):
    with pytest.raises(ValidationError):
        set_photo_public(actor=staff["street_handler"], report=report, public=True)


def test_bulk_change_status__all_or_nothing(submit, routed, staff):
    first, second = submit(), submit()
    change_status(actor=staff["coordinator"], report=second, status="fixed")
    with pytest.raises(ValidationError) as error:
        bulk_change_status(
            actor=staff["coordinator"], reports=[first, second], status="action_scheduled"
        )
    assert second.service_request_id in error.value.message_dict["reports"][0]
    first.refresh_from_db()
    assert first.status == Status.RECEIVED
    updates = bulk_change_status(
        actor=staff["coordinator"], reports=[first], status="action_scheduled"
    )
    assert len(updates) == 1


def test_bulk_assign_and_reroute(submit, routed, staff, organisations):
    reports = [submit(), submit()]
    bulk_assign(actor=staff["coordinator"], reports=reports, assignee=staff["street_handler"])
    bulk_reroute(actor=staff["coordinator"], reports=reports, organisation=organisations["bostad"])
    for item in reports:
        item.refresh_from_db()
        assert item.responsible_organisation == organisations["bostad"]
        assert item.assignee is None
