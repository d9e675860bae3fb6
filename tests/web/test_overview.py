"""The overview: counts of the last 7 days and 4 weeks by category and district, priority
districts marked, numbers linking into the filtered list."""

import pytest
from django.urls import reverse
from django.utils import timezone

URL = reverse("web:overview", kwargs={"code": "0484"})


@pytest.fixture
def response(client, people, events):
    client.force_login(people["coordinator"])
    return client.get(URL)


def test_overview__counts_by_category(response, categories):
    rows = {row["name"]: row for row in response.context["by_category"]}
    assert rows["Klotter"]["recent"] == 0  # ten days ago
    assert rows["Klotter"]["total"] == 1
    assert rows["Skadegörelse"]["recent"] == 1
    assert response.context["total"] == 6
    assert response.context["total_recent"] == 5


def test_overview__counts_by_district_with_priority_first(response, districts):
    rows = response.context["districts"]
    by_name = {row.district.name: row for row in rows}
    assert (by_name["Nyfors"].recent, by_name["Nyfors"].total) == (1, 2)
    assert (by_name["Fröslunda"].recent, by_name["Fröslunda"].total) == (2, 2)
    assert by_name["Centrum"].total == 0
    priorities = [row.district.is_priority for row in rows]
    assert priorities == sorted(priorities, reverse=True)
    assert response.context["without_district"]["total"] == 2


def test_overview__marks_priority_and_links_into_the_list(response, districts):
    body = response.content.decode()
    assert "Prioriterad" in body
    assert f"district={districts['Nyfors'].pk}" in body
    assert 'id="approximate-note"' in body


@pytest.mark.parametrize("rows", [3, 60])
def test_overview__query_count_does_not_grow_with_rows(
    client, people, municipality, categories, districts, django_assert_num_queries, rows
):
    from tests.factories import EventFactory

    EventFactory.create_batch(
        rows,
        municipality=municipality,
        category=categories["fire"],
        district=districts["Nyfors"],
        occurred_from=timezone.now(),
    )
    client.force_login(people["coordinator"])
    # session, user, municipality, memberships, two groupings, districts.
    with django_assert_num_queries(7):
        assert client.get(URL).status_code == 200
