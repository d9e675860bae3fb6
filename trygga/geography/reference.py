"""Sweden's reference geography: every county and municipality, with official names.

The police feed names all 290 municipalities and 21 counties, so they exist as reference
rows even where the municipality does not run Trygga (`is_active` False). Official names
come from SCB's code table; polygons from the public (simplified) GeoJSON files.
"""

import csv
import json
from pathlib import Path

from django.contrib.auth.models import User
from django.db import transaction

from trygga.core.errors import ImportRowError
from trygga.geography.actions import import_geojson
from trygga.geography.models import County


def load_sweden(
    *,
    actor: User | None,
    names_csv: Path,
    counties_geojson: Path,
    municipalities_geojson: Path,
) -> tuple[int, int]:
    """Create or update all counties and municipalities; returns (counties, municipalities).

    `names_csv` has the columns municipality_code, municipality_name, county_code,
    county_name (SCB's table); its names win over the GeoJSON files' shorter ones.
    """
    with names_csv.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    official = {row["municipality_code"]: row["municipality_name"] for row in rows}
    with transaction.atomic():
        for row in rows:
            County.objects.update_or_create(
                code=row["county_code"].zfill(2), defaults={"name": row["county_name"]}
            )
        counties = json.loads(counties_geojson.read_text(encoding="utf-8"))
        for feature in counties["features"]:
            # The polygon file says 'Gävleborg'; the name from SCB ('Gävleborgs län') stays.
            props = feature["properties"]
            code = str(props["l_id"]).zfill(2)
            county = County.objects.filter(code=code).first()
            if county is None:
                raise ImportRowError(0, "l_id", f"länet {code} saknas i SCB:s kodtabell")
            props["name"] = county.name
        import_geojson(actor=actor, feature_collection=counties, level="county")
        municipalities = json.loads(municipalities_geojson.read_text(encoding="utf-8"))
        for feature in municipalities["features"]:
            props = feature["properties"]
            props["kom_namn"] = official.get(str(props["id"]).zfill(4), props["kom_namn"])
        result = import_geojson(
            actor=actor, feature_collection=municipalities, level="municipality"
        )
    return County.objects.count(), result.created + result.updated
