"""GET .../events/ and .../events/{id}/: values, visibility, filters, paging, query counts."""

from datetime import UTC, datetime

import pytest
from h3.api import basic_str

from tests.api.conftest import cell, district
from tests.api.problems import assert_problem, field_errors
from tests.factories import NYFORS_POINT, EventFactory
from trygga.audit.models import AuditAction, AuditEvent
from trygga.events.models import EventCategory

BASE = "/api/v1/municipalities/0484/events/"


def _ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


def test_events__point_event__every_value_serialised(as_user, people, events, organisations):
    event = events["nyfors"]
    response = as_user(people["viewer"]).get(BASE)
    row = next(r for r in response.json()["results"] if r["id"] == event.pk)
    assert row == {
        "id": event.pk,
        "category": {"code": "graffiti", "name": "Klotter"},
        "occurred_from": "2025-03-10T21:00:00+01:00",
        "occurred_to": None,
        "precision": "point",
        "area_level": "",
        "area_name": "",
        "location": {"type": "point", "coordinates": [NYFORS_POINT[0], NYFORS_POINT[1]]},
        "address": "",
        "district": "nyfors",
        "h3_cell": basic_str.latlng_to_cell(NYFORS_POINT[1], NYFORS_POINT[0], 9),
        "source": "falt",
        "organisation": {"id": organisations["kommun"].pk, "name": "Trygga Eskilstuna"},
        "description": "Klotter på skolans vägg.",
        "confidentiality": "partners",
        "created_at": row["created_at"],
    }
    assert datetime.fromisoformat(row["created_at"]).tzinfo is not None


def test_events__area_event__location_is_an_area_never_a_point(as_user, people, events):
    response = as_user(people["viewer"]).get(BASE)
    row = next(r for r in response.json()["results"] if r["id"] == events["area"].pk)
    assert row["location"] == {
        "type": "area",
        "level": "municipality",
        "name": "Eskilstuna",
        "centroid": [16.51, 59.37],
    }
    assert "coordinates" not in row["location"]
    assert row["precision"] == "area"
    assert row["district"] is None
    assert row["h3_cell"] is None
    assert row["organisation"] is None


def test_events__list__newest_first_and_paginated(as_user, people, events):
    client = as_user(people["coordinator"])
    response = client.get(BASE, {"page_size": 2})
    body = response.json()
    assert body["count"] == 5
    assert [r["id"] for r in body["results"]] == [events["froslunda"].pk, events["area"].pk]
    assert body["previous"] is None
    assert "page=2" in body["next"]
    page3 = client.get(BASE, {"page_size": 2, "page": 3}).json()
    assert [r["id"] for r in page3["results"]] == [events["nyfors"].pk]
    assert page3["next"] is None


def test_events__page_past_the_end__404_problem(as_user, people, events):
    assert_problem(as_user(people["viewer"]).get(BASE, {"page": 9}), 404, "not_found")


# Visibility: one set of events, each role's view of it.
@pytest.mark.parametrize(
    ("role", "sees_kommun_restricted", "sees_bostad_restricted"),
    [
        ("administrator", True, True),
        ("coordinator", True, True),
        ("reporter", False, True),  # the reporter works for the housing company (bostad)
        ("viewer", False, False),  # the viewer works for the police
    ],
)
def test_events__restricted_events__only_own_organisation_and_coordinators(
    as_user, people, events, role, sees_kommun_restricted, sees_bostad_restricted
):
    client = as_user(people[role])
    listed = set(_ids(client.get(BASE)))
    open_ids = {events[k].pk for k in ("nyfors", "froslunda", "area")}
    assert open_ids <= listed
    for key, expected in (
        ("restricted_kommun", sees_kommun_restricted),
        ("restricted_bostad", sees_bostad_restricted),
    ):
        assert (events[key].pk in listed) is expected
        detail = client.get(f"{BASE}{events[key].pk}/")
        if expected:
            assert detail.status_code == 200
            assert detail.json()["confidentiality"] == "restricted"
        else:
            assert_problem(detail, 404, "not_found")


def test_event__restricted_and_missing__same_404_for_reporter(as_user, people, events):
    client = as_user(people["reporter"])
    refused = assert_problem(client.get(f"{BASE}{events['restricted_kommun'].pk}/"), 404)
    missing = assert_problem(client.get(f"{BASE}999999/"), 404)
    assert refused["detail"] == missing["detail"]


def test_event__coordinator_reads_restricted__audited(as_user, people, events):
    event = events["restricted_bostad"]
    response = as_user(people["coordinator"]).get(f"{BASE}{event.pk}/")
    assert response.status_code == 200
    assert response.json()["id"] == event.pk
    viewed = AuditEvent.objects.get(action=AuditAction.EVENT_VIEWED)
    assert viewed.target_id == str(event.pk)


def test_event__detail__same_values_as_list(as_user, people, events):
    client = as_user(people["viewer"])
    listed = next(r for r in client.get(BASE).json()["results"] if r["id"] == events["area"].pk)
    assert client.get(f"{BASE}{events['area'].pk}/").json() == listed


@pytest.mark.parametrize("path", ["", "{id}/"])
def test_events__member_allowed_outsider_404_anonymous_403(api, people, outsider, events, path):
    url = BASE + path.format(id=events["nyfors"].pk)
    api.force_login(people["viewer"])
    assert api.get(url).status_code == 200
    api.force_login(outsider)
    assert_problem(api.get(url), 404, "not_found")
    api.logout()
    assert_problem(api.get(url), 403, "not_authenticated")


def test_events__other_municipalitys_event__404_in_this_municipality(
    as_user, people, events, stockholm
):
    """An id from another municipality is not reachable through Eskilstuna's URL."""
    event = EventFactory(municipality=stockholm, county=stockholm.county, lon=18.07, lat=59.33)
    assert_problem(as_user(people["administrator"]).get(f"{BASE}{event.pk}/"), 404)


# Filters: each narrows the same set of events.
@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, {"nyfors", "froslunda", "area", "restricted_kommun", "restricted_bostad"}),
        ({"from": "2025-03-13"}, {"froslunda", "area", "restricted_bostad"}),
        ({"to": "2025-03-12"}, {"nyfors", "restricted_kommun"}),
        ({"from": "2025-03-12", "to": "2025-03-13"}, {"restricted_kommun", "restricted_bostad"}),
        # the Fröslunda window (20-21 March) overlaps the day after it started
        ({"from": "2025-03-21", "to": "2025-03-21"}, {"froslunda"}),
        ({"district": "centrum"}, {"restricted_kommun", "restricted_bostad"}),
        ({"district": "nyfors"}, {"nyfors"}),
        ({"category": "vandalism"}, {"froslunda", "area"}),
        ({"source": "polisen"}, {"area"}),
        (
            {"category": "graffiti", "district": "centrum", "to": "2025-03-12"},
            {"restricted_kommun"},
        ),
    ],
)
def test_events__filters__narrow_the_list(as_user, people, events, params, expected):
    ids = set(_ids(as_user(people["coordinator"]).get(BASE, params)))
    assert ids == {events[key].pk for key in expected}


def test_events__blank_filters__mean_no_filter(as_user, people, events):
    params = {"from": "", "to": "", "district": "", "category": "", "source": ""}
    assert len(_ids(as_user(people["coordinator"]).get(BASE, params))) == 5


def test_events__date_filter_uses_swedish_days(as_user, people, events, municipality):
    """23:30 UTC on 31 March is 1 April in Sweden: it belongs to 1 April."""
    late = EventFactory(
        municipality=municipality, occurred_from=datetime(2025, 3, 31, 23, 30, tzinfo=UTC)
    )
    client = as_user(people["coordinator"])
    assert late.pk in _ids(client.get(BASE, {"from": "2025-04-01", "to": "2025-04-01"}))
    assert late.pk not in _ids(client.get(BASE, {"to": "2025-03-31"}))


def test_events__category_filter__includes_sub_categories(as_user, people, events, municipality):
    vandalism = EventCategory.objects.get(code="vandalism")
    window = EventCategory.objects.create(
        municipality=municipality, code="krossad-ruta", name="Krossad ruta", parent=vandalism
    )
    child = EventFactory(municipality=municipality, category=window)
    ids = set(_ids(as_user(people["coordinator"]).get(BASE, {"category": "vandalism"})))
    assert child.pk in ids


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"from": "13 mars"}, "from"),
        ({"to": "2025-02-30"}, "to"),
        ({"from": "2025-03-10", "to": "2025-03-01"}, "to"),
        ({"district": "atlantis"}, "district"),
        ({"category": "ufo"}, "category"),
        ({"source": "okand"}, "source"),
    ],
)
def test_events__invalid_filter__400_naming_the_parameter(as_user, people, events, params, field):
    assert field in field_errors(as_user(people["viewer"]).get(BASE, params))


def test_events__another_municipalitys_category__unknown_here(as_user, people, events, stockholm):
    EventCategory.objects.create(municipality=stockholm, code="sthlm-egen", name="Stockholms")
    response = as_user(people["viewer"]).get(BASE, {"category": "sthlm-egen"})
    assert field_errors(response) == {"category": ["does_not_exist"]}


def test_events__list_query_count_constant_as_rows_grow(
    as_user, people, events, municipality, organisations, django_assert_num_queries
):
    params = {"district": "nyfors", "category": "graffiti", "source": "falt", "from": "2025-01-01"}

    def listed() -> int:
        client = as_user(people["reporter"])
        # session, user, municipality, memberships, the district, category and source of
        # the filters, count, page: the rows' category, source, district and organisation
        # come in the page query; and the read's one audit row (its count and the insert).
        with django_assert_num_queries(11):
            response = client.get(BASE, params)
        assert response.status_code == 200
        return len(response.json()["results"])

    before = listed()
    graffiti = EventCategory.objects.get(code="graffiti")
    for day in range(1, 21):
        EventFactory(
            municipality=municipality,
            category=graffiti,
            source=events["nyfors"].source,
            occurred_from=datetime(2025, 4, day, 12, tzinfo=UTC),
            lon=NYFORS_POINT[0],
            lat=NYFORS_POINT[1],
            district=district(municipality, "Nyfors"),
            h3_cell=cell(NYFORS_POINT),
            organisation=organisations["bostad" if day % 2 else "kommun"],
        )
    assert listed() == before + 20
