"""`event_counts`: the overview's counts by category and district, read through the same
access check as every other read of events."""

from datetime import timedelta

from django.utils import timezone

from tests.factories import UserFactory
from trygga.events.selectors import EventFilter, event_counts


def test_event_counts__by_category_with_recent_window(municipality, people, events):
    today = timezone.localdate()
    rows = event_counts(
        people["coordinator"],
        municipality,
        EventFilter(date_from=today - timedelta(days=27)),
        group_by="category",
        recent_since=today - timedelta(days=6),
    )
    by_name = {row["name"]: (row["recent"], row["total"]) for row in rows}
    assert by_name["Klotter"] == (0, 1)
    assert by_name["Hot"] == (1, 1)
    assert sum(total for _, total in by_name.values()) == 6


def test_event_counts__by_district_puts_area_events_under_none(municipality, people, events):
    rows = event_counts(people["coordinator"], municipality, EventFilter(), group_by="district")
    by_id = {row["id"]: row for row in rows}
    assert by_id[None]["total"] == 2
    assert all(row["recent"] == row["total"] for row in rows)  # no recent window given


def test_event_counts__follow_visibility(municipality, people, events):
    """The viewer does not count the restricted event; a stranger counts nothing."""
    coordinator = event_counts(
        people["coordinator"], municipality, EventFilter(), group_by="category"
    )
    viewer = event_counts(people["viewer"], municipality, EventFilter(), group_by="category")
    stranger = event_counts(UserFactory(), municipality, EventFilter(), group_by="category")
    assert sum(r["total"] for r in coordinator) == sum(r["total"] for r in viewer) + 1
    assert stranger == []


def test_event_counts__refuses_an_unknown_grouping(municipality, people):
    import pytest

    with pytest.raises(ValueError, match="group_by"):
        event_counts(people["coordinator"], municipality, EventFilter(), group_by="hour")
