"""Fixtures for the import tests: Sweden's reference geography and small police records."""

from typing import Any

import pytest

from tests.factories import SHARED_DATA
from trygga.geography.reference import load_sweden

POLICE_DATA = SHARED_DATA / "polisen_events"
ALL_EVENTS = POLICE_DATA / "events_all_2022-09_to_2026-08.json.gz"


@pytest.fixture
def sweden(municipality):
    """All 290 municipalities and 21 counties, beside the Eskilstuna fixture."""
    geography = SHARED_DATA / "geography"
    load_sweden(
        actor=None,
        names_csv=geography / "swedish_admin_areas_scb.csv",
        counties_geojson=geography / "swedish_regions_okfse.geojson",
        municipalities_geojson=geography / "swedish_municipalities_okfse.geojson",
    )
    municipality.refresh_from_db()
    return municipality


def police_record(**overrides: Any) -> dict[str, Any]:
    """One feed record in the API's exact shape; override any field."""
    record: dict[str, Any] = {
        "id": 588172,
        "datetime": "2025-06-07 7:32:06 +02:00",
        "name": "06 juni 18.50, Trafikbrott, Kungsör",
        "summary": "Bilist misstänks för brott.",
        "url": "/aktuellt/handelser/2025/juni/6/06-juni-18.50-trafikbrott-kungsor/",
        "type": "Trafikbrott",
        "location": {"name": "Kungsör", "gps": "59.422397,16.097786"},
    }
    location = overrides.pop("location", None)
    record.update(overrides)
    if location is not None:
        record["location"] = location
    return record
