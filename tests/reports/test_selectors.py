"""Selectors: the public view never shows personal data; staff see what their role allows;
nearby reports, overdue reports and the fix-time table."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import CENTRUM_POINT, OrganisationFactory
from trygga.audit.models import AuditAction, AuditEvent
from trygga.core.errors import NotFound
from trygga.reports.actions import add_internal_note, change_status, reroute
from trygga.reports.models import Report, TargetTime
from trygga.reports.selectors import (
    PublicQuery,
    QueueFilter,
    fix_time_table,
    get_report_contact,
    get_report_for_staff,
    internal_notes_for,
    nearby_open_reports,
    overdue_reports,
    public_report,
    public_report_by_token,
    public_reports,
    service_request_id_for_token,
    staff_queue,
    visible_reports,
)

SECRET = "Anna Svensson 070-123 45 67"


@pytest.fixture
def report(submit, routed):
    return submit(
        description=f"Klotter. Ring {SECRET}.",
        email="anna@example.org",
        first_name="Anna",
        last_name="Svensson",
        phone="070-123 45 67",
        device_id="device-42",
        wants_updates=True,
    )


def test_public_report__has_no_contact_no_original_text_no_internal_notes(report, staff):
    add_internal_note(actor=staff["street_handler"], report=report, text="Intern: nyckel hos Olle")
    change_status(
        actor=staff["street_handler"], report=report, status="in_progress", note="På gång"
    )
    for view in (
        public_report(report.municipality, report.service_request_id),
        public_report_by_token(report.tracking_token),
        public_reports(report.municipality, PublicQuery(), with_history=True)[0],
    ):
        text = repr(view)
        for secret in ("anna@example.org", "070-123 45 67", "device-42", "Olle", "Svensson"):
            assert secret not in text
        assert report.tracking_token not in text
        assert "gata1" not in text  # who on the staff made the change
        assert view.status == "in_progress"
        assert view.open311_status == "open"
        assert view.extended_status == "IN_PROGRESS"
        assert view.agency_responsible == "Gatuavdelningen"
        assert view.status_notes == "På gång"


def test_public_report_by_token__unknown_token_is_not_found(report):
    with pytest.raises(NotFound):
        public_report_by_token("x" * 43)
    with pytest.raises(NotFound):
        public_report_by_token("")


def test_public_reports__filters_like_open311(submit, routed, staff, municipality, service):
    first, second = submit(), submit()
    change_status(actor=staff["street_handler"], report=second, status="fixed")
    ids = lambda q: [r.service_request_id for r in public_reports(municipality, q)]  # noqa: E731
    assert ids(PublicQuery(open311_statuses=["closed"])) == [second.service_request_id]
    assert ids(PublicQuery(open311_statuses=["open"])) == [first.service_request_id]
    assert ids(PublicQuery(service_request_ids=[first.service_request_id])) == [
        first.service_request_id
    ]
    assert ids(PublicQuery(service_codes=["annat"])) == []
    tomorrow = timezone.now() + timedelta(days=1)
    assert ids(PublicQuery(start=tomorrow)) == []
    assert len(ids(PublicQuery(end=tomorrow))) == 2


def test_public_reports__one_query_for_a_page(
    submit, routed, municipality, django_assert_num_queries
):
    for _ in range(5):
        submit()
    with django_assert_num_queries(1):
        assert len(public_reports(municipality, PublicQuery())) == 5


def test_service_request_id_for_token(report):
    assert service_request_id_for_token(report.municipality, report.open311_token) == (
        report.service_request_id
    )
    with pytest.raises(NotFound):
        service_request_id_for_token(report.municipality, "nope")


@pytest.mark.parametrize(
    ("who", "sees"),
    [
        ("coordinator", True),
        ("administrator", True),
        ("street_handler", True),
        ("street_viewer", True),
        ("reporter", False),  # the housing company
        ("viewer", False),  # the police
    ],
)
def test_visible_reports__coordinators_and_the_responsible_organisation(report, staff, who, sees):
    assert visible_reports(staff[who], report.municipality).filter(pk=report.pk).exists() is sees
    if sees:
        assert get_report_for_staff(staff[who], report.municipality, report.service_request_id)
    else:
        with pytest.raises(NotFound):
            get_report_for_staff(staff[who], report.municipality, report.service_request_id)
        with pytest.raises(NotFound):
            internal_notes_for(staff[who], report)


def test_visible_reports__unrouted_reports_only_for_coordinators(submit, staff, municipality):
    report = submit()
    assert visible_reports(staff["coordinator"], municipality).filter(pk=report.pk).exists()
    assert not visible_reports(staff["street_handler"], municipality).exists()
    queue = staff_queue(staff["coordinator"], municipality, QueueFilter(unrouted=True))
    assert list(queue) == [report]


def test_get_report_contact__for_handlers_with_an_audit_row(report, staff):
    contact = get_report_contact(staff["street_handler"], report, ip_address="10.0.0.1")
    assert contact.email == "anna@example.org"
    row = AuditEvent.objects.get(action=AuditAction.REPORT_CONTACT_VIEWED)
    assert row.ip_address == "10.0.0.1"
    for who in ("street_viewer", "reporter"):
        with pytest.raises(NotFound):
            get_report_contact(staff[who], report)
    assert AuditEvent.objects.filter(action=AuditAction.REPORT_CONTACT_VIEWED).count() == 1


def test_staff_queue__overdue_first_then_oldest(submit, routed, staff, municipality):
    fresh, late = submit(), submit()
    Report.objects.filter(pk=late.pk).update(expected_at=timezone.now() - timedelta(hours=1))
    queue = list(staff_queue(staff["street_handler"], municipality))
    assert [r.pk for r in queue] == [late.pk, fresh.pk]
    assert queue[0].is_overdue
    assert not queue[1].is_overdue
    assert [r.pk for r in overdue_reports(staff["street_handler"], municipality)] == [late.pk]
    only = staff_queue(staff["street_handler"], municipality, QueueFilter(overdue=True))
    assert [r.pk for r in only] == [late.pk]
    change_status(actor=staff["street_handler"], report=late, status="fixed")
    assert not overdue_reports(staff["street_handler"], municipality).exists()
    assert list(staff_queue(staff["street_handler"], municipality)) == [fresh]


def test_staff_queue__query_count_does_not_grow(
    submit, routed, staff, municipality, django_assert_num_queries
):
    for _ in range(4):
        submit()
    viewer = staff["street_handler"]
    list(staff_queue(viewer, municipality))  # memberships are cached per user
    # The rows, plus the audit row of the read (the count and its insert).
    with django_assert_num_queries(3):
        rows = list(staff_queue(viewer, municipality))
        assert all(r.service.name and r.responsible_organisation.name for r in rows)
    listed = AuditEvent.objects.filter(action=AuditAction.REPORTS_LISTED).last()
    assert listed is not None
    assert listed.details["count"] == 4
    assert listed.actor == viewer


def test_get_report_for_staff__writes_a_read_audit_row(submit, routed, staff, municipality):
    report = submit()
    get_report_for_staff(staff["street_handler"], municipality, report.service_request_id)
    row = AuditEvent.objects.get(action=AuditAction.REPORT_VIEWED)
    assert row.actor == staff["street_handler"]
    assert row.target_id == str(report.pk)


def test_nearby_open_reports__same_service_open_within_the_radius(
    submit, routed, staff, municipality, service
):
    near = submit()
    east = submit(lon=CENTRUM_POINT[0] + 0.001, lat=CENTRUM_POINT[1])  # ~57 m
    far = submit(lon=CENTRUM_POINT[0] + 0.01, lat=CENTRUM_POINT[1])  # ~570 m
    closed = submit()
    change_status(actor=staff["street_handler"], report=closed, status="fixed")
    from tests.reports.conftest import make_service

    other = make_service(municipality, code="belysning", category="dark_place")
    submit(service=other)
    found = nearby_open_reports(
        municipality, service, lat=CENTRUM_POINT[1], lon=CENTRUM_POINT[0], radius_m=100
    )
    assert [n.report.service_request_id for n in found] == [
        near.service_request_id,
        east.service_request_id,
    ]
    assert found[0].distance_m == pytest.approx(0, abs=0.01)
    assert found[1].distance_m == pytest.approx(56.9, abs=1)
    assert far.service_request_id not in {n.report.service_request_id for n in found}


def _fixed(submit, actor, hours: float, organisation=None):
    report = submit()
    if organisation is not None:
        reroute(actor=actor, report=report, organisation=organisation)
    change_status(actor=actor, report=report, status="fixed")
    Report.objects.filter(pk=report.pk).update(
        requested_at=timezone.now() - timedelta(hours=hours), closed_at=timezone.now()
    )
    return report


def test_fix_time_table__median_and_no_rank_below_the_minimum_count(
    submit, routed, staff, municipality, organisations
):
    actor = staff["coordinator"]
    TargetTime.objects.filter(service__municipality=municipality).delete()
    for hours in (10, 20, 30, 40, 50):
        _fixed(submit, actor, hours)
    _fixed(submit, actor, 1, organisations["bostad"])  # one very quick fix
    table = fix_time_table(actor, municipality, min_count=5)
    assert [(r.organisation, r.fixed, r.rank) for r in table] == [
        ("Gatuavdelningen", 5, 1),
        ("Kommunfastigheter", 1, None),
    ]
    assert table[0].median_hours == pytest.approx(30, abs=0.01)
    assert table[1].median_hours == pytest.approx(1, abs=0.01)
    ranked_with_one = fix_time_table(actor, municipality, min_count=1)
    assert ranked_with_one[0].organisation == "Kommunfastigheter"


def test_fix_time_table__within_target_share_and_members_only(submit, routed, staff, municipality):
    actor = staff["coordinator"]
    on_time = _fixed(submit, actor, 10)
    late = _fixed(submit, actor, 100)
    now = timezone.now()
    Report.objects.filter(pk=on_time.pk).update(expected_at=now + timedelta(hours=1))
    Report.objects.filter(pk=late.pk).update(expected_at=now - timedelta(hours=1))
    (row,) = fix_time_table(actor, municipality, min_count=1)
    assert row.within_target == 0.5
    other = OrganisationFactory(municipality__code="0180", municipality__name="Stockholm")
    from tests.factories import member
    from trygga.accounts.models import Role

    outsider = member(other, Role.COORDINATOR)
    with pytest.raises(NotFound):
        fix_time_table(outsider, municipality)
