"""Builds the demo's approximate district polygons for Eskilstuna.

No public source reachable here publishes Eskilstuna's district (stadsdel) boundaries
(see shared/data/geography/SOURCES.md). The demo therefore divides the real municipal
polygon into Voronoi cells around approximate district centres, and every screen that
shows them says the boundaries are approximate. A municipality imports its own real
boundaries with `trygga import-geography`.

Run `python -m trygga.demo.build_districts MUNICIPALITY.geojson OUT.geojson` to rebuild
`data/eskilstuna_districts_approximate.geojson`.
"""

import json
import sys
from pathlib import Path

import shapely
from shapely.geometry import MultiPoint, mapping, shape

# name, lon, lat, approximate population (demo figures), priority district
SEEDS: list[tuple[str, float, float, int, bool]] = [
    ("Centrum", 16.5090, 59.3712, 9800, False),
    ("Nyfors", 16.5300, 59.3760, 5300, True),
    ("Fröslunda", 16.5300, 59.3585, 6600, True),
    ("Lagersberg", 16.4960, 59.3880, 5600, True),
    ("Skiftinge", 16.5480, 59.3860, 4600, True),
    ("Årby", 16.4680, 59.3560, 4200, True),
    ("Råbergstorp", 16.4830, 59.3670, 3500, False),
    ("Stenby", 16.4700, 59.3820, 2900, False),
    ("Slagsta", 16.5180, 59.3440, 2100, False),
    ("Mesta", 16.4960, 59.3560, 2600, False),
    ("Gillberga", 16.5650, 59.3690, 5200, False),
    ("Tuna", 16.5120, 59.3980, 3900, False),
    ("Hällbybrunn", 16.4250, 59.3920, 4600, False),
    ("Torshälla", 16.4750, 59.4200, 8600, False),
    ("Skogstorp", 16.4830, 59.3200, 5400, False),
    ("Kjula", 16.6800, 59.3500, 2400, False),
    ("Ärla", 16.6800, 59.2700, 2100, False),
    ("Hållsta", 16.3700, 59.3500, 1700, False),
    ("Kafjärden", 16.5600, 59.2700, 1900, False),
    ("Näshulta", 16.1500, 59.2700, 1300, False),
    ("Västra landsbygden", 16.0000, 59.2000, 900, False),
    ("Stora Sundby", 16.2500, 59.2000, 1000, False),
    ("Norra landsbygden", 16.3000, 59.4300, 1500, False),
    ("Östra landsbygden", 16.7800, 59.4300, 1200, False),
    ("Sundbyholm", 16.6200, 59.4100, 800, False),
    ("Eskilstuna flygplats", 16.5900, 59.3400, 300, False),
]
SOURCE = (
    "Trygga demo: Voronoi-indelning av kommunpolygonen kring ungefärliga stadsdelscentrum; "
    "inga öppna stadsdelsgränser fanns att tillgå"
)


def build(municipality_geojson: dict, code: str = "0484") -> dict:
    boundary = shape(municipality_geojson["features"][0]["geometry"])
    seeds = MultiPoint([(lon, lat) for _, lon, lat, _, _ in SEEDS])
    cells = shapely.voronoi_polygons(seeds, extend_to=boundary.envelope.buffer(0.1))
    features = []
    for name, lon, lat, population, priority in SEEDS:
        point = shapely.Point(lon, lat)
        cell = next(c for c in cells.geoms if c.contains(point))
        district = cell.intersection(boundary)
        features.append(
            {
                "type": "Feature",
                "geometry": mapping(district),
                "properties": {
                    "level": "district",
                    "municipality": code,
                    "name": name,
                    "population": population,
                    "population_year": 2024,
                    "priority": priority,
                    "approximate": True,
                    "source": SOURCE,
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}


if __name__ == "__main__":
    source, target = Path(sys.argv[1]), Path(sys.argv[2])
    result = build(json.loads(source.read_text(encoding="utf-8")))
    target.write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")
