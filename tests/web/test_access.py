"""Who may open which page: non-members get 404 for every page of a municipality,
anonymous people are sent to log in, and only roles that may log events see the form."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory

PAGES = [
    ("web:overview", {}),
    ("web:event_list", {}),
    ("web:event_create", {}),
    ("web:map", {}),
    ("web:map_events", {}),
    ("web:map_districts", {}),
]


def _url(name, kwargs, code="0484"):
    return reverse(name, kwargs={"code": code, **kwargs})


@pytest.mark.parametrize(("name", "kwargs"), PAGES)
def test_municipality_pages__member_sees_them_outsider_gets_404(
    client, municipality, people, outsider, name, kwargs
):
    url = _url(name, kwargs)
    client.force_login(people["coordinator"])
    assert client.get(url).status_code == 200
    client.force_login(outsider)
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(("name", "kwargs"), PAGES)
def test_municipality_pages__anonymous_is_sent_to_log_in(client, municipality, name, kwargs):
    url = _url(name, kwargs)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/")
    assert "next=" in response["Location"]


def test_event_detail__outsider_gets_404_like_a_missing_event(client, people, outsider, events):
    url = _url("web:event_detail", {"event_id": events["nyfors_vandalism"].pk})
    client.force_login(people["viewer"])
    assert client.get(url).status_code == 200
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    client.force_login(people["viewer"])
    assert client.get(_url("web:event_detail", {"event_id": 999999})).status_code == 404


def test_event_detail__restricted_event_is_404_for_other_organisations(client, people, events):
    url = _url("web:event_detail", {"event_id": events["restricted"].pk})
    client.force_login(people["coordinator"])
    assert client.get(url).status_code == 200
    client.force_login(people["reporter"])  # the housing company, not the reporting org
    assert client.get(url).status_code == 404


def test_unknown_municipality_code__is_404(client, people):
    client.force_login(people["coordinator"])
    assert client.get("/9999/").status_code == 404


def test_event_form__only_roles_that_may_log_see_it(client, people):
    url = _url("web:event_create", {})
    client.force_login(people["reporter"])
    assert client.get(url).status_code == 200
    client.force_login(people["viewer"])
    assert client.get(url).status_code == 403
    overview = client.get(_url("web:overview", {})).content.decode()
    assert url not in overview


def test_home__sends_a_member_to_their_municipality(client, people):
    client.force_login(people["coordinator"])
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/0484/"


def test_home__offers_a_choice_when_several(client, people, stockholm, outsider):
    from tests.factories import OrganisationFactory
    from trygga.accounts.models import Membership, Role

    stockholm_org = OrganisationFactory(municipality=stockholm, name="Stockholms stad")
    Membership.objects.create(
        user=people["coordinator"], organisation=stockholm_org, role=Role.VIEWER
    )
    client.force_login(people["coordinator"])
    response = client.get("/")
    assert response.status_code == 200
    body = response.content.decode()
    assert 'href="/0484/"' in body
    assert 'href="/0180/"' in body


def test_home__anonymous_goes_to_log_in(client, db):
    response = client.get("/")
    assert response.status_code == 302
    assert "/konto/" in response["Location"]


def test_home__user_without_roles_is_told_so(client, municipality):
    client.force_login(UserFactory())
    response = client.get("/")
    assert response.status_code == 200
    assert "ingen roll" in response.content.decode()


def test_header__shows_municipality_navigation_and_a_post_log_out(client, people):
    client.force_login(people["coordinator"])
    body = client.get(_url("web:overview", {})).content.decode()
    assert "Eskilstuna kommun" in body
    for label in ("Översikt", "Händelser", "Karta", "Logga händelse"):
        assert label in body
    assert 'method="post" action="/konto/logout/"' in body
    assert "/admin/" not in body  # not staff


def test_log_out__is_a_post_and_ends_the_session(client, people):
    client.force_login(people["coordinator"])
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(_url("web:overview", {})).status_code == 302
