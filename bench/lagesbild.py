"""Benchmark: the yearly lägesbild as a PDF, next to the analysis alone, in one run.

    .venv/bin/python bench/lagesbild.py --database sqlite --events 100000 1000000
    .venv/bin/python bench/lagesbild.py --database postgres --events 100000 1000000

For each size: a fresh database (common.fresh_database), Eskilstuna with its 26 demo
districts and the shared categories (common.setup_municipality), and a year of events
(2025) plus the year before (the change test's baseline), written through the bulk writer.
Points: 70 % around 40 centres in the districts (a few hundred metres wide), 30 % uniform
over the districts; each point gets its district and H3 cell from the municipality's point
assigner, as at ingest; a third of the events are open (the public version counts those).

Timed, best of three after a warm-up (numba's compilation is not what is measured):
- analysis: `builder.build(spec, audiences=("partner",))`, every selector and test the
  partner PDF needs (counts, trend, change, patterns, hot spots now and before, repeats);
- render: `render.document.pdf(doc)` of that content (SVG maps and charts, WeasyPrint);
- the same two for the public version (analysis includes the small-count protection).
"""

import argparse
import datetime as dt
import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from common import CATEGORIES, PG_SERVER, ROOT, drop_database, fresh_database, setup_municipality


def best_of(function, runs: int = 3):  # type: ignore[no-untyped-def]
    function()
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - started)
    return min(times), result


def switch_database(url: str) -> None:
    import environ
    from django.db import connections

    connections.close_all()
    config = environ.Env.db_url_config(url)
    connections.settings["default"].update(config)
    connections["default"].settings_dict.update(config)


def generate(n: int, municipality, seed: int = 2025):  # type: ignore[no-untyped-def]
    import polars as pl
    from shapely.geometry import shape

    from trygga.events.ingest import SCHEMA
    from trygga.events.models import EventCategory
    from trygga.geography.models import District
    from trygga.geography.selectors import point_assigner

    rng = np.random.default_rng(seed)
    districts = list(District.objects.filter(municipality=municipality))
    union = [shape(d.boundary) for d in districts]
    minx = min(g.bounds[0] for g in union)
    miny = min(g.bounds[1] for g in union)
    maxx = max(g.bounds[2] for g in union)
    maxy = max(g.bounds[3] for g in union)
    # Centres inside the urban districts (the smaller half by area), where events cluster.
    small = sorted(union, key=lambda g: g.area)[: len(union) // 2]
    centres = []
    while len(centres) < 40:
        g = small[rng.integers(0, len(small))]
        x0, y0, x1, y1 = g.bounds
        x, y = rng.uniform(x0, x1), rng.uniform(y0, y1)
        if g.contains(shape({"type": "Point", "coordinates": (x, y)})):
            centres.append((x, y))
    centres_arr = np.array(centres)
    clustered = rng.random(n) < 0.7
    pick = centres_arr[rng.integers(0, len(centres), n)]
    lon = np.where(clustered, pick[:, 0] + rng.normal(0, 0.004, n), rng.uniform(minx, maxx, n))
    lat = np.where(clustered, pick[:, 1] + rng.normal(0, 0.002, n), rng.uniform(miny, maxy, n))
    where = point_assigner(municipality).assign(lon, lat)
    keep = where.inside
    lon, lat = lon[keep], lat[keep]
    district = where.district_id[keep]
    cell = where.cell[keep]
    m = int(keep.sum())
    categories = np.array(
        [EventCategory.objects.get(code=c, municipality=None).pk for c in CATEGORIES]
    )[rng.integers(0, len(CATEGORIES), m)]
    # 2025 is the lägesbild's year; 2024 holds a quarter as many events (its baseline).
    in_2025 = rng.random(m) < 0.8
    start = np.where(
        in_2025, np.datetime64("2025-01-01T00:00", "m"), np.datetime64("2024-01-01T00:00", "m")
    )
    minutes = rng.integers(0, 365 * 24 * 60, m)
    occurred = (start + minutes.astype("timedelta64[m]")).astype("datetime64[us]")
    frame = pl.DataFrame(
        {
            "external_id": pl.int_range(0, m, eager=True).cast(pl.String),
            "occurred_from": pl.Series(occurred).dt.replace_time_zone("UTC"),
            "precision": np.full(m, "point"),
            "area_level": np.full(m, ""),
            "area_name": np.full(m, ""),
            "lon": lon,
            "lat": lat,
            "district_id": pl.Series(district).set(pl.Series(district <= 0), None),
            "h3_cell": cell,
            "category_id": categories,
            "municipality_id": np.full(m, municipality.pk),
            "county_id": np.full(m, municipality.county_id),
            "confidentiality": np.where(rng.random(m) < 1 / 3, "open", "partners"),
        }
    )
    for column, dtype in SCHEMA.items():
        if column not in frame.columns:
            frame = frame.with_columns(
                pl.lit("" if dtype == pl.String else None, dtype).alias(column)
            )
    return frame, int(in_2025.sum())


def run_size(database: str, events: int, workdir: Path) -> dict[str, float]:
    from django.core.management import call_command
    from django.db import connection

    from trygga.events.importers.base import ImportResult
    from trygga.events.ingest import ingest
    from trygga.events.models import EventSource, SourceKind
    from trygga.lagesbild.builder import build
    from trygga.lagesbild.collect import Spec
    from trygga.lagesbild.render.document import Document, pdf

    url = fresh_database(database, workdir, f"lagesbild_{events}")
    switch_database(url)
    try:
        call_command("migrate", verbosity=0)
        municipality = setup_municipality()
        source = EventSource.objects.create(code="bench", name="Bench", kind=SourceKind.FIELD)
        batch, in_year = generate(events, municipality)
        started = time.perf_counter()
        ingest(actor=None, source=source, batch=batch, result=ImportResult("bench", "bench"))
        written = time.perf_counter() - started
        with connection.cursor() as cursor:
            cursor.execute(
                "VACUUM ANALYZE events_event" if connection.vendor == "postgresql" else "ANALYZE"
            )
        spec = Spec(municipality, "year", dt.date(2025, 1, 1), dt.date(2025, 12, 31))
        figures: dict[str, float] = {"events": events, "in_year": in_year, "write_s": written}
        for audience in ("partner", "public"):
            analysis_s, content = best_of(lambda a=audience: build(spec, audiences=(a,)))
            doc = Document(
                title="Lägesbild 2025 – Eskilstuna", kind="year", audience=audience,
                municipality="Eskilstuna", district=None, date_from=spec.date_from,
                date_to=spec.date_to, status="draft", version=None, approval=None,
                built_at=content["built_at"], written={"problems": []},
                content=content[audience], geometry=content["geometry"],
            )  # fmt: skip
            render_s, data = best_of(lambda d=doc: pdf(d))
            marks: list[tuple[str, float]] = [("start", time.perf_counter())]
            build(
                spec,
                audiences=(audience,),
                progress=lambda step, m=marks: m.append((step, time.perf_counter())),
            )
            # Each mark is made when a step starts: a step's time runs to the next mark.
            steps = [(marks[i][0], marks[i + 1][1] - marks[i][1]) for i in range(1, len(marks) - 1)]
            steps.append((marks[-1][0], time.perf_counter() - marks[-1][1]))
            out = workdir / f"lagesbild-{audience}-{events}.pdf"
            out.write_bytes(data)
            figures[f"{audience}_analysis_s"] = analysis_s
            figures[f"{audience}_render_s"] = render_s
            print(
                f"{connection.vendor:10s} {events:>9,} events ({in_year:,} in 2025)  "
                f"{audience:7s}  "
                f"analysis {analysis_s:6.2f} s  PDF render {render_s:5.2f} s  "
                f"whole PDF {analysis_s + render_s:6.2f} s  ({len(data) / 1e3:,.0f} kB)",
                flush=True,
            )
            print(
                "    steps: " + ", ".join(f"{name} {seconds:.2f}" for name, seconds in steps),
                flush=True,
            )
        return figures
    finally:
        from django.db import connections

        connections.close_all()
        drop_database(url)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--events", type=int, nargs="+", default=[100_000, 1_000_000])
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    with tempfile.TemporaryDirectory(prefix="trygga-lagesbild-") as tmp:
        workdir = Path(tmp)
        os.environ["DATABASE_URL"] = (
            f"sqlite:///{workdir / 'setup.sqlite3'}"
            if args.database == "sqlite"
            else f"{PG_SERVER}/postgres"
        )
        import django

        django.setup()
        import logging

        logging.getLogger("weasyprint").setLevel(logging.ERROR)
        results = [run_size(args.database, n, workdir) for n in args.events]
    if len(results) > 1:
        first, last = results[0], results[-1]
        scale = last["events"] / first["events"]
        for audience in ("partner", "public"):
            a = last[f"{audience}_analysis_s"] / first[f"{audience}_analysis_s"]
            whole = (last[f"{audience}_analysis_s"] + last[f"{audience}_render_s"]) / (
                first[f"{audience}_analysis_s"] + first[f"{audience}_render_s"]
            )
            print(f"{scale:.0f}x the events, {audience}: analysis {a:.1f}x, whole PDF {whole:.1f}x")


if __name__ == "__main__":
    main()
