"""The behaviour of each /open311/v2/ endpoint: jurisdictions, POST with its refusals and
limits, the GET filters with the spec's window, paging, privacy of public output, the fine
status, tokens."""

import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from PIL import Image

from tests.factories import (
    CENTRUM_POINT,
    FROSLUNDA_POINT,
    STOCKHOLM_POINT,
    MunicipalityFactory,
)
from trygga.reports.actions import (
    add_internal_note,
    change_status,
    create_open311_key,
    forward,
    mark_duplicate,
    revoke_open311_key,
    set_photo_public,
    submit_report,
)
from trygga.reports.models import (
    Channel,
    HeldReason,
    HeldSubmission,
    Report,
    Service,
)
from trygga.reports.selectors import get_report_for_staff, public_report
from trygga.reports.statuses import STATUS_TABLE

POINT = {"lat": CENTRUM_POINT[1], "long": CENTRUM_POINT[0]}


def graffiti(api_key: str, **extra):  # type: ignore[no-untyped-def]
    return {
        "api_key": api_key,
        "service_code": "klotter",
        **POINT,
        "description": "Klotter på elskåpet.",
        "attribute[krankande]": "2",
        **extra,
    }


def errors_of(answer) -> str:  # type: ignore[no-untyped-def]
    return " | ".join(e["description"] for e in answer.data)


@pytest.fixture
def submit(municipality, demo_services):  # type: ignore[no-untyped-def]
    services = {s.service_code: s for s in Service.objects.filter(municipality=municipality)}

    def _submit(code="klotter", **fields):  # type: ignore[no-untyped-def]
        defaults = {"lon": CENTRUM_POINT[0], "lat": CENTRUM_POINT[1]}
        if code == "klotter":
            defaults["attributes"] = {"krankande": "2"}
        return submit_report(
            municipality=municipality,
            service=services[code],
            channel=Channel.OPEN311,
            **{**defaults, **fields},
        )

    return _submit


# --- jurisdiction ---------------------------------------------------------------------------


def test_jurisdiction__optional_with_one_municipality_and_checked_when_given(
    open311, demo_services
):
    assert open311("GET", "services").status == 200
    assert open311("GET", "services", jurisdiction_id="0484").status == 200
    unknown = open311("GET", "services", jurisdiction_id="0999")
    assert unknown.status == 404
    assert "jurisdiction_id" in errors_of(unknown)


def test_jurisdiction__required_when_several_municipalities_are_active(open311, demo_services):
    MunicipalityFactory(code="0180", name="Stockholm", is_active=True)
    missing = open311("GET", "services", "xml")
    assert missing.status == 400
    assert "jurisdiction_id" in errors_of(missing)
    assert open311("GET", "services", jurisdiction_id="0484").status == 200
    assert open311("GET", "services", jurisdiction_id="0180").data == []


# --- POST -----------------------------------------------------------------------------------


def test_post__creates_a_report_through_the_core_with_key_and_channel(
    open311, demo_services, api_key, municipality
):
    answer = open311(
        "POST",
        "requests",
        **graffiti(api_key, **{"attribute[underlag][]": ["1", "5"], "attribute[yta]": "2,5"}),
    )
    assert answer.status == 200
    report = Report.objects.get(service_request_id=answer.data[0]["service_request_id"])
    assert report.channel == Channel.OPEN311
    assert report.open311_key is not None
    assert report.open311_key.name == "Testappen"
    assert report.attributes == {"krankande": "2", "underlag": ["1", "5"], "yta": 2.5}
    assert report.event is not None  # counted in the situational picture
    assert report.district is not None
    assert report.district.name == "Centrum"
    assert answer.data[0]["service_notice"].startswith("Klotter tas bort")


def test_post__api_key_in_the_query_string_is_accepted(client, demo_services, api_key):
    fields = graffiti(api_key)
    fields.pop("api_key")
    response = client.post(f"/open311/v2/requests.json?api_key={api_key}", fields)
    assert response.status_code == 200


@pytest.mark.parametrize("case", ["missing", "wrong", "revoked", "other_municipality"])
def test_post__bad_api_key_is_403_and_creates_nothing(
    open311, demo_services, api_key, municipality, case
):
    assert open311("POST", "requests", **graffiti(api_key)).status == 200  # the allowed case
    key = api_key
    if case == "missing":
        key = ""
    elif case == "wrong":
        key = api_key[:-4] + "abcd"
    elif case == "revoked":
        row, key = create_open311_key(actor=None, name="Spärrad", municipality=municipality)
        revoke_open311_key(actor=None, key=row)
    else:
        other = MunicipalityFactory(code="0180", name="Stockholm", is_active=False)
        _row, key = create_open311_key(actor=None, name="Stockholmsappen", municipality=other)
    answer = open311("POST", "requests", "xml", **graffiti(key))
    assert answer.status == 403
    assert "api_key" in errors_of(answer)
    assert Report.objects.count() == 1


def test_post__a_key_for_every_municipality_works(open311, demo_services):
    _row, key = create_open311_key(actor=None, name="Rikstäckande app")
    assert open311("POST", "requests", **graffiti(key)).status == 200


@pytest.mark.parametrize(
    ("change", "status", "field"),
    [
        ({"service_code": ""}, 400, "service_code"),
        ({"service_code": "finns-inte"}, 404, "service_code"),
        ({"lat": "", "long": ""}, 400, "location"),
        ({"long": ""}, 400, "long"),
        ({"lat": "norr"}, 400, "lat"),
        ({"lat": STOCKHOLM_POINT[1], "long": STOCKHOLM_POINT[0]}, 400, "lat"),
        ({"attribute[krankande]": ""}, 400, "attribute[krankande]"),
        ({"attribute[krankande]": "7"}, 400, "attribute[krankande]"),
        ({"attribute[underlag][]": ["1", "99"]}, 400, "attribute[underlag]"),
        ({"attribute[yta]": "mycket"}, 400, "attribute[yta]"),
        ({"attribute[finns-inte]": "1"}, 400, "attribute[finns-inte]"),
        ({"description": "x" * 4001}, 400, "description"),
        ({"email": "inte-en-adress"}, 400, "email"),
        ({"media_url": "ftp://bild"}, 400, "media_url"),
    ],
)
def test_post__bad_input_is_refused_naming_the_field(
    open311, demo_services, api_key, change, status, field
):
    answer = open311("POST", "requests", **{**graffiti(api_key), **change})
    assert answer.status == status, answer.data
    assert f"{field}:" in errors_of(answer)
    assert Report.objects.count() == 0


def test_post__an_address_alone_is_a_location(open311, demo_services, api_key):
    answer = open311(
        "POST",
        "requests",
        **graffiti(api_key, lat="", long="", address_string="Kungsgatan 5", address_id="A-17"),
    )
    assert answer.status == 200
    read = open311("GET", f"requests/{answer.data[0]['service_request_id']}").data[0]
    assert (read["address"], read["address_id"], read["lat"], read["long"]) == (
        "Kungsgatan 5",
        "A-17",
        None,
        None,
    )


def test_post__a_body_over_the_limit_is_413(client, demo_services, api_key):
    body = f"api_key={api_key}&service_code=klotter&description=" + "x" * (300 * 1024)
    response = client.post(
        "/open311/v2/requests.json", body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 413
    assert response.json()[0]["code"] == 413


def test_post__wrong_method_is_405_with_allow(client, demo_services):
    response = client.put("/open311/v2/requests.xml")
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD, POST"
    assert b"<code>405</code>" in response.content


def test_post__rate_limited_is_429_with_retry_after_and_the_submission_is_kept(
    open311, demo_services, api_key, settings
):
    settings.REPORT_RATE_LIMIT_COUNT = 2
    for _ in range(2):
        assert open311("POST", "requests", **graffiti(api_key, device_id="telefon-1")).status == 200
    refused = open311(
        "POST", "requests", "xml", **graffiti(api_key, device_id="telefon-1", phone="0701234567")
    )
    assert refused.status == 429
    assert 1 <= int(refused.headers["Retry-After"]) <= 3600
    held = HeldSubmission.objects.get()
    assert held.reason == HeldReason.RATE_LIMITED
    assert held.channel == Channel.OPEN311
    assert held.payload["service_code"] == "klotter"
    assert held.payload["phone"] == "0701234567"
    assert held.payload["attributes"] == {"krankande": "2"}
    assert "api_key" not in held.payload
    # another device of the same app is not limited by the first one's reports
    assert open311("POST", "requests", **graffiti(api_key, device_id="telefon-2")).status == 200


def test_post__the_key_limit_covers_all_of_an_apps_users(open311, demo_services, api_key, settings):
    settings.OPEN311_KEY_RATE_LIMIT_COUNT = 2
    for device in ("a", "b"):
        assert open311("POST", "requests", **graffiti(api_key, device_id=device)).status == 200
    refused = open311("POST", "requests", **graffiti(api_key, device_id="c"))
    assert refused.status == 429
    assert "Retry-After" in refused.headers
    assert HeldSubmission.objects.count() == 1


# --- GET requests: filters, window, paging ---------------------------------------------------


def test_requests__default_window_is_the_last_90_days(open311, submit, people):
    recent = submit()
    old = submit()
    Report.objects.filter(pk=old.pk).update(requested_at=timezone.now() - timedelta(days=100))
    ids = [r["service_request_id"] for r in open311("GET", "requests").data]
    assert ids == [recent.service_request_id]
    start = (timezone.now() - timedelta(days=120)).strftime("%Y-%m-%dT%H:%M:%SZ")
    ids = [r["service_request_id"] for r in open311("GET", "requests", start_date=start).data]
    assert ids == [old.service_request_id]  # start + 90 days ends before the recent one
    end = (timezone.now() - timedelta(days=95)).isoformat()
    ids = [r["service_request_id"] for r in open311("GET", "requests", end_date=end).data]
    assert ids == [old.service_request_id]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"start_date": "2025-01-01T00:00:00Z", "end_date": "2025-06-01T00:00:00Z"}, "start_date"),
        ({"start_date": "2025-02-01T00:00:00Z", "end_date": "2025-01-01T00:00:00Z"}, "end_date"),
        ({"start_date": "2025-01-01T00:00:00"}, "start_date"),
        ({"end_date": "förra veckan"}, "end_date"),
        ({"status": "open,kanske"}, "status"),
        ({"page": "0"}, "page"),
        ({"page": "²"}, "page"),
        ({"page_size": "1001"}, "page_size"),
        ({"service_code": "klotter,finns-inte"}, "service_code"),
    ],
)
def test_requests__bad_filters_are_refused_naming_the_argument(
    open311, demo_services, params, field
):
    answer = open311("GET", "requests", **params)
    assert answer.status in (400, 404)
    assert f"{field}" in errors_of(answer)


def test_requests__status_service_code_and_id_filters(open311, submit, people):
    coordinator = people["coordinator"]
    open_one = submit()
    fixed = submit("sprutor")
    change_status(actor=coordinator, report=fixed, status="fixed")
    litter = submit("nedskrapning", attributes={"avfall": ["1"]})

    def ids(**params):  # type: ignore[no-untyped-def]
        return {r["service_request_id"] for r in open311("GET", "requests", **params).data}

    assert ids(status="closed") == {fixed.service_request_id}
    assert ids(status="open") == {open_one.service_request_id, litter.service_request_id}
    assert ids(status="open,closed") == ids()
    assert ids(service_code="sprutor,nedskrapning") == {
        fixed.service_request_id,
        litter.service_request_id,
    }
    # service_request_id overrides every other argument
    wanted = f"{open_one.service_request_id}, {fixed.service_request_id},FINNSINTE"
    assert ids(service_request_id=wanted, status="closed", service_code="nedskrapning") == {
        open_one.service_request_id,
        fixed.service_request_id,
    }


def test_requests__pages_are_disjoint_newest_first_and_cover_everything(open311, submit):
    made = [submit() for _ in range(5)]
    for n, report in enumerate(made):
        Report.objects.filter(pk=report.pk).update(requested_at=timezone.now() - timedelta(hours=n))
    pages = [
        [r["service_request_id"] for r in open311("GET", "requests", page=p, page_size=2).data]
        for p in (1, 2, 3, 4)
    ]
    assert pages == [
        [made[0].service_request_id, made[1].service_request_id],
        [made[2].service_request_id, made[3].service_request_id],
        [made[4].service_request_id],
        [],
    ]


def test_requests__query_count_does_not_grow_with_the_list(
    open311, submit, django_assert_max_num_queries
):
    for _ in range(3):
        submit()
    with django_assert_max_num_queries(2):  # the jurisdiction, the page
        assert len(open311("GET", "requests").data) == 3
    for _ in range(7):
        submit()
    with django_assert_max_num_queries(2):
        assert len(open311("GET", "requests").data) == 10
    with django_assert_max_num_queries(3):  # and the histories of the whole page
        assert len(open311("GET", "requests", extensions="true").data) == 10


# --- privacy ---------------------------------------------------------------------------------


def test_public_output__never_shows_contact_or_internal_notes_and_is_redacted(
    open311, demo_services, api_key, people, municipality
):
    contact = {
        "email": "kalle.karlsson@example.org",
        "first_name": "Kalle",
        "last_name": "Karlsson",
        "phone": "070-987 65 43",
        "device_id": "enhet-4f2a9c",
        "account_id": "konto-88412",
    }
    description = "Klotter igen. Min granne Lisa Andersson, 073-111 22 33, såg det."
    posted = open311("POST", "requests", **graffiti(api_key, description=description, **contact))
    request_id = posted.data[0]["service_request_id"]
    report = Report.objects.get(service_request_id=request_id)
    coordinator = people["coordinator"]
    add_internal_note(actor=coordinator, report=report, text="INTERNT: polisanmälan gjord")
    change_status(
        actor=coordinator,
        report=report,
        status="in_progress",
        note="Vi har pratat med Lisa Andersson på 073-111 22 33.",
    )
    bodies = []
    for fmt in ("json", "xml"):
        for path, params in (
            (f"requests/{request_id}", {"extensions": "true"}),
            ("requests", {"extensions": "true"}),
            ("requests", {}),
        ):
            bodies.append(open311("GET", path, fmt, **params).body.decode("utf-8"))
    for body in bodies:
        for value in (*contact.values(), "Lisa", "Andersson", "073-111", "INTERNT"):
            assert value not in body, value
        assert "Klotter igen." in body
    read = open311("GET", f"requests/{request_id}", extensions="true").data[0]
    assert read["description"] != description
    assert read["status_notes"].startswith("Vi har pratat med")
    # staff keep the original text
    staff = get_report_for_staff(coordinator, municipality, request_id)
    assert staff.description == description


# --- status, history, media, language --------------------------------------------------------


def test_statuses__open_or_closed_by_the_one_table_and_the_fine_state_as_extension(
    open311, submit, people
):
    coordinator = people["coordinator"]
    original = submit()
    made = {"received": original}
    for status in ("in_progress", "action_scheduled", "fixed", "closed_not_fixed", "not_ours"):
        report = submit()
        change_status(actor=coordinator, report=report, status=status, note="Besked.")
        made[status] = report
    made["forwarded"] = submit()
    forward(actor=coordinator, report=made["forwarded"], to="Trafikverket", note="Statlig väg.")
    made["duplicate"] = submit()
    mark_duplicate(actor=coordinator, report=made["duplicate"], original=original)
    assert set(made) == {s.value for s in STATUS_TABLE}
    for status, report in made.items():
        entry = STATUS_TABLE[status]  # type: ignore[index]
        plain = open311("GET", f"requests/{report.service_request_id}").data[0]
        assert plain["status"] == entry.open311
        assert "extended_attributes" not in plain  # the spec's fields only, by default
        read = open311("GET", f"requests/{report.service_request_id}", extensions="true").data[0]
        assert read["extended_attributes"]["detailed_status"] == entry.extended
        assert read["notes"][-1]["detailed_status"] == entry.extended
        if entry.open311 == "closed":
            report.refresh_from_db()
            assert read["updated_datetime"] == report.closed_at.astimezone().replace(
                microsecond=0
            ).isoformat() or read["updated_datetime"].startswith(
                timezone.localtime(report.closed_at).strftime("%Y-%m-%dT%H:%M:%S")
            )
    forwarded = open311(
        "GET", f"requests/{made['forwarded'].service_request_id}", extensions="true"
    ).data[0]
    assert forwarded["agency_responsible"] == "Trafikverket"
    assert forwarded["extended_attributes"]["forwarded_to"] == "Trafikverket"
    assert forwarded["status_notes"] == "Statlig väg."
    duplicate = open311(
        "GET", f"requests/{made['duplicate'].service_request_id}", extensions="true"
    ).data[0]
    assert duplicate["extended_attributes"]["duplicate_of"] == original.service_request_id
    assert [n["type"] for n in duplicate["notes"]] == ["submitted", "duplicate"]


def test_media_url__a_published_photo_is_an_absolute_url(open311, submit, people):
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "red").save(buffer, "JPEG")
    photo = SimpleUploadedFile("bild.jpg", buffer.getvalue(), content_type="image/jpeg")
    report = submit(photo=photo)
    path = f"requests/{report.service_request_id}"
    assert open311("GET", path).data[0]["media_url"] is None  # not yet looked at by staff
    set_photo_public(actor=people["coordinator"], report=report, public=True)
    url = open311("GET", path).data[0]["media_url"]
    assert url.startswith("http://testserver/media/reports/")
    assert url.endswith(".jpg")


def test_media_url__a_posted_url_comes_back(open311, demo_services, api_key):
    url = "https://bilder.example.org/klotter/17.jpg"
    posted = open311("POST", "requests", **graffiti(api_key, media_url=url))
    read = open311("GET", f"requests/{posted.data[0]['service_request_id']}").data[0]
    assert read["media_url"] == url


def test_service_names__in_english_when_asked_for(client, demo_services):
    response = client.get("/open311/v2/services.json", HTTP_ACCEPT_LANGUAGE="en")
    names = [s["service_name"] for s in response.json()]
    assert "Broken street light" in names
    assert "Trasig belysning" not in names


def test_public_reads__allow_any_web_app(client, demo_services):
    response = client.get("/open311/v2/services.json")
    assert response["Access-Control-Allow-Origin"] == "*"


# --- tokens and unknown paths ----------------------------------------------------------------


def test_tokens__resolve_to_the_request_id(open311, submit):
    report = submit()
    answer = open311("GET", f"tokens/{report.open311_token}", "xml")
    assert answer.data == [
        {"service_request_id": report.service_request_id, "token": report.open311_token}
    ]
    assert open311("GET", "tokens/0000", "xml").status == 404


def test_unknown_paths__are_404_in_the_error_format(client, demo_services):
    response = client.get("/open311/v2/reports.json")
    assert response.status_code == 404
    assert response.json()[0]["code"] == 404
    response = client.get("/open311/v2/services")
    assert response.status_code == 404
    assert response["Content-Type"] == "text/xml; charset=utf-8"


def test_other_point__froslunda_is_assigned_its_district(open311, demo_services, api_key):
    answer = open311(
        "POST",
        "requests",
        **graffiti(api_key, lat=FROSLUNDA_POINT[1], long=FROSLUNDA_POINT[0]),
    )
    read = open311("GET", f"requests/{answer.data[0]['service_request_id']}", extensions="true")
    assert read.data[0]["extended_attributes"]["district"] == "Fröslunda"


def test_request__two_queries_three_with_history_the_same_as_the_cores(
    open311, submit, people, municipality, django_assert_max_num_queries
):
    report = submit()
    change_status(actor=people["coordinator"], report=report, status="in_progress", note="På gång.")
    path = f"requests/{report.service_request_id}"
    with django_assert_max_num_queries(2):
        assert open311("GET", path).status == 200
    with django_assert_max_num_queries(3):
        notes = open311("GET", path, extensions="true").data[0]["notes"]
    core = public_report(municipality, report.service_request_id).updates
    assert [(n["type"], n["detailed_status"], n["description"]) for n in notes] == [
        (u.kind, u.extended_status, u.note or None) for u in core
    ]


FILTERS = ["service_request_id", "service_code", "start_date", "end_date", "status", "page",
           "page_size", "extensions", "jurisdiction_id"]  # fmt: skip
FIELDS = ["service_code", "lat", "long", "address_string", "address_id", "description",
          "email", "media_url", "attribute[krankande]", "attribute[underlag][]",
          "attribute[yta]", "attribute[upptackt]", "jurisdiction_id"]  # fmt: skip


@hypothesis_settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(params=st.dictionaries(st.sampled_from(FILTERS), st.text(max_size=40), max_size=5))
def test_requests__any_arguments_get_an_answer_in_the_spec_format_never_a_crash(
    open311, demo_services, params
):
    for fmt in ("json", "xml"):
        answer = open311("GET", "requests", fmt, **params)
        assert answer.status in (200, 400, 404), answer.data
        assert isinstance(answer.data, list)


@hypothesis_settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(fields=st.dictionaries(st.sampled_from(FIELDS), st.text(max_size=40), max_size=6))
def test_post__any_fields_get_an_answer_in_the_spec_format_never_a_crash(
    open311, demo_services, api_key, settings, fields
):
    settings.REPORT_RATE_LIMIT_COUNT = 100_000
    answer = open311("POST", "requests", **{**graffiti(api_key), **fields})
    assert answer.status in (200, 400, 404), answer.data
    if answer.status != 200:
        assert all(":" in e["description"] for e in answer.data)  # each names its field
