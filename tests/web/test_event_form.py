"""The field form: logging an event at a tapped point, and the refusals a person sees next
to the field they concern."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import NYFORS_POINT, STOCKHOLM_POINT
from trygga.audit.models import AuditAction, AuditEvent
from trygga.events.models import Event

URL = reverse("web:event_create", kwargs={"code": "0484"})


def _local(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


@pytest.fixture
def reporter_client(client, people):
    client.force_login(people["reporter"])
    return client


@pytest.fixture
def form_data(categories):
    return {
        "category": categories["graffiti"].pk,
        "occurred_from": _local(timezone.now() - timedelta(minutes=5)),
        "location_lat": f"{NYFORS_POINT[1]}",
        "location_lon": f"{NYFORS_POINT[0]}",
        "address": "Nyforsgatan 1",
        "description": "Nytt klotter på gavelväggen.",
        "confidentiality": "partners",
    }


def test_form__defaults_to_now_and_partners(reporter_client):
    response = reporter_client.get(URL)
    form = response.context["form"]
    start = form["occurred_from"].value()
    assert abs(timezone.localtime() - timezone.make_aware(start.replace(tzinfo=None))) < timedelta(
        minutes=2
    )
    assert form["confidentiality"].value() == "partners"
    body = response.content.decode()
    assert 'name="location_lat"' in body
    assert "Använd min position" in body


def test_form__logs_the_event_and_shows_it(reporter_client, people, form_data, districts):
    response = reporter_client.post(URL, form_data, follow=True)
    event = Event.objects.get(description="Nytt klotter på gavelväggen.")
    assert response.redirect_chain[-1][0] == reverse(
        "web:event_detail", kwargs={"code": "0484", "event_id": event.pk}
    )
    assert event.district == districts["Nyfors"]
    assert event.reported_by == people["reporter"]
    assert event.organisation.name == "Kommunfastigheter"
    assert event.address == "Nyforsgatan 1"
    assert AuditEvent.objects.filter(
        action=AuditAction.EVENT_CREATED, target_id=str(event.pk)
    ).exists()
    body = response.content.decode()
    assert "Händelsen är loggad" in body
    assert "Nyfors" in body


def test_form__logs_a_time_window(reporter_client, form_data):
    now = timezone.now()
    form_data["occurred_from"] = _local(now - timedelta(days=3))
    form_data["occurred_to"] = _local(now - timedelta(days=1))
    reporter_client.post(URL, form_data)
    event = Event.objects.get(description=form_data["description"])
    assert event.is_window


def test_form__refuses_a_point_in_stockholm_on_the_location_field(reporter_client, form_data):
    form_data["location_lon"], form_data["location_lat"] = map(str, STOCKHOLM_POINT)
    response = reporter_client.post(URL, form_data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "location" in errors
    assert "utanför Eskilstuna" in errors["location"][0]
    body = response.content.decode()
    assert 'id="location-error"' in body
    assert "utanför Eskilstuna" in body
    assert not Event.objects.filter(description=form_data["description"]).exists()


def test_form__asks_for_a_point_when_none_is_picked(reporter_client, form_data):
    form_data["location_lat"] = form_data["location_lon"] = ""
    response = reporter_client.post(URL, form_data)
    assert "Välj platsen" in response.context["form"].errors["location"][0]


def test_form__refuses_a_window_that_ends_before_it_starts(reporter_client, form_data):
    now = timezone.now()
    form_data["occurred_from"] = _local(now - timedelta(days=1))
    form_data["occurred_to"] = _local(now - timedelta(days=2))
    response = reporter_client.post(URL, form_data)
    assert "occurred_to" in response.context["form"].errors


def test_form__refuses_a_time_in_the_future(reporter_client, form_data):
    form_data["occurred_from"] = _local(timezone.now() + timedelta(days=1))
    response = reporter_client.post(URL, form_data)
    assert "occurred_from" in response.context["form"].errors


def test_form__viewer_may_not_post(client, people, form_data):
    client.force_login(people["viewer"])
    assert client.post(URL, form_data).status_code == 403
    assert not Event.objects.filter(description=form_data["description"]).exists()


def test_form__outsider_gets_404_on_post(client, outsider, form_data):
    client.force_login(outsider)
    assert client.post(URL, form_data).status_code == 404
