"""How the pages name an event's place and time."""

from datetime import UTC, datetime

from trygga.events.models import Event
from trygga.web.display import area_label, event_time


def test_area_label__municipality_gets_kommun_once():
    assert area_label("municipality", "Eskilstuna") == "Eskilstuna kommun (område)"
    assert area_label("municipality", "Eskilstuna kommun") == "Eskilstuna kommun (område)"
    assert area_label("county", "Södermanlands län") == "Södermanlands län (område)"
    assert area_label("municipality", "", "Eskilstuna") == "Eskilstuna kommun (område)"


def test_event_time__moment_and_window_in_local_time():
    moment = Event(occurred_from=datetime(2025, 6, 13, 19, 30, tzinfo=UTC))
    assert event_time(moment) == "13 jun 2025 21:30"
    window = Event(
        occurred_from=datetime(2025, 6, 13, 19, 30, tzinfo=UTC),
        occurred_to=datetime(2025, 6, 16, 5, 0, tzinfo=UTC),
    )
    assert event_time(window) == "fre 13 jun 21:30 – mån 16 jun 2025 07:00"
