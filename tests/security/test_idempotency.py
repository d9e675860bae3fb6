"""A client that lost the answer to a POST sends it again with the same Idempotency-Key
and gets the report or event already stored, never a second one (decision 0018)."""

import pytest

from tests.factories import CENTRUM_POINT
from tests.reports.conftest import make_service
from trygga.core.models import IdempotentRequest
from trygga.events.models import Event
from trygga.reports.actions import create_open311_key
from trygga.reports.models import Report, RoutingRule

pytestmark = pytest.mark.django_db

OPEN311 = "/open311/v2/requests.json"
EVENTS = "/api/v1/municipalities/0484/events/"


@pytest.fixture
def api_key(municipality, organisations):
    service = make_service(municipality)
    RoutingRule.objects.create(
        municipality=municipality, service=service, organisation=organisations["bostad"]
    )
    return create_open311_key(actor=None, name="Appen", municipality=municipality)[1]


def report_form(api_key, description="Klotter på elskåpet."):
    return {
        "api_key": api_key,
        "jurisdiction_id": "0484",
        "service_code": "klotter",
        "lat": str(CENTRUM_POINT[1]),
        "long": str(CENTRUM_POINT[0]),
        "attribute[krankande]": "nej",
        "description": description,
    }


def event_body(description="Klotter på elskåp."):
    return {
        "category": "graffiti",
        "occurred_from": "2025-03-07T23:10:00+01:00",
        "lon": CENTRUM_POINT[0],
        "lat": CENTRUM_POINT[1],
        "description": description,
    }


def test_open311_post__same_key_again__same_report_once(client, api_key):
    first = client.post(OPEN311, report_form(api_key), HTTP_IDEMPOTENCY_KEY="a1")
    again = client.post(OPEN311, report_form(api_key), HTTP_IDEMPOTENCY_KEY="a1")
    assert first.status_code == again.status_code == 200
    number = first.json()[0]["service_request_id"]
    assert again.json()[0]["service_request_id"] == number
    assert Report.objects.count() == 1
    assert IdempotentRequest.objects.get().object_id == str(Report.objects.get().pk)


def test_open311_post__another_key__another_report(client, api_key):
    client.post(OPEN311, report_form(api_key), HTTP_IDEMPOTENCY_KEY="a1")
    client.post(OPEN311, report_form(api_key), HTTP_IDEMPOTENCY_KEY="a2")
    client.post(OPEN311, report_form(api_key))  # no key: a new report each time
    assert Report.objects.count() == 3


def test_open311_post__same_key_other_content__422_and_nothing_written(client, api_key):
    client.post(OPEN311, report_form(api_key), HTTP_IDEMPOTENCY_KEY="a1")
    other = client.post(OPEN311, report_form(api_key, "Annat."), HTTP_IDEMPOTENCY_KEY="a1")
    assert other.status_code == 422
    assert "Idempotency-Key" in other.json()[0]["description"]
    assert Report.objects.count() == 1


def test_open311_post__malformed_key__400_naming_it(client, api_key):
    response = client.post(OPEN311, report_form(api_key), HTTP_IDEMPOTENCY_KEY="x" * 201)
    assert response.status_code == 400
    assert response.json()[0]["description"].startswith("Idempotency-Key")
    assert Report.objects.count() == 0


def test_open311_post__key_of_another_app__not_shared(client, api_key, municipality):
    other_key = create_open311_key(actor=None, name="Annan app", municipality=municipality)[1]
    client.post(OPEN311, report_form(api_key), HTTP_IDEMPOTENCY_KEY="a1")
    client.post(OPEN311, report_form(other_key), HTTP_IDEMPOTENCY_KEY="a1")
    assert Report.objects.count() == 2


def test_api_event_post__same_key_again__201_then_200_with_the_same_event(client, people):
    client.force_login(people["reporter"])
    first = client.post(
        EVENTS, event_body(), content_type="application/json", HTTP_IDEMPOTENCY_KEY="e1"
    )
    again = client.post(
        EVENTS, event_body(), content_type="application/json", HTTP_IDEMPOTENCY_KEY="e1"
    )
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"]
    assert Event.objects.count() == 1


def test_api_event_post__same_key_other_content__422(client, people):
    client.force_login(people["reporter"])
    client.post(EVENTS, event_body(), content_type="application/json", HTTP_IDEMPOTENCY_KEY="e1")
    other = client.post(
        EVENTS, event_body("Annat"), content_type="application/json", HTTP_IDEMPOTENCY_KEY="e1"
    )
    assert other.status_code == 422
    assert Event.objects.count() == 1


def test_api_event_post__viewer_with_a_key__still_refused(client, people):
    client.force_login(people["viewer"])
    response = client.post(
        EVENTS, event_body(), content_type="application/json", HTTP_IDEMPOTENCY_KEY="e1"
    )
    assert response.status_code == 403
    assert Event.objects.count() == IdempotentRequest.objects.count() == 0
