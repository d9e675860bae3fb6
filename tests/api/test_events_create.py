"""POST .../events/: logging an event through the action; every refusal names its field."""

import pytest
from rest_framework.test import APIClient

from tests.api.problems import assert_problem, field_errors
from tests.factories import FROSLUNDA_POINT, STOCKHOLM_POINT
from trygga.audit.models import AuditAction, AuditEvent
from trygga.events.models import Event

URL = "/api/v1/municipalities/0484/events/"


def _body(**overrides):
    body = {
        "category": "graffiti",
        "occurred_from": "2025-03-07T23:10:00+01:00",
        "lon": FROSLUNDA_POINT[0],
        "lat": FROSLUNDA_POINT[1],
        "description": "Klotter på elskåp.",
    }
    body.update(overrides)
    return {k: v for k, v in body.items() if v is not ...}


def test_create_event__reporter__201_with_the_event_placed_and_audited(
    as_user, people, organisations
):
    response = as_user(people["reporter"]).post(URL, _body(), format="json")

    assert response.status_code == 201, response.content
    row = response.json()
    event = Event.objects.get()
    assert row["id"] == event.pk
    assert row["category"] == {"code": "graffiti", "name": "Klotter"}
    assert row["occurred_from"] == "2025-03-07T23:10:00+01:00"
    assert row["district"] == "fröslunda"
    assert row["location"] == {"type": "point", "coordinates": list(FROSLUNDA_POINT)}
    assert row["h3_cell"] is not None
    assert len(row["h3_cell"]) == 15
    assert row["source"] == "falt"
    assert row["organisation"] == {"id": organisations["bostad"].pk, "name": "Kommunfastigheter"}
    assert row["confidentiality"] == "partners"
    assert event.reported_by == people["reporter"]
    assert AuditEvent.objects.filter(action=AuditAction.EVENT_CREATED).count() == 1


def test_create_event__address_window_and_restricted__stored_as_given(as_user, people):
    body = _body(
        precision="address",
        address="Fröslundavägen 1",
        occurred_to="2025-03-08T06:00:00+01:00",
        confidentiality="restricted",
    )
    row = as_user(people["reporter"]).post(URL, body, format="json").json()
    assert row["precision"] == "address"
    assert row["address"] == "Fröslundavägen 1"
    assert row["occurred_to"] == "2025-03-08T06:00:00+01:00"
    assert row["confidentiality"] == "restricted"


def test_create_event__naive_time__read_as_swedish_time(as_user, people):
    row = (
        as_user(people["reporter"])
        .post(URL, _body(occurred_from="2025-07-01T12:00:00"), format="json")
        .json()
    )
    assert row["occurred_from"] == "2025-07-01T12:00:00+02:00"


def test_create_event__point_in_stockholm__400_naming_location(as_user, people):
    response = as_user(people["reporter"]).post(
        URL, _body(lon=STOCKHOLM_POINT[0], lat=STOCKHOLM_POINT[1]), format="json"
    )
    assert set(field_errors(response)) == {"location"}
    assert "utanför Eskilstuna" in response.json()["errors"][0]["message"]
    assert not Event.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field", "code"),
    [
        ({"category": ...}, "category", "required"),
        ({"category": "ufo"}, "category", "does_not_exist"),
        ({"occurred_from": "igår kväll"}, "occurred_from", "invalid"),
        ({"occurred_from": ...}, "occurred_from", "required"),
        ({"occurred_to": "2025-03-01T00:00:00+01:00"}, "occurred_to", "invalid"),
        ({"lon": "sexton"}, "lon", "invalid"),
        ({"lat": 123.0}, "lat", "max_value"),
        ({"lon": ...}, "lon", "required"),
        ({"precision": "area"}, "precision", "invalid_choice"),
        ({"precision": "address"}, "address", "required"),
        ({"confidentiality": "hemlig"}, "confidentiality", "invalid_choice"),
        ({"organisation": 999999}, "organisation", "does_not_exist"),
    ],
)
def test_create_event__invalid_field__400_naming_it(as_user, people, overrides, field, code):
    response = as_user(people["reporter"]).post(URL, _body(**overrides), format="json")
    assert field_errors(response) == {field: [code]}
    assert not Event.objects.exists()


def test_create_event__several_invalid_fields__all_named(as_user, people):
    response = as_user(people["reporter"]).post(URL, _body(category=..., lat="norr"), format="json")
    assert set(field_errors(response)) == {"category", "lat"}


def test_create_event__organisation_not_the_reporters__400_naming_organisation(
    as_user, people, organisations
):
    response = as_user(people["reporter"]).post(
        URL, _body(organisation=organisations["polis"].pk), format="json"
    )
    assert set(field_errors(response)) == {"organisation"}


def test_create_event__viewer_403_reporter_201_outsider_404_anonymous_403(api, people, outsider):
    api.force_login(people["reporter"])
    assert api.post(URL, _body(), format="json").status_code == 201
    api.force_login(people["viewer"])
    assert_problem(api.post(URL, _body(), format="json"), 403, "permission_denied")
    api.force_login(outsider)
    assert_problem(api.post(URL, _body(), format="json"), 404, "not_found")
    api.logout()
    assert_problem(api.post(URL, _body(), format="json"), 403, "not_authenticated")
    assert Event.objects.count() == 1


def test_create_event__session_without_csrf_token__403_problem(people):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(people["reporter"])
    assert_problem(client.post(URL, _body(), format="json"), 403, "permission_denied")
    assert not Event.objects.exists()
