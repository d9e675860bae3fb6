"""submit_report: a resident's report is stored, routed, counted as an event, audited; bad
input is refused with the field named."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.factories import CENTRUM_POINT, NYFORS_POINT, STOCKHOLM_POINT
from tests.reports.conftest import make_service
from trygga.audit.models import AuditAction, AuditEvent
from trygga.core.errors import NotFound
from trygga.events.models import Confidentiality, Event, Precision, SourceKind
from trygga.reports.models import Channel, Report, ReportContact, ReportUpdate
from trygga.reports.statuses import Status

PII = "Ring Anna Svensson på 070-123 45 67 eller anna.svensson@example.org, bil ABC123."


def test_submit_report__stores_routes_links_an_event_and_audits(submit, routed, municipality):
    report = submit(email="boende@example.org", wants_updates=True)

    assert report.status == Status.RECEIVED
    assert report.responsible_organisation == routed
    assert report.district.name == "Centrum"
    assert len(report.service_request_id) == 8
    assert len(report.tracking_token) >= 40
    assert report.expected_at == report.requested_at + timedelta(hours=48)
    assert report.channel == Channel.WEB

    event = Event.objects.get(pk=report.event_id)
    assert event.category.code == "graffiti"
    assert event.source.kind == SourceKind.CITIZEN_REPORT
    assert event.source.name == "Felanmälan Eskilstuna"
    assert event.precision == Precision.POINT
    assert (event.lon, event.lat) == CENTRUM_POINT
    assert event.district_id == report.district_id
    assert event.h3_cell
    assert event.h3_cell > 0
    assert event.external_id == report.service_request_id
    assert event.confidentiality == Confidentiality.OPEN

    assert ReportUpdate.objects.get(report=report).status == Status.RECEIVED
    assert AuditEvent.objects.filter(
        action=AuditAction.REPORT_SUBMITTED, target_id=str(report.pk)
    ).exists()
    contact = ReportContact.objects.get(report=report)
    assert contact.email == "boende@example.org"
    assert contact.wants_updates


def test_submit_report__redacts_the_public_text_and_keeps_the_original(submit):
    report = submit(description=PII, attributes={"krankande": "ja", "mer": PII})

    assert report.description == PII
    for secret in ("Anna Svensson", "070-123 45 67", "anna.svensson@example.org", "ABC123"):
        assert secret not in report.public_description
        assert secret not in report.public_attributes["mer"]
        assert secret not in Event.objects.get(pk=report.event_id).description
    assert report.attributes["mer"] == PII


def test_submit_report__without_contact_stores_no_contact_row(submit):
    report = submit()
    assert not ReportContact.objects.filter(report=report).exists()


def test_submit_report__an_address_alone_gives_an_area_event_at_the_municipality(submit):
    report = submit(lat=None, lon=None, address_string="Kungsgatan 1, Eskilstuna")

    assert report.lat is None
    assert report.district is None
    event = report.event
    assert event.precision == Precision.AREA
    assert event.area_level == "municipality"
    assert event.district_id is None
    assert event.h3_cell is None


def test_submit_report__cleans_every_attribute_datatype(submit):
    report = submit(
        attributes={
            "krankande": "ja",
            "underlag": ["vagg", "skylt", "vagg"],
            "yta": "2,5",
            "upptackt": "2025-06-13T21:30",
            "skylt": "Busskur 12",
            "mer": "Rad ett\nrad två",
        }
    )
    assert report.attributes == {
        "krankande": "ja",
        "underlag": ["vagg", "skylt"],
        "yta": 2.5,
        "upptackt": "2025-06-13T19:30:00Z",
        "skylt": "Busskur 12",
        "mer": "Rad ett\nrad två",
    }


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"lon": STOCKHOLM_POINT[0], "lat": STOCKHOLM_POINT[1]}, "lat"),
        ({"lon": None}, "long"),
        ({"lat": None, "lon": None}, "location"),
        ({"description": "x" * 4001}, "description"),
        ({"email": "inte-en-adress"}, "email"),
        ({"media_url": "ftp://example.org/a.jpg"}, "media_url"),
        ({"attributes": {}}, "attribute[krankande]"),
        ({"attributes": {"krankande": "kanske"}}, "attribute[krankande]"),
        ({"attributes": {"krankande": "ja", "okand": "1"}}, "attribute[okand]"),
        ({"attributes": {"krankande": "ja", "yta": "mycket"}}, "attribute[yta]"),
        ({"attributes": {"krankande": "ja", "upptackt": "igår"}}, "attribute[upptackt]"),
        ({"attributes": {"krankande": "ja", "skylt": "två\nrader"}}, "attribute[skylt]"),
        ({"attributes": {"krankande": "ja", "underlag": ["tak"]}}, "attribute[underlag]"),
        ({"attributes": {"krankande": ["ja", "nej"]}}, "attribute[krankande]"),
    ],
)
def test_submit_report__refuses_bad_input_naming_the_field(submit, overrides, field):
    with pytest.raises(ValidationError) as error:
        submit(**overrides)
    assert field in error.value.message_dict
    assert not Report.objects.exists()
    assert not Event.objects.exists()


def test_submit_report__refuses_a_service_of_another_municipality_or_inactive(
    submit, service, municipality
):
    service.is_active = False
    service.save()
    with pytest.raises(ValidationError) as error:
        submit()
    assert "service_code" in error.value.message_dict


def test_submit_report__refuses_an_inactive_municipality(submit, municipality):
    municipality.is_active = False
    municipality.save()
    with pytest.raises(NotFound):
        submit()


def test_submit_report__unrouted_report_is_kept_without_organisation(submit):
    report = submit(lon=NYFORS_POINT[0], lat=NYFORS_POINT[1])
    assert report.responsible_organisation is None
    assert report.district.name == "Nyfors"


def test_submit_report__staff_may_date_a_phone_report_back_residents_may_not(
    submit, staff, municipality
):
    yesterday = timezone.now() - timedelta(days=1)
    by_staff = submit(actor=staff["coordinator"], channel=Channel.STAFF, requested_at=yesterday)
    assert by_staff.requested_at == yesterday
    by_resident = submit(requested_at=yesterday)
    assert by_resident.requested_at > yesterday + timedelta(hours=23)


def test_submit_report__two_services_each_count_their_own_category(submit, municipality):
    lamp = make_service(municipality, code="belysning", category="dark_place", name="Belysning")
    report = submit(service=lamp)
    assert report.event.category.code == "dark_place"
