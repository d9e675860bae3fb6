"""A small hand-made data set: every number of its lägesbild is counted by hand in the tests.

Year 2025 (the lägesbild) and 2024 (its baseline, the first year with data):

| where     | what                 | 2025                               | 2024        |
|-----------|----------------------|------------------------------------|-------------|
| Nyfors    | Skadegörelse         | 3 on 10 Jan, 3 on 5 Mar            | 2 on 1 Jan  |
| Nyfors    | Klotter              | 2 on 14 Jun                        |             |
| Fröslunda | Skadegörelse         | 3 on 12 Feb                        |             |
| Fröslunda | Klotter              | 7 on 9 Jul                         | 10 on 9 Jul |
| Centrum   | Skadegörelse         | 1 on 20 Aug                        |             |
| (police)  | Våld, area precision | 2 on 1 Oct (open)                  |             |

All at 12:00 UTC (13:00 or 14:00 in Stockholm). 25 events in 2025 outside the police feed.
"""

from datetime import UTC, datetime

import pytest

from tests.factories import (
    CENTRUM_POINT,
    FROSLUNDA_POINT,
    NYFORS_POINT,
    EventFactory,
    SourceFactory,
)
from trygga.events.models import Confidentiality, EventCategory, SourceKind
from trygga.geography.selectors import point_assigner

PLAN = [
    # (point, category, [(year, month, day, n)])
    (NYFORS_POINT, "vandalism", [(2025, 1, 10, 3), (2025, 3, 5, 3), (2024, 1, 1, 2)]),
    (NYFORS_POINT, "graffiti", [(2025, 6, 14, 2)]),
    (FROSLUNDA_POINT, "vandalism", [(2025, 2, 12, 3)]),
    (FROSLUNDA_POINT, "graffiti", [(2025, 7, 9, 7), (2024, 7, 9, 10)]),
    (CENTRUM_POINT, "vandalism", [(2025, 8, 20, 1)]),
]


def make_events(municipality, confidentiality=Confidentiality.PARTNERS):
    assigner = point_assigner(municipality)
    source = SourceFactory()
    for (lon, lat), code, dates in PLAN:
        category = EventCategory.objects.get(code=code, municipality__isnull=True)
        where = assigner.assign([lon], [lat])
        district_id = int(where.district_id[0])
        cell = int(where.cell[0])
        for year, month, day, n in dates:
            for _ in range(n):
                EventFactory(
                    municipality=municipality,
                    category=category,
                    source=source,
                    occurred_from=datetime(year, month, day, 12, 0, tzinfo=UTC),
                    lon=lon,
                    lat=lat,
                    district_id=district_id,
                    h3_cell=cell,
                    confidentiality=confidentiality,
                )
    police = SourceFactory(code="polisen", name="Polisen", kind=SourceKind.POLICE_FEED)
    violence = EventCategory.objects.get(code="violence", municipality__isnull=True)
    for _ in range(2):
        EventFactory(
            municipality=municipality,
            category=violence,
            source=police,
            occurred_from=datetime(2025, 10, 1, 12, 0, tzinfo=UTC),
            precision="area",
            area_level="municipality",
            area_name="Eskilstuna",
            lon=16.51,
            lat=59.37,
            confidentiality=Confidentiality.OPEN,
        )


@pytest.fixture
def hand_events(municipality):
    make_events(municipality)
    return municipality
