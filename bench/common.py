"""What the benchmark scripts share: paths, a fresh database per run, the demo
municipality with its 26 approximate districts, and the categories the generators use.

Imported by the scripts in this folder (`python bench/NAME.py` puts it on the path);
Django imports happen inside the functions, after the script has called django.setup().
"""

import json
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "data"
PG_SERVER = "postgres://postgres@127.0.0.1:5432"
CATEGORIES = ["vandalism", "graffiti", "littering", "fire", "drugs", "disorder",
              "youth_gathering", "unsafe_place", "dark_place", "burglary", "theft"]  # fmt: skip


def fresh_database(database: str, workdir: Path, label: str) -> str:
    """A fresh database URL: a new SQLite file, or a PostgreSQL database created here."""
    if database == "sqlite":
        return f"sqlite:///{workdir / f'{label}.sqlite3'}"
    import psycopg

    name = f"trygga_bench_{label}_{os.getpid()}"
    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"{PG_SERVER}/{name}"


def drop_database(url: str) -> None:
    """Remove what fresh_database made, after closing Django's connections to it."""
    from django.db import connections

    connections.close_all()
    if url.startswith("sqlite"):
        Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)
        return
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def setup_municipality():  # type: ignore[no-untyped-def]
    """Eskilstuna with its real polygon, the demo's districts and the shared categories."""
    from trygga.events.actions import seed_categories
    from trygga.geography.models import County, District, Municipality

    boundary = json.loads(
        (SHARED / "geography/eskilstuna_municipality_0484_okfse.geojson").read_text()
    )["features"][0]["geometry"]
    county = County.objects.create(code="04", name="Södermanlands län")
    municipality = Municipality.objects.create(
        code="0484", name="Eskilstuna", county=county, boundary=boundary, is_active=True
    )
    data = json.loads(
        (ROOT / "trygga/demo/data/eskilstuna_districts_approximate.geojson").read_text()
    )
    for feature in data["features"]:
        props = feature["properties"]
        District.objects.create(
            municipality=municipality,
            code=props["name"].lower().replace(" ", "-"),
            name=props["name"],
            boundary=feature["geometry"],
            population=props["population"],
            is_priority=props["priority"],
            boundary_is_approximate=True,
        )
    seed_categories()
    return municipality
