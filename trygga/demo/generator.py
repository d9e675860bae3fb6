"""A generated but realistic year of field events for the demo municipality.

Nothing here is real: it stands in for the logs that field assistants, night walkers,
security guards, the housing company and the street department keep, so that the demo
has a situational picture to show. The patterns follow what such logs show: more events
in the priority districts per resident, clusters around centres and transit hubs,
evenings and weekend nights for people out in the field, mornings (with an unknown
start) for damage found by the housing company, youth gatherings in summer and dark
places in winter. The output is seeded and reproducible, and goes through the real CSV
importer.
"""

import csv
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from shapely.geometry import shape


@dataclass(frozen=True)
class Reporter:
    """One organisation that logs events, with what and when it logs."""

    key: str
    per_year: int
    categories: dict[str, float]
    hours: tuple[int, ...]  # hours of the day it is out, weighted by repetition
    weekend_factor: float  # Friday and Saturday against other days
    found_later_share: float = 0.0  # share logged as a window (found after the fact)


REPORTERS = [
    Reporter(
        "faltassistenter",
        1400,
        {
            "youth_gathering": 30,
            "unsafe_place": 15,
            "drugs": 12,
            "drug_dealing": 10,
            "disorder": 15,
            "threats": 5,
            "violence": 5,
            "littering": 8,
        },
        (15, 16, 17, 18, 18, 19, 19, 20, 20, 21, 21, 22, 22, 23),
        1.5,
    ),
    Reporter(
        "kommunfastigheter",
        2200,
        {
            "vandalism": 30,
            "graffiti": 20,
            "littering": 15,
            "fire": 8,
            "burglary": 12,
            "unsafe_place": 5,
            "staff_incident": 3,
            "dark_place": 7,
        },
        (7, 7, 8, 8, 8, 9, 9, 10, 11, 13, 14, 15),
        1.0,
        found_later_share=0.45,
    ),
    Reporter(
        "vaktbolaget",
        1500,
        {
            "disorder": 25,
            "youth_gathering": 15,
            "threats": 12,
            "drug_dealing": 10,
            "violence": 8,
            "vandalism": 10,
            "staff_incident": 8,
            "reckless_driving": 12,
        },
        (18, 19, 20, 21, 21, 22, 22, 23, 23, 0, 0, 1, 1, 2, 3),
        1.8,
    ),
    Reporter(
        "gatuavdelningen",
        900,
        {"dark_place": 35, "graffiti": 25, "vandalism": 25, "littering": 15},
        (7, 8, 9, 10, 11, 13, 14, 15),
        0.3,
        found_later_share=0.3,
    ),
    Reporter(
        "nattvandrarna",
        500,
        {
            "youth_gathering": 35,
            "disorder": 20,
            "unsafe_place": 15,
            "drugs": 10,
            "reckless_driving": 20,
        },
        (20, 21, 22, 22, 23, 23, 0, 0, 1),
        3.0,
    ),
]

# Day of the year on which each category peaks, and how strongly (0 = flat).
SEASON: dict[str, tuple[int, float]] = {
    "youth_gathering": (190, 0.6),
    "reckless_driving": (170, 0.4),
    "dark_place": (355, 0.8),
    "fire": (365, 0.3),
    "graffiti": (120, 0.2),
    "littering": (200, 0.4),
}

HOT_SPOTS = [  # lon, lat: centres and hubs where events cluster (approximate)
    (16.5310, 59.3590),  # Fröslunda centrum
    (16.4700, 59.3555),  # Årby centrum
    (16.5095, 59.3665),  # Resecentrum
    (16.5470, 59.3865),  # Skiftinge centrum
    (16.5280, 59.3750),  # Nyfors
    (16.4965, 59.3875),  # Lagersberg centrum
    (16.5085, 59.3710),  # Fristadstorget
]
HOT_SPOT_SHARE = 0.35

DESCRIPTIONS: dict[str, list[str]] = {
    "vandalism": [
        "Krossad glasruta i trapphus.",
        "Sönderslagen belysningsarmatur.",
        "Skadad dörr till soprum.",
        "Sparkad papperskorg vid gångväg.",
    ],
    "graffiti": [
        "Klotter på fasad mot gångvägen.",
        "Klotter i tvättstuga.",
        "Taggar på elskåp.",
        "Klotter i gångtunnel.",
    ],
    "littering": [
        "Nedskräpning vid lekplats.",
        "Dumpade möbler vid miljöhus.",
        "Mycket skräp efter kvällen vid torget.",
    ],
    "fire": [
        "Brand i papperskorg.",
        "Brand i container, släckt av räddningstjänsten.",
        "Brandrök i källarförråd.",
    ],
    "drug_dealing": [
        "Misstänkt langning vid busshållplatsen.",
        "Återkommande bilar som stannar kort, misstänkt försäljning.",
    ],
    "drugs": [
        "Kanyler hittade vid lekplats.",
        "Lukt av cannabis i trapphus.",
        "Ungdomar som verkar påverkade.",
    ],
    "violence": ["Slagsmål mellan ungdomar, avbröts.", "Person misshandlad, polis larmad."],
    "threats": ["Personal hotad vid entrén.", "Hotfull stämning mot förbipasserande."],
    "disorder": [
        "Högljudd grupp, stök i centrumhuset.",
        "Bråk utanför livsmedelsbutik.",
        "Fyrverkerier mot fasad.",
    ],
    "youth_gathering": [
        "Grupp om 10–15 ungdomar, lugnt.",
        "Samling av unga vid skolgården.",
        "Stor grupp vid fritidsgården efter stängning.",
    ],
    "unsafe_place": [
        "Otrygg passage, många undviker platsen.",
        "Boende uppger att de känner sig otrygga kvällstid.",
    ],
    "dark_place": [
        "Trasig gatubelysning längs gångvägen.",
        "Mörk passage, lampa ur funktion.",
        "Belysning i gångtunnel släckt.",
    ],
    "burglary": ["Inbrott i källarförråd.", "Uppbrutet cykelrum."],
    "reckless_driving": ["Buskörning med moped på gångväg.", "Bilar som kör i hög fart på torget."],
    "staff_incident": ["Personal utsatt för hot under rond.", "Väktare knuffad vid ingripande."],
}


@dataclass(frozen=True)
class DistrictSpec:
    name: str
    geometry: dict[str, Any]
    population: int
    priority: bool


def _season_weights(category: str, days: np.ndarray) -> np.ndarray:
    peak, strength = SEASON.get(category, (0, 0.0))
    return 1.0 + strength * np.cos(2 * np.pi * (days - peak) / 365.25)


def _points_in(
    rng: np.random.Generator, geometry: Any, count: int, boundary: Any
) -> list[tuple[float, float]]:
    """Uniform points inside a polygon (rejection sampling on its bounding box)."""
    minx, miny, maxx, maxy = geometry.bounds
    points: list[tuple[float, float]] = []
    while len(points) < count:
        lon = rng.uniform(minx, maxx, count * 3)
        lat = rng.uniform(miny, maxy, count * 3)
        keep = shapely.contains_xy(geometry, lon, lat) & shapely.contains_xy(boundary, lon, lat)
        points.extend(zip(lon[keep].tolist(), lat[keep].tolist(), strict=True))
    return points[:count]


def generate(
    districts: list[DistrictSpec],
    municipality_boundary: dict[str, Any],
    *,
    end: date,
    seed: int = 2026,
) -> dict[str, list[dict[str, str]]]:
    """Rows per reporter for the 365 days up to and including `end`."""
    rng = np.random.default_rng(seed)
    boundary = shape(municipality_boundary)
    shapely.prepare(boundary)
    geoms = [shape(d.geometry) for d in districts]
    for geom in geoms:
        shapely.prepare(geom)
    urban = np.array([g.area < 0.005 for g in geoms])  # about 15 km² and smaller
    weights = np.array([d.population * (3.0 if d.priority else 1.0) for d in districts], float)
    weights *= np.where(urban, 1.0, 0.25)
    weights /= weights.sum()
    start = end - timedelta(days=364)
    days = np.arange(365)
    day_of_year = np.array([(start + timedelta(days=int(d))).timetuple().tm_yday for d in days])
    weekday = np.array([(start + timedelta(days=int(d))).weekday() for d in days])

    out: dict[str, list[dict[str, str]]] = {}
    for reporter in REPORTERS:
        codes = list(reporter.categories)
        probs = np.array([reporter.categories[c] for c in codes], float)
        chosen = rng.choice(len(codes), size=reporter.per_year, p=probs / probs.sum())
        day_factor = np.where(np.isin(weekday, (4, 5)), reporter.weekend_factor, 1.0)
        rows: list[dict[str, str]] = []
        for index, code_index in enumerate(chosen):
            category = codes[code_index]
            w = _season_weights(category, day_of_year) * day_factor
            day = start + timedelta(days=int(rng.choice(days, p=w / w.sum())))
            hour = int(rng.choice(reporter.hours))
            # Wall-clock local time, as a partner's log writes it; the importer makes it aware.
            moment = datetime(day.year, day.month, day.day, hour, int(rng.integers(0, 60)))  # noqa: DTZ001
            if hour < 6:
                moment += timedelta(days=1)  # the night after the chosen evening
            moment = min(moment, datetime(end.year, end.month, end.day, 23, 59))  # noqa: DTZ001
            if rng.random() < HOT_SPOT_SHARE:
                lon0, lat0 = HOT_SPOTS[int(rng.integers(len(HOT_SPOTS)))]
                lon, lat = lon0 + rng.normal(0, 0.0025), lat0 + rng.normal(0, 0.0013)
                if not shapely.contains_xy(boundary, lon, lat):
                    lon, lat = lon0, lat0
            else:
                district = int(rng.choice(len(districts), p=weights))
                lon, lat = _points_in(rng, geoms[district], 1, boundary)[0]
            occurred_from, occurred_to = moment, None
            if rng.random() < reporter.found_later_share:
                occurred_to = moment
                occurred_from = moment - timedelta(hours=float(rng.uniform(8, 60)))
            restricted = category == "staff_incident" or rng.random() < 0.05
            rows.append(
                {
                    "external_id": f"demo-{reporter.key}-{index + 1:05d}",
                    "occurred_from": occurred_from.strftime("%Y-%m-%d %H:%M"),
                    "occurred_to": occurred_to.strftime("%Y-%m-%d %H:%M") if occurred_to else "",
                    "category": category,
                    "lat": f"{lat:.6f}",
                    "lon": f"{lon:.6f}",
                    "description": str(rng.choice(DESCRIPTIONS[category])),
                    "confidentiality": "restricted" if restricted else "partners",
                }
            )
        out[reporter.key] = rows
    return out


def write_csv(rows: list[dict[str, str]], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
