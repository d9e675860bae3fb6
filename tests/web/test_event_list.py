"""The event list: filters narrow the results, area events are named by their area,
pages hold 50 events, and the query count does not grow with rows."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import EventFactory

URL = reverse("web:event_list", kwargs={"code": "0484"})


def _ids(response):
    return {event.pk for event in response.context["page"].object_list}


@pytest.fixture
def coordinator_client(client, people):
    client.force_login(people["coordinator"])
    return client


def test_list__unfiltered_shows_every_visible_event(coordinator_client, events):
    response = coordinator_client.get(URL)
    assert _ids(response) == {event.pk for event in events.values()}


def test_list__district_filter_narrows(coordinator_client, events, districts):
    response = coordinator_client.get(URL, {"district": districts["Nyfors"].pk})
    assert _ids(response) == {events["nyfors_vandalism"].pk, events["nyfors_graffiti"].pk}


def test_list__category_filter_narrows(coordinator_client, events, categories):
    response = coordinator_client.get(URL, {"category": categories["fire"].pk})
    assert _ids(response) == {events["froslunda_fire"].pk}


def test_list__source_filter_narrows(coordinator_client, events, police_source):
    response = coordinator_client.get(URL, {"source": police_source.pk})
    assert _ids(response) == {events["police_1"].pk, events["police_2"].pk}


def test_list__period_filter_narrows(coordinator_client, events):
    today = timezone.localdate()
    response = coordinator_client.get(
        URL,
        {
            "date_from": (today - timedelta(days=4)).isoformat(),
            "date_to": (today - timedelta(days=2)).isoformat(),
        },
    )
    # 1 h before the boundary days' local midnights can shift a day: compare with the model.
    expected = {
        e.pk
        for e in events.values()
        if today - timedelta(days=4)
        <= timezone.localdate(e.occurred_from)
        <= today - timedelta(days=2)
    }
    assert _ids(response) == expected
    assert events["nyfors_graffiti"].pk not in expected


def test_list__combined_filters_narrow_together(coordinator_client, events, districts, categories):
    response = coordinator_client.get(
        URL, {"district": districts["Nyfors"].pk, "category": categories["graffiti"].pk}
    )
    assert _ids(response) == {events["nyfors_graffiti"].pk}


def test_list__end_before_start_is_refused_on_the_field(coordinator_client, events):
    response = coordinator_client.get(URL, {"date_from": "2025-06-10", "date_to": "2025-06-01"})
    assert response.status_code == 200
    assert response.context["page"] is None
    assert "date_to" in response.context["form"].errors
    assert 'aria-invalid="true"' in response.content.decode()


def test_list__another_municipalitys_district_is_not_a_valid_choice(
    coordinator_client, events, stockholm
):
    from trygga.geography.models import District

    foreign = District.objects.create(
        municipality=stockholm, code="norrmalm", name="Norrmalm", boundary=stockholm.boundary
    )
    response = coordinator_client.get(URL, {"district": foreign.pk})
    assert "district" in response.context["form"].errors


def test_list__viewer_does_not_see_restricted_events_of_others(client, people, events):
    client.force_login(people["viewer"])
    assert events["restricted"].pk not in _ids(client.get(URL))


def test_list__shows_area_events_by_their_area_never_a_district(coordinator_client, events):
    body = coordinator_client.get(URL).content.decode()
    assert "Eskilstuna kommun (område)" in body
    assert "Nyfors" in body
    assert "Polisens händelser" in body
    assert "Kommunfastigheter" in body


def test_list__pages_hold_fifty(coordinator_client, municipality, categories):
    EventFactory.create_batch(55, municipality=municipality, category=categories["littering"])
    first = coordinator_client.get(URL)
    assert len(first.context["page"].object_list) == 50
    second = coordinator_client.get(URL, {"sida": 2})
    assert len(second.context["page"].object_list) == 5
    assert "Sida 1 av 2" in first.content.decode()


@pytest.mark.parametrize("rows", [3, 60])
def test_list__query_count_does_not_grow_with_rows(
    client, people, municipality, categories, districts, django_assert_num_queries, rows
):
    EventFactory.create_batch(
        rows, municipality=municipality, category=categories["fire"], district=districts["Nyfors"]
    )
    client.force_login(people["coordinator"])
    # session, user, municipality, memberships, count, page, the three filter choices, and
    # the audit row of the read (its count and the insert: one row per list, not per event).
    with django_assert_num_queries(11):
        response = client.get(URL)
    assert response.status_code == 200
