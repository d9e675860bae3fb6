"""The staff's report pages: the triage queue (filters, overdue flags, bulk actions), a
report's page (original text, contact for handlers only and logged, internal notes, status
with templates, forwarding, re-routing, assignment, duplicates) and the fix-time table."""

# The shared fixtures are imported from the public pages' tests; pytest passes them by name.
# ruff: noqa: F811

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import FROSLUNDA_POINT, NYFORS_POINT
from tests.web.test_report_pages import (  # noqa: F401
    file_report,
    jpeg_bytes,
    services,
    staff,
    street,
    upload,
)
from trygga.audit.models import AuditAction, AuditEvent
from trygga.reports.links import tracking_path
from trygga.reports.models import InternalNote, Report, ResponseTemplate
from trygga.reports.statuses import Status

QUEUE_URL = reverse("web:report_queue", kwargs={"code": "0484"})
BULK_URL = reverse("web:report_bulk", kwargs={"code": "0484"})
FIX_URL = reverse("web:report_fix_times", kwargs={"code": "0484"})


def detail_url(report: Report) -> str:
    return reverse("web:report_detail", args=["0484", report.service_request_id])


def act_url(report: Report, action: str) -> str:
    return reverse("web:report_act", args=["0484", report.service_request_id, action])


@pytest.fixture
def reports(file_report, services):
    """Street lights (street unit), an unsafe place in Nyfors (coordinating office) and an
    overdue graffiti report (street unit)."""
    lamp = file_report(description="Släckt lampa. Anmält av Anna Svensson, 070-123 45 67.")
    unsafe = file_report(
        code="otrygg-plats",
        point=NYFORS_POINT,
        description="Mörk gångtunnel.",
        attributes={"tid": ["1"]},
    )
    graffiti = file_report(
        code="klotter",
        point=FROSLUNDA_POINT,
        description="Klotter på busskuren.",
        attributes={"krankande": "2"},
        email="boende@example.org",
        phone="070-555 55 55",
        first_name="Bo",
        last_name="Ende",
        wants_updates=True,
    )
    Report.objects.filter(pk=graffiti.pk).update(expected_at=timezone.now() - timedelta(hours=5))
    return {"lamp": lamp, "unsafe": unsafe, "graffiti": graffiti}


def login(client, user):
    client.force_login(user)
    return client


# --- access ----------------------------------------------------------------------------


def test_queue__anonymous_is_sent_to_log_in_and_outsiders_get_404(client, reports, staff, outsider):
    response = client.get(QUEUE_URL)
    assert response.status_code == 302
    assert "/konto/login/" in response["Location"]
    login(client, outsider)
    assert client.get(QUEUE_URL).status_code == 404
    assert client.get(detail_url(reports["lamp"])).status_code == 404


def test_queue__coordinator_sees_all_and_an_organisation_its_own(client, reports, staff):
    body = login(client, staff["coordinator"]).get(QUEUE_URL).content.decode()
    for report in reports.values():
        assert report.service_request_id in body
    body = login(client, staff["street_handler"]).get(QUEUE_URL).content.decode()
    assert reports["lamp"].service_request_id in body
    assert reports["graffiti"].service_request_id in body
    assert reports["unsafe"].service_request_id not in body
    # The police see no report of another organisation, and the page does not 404 either.
    response = login(client, staff["viewer"]).get(QUEUE_URL)
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 0


def test_detail__another_organisations_report_is_404(client, reports, staff):
    login(client, staff["street_handler"])
    assert client.get(detail_url(reports["unsafe"])).status_code == 404
    assert (
        client.post(act_url(reports["unsafe"], "anteckning"), {"internal-text": "x"}).status_code
        == 404
    )


def test_queue__overdue_first_and_flagged(client, reports, staff):
    response = login(client, staff["coordinator"]).get(QUEUE_URL)
    rows = list(response.context["page"].object_list)
    assert rows[0] == reports["graffiti"]
    body = response.content.decode()
    assert 'class="row--overdue"' in body
    assert "Försenad" in body


def test_queue__filters(client, reports, staff, services, organisations):
    login(client, staff["coordinator"])

    def numbers(**params):
        response = client.get(QUEUE_URL, params)
        assert response.status_code == 200, response.context["form"].errors
        return {r.service_request_id for r in response.context["page"].object_list}

    assert numbers(overdue="on") == {reports["graffiti"].service_request_id}
    assert numbers(service=services["belysning"].pk) == {reports["lamp"].service_request_id}
    assert numbers(organisation=organisations["kommun"].pk) == {
        reports["unsafe"].service_request_id
    }
    froslunda = reports["graffiti"].district_id
    assert numbers(district=froslunda) == {reports["graffiti"].service_request_id}
    assert numbers(q=reports["lamp"].service_request_id.lower()) == {
        reports["lamp"].service_request_id
    }
    assert numbers(mine="on") == set()
    Report.objects.filter(pk=reports["lamp"].pk).update(assignee=staff["coordinator"])
    assert numbers(mine="on") == {reports["lamp"].service_request_id}
    Report.objects.filter(pk=reports["unsafe"].pk).update(status=Status.FIXED)
    assert reports["unsafe"].service_request_id not in numbers()
    assert numbers(status="closed") == {reports["unsafe"].service_request_id}
    assert len(numbers(status="all")) == 3
    assert numbers(status="fixed") == {reports["unsafe"].service_request_id}


def test_queue__a_bad_filter_names_the_field(client, reports, staff):
    response = login(client, staff["coordinator"]).get(QUEUE_URL, {"service": "999999"})
    assert "service" in response.context["form"].errors
    assert "Filtren behöver rättas" in response.content.decode()


def test_queue__query_count_does_not_grow_with_the_reports(
    client, reports, staff, file_report, django_assert_max_num_queries
):
    login(client, staff["coordinator"])
    client.get(QUEUE_URL)
    for _ in range(10):
        file_report(point=FROSLUNDA_POINT)
    with django_assert_max_num_queries(16):
        response = client.get(QUEUE_URL)
    assert response.context["page"].paginator.count == 13


def test_queue__viewers_get_no_bulk_form(client, reports, staff):
    body = login(client, staff["street_viewer"]).get(QUEUE_URL).content.decode()
    assert reports["lamp"].service_request_id in body
    assert 'name="bulk-reports"' not in body


# --- the report page -------------------------------------------------------------------


def test_detail__shows_the_original_text_flagged_and_links_the_event(client, reports, staff):
    report = reports["lamp"]
    body = login(client, staff["street_handler"]).get(detail_url(report)).content.decode()
    assert "070-123 45 67" in body  # staff see the original
    assert "Innehåller personuppgifter." in body
    assert reverse("web:event_detail", args=["0484", report.event_id]) in body
    assert "Aldrig publikt" in body
    assert tracking_path(report.tracking_token) in body


def test_detail__contact_only_on_request_for_handlers_and_logged(client, reports, staff):
    report = reports["graffiti"]
    login(client, staff["street_handler"])
    body = client.get(detail_url(report)).content.decode()
    assert "boende@example.org" not in body
    assert not AuditEvent.objects.filter(action=AuditAction.REPORT_CONTACT_VIEWED).exists()
    response = client.get(detail_url(report), {"kontakt": "1"})
    body = response.content.decode()
    assert "boende@example.org" in body
    assert "070-555 55 55" in body
    assert "Bo Ende" in body
    assert response["Cache-Control"] == "private, no-store"
    viewed = AuditEvent.objects.get(action=AuditAction.REPORT_CONTACT_VIEWED)
    assert viewed.actor == staff["street_handler"]
    # A viewer of the same organisation reads the report but never the contact.
    login(client, staff["street_viewer"])
    body = client.get(detail_url(report), {"kontakt": "1"}).content.decode()
    assert "boende@example.org" not in body
    assert "Visas bara för dem som handlägger ärendet." in body
    assert 'id="status-form"' not in body
    assert AuditEvent.objects.filter(action=AuditAction.REPORT_CONTACT_VIEWED).count() == 1


def test_detail__viewer_cannot_act(client, reports, staff):
    login(client, staff["street_viewer"])
    response = client.post(
        act_url(reports["lamp"], "status"),
        {"status-status": Status.IN_PROGRESS, "status-note": ""},
    )
    assert response.status_code == 403
    assert Report.objects.get(pk=reports["lamp"].pk).status == Status.RECEIVED


def test_status__change_with_a_public_note(client, reports, staff):
    report = reports["lamp"]
    login(client, staff["street_handler"])
    response = client.post(
        act_url(report, "status"),
        {"status-status": Status.IN_PROGRESS, "status-note": "Vi byter lampan i veckan."},
    )
    assert response.status_code == 302
    assert response["Location"] == detail_url(report)
    report.refresh_from_db()
    assert report.status == Status.IN_PROGRESS
    assert report.public_status_note == "Vi byter lampan i veckan."
    page = client.get(detail_url(report)).content.decode()
    assert "Status: Under behandling" in page  # the message
    tracking = client.get(tracking_path(report.tracking_token)).content.decode()
    assert "Vi byter lampan i veckan." in tracking


def test_status__a_refused_move_names_the_field(client, reports, staff):
    report = reports["lamp"]
    login(client, staff["street_handler"])
    response = client.post(
        act_url(report, "status"), {"status-status": Status.CLOSED_NOT_FIXED, "status-note": ""}
    )
    assert response.status_code == 400
    assert "Skriv varför" in response.context["status_form"].errors["note"][0]
    response = client.post(act_url(report, "status"), {"status-status": "fixad"})
    assert response.status_code == 400
    assert "status" in response.context["status_form"].errors


def test_status__a_template_with_an_empty_note_is_applied(client, reports, staff):
    report = reports["lamp"]
    template = ResponseTemplate.objects.get(title="Åtgärd planerad")
    login(client, staff["street_handler"])
    client.post(
        act_url(report, "status"),
        {"status-status": report.status, "status-template": template.pk, "status-note": ""},
    )
    report.refresh_from_db()
    assert report.status == Status.ACTION_SCHEDULED
    assert report.public_status_note == template.text


def test_forward__the_reporter_sees_where_it_went(client, reports, staff):
    report = reports["lamp"]
    login(client, staff["street_handler"])
    response = client.post(
        act_url(report, "vidarebefordra"),
        {"forward-to": "Eskilstuna Energi och Miljö", "forward-note": "Elnätet är deras."},
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == Status.FORWARDED
    assert report.forwarded_to == "Eskilstuna Energi och Miljö"
    tracking = client.get(tracking_path(report.tracking_token)).content.decode()
    assert "Vidarebefordrad till Eskilstuna Energi och Miljö" in tracking
    response = client.post(act_url(report, "vidarebefordra"), {"forward-to": ""})
    assert response.status_code == 400
    assert response.context["forward_form"].errors["to"] == ["Ange vart ärendet skickas."]


def test_reroute__another_organisation_takes_it(client, reports, staff, organisations):
    report = reports["lamp"]
    login(client, staff["coordinator"])
    response = client.post(
        act_url(report, "omfordela"), {"reroute-organisation": organisations["bostad"].pk}
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.responsible_organisation == organisations["bostad"]
    # The street unit no longer sees it.
    login(client, staff["street_handler"])
    assert client.get(detail_url(report)).status_code == 404


def test_assign__a_handler_and_back_to_nobody(client, reports, staff):
    report = reports["lamp"]
    login(client, staff["coordinator"])
    client.post(act_url(report, "tilldela"), {"assign-assignee": staff["street_handler"].pk})
    report.refresh_from_db()
    assert report.assignee == staff["street_handler"]
    response = client.post(act_url(report, "tilldela"), {"assign-assignee": staff["viewer"].pk})
    assert response.status_code == 400  # the police viewer may not handle it
    client.post(act_url(report, "tilldela"), {"assign-assignee": ""})
    report.refresh_from_db()
    assert report.assignee is None


def test_duplicate__marks_it_and_refuses_an_unknown_number(client, reports, staff, file_report):
    original = reports["lamp"]
    copy = file_report(description="Samma släckta lampa.")
    login(client, staff["street_handler"])
    response = client.post(act_url(copy, "dubblett"), {"duplicate-original": "ZZZZZZZZ"})
    assert response.status_code == 400
    assert response.context["duplicate_form"].errors["original"] == ["Ärende ZZZZZZZZ finns inte."]
    response = client.post(
        act_url(copy, "dubblett"), {"duplicate-original": original.service_request_id.lower()}
    )
    assert response.status_code == 302
    copy.refresh_from_db()
    assert copy.status == Status.DUPLICATE
    assert copy.duplicate_of == original
    body = client.get(detail_url(original)).content.decode()
    assert copy.service_request_id in body  # listed among the duplicates


def test_internal_note__kept_for_staff_never_public(client, reports, staff):
    report = reports["lamp"]
    login(client, staff["street_handler"])
    response = client.post(
        act_url(report, "anteckning"), {"internal-text": "Kabelfel enligt elbolaget."}
    )
    assert response.status_code == 302
    assert InternalNote.objects.get(report=report).text == "Kabelfel enligt elbolaget."
    assert "Kabelfel enligt elbolaget." in client.get(detail_url(report)).content.decode()
    tracking = client.get(tracking_path(report.tracking_token)).content.decode()
    assert "Kabelfel" not in tracking
    response = client.post(act_url(report, "anteckning"), {"internal-text": ""})
    assert response.status_code == 400
    assert response.context["note_form"].errors["text"] == ["Skriv anteckningen."]


def test_public_text__staff_correct_what_the_redaction_missed(client, reports, staff):
    report = reports["lamp"]
    original = report.description
    login(client, staff["street_handler"])
    corrected = "Lampan vid gångvägen är trasig. Grannen [namn] ringer 070-123 45 67."
    response = client.post(act_url(report, "publik-text"), {"public-public_description": corrected})
    assert response.status_code == 302
    report.refresh_from_db()
    # Redacted again on save; the original stays for staff; the event follows.
    assert report.public_description == (
        "Lampan vid gångvägen är trasig. Grannen [namn] ringer [telefonnummer]."
    )
    assert report.description == original
    assert report.event.description == report.public_description
    tracking = client.get(tracking_path(report.tracking_token)).content.decode()
    assert "Lampan vid gångvägen är trasig." in tracking
    assert "070-123" not in tracking
    assert AuditEvent.objects.filter(action=AuditAction.REPORT_PUBLIC_TEXT_EDITED).count() == 1
    response = client.post(act_url(report, "publik-text"), {"public-public_description": " "})
    assert response.status_code == 400
    assert response.context["public_text_form"].errors["public_description"]


def test_public_text__viewers_cannot_edit_it(client, reports, staff):
    login(client, staff["street_viewer"])
    response = client.post(
        act_url(reports["lamp"], "publik-text"), {"public-public_description": "Annat."}
    )
    assert response.status_code == 403
    assert Report.objects.get(pk=reports["lamp"].pk).public_description != "Annat."


def test_photo__staff_see_it_and_publish_it(client, staff, file_report, services):
    report = file_report(photo=upload("lampa.jpg", jpeg_bytes()))
    login(client, staff["street_handler"])
    photo_url = reverse("web:report_photo", args=["0484", report.service_request_id])
    assert client.get(photo_url).status_code == 200
    public_url = reverse("web:report_public_photo", args=[report.tracking_token])
    assert client.get(public_url).status_code == 404
    assert client.post(act_url(report, "publicera-foto"), {"public": "1"}).status_code == 302
    assert client.get(public_url).status_code == 200
    client.logout()
    assert client.get(photo_url).status_code == 302  # staff view needs a log-in


def test_unknown_action_is_404(client, reports, staff):
    login(client, staff["coordinator"])
    assert client.post(act_url(reports["lamp"], "radera")).status_code == 404


# --- bulk ----------------------------------------------------------------------------


def test_bulk__assign_to_me(client, reports, staff):
    login(client, staff["street_handler"])
    numbers = [reports["lamp"].service_request_id, reports["graffiti"].service_request_id]
    response = client.post(
        BULK_URL,
        {"bulk-reports": numbers, "bulk-action": "assign_me", "next": QUEUE_URL + "?mine=on"},
    )
    assert response.status_code == 302
    assert response["Location"] == QUEUE_URL + "?mine=on"
    assert set(Report.objects.filter(assignee=staff["street_handler"])) == {
        reports["lamp"],
        reports["graffiti"],
    }


def test_bulk__status_with_a_template(client, reports, staff):
    login(client, staff["coordinator"])
    template = ResponseTemplate.objects.get(title="Vi har påbörjat")
    numbers = [r.service_request_id for r in reports.values()]
    client.post(
        BULK_URL,
        {"bulk-reports": numbers, "bulk-action": "status", "bulk-template": template.pk},
    )
    for report in Report.objects.all():
        assert report.status == Status.IN_PROGRESS
        assert report.public_status_note == template.text


def test_bulk__all_or_nothing_with_the_reason(client, reports, staff):
    login(client, staff["coordinator"])
    Report.objects.filter(pk=reports["unsafe"].pk).update(status=Status.FIXED)
    numbers = [r.service_request_id for r in reports.values()]
    response = client.post(
        BULK_URL,
        {"bulk-reports": numbers, "bulk-action": "status", "bulk-status": Status.ACTION_SCHEDULED},
        follow=True,
    )
    body = response.content.decode()
    assert "Ingenting ändrades." in body
    assert reports["unsafe"].service_request_id in body
    assert not Report.objects.filter(status=Status.ACTION_SCHEDULED).exists()


def test_bulk__refuses_reports_the_person_cannot_see_and_an_empty_choice(client, reports, staff):
    login(client, staff["street_handler"])
    response = client.post(
        BULK_URL,
        {"bulk-reports": [reports["unsafe"].service_request_id], "bulk-action": "assign_me"},
        follow=True,
    )
    assert "Ärendena finns inte" in response.content.decode()
    assert Report.objects.get(pk=reports["unsafe"].pk).assignee is None
    response = client.post(BULK_URL, {"bulk-action": "assign_me"}, follow=True)
    assert "Kryssa för minst ett ärende" in response.content.decode()


def test_bulk__ignores_an_outside_next_address(client, reports, staff):
    login(client, staff["coordinator"])
    response = client.post(
        BULK_URL,
        {
            "bulk-reports": [reports["lamp"].service_request_id],
            "bulk-action": "assign_me",
            "next": "https://example.org/",
        },
    )
    assert response["Location"] == QUEUE_URL


# --- fix times -----------------------------------------------------------------------


def _fixed(report: Report, hours: float) -> None:
    closed = report.requested_at + timedelta(hours=hours)
    Report.objects.filter(pk=report.pk).update(status=Status.FIXED, closed_at=closed)


def test_fix_times__medians_ranked_only_above_the_minimum_count(
    client, staff, file_report, organisations, street
):
    for hours in (10, 20, 30, 40, 50):
        _fixed(file_report(), hours)  # the street unit: five fixed, median 30 h
    _fixed(file_report(code="otrygg-plats", attributes={}), 1)  # the office: one, fast
    response = login(client, staff["coordinator"]).get(FIX_URL)
    assert response.status_code == 200
    ranked, unranked = response.context["ranked"], response.context["unranked"]
    assert [(r["organisation"], r["rank"], r["fixed"]) for r in ranked] == [
        ("Gatuavdelningen", 1, 5)
    ]
    assert ranked[0]["median_text"] == "30 timmar"
    assert [(r["organisation"], r["rank"]) for r in unranked] == [("Trygga Eskilstuna", None)]
    body = response.content.decode()
    assert "för få att jämföra" in body
    assert "Trasig belysning" in body  # the target times table
    assert "7 dygn" in body  # belysning's 168 hours


def test_fix_times__members_only(client, staff, outsider, services):
    assert login(client, outsider).get(FIX_URL).status_code == 404
    assert login(client, staff["viewer"]).get(FIX_URL).status_code == 200


def test_nav__members_find_the_queue(client, staff, services):
    body = login(client, staff["viewer"]).get(reverse("web:overview", args=["0484"])).content
    assert QUEUE_URL.encode() in body


# --- held submissions ------------------------------------------------------------------


@pytest.fixture
def held(client, services, settings):
    """A resident's second report, refused by the rate limit and kept."""
    from trygga.reports.models import HeldSubmission

    settings.REPORT_RATE_LIMIT_COUNT = 0
    form = reverse("web:report_form", args=["0484", "belysning"])
    response = client.post(
        form,
        {
            "location_lat": f"{NYFORS_POINT[1]}",
            "location_lon": f"{NYFORS_POINT[0]}",
            "description": "Släckt lampa vid bron, sparad av spärren.",
            "attr_fel": "2",
            "email": "sparrad@example.org",
            "nearby_checked": "1",
        },
    )
    assert response.status_code == 429
    settings.REPORT_RATE_LIMIT_COUNT = 10
    return HeldSubmission.objects.get()


HELD_URL = reverse("web:report_held", kwargs={"code": "0484"})


def test_held__coordinators_register_one_as_a_report(client, held, staff):
    login(client, staff["coordinator"])
    body = client.get(HELD_URL).content.decode()
    assert "Släckt lampa vid bron, sparad av spärren." in body
    assert "sparrad@example.org" in body
    assert "Trasig belysning" in body
    assert "Nyfors" in body  # the point's district
    assert "gränsen är 0 per 60 min" in body
    assert "Sparade inlämningar (1)" in client.get(QUEUE_URL).content.decode()
    url = reverse("web:report_held_resolve", args=["0484", held.pk, "registrera"])
    response = client.post(url)
    report = Report.objects.get()
    assert response["Location"] == detail_url(report)
    assert report.description == "Släckt lampa vid bron, sparad av spärren."
    assert report.requested_at == held.created_at
    assert report.attributes == {"fel": "2"}
    held.refresh_from_db()
    assert held.resolution == "released"
    assert "Inga sparade inlämningar väntar." in client.get(HELD_URL).content.decode()
    again = client.post(url, follow=True)
    assert "redan hanterad" in again.content.decode()
    assert Report.objects.count() == 1


def test_held__discarding_deletes_the_content(client, held, staff):
    login(client, staff["coordinator"])
    url = reverse("web:report_held_resolve", args=["0484", held.pk, "kassera"])
    client.post(url, {"reason": "Dubbelinskickad."})
    held.refresh_from_db()
    assert held.resolution == "discarded"
    assert held.payload == {}


def test_held__only_for_those_who_manage_reports(client, held, staff):
    login(client, staff["street_handler"])
    assert client.get(HELD_URL).status_code == 404
    url = reverse("web:report_held_resolve", args=["0484", held.pk, "registrera"])
    assert client.post(url).status_code == 404
    assert 'id="held-link"' not in client.get(QUEUE_URL).content.decode()
    assert not Report.objects.exists()
