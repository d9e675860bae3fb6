"""The residents' report pages: the start page, the form (attributes by datatype, photo and
location errors on their fields), the nearby question and joining a report, the rate limit
that keeps what was sent, the receipt and the tracking page that shows no personal data.

The fixtures here (the demo's report configuration) are shared with the staff pages' and
the browser tests."""

import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from tests.factories import (
    CENTRUM_POINT,
    FROSLUNDA_POINT,
    NYFORS_POINT,
    STOCKHOLM_POINT,
    OrganisationFactory,
    member,
)
from trygga.accounts.models import OrganisationKind, Role
from trygga.audit.models import AuditAction, AuditEvent
from trygga.events.models import Event
from trygga.geography.models import Municipality
from trygga.reports.actions import submit_report
from trygga.reports.links import tracking_path
from trygga.reports.models import HeldSubmission, Report, ReportContact, Service
from trygga.reports.seed import seed_demo_reports
from trygga.reports.statuses import Status

START_URL = reverse("web:report_start", kwargs={"code": "0484"})


def form_url(code: str) -> str:
    return reverse("web:report_form", kwargs={"code": "0484", "service_code": code})


@pytest.fixture
def street(municipality):
    return OrganisationFactory(
        municipality=municipality,
        name="Gatuavdelningen",
        kind=OrganisationKind.MUNICIPAL_DEPARTMENT,
    )


@pytest.fixture
def services(municipality, organisations, street):
    """The demo's services, routing rules, target times and response templates."""
    seed_demo_reports(
        municipality=municipality,
        organisations={
            "trygga": organisations["kommun"],
            "kommunfastigheter": organisations["bostad"],
            "gatuavdelningen": street,
        },
    )
    return {s.service_code: s for s in Service.objects.filter(municipality=municipality)}


@pytest.fixture
def staff(people, street):
    """The shared people and the street unit's handler and viewer."""
    return {
        **people,
        "street_handler": member(street, Role.REPORTER, "gata1"),
        "street_viewer": member(street, Role.VIEWER, "gata2"),
    }


@pytest.fixture
def file_report(municipality, services):
    """A resident's report through the core, as the form files it."""

    def _file(code="belysning", point=NYFORS_POINT, **overrides):
        fields = {
            "municipality": municipality,
            "service": services[code],
            "description": "Lampan vid gångvägen är släckt.",
            "lon": point[0],
            "lat": point[1],
            "attributes": {"fel": "1"} if code == "belysning" else {},
        }
        fields.update(overrides)
        return submit_report(**fields)

    return _file


def jpeg_bytes(size=(64, 48), gps: bool = False) -> bytes:
    image = Image.new("RGB", size, (200, 40, 40))
    buffer = io.BytesIO()
    if gps:
        exif = Image.Exif()
        exif[0x8825] = {1: "N", 2: (59.0, 22.0, 30.0), 3: "E", 4: (16.0, 31.0, 0.0)}
        image.save(buffer, format="JPEG", exif=exif)
    else:
        image.save(buffer, format="JPEG")
    return buffer.getvalue()


def upload(name: str, content: bytes, content_type: str = "image/jpeg"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.fixture
def lamp_data():
    """A valid submission of the street-light form at a point in Nyfors."""
    return {
        "location_lat": f"{NYFORS_POINT[1]}",
        "location_lon": f"{NYFORS_POINT[0]}",
        "address_string": "Gångvägen vid Nyforsskolan",
        "description": "Lampan är släckt sedan i måndags. Ring mig på 070-123 45 67.",
        "attr_fel": "1",
        "attr_stolpnummer": "A-1234",
        "email": "anna.svensson@example.org",
        "name": "Anna Maria Svensson",
        "phone": "070-123 45 67",
        "nearby_checked": "1",
    }


# --- start page -----------------------------------------------------------------------


def test_start__lists_the_services_by_group_with_the_emergency_notice_first(client, services):
    response = client.get(START_URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert "112" in body
    assert "114 14" in body
    assert body.index("112") < body.index("Trasig belysning")
    for service in services.values():
        assert form_url(service.service_code) in body
    assert "Gata och belysning" in body
    assert 'href="/konto/login/' not in body  # residents need no account


def test_start__unknown_or_inactive_municipality_is_404(client, services, municipality):
    assert client.get(reverse("web:report_start", kwargs={"code": "9999"})).status_code == 404
    Municipality.objects.filter(pk=municipality.pk).update(is_active=False)
    assert client.get(START_URL).status_code == 404


def test_form__unknown_or_inactive_service_is_404(client, services):
    assert client.get(form_url("finns-inte")).status_code == 404
    Service.objects.filter(service_code="lekplats").update(is_active=False)
    assert client.get(form_url("lekplats")).status_code == 404


# --- the form --------------------------------------------------------------------------


def test_form__renders_every_attribute_by_its_datatype(client, services):
    body = client.get(form_url("belysning")).content.decode()
    assert 'type="radio" name="attr_fel"' in body  # singlevaluelist: radio buttons
    assert 'name="attr_stolpnummer"' in body
    assert 'maxlength="500"' in body
    body = client.get(form_url("klotter")).content.decode()
    assert 'type="checkbox" name="attr_underlag"' in body  # multivaluelist
    assert 'name="attr_yta"' in body
    assert 'inputmode="decimal"' in body
    body = client.get(form_url("skadegorelse")).content.decode()
    assert 'type="datetime-local" name="attr_upptackt"' in body  # datetime
    body = client.get(form_url("otrygg-plats")).content.decode()
    assert '<textarea name="attr_varfor"' in body  # text
    body = client.get(form_url("sprutor")).content.decode()
    assert 'name="attr_varning"' not in body  # not variable: information only
    assert services["sprutor"].attributes.get(code="varning").description in body


def test_form__has_the_privacy_notice_and_the_map(client, services, settings):
    settings.REPORT_CONTACT_RETENTION_DAYS = 90
    body = client.get(form_url("belysning")).content.decode()
    assert "raderar dem 90 dagar efter att ärendet har avslutats" in body
    assert "allmän handling" in body
    assert 'data-report-map="picker"' in body
    assert "Använd min position" in body
    assert 'id="report-config"' in body


def test_form__files_a_report_and_shows_the_receipt(client, services, lamp_data, street):
    response = client.post(form_url("belysning"), lamp_data)
    report = Report.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("web:report_receipt", args=[report.tracking_token])
    assert report.service.service_code == "belysning"
    assert report.district.name == "Nyfors"
    assert report.responsible_organisation == street
    assert report.attributes == {"fel": "1", "stolpnummer": "A-1234"}
    assert report.address_string == "Gångvägen vid Nyforsskolan"
    assert report.channel == "web"
    assert "070-123 45 67" in report.description
    assert "070-123 45 67" not in report.public_description
    contact = ReportContact.objects.get(report=report)
    assert (contact.first_name, contact.last_name) == ("Anna Maria", "Svensson")
    assert contact.email == "anna.svensson@example.org"
    assert contact.wants_updates
    assert Event.objects.filter(pk=report.event_id).exists()

    receipt = client.get(response["Location"])
    body = receipt.content.decode()
    assert report.service_request_id in body
    assert f"http://testserver{tracking_path(report.tracking_token)}" in body
    assert "Gatuavdelningen" in body  # who is responsible
    assert "Vi har också skickat den till din e-post" in body
    assert receipt["Cache-Control"] == "private, no-store"
    assert receipt["Referrer-Policy"] == "no-referrer"


def test_form__address_alone_is_enough_without_the_map(client, services, lamp_data):
    del lamp_data["location_lat"], lamp_data["location_lon"]
    response = client.post(form_url("belysning"), lamp_data)
    assert response.status_code == 302
    report = Report.objects.get()
    assert report.lat is None
    assert report.address_string == "Gångvägen vid Nyforsskolan"


def test_form__errors_name_their_fields_and_keep_the_text(client, services, lamp_data):
    del lamp_data["location_lat"], lamp_data["location_lon"], lamp_data["address_string"]
    lamp_data["attr_fel"] = ""
    lamp_data["email"] = "anna@"
    response = client.post(form_url("belysning"), lamp_data)
    assert response.status_code == 200
    form = response.context["form"]
    assert "Välj platsen" in form.errors["location"][0]
    assert form.errors["attr_fel"] == ["Frågan måste besvaras."]
    assert "E-postadressen ser inte rätt ut" in form.errors["email"][0]
    body = response.content.decode()
    assert 'id="error-summary"' in body
    assert "Lampan är släckt sedan i måndags." in body  # the text is not lost
    assert not Report.objects.exists()


def test_form__description_is_needed_for_a_new_report(client, services, lamp_data):
    lamp_data["description"] = "  "
    response = client.post(form_url("belysning"), lamp_data)
    assert response.context["form"].errors["description"] == ["Beskriv felet med några ord."]


def test_form__attribute_answers_are_checked_by_the_core_rules(client, services):
    data = {
        "address_string": "Torget",
        "description": "Klotter på elskåpet.",
        "attr_krankande": "2",
        "attr_yta": "tre",
        "nearby_checked": "1",
    }
    response = client.post(form_url("klotter"), data)
    assert response.context["form"].errors["attr_yta"] == ["Ange ett tal."]
    data["attr_yta"] = "2,5"
    data["attr_underlag"] = ["1", "4"]
    assert client.post(form_url("klotter"), data).status_code == 302
    assert Report.objects.get().attributes == {"krankande": "2", "underlag": ["1", "4"], "yta": 2.5}


def test_form__datetime_answer_is_stored_in_utc(client, services):
    data = {
        "address_string": "Busskuren på Kungsgatan",
        "description": "Krossad busskur.",
        "attr_foremal": "1",
        "attr_upptackt": "2025-06-13T21:30",
        "nearby_checked": "1",
    }
    assert client.post(form_url("skadegorelse"), data).status_code == 302
    assert Report.objects.get().attributes["upptackt"] == "2025-06-13T19:30:00Z"


def test_form__point_outside_the_municipality_is_refused_on_the_location(
    client, services, lamp_data
):
    lamp_data["location_lon"], lamp_data["location_lat"] = map(str, STOCKHOLM_POINT)
    response = client.post(form_url("belysning"), lamp_data)
    assert response.status_code == 200
    assert "utanför Eskilstuna" in response.context["form"].errors["location"][0]
    assert not Report.objects.exists()


# --- photos ----------------------------------------------------------------------------


def test_form__photo_is_stored_without_its_gps_metadata(client, services, lamp_data):
    lamp_data["photo"] = upload("lampa.jpg", jpeg_bytes(gps=True))
    assert client.post(form_url("belysning"), lamp_data).status_code == 302
    report = Report.objects.get()
    with report.photo.open("rb") as stored, Image.open(stored) as image:
        assert image.getexif() == {}
    assert not report.photo_is_public


def test_form__too_large_photo_is_refused_with_its_size(client, services, lamp_data, settings):
    settings.REPORT_PHOTO_MAX_MB = 1
    big = jpeg_bytes() + b"\0" * (1024 * 1024 + 200_000)
    lamp_data["photo"] = upload("stor.jpg", big)
    response = client.post(form_url("belysning"), lamp_data)
    error = response.context["form"].errors["photo"][0]
    assert error == "Fotot är för stort: 1,2 MB. Högst 1 MB."
    assert "Lampan är släckt" in response.content.decode()
    assert not Report.objects.exists()


def test_form__a_file_that_is_no_photo_is_refused_by_name(client, services, lamp_data):
    lamp_data["photo"] = upload("anteckning.txt", b"inte en bild", "text/plain")
    response = client.post(form_url("belysning"), lamp_data)
    assert "anteckning.txt är ingen bild" in response.context["form"].errors["photo"][0]


def test_form__a_gif_is_refused_by_its_format(client, services, lamp_data):
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8)).save(buffer, format="GIF")
    lamp_data["photo"] = upload("bild.gif", buffer.getvalue(), "image/gif")
    response = client.post(form_url("belysning"), lamp_data)
    assert "GIF tas inte emot" in response.context["form"].errors["photo"][0]


# --- nearby reports: "Är det något av dessa?" ----------------------------------------


def test_nearby_json__gives_the_district_and_open_reports_of_the_service(
    client, services, file_report
):
    original = file_report()
    file_report(point=FROSLUNDA_POINT)  # far away
    file_report(code="klotter", attributes={"krankande": "2"})  # another service
    closed = file_report(description="Redan lagad lampa.")
    Report.objects.filter(pk=closed.pk).update(status=Status.FIXED)
    url = reverse("web:report_nearby", args=["0484", "belysning"])
    data = client.get(url, {"lat": NYFORS_POINT[1] + 0.0003, "lon": NYFORS_POINT[0]}).json()
    assert data["inside"] is True
    assert data["district"] == "Nyfors"
    assert [r["id"] for r in data["reports"]] == [original.service_request_id]
    item = data["reports"][0]
    assert item["distance"] == 30
    assert item["statusLabel"] == "Mottagen"
    assert set(item) == {
        "id", "status", "statusLabel", "requested", "description", "address", "distance",
    }  # fmt: skip


def test_nearby_json__outside_and_bad_input(client, services):
    url = reverse("web:report_nearby", args=["0484", "belysning"])
    outside = client.get(url, {"lat": STOCKHOLM_POINT[1], "lon": STOCKHOLM_POINT[0]}).json()
    assert outside == {"inside": False, "district": "", "reports": []}
    bad = client.get(url, {"lat": "norr", "lon": "16.5"})
    assert bad.status_code == 400
    assert "lat och lon" in bad.json()["error"]
    assert client.get(url, {"lat": "95", "lon": "16.5"}).status_code == 400


def test_nearby_json__keeps_the_public_description_only(client, services, file_report):
    file_report(description="Släckt lampa, ring Kalle på 070-987 65 43.")
    url = reverse("web:report_nearby", args=["0484", "belysning"])
    data = client.get(url, {"lat": NYFORS_POINT[1], "lon": NYFORS_POINT[0]}).json()
    assert "070-987 65 43" not in data["reports"][0]["description"]


def test_form__asks_about_nearby_reports_before_filing_without_the_script(
    client, services, lamp_data, file_report
):
    original = file_report()
    del lamp_data["nearby_checked"]
    response = client.post(form_url("belysning"), lamp_data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Är det något av dessa?" in body
    assert f'name="join" value="{original.service_request_id}"' in body
    assert Report.objects.count() == 1
    # Sent again as it came back (the list was seen): filed as a new report.
    lamp_data["nearby_checked"] = "1"
    lamp_data["nearby_seen"] = original.service_request_id
    assert client.post(form_url("belysning"), lamp_data).status_code == 302
    assert Report.objects.count() == 2


def test_form__asks_again_when_a_nearby_report_arrived_after_the_script_asked(
    client, services, lamp_data, file_report
):
    file_report()
    response = client.post(form_url("belysning"), {**lamp_data, "nearby_seen": ""})
    assert "Är det något av dessa?" in response.content.decode()
    assert Report.objects.count() == 1


def test_form__joining_a_nearby_report_follows_it(
    client, services, lamp_data, file_report, smtp_inbox, django_capture_on_commit_callbacks
):
    original = file_report()
    events_before = Event.objects.count()
    lamp_data["join"] = original.service_request_id
    lamp_data["description"] = ""
    del lamp_data["attr_fel"]  # the required question: the followed report's answer stands
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(form_url("belysning"), lamp_data)
    assert response.status_code == 302
    joined = Report.objects.exclude(pk=original.pk).get()
    assert joined.status == Status.DUPLICATE
    assert joined.duplicate_of == original
    assert joined.event_id is None
    assert joined.attributes == {"fel": "1", "stolpnummer": "A-1234"}
    assert Event.objects.count() == events_before  # the matter counts once
    assert AuditEvent.objects.filter(
        action=AuditAction.REPORT_DUPLICATE_MARKED, target_id=str(joined.pk)
    ).exists()
    receipt = client.get(response["Location"]).content.decode()
    assert f"Du följer nu ärende {original.service_request_id}" in receipt
    tracking = client.get(tracking_path(joined.tracking_token)).content.decode()
    assert f"samma fel som ärende {original.service_request_id}" in tracking
    assert "Mottagen" in tracking  # the original's status
    assert len(smtp_inbox.messages) == 1  # the acknowledgement with the joiner's own link
    assert tracking_path(joined.tracking_token) in smtp_inbox.bodies()[0]


def test_form__joining_refuses_a_report_that_is_not_nearby_and_open(
    client, services, lamp_data, file_report
):
    far = file_report(point=FROSLUNDA_POINT)
    lamp_data["join"] = far.service_request_id
    response = client.post(form_url("belysning"), lamp_data)
    assert response.status_code == 200
    assert far.service_request_id in response.context["form"].non_field_errors()[0]
    assert Report.objects.count() == 1


# --- the rate limit keeps what was sent ----------------------------------------------


def test_form__rate_limited_submission_is_held_and_shown_again(
    client, services, lamp_data, settings
):
    settings.REPORT_RATE_LIMIT_COUNT = 1
    assert client.post(form_url("belysning"), lamp_data).status_code == 302
    lamp_data["nearby_seen"] = Report.objects.get().service_request_id
    lamp_data["description"] = "En andra lampa är också släckt, vid bron."
    lamp_data["photo"] = upload("lampa.jpg", jpeg_bytes())
    response = client.post(form_url("belysning"), lamp_data)
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    body = response.content.decode()
    assert "Din anmälan är sparad, men inte registrerad än" in body
    assert "En andra lampa är också släckt, vid bron." in body  # re-rendered in the form
    assert Report.objects.count() == 1
    held = HeldSubmission.objects.get()
    assert held.reason == "rate_limited"
    assert held.payload["description"] == "En andra lampa är också släckt, vid bron."
    assert held.payload["service_code"] == "belysning"
    assert held.payload["lat"] == pytest.approx(NYFORS_POINT[1])
    assert held.payload["email"] == "anna.svensson@example.org"
    assert held.photo


# --- tracking ------------------------------------------------------------------------


def test_tracking__path_is_the_one_mails_link_to():
    assert reverse("web:report_tracking", args=["abc_-123"]) == tracking_path("abc_-123")


def test_tracking__shows_history_and_public_notes_but_no_personal_data(
    client, services, lamp_data, staff
):
    from trygga.reports.actions import add_internal_note, change_status, forward

    client.post(form_url("belysning"), lamp_data)
    report = Report.objects.get()
    handler = staff["street_handler"]
    change_status(
        actor=handler, report=report, status=Status.IN_PROGRESS, note="Vi tittar på det, Anna."
    )
    add_internal_note(actor=handler, report=report, text="Intern: kabelfel, ring elbolaget.")
    forward(actor=handler, report=report, to="Eskilstuna Energi och Miljö", note="Deras stolpe.")
    response = client.get(tracking_path(report.tracking_token))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Vidarebefordrad till Eskilstuna Energi och Miljö" in body
    assert "Deras stolpe." in body
    assert "Ny status: Under behandling" in body
    assert "Anmälan mottogs" in body
    for secret in (
        "anna.svensson@example.org",
        "070-123 45 67",
        "Svensson",
        "Intern: kabelfel",
        handler.username,
        "A-1234",  # answers are not listed on the tracking page
    ):
        assert secret not in body, secret
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert response["Cache-Control"] == "private, no-store"


def test_tracking__expected_date_and_overdue(client, services, file_report):
    report = file_report()
    Report.objects.filter(pk=report.pk).update(expected_at=timezone.now() - timedelta(days=1))
    body = client.get(tracking_path(report.tracking_token)).content.decode()
    assert "Beräknas klart" in body
    assert "Försenat" in body


def test_tracking__unknown_token_is_404(client, services):
    assert client.get(tracking_path("x" * 43)).status_code == 404
    assert client.get(reverse("web:report_receipt", args=["nope"])).status_code == 404
    assert client.get(tracking_path("y" * 80)).status_code == 404


def test_tracking__photo_is_public_only_once_published(client, services, file_report, staff):
    from trygga.reports.actions import set_photo_public

    report = file_report(photo=upload("lampa.jpg", jpeg_bytes()))
    photo_url = reverse("web:report_public_photo", args=[report.tracking_token])
    assert client.get(photo_url).status_code == 404
    assert photo_url not in client.get(tracking_path(report.tracking_token)).content.decode()
    set_photo_public(actor=staff["street_handler"], report=report, public=True)
    response = client.get(photo_url)
    assert response.status_code == 200
    assert response.content[:2] == b"\xff\xd8"
    assert photo_url in client.get(tracking_path(report.tracking_token)).content.decode()


def test_tracking__query_count_does_not_grow_with_the_history(
    client, services, file_report, staff, django_assert_max_num_queries
):
    from trygga.reports.actions import change_status

    report = file_report()
    for status in (Status.IN_PROGRESS, Status.ACTION_SCHEDULED, Status.IN_PROGRESS):
        change_status(actor=staff["coordinator"], report=report, status=status, note="Steg.")
    with django_assert_max_num_queries(8):
        client.get(tracking_path(report.tracking_token))


def test_public_districts__outline_and_districts_without_login(client, services):
    response = client.get(reverse("web:report_districts", args=["0484"]))
    assert response.status_code == 200
    kinds = [f["properties"]["kind"] for f in response.json()["features"]]
    assert kinds[0] == "municipality"
    assert kinds.count("district") == 26


def test_form__files_in_english_for_an_english_reader(client, services, lamp_data):
    client.cookies["django_language"] = "en"
    client.post(form_url("belysning"), lamp_data)
    assert ReportContact.objects.get().language == "en"


def test_form__without_contact_no_contact_row(client, services, lamp_data):
    for key in ("email", "name", "phone"):
        lamp_data[key] = ""
    lamp_data["description"] = "Släckt lampa."
    response = client.post(form_url("belysning"), lamp_data)
    assert not ReportContact.objects.exists()
    receipt = client.get(response["Location"]).content.decode()
    assert "Du angav ingen e-postadress" in receipt


def test_form__centrum_point_routes_by_the_demo_rules(client, services, lamp_data, street):
    lamp_data["location_lon"], lamp_data["location_lat"] = map(str, CENTRUM_POINT)
    client.post(form_url("belysning"), lamp_data)
    assert Report.objects.get().responsible_organisation == street


def test_form__a_failing_step_keeps_the_submission_as_held(
    client, services, lamp_data, municipality, street
):
    from trygga.reports.models import RoutingRule

    # A drawn area stored without the model's checks: routing cannot read it.
    RoutingRule.objects.create(
        municipality=municipality,
        name="Trasigt område",
        organisation=street,
        area={"type": "Polygon", "coordinates": [[[16.5, 59.3], [16.6]]]},
        area_name="Trasigt",
    )
    response = client.post(form_url("belysning"), lamp_data)
    assert response.status_code == 500
    body = response.content.decode()
    assert "Något gick fel hos oss, men din anmälan är sparad" in body
    assert "Lampan är släckt sedan i måndags." in body
    assert not Report.objects.exists()
    held = HeldSubmission.objects.get()
    assert held.reason == "failed"
    assert held.payload["description"].startswith("Lampan är släckt")
