"""Benchmark: events counted by district, category and ISO week through Trygga's selector,
next to DuckDB's GROUP BY on the same rows, in one run.

    .venv/bin/python bench/aggregate.py --database sqlite --rows 1000000 3000000
    .venv/bin/python bench/aggregate.py --database postgres --rows 1000000 3000000 10000000

For each size the script makes a fresh database (a new SQLite file; a new PostgreSQL
database on postgres://postgres@127.0.0.1:5432/ that it creates and drops), migrates it,
creates Eskilstuna with its 26 demo districts and the shared categories, and writes the
rows through the project's bulk writer (`trygga.events.ingest.ingest`: executemany on
SQLite, COPY on PostgreSQL). Rows: a district weighted by population, one of 11
categories, a minute over 2024-2025 (ISO year and week computed by the writer), 1 % from
the police feed (area precision, no district). The same columns are written to a Parquet
file for DuckDB (core only: its extensions cannot be downloaded here).

Timed, best of three after one warm-up run:
- selector: `statistics.event_counts_by(SYSTEM, query, by=("period", "district",
  "category"), period="week")`, i.e. the GROUP BY on the Event table with the police feed
  counted apart, plus turning ids into codes;
- duckdb: the same GROUP BY (two filtered counts) over the Parquet file, in-process.
The two results are checked to agree (groups and totals).
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from common import CATEGORIES, PG_SERVER, ROOT, drop_database, fresh_database
from common import setup_municipality as common_setup_municipality

POLICE_SHARE = 0.01


def switch_database(url: str) -> None:
    """Point Django's default connection at another database of the same backend."""
    import environ
    from django.db import connections

    connections.close_all()
    config = environ.Env.db_url_config(url)
    connections.settings["default"].update(config)
    connections["default"].settings_dict.update(config)


def setup_municipality():  # type: ignore[no-untyped-def]
    from trygga.events.models import EventSource, SourceKind

    municipality = common_setup_municipality()
    field = EventSource.objects.create(code="bench", name="Bench", kind=SourceKind.FIELD)
    police = EventSource.objects.create(
        code="polisen", name="Polisens händelser", kind=SourceKind.POLICE_FEED
    )
    return municipality, field, police


def generate(rows: int, municipality, seed: int = 20251125):  # type: ignore[no-untyped-def]
    """The batch for the writer (polars) and the police mask, from numpy."""
    import polars as pl

    from trygga.events.ingest import SCHEMA
    from trygga.events.models import EventCategory
    from trygga.geography.models import District

    rng = np.random.default_rng(seed)
    districts = list(District.objects.filter(municipality=municipality).order_by("pk"))
    weights = np.array([d.population for d in districts], dtype=float)
    district_ids = np.array([d.pk for d in districts])[
        rng.choice(len(districts), rows, p=weights / weights.sum())
    ]
    category_ids = np.array(
        [EventCategory.objects.get(code=c, municipality=None).pk for c in CATEGORIES]
    )[rng.integers(0, len(CATEGORIES), rows)]
    start = np.datetime64("2024-01-01T00:00", "m")
    minutes = rng.integers(0, 2 * 365 * 24 * 60, rows)
    occurred = (start + minutes.astype("timedelta64[m]")).astype("datetime64[us]")
    police = rng.random(rows) < POLICE_SHARE
    frame = pl.DataFrame(
        {
            "external_id": pl.int_range(0, rows, eager=True).cast(pl.String),
            "occurred_from": pl.Series(occurred).dt.replace_time_zone("UTC"),
            "precision": np.where(police, "area", "point"),
            "area_level": np.where(police, "municipality", ""),
            "area_name": np.where(police, "Eskilstuna", ""),
            "lon": np.full(rows, 16.51),
            "lat": np.full(rows, 59.37),
            "district_id": pl.Series(district_ids).set(pl.Series(police), None),
            "category_id": category_ids,
            "municipality_id": np.full(rows, municipality.pk),
            "county_id": np.full(rows, municipality.county_id),
            "confidentiality": np.full(rows, "partners"),
        }
    )
    for column, dtype in SCHEMA.items():
        if column not in frame.columns:
            value = "" if dtype == pl.String else None
            frame = frame.with_columns(pl.lit(value, dtype).alias(column))
    return frame, police


def best_of(function, runs: int = 3) -> tuple[float, object]:  # type: ignore[no-untyped-def]
    function()  # warm-up: caches, numba and imports are not what is measured
    times = []
    result = None
    for _ in range(runs):
        started = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - started)
    return min(times), result


def run_size(database: str, rows: int, workdir: Path) -> dict[str, float]:
    import duckdb
    import polars as pl
    from django.core.management import call_command
    from django.db import connection

    from trygga.events import statistics
    from trygga.events.importers.base import ImportResult
    from trygga.events.ingest import ingest
    from trygga.events.selectors import SYSTEM

    url = fresh_database(database, workdir, f"aggregate_{rows}")
    switch_database(url)
    try:
        call_command("migrate", verbosity=0)
        municipality, field, police_source = setup_municipality()
        started = time.perf_counter()
        batch, police = generate(rows, municipality)
        generated = time.perf_counter() - started
        started = time.perf_counter()
        # Police rows through their own source, the rest through the field source.
        mask = pl.Series(police)
        ingest(
            actor=None,
            source=field,
            batch=batch.filter(~mask),
            result=ImportResult("bench", "bench"),
        )
        ingest(
            actor=None,
            source=police_source,
            batch=batch.filter(mask),
            result=ImportResult("bench", "polisen"),
        )
        written = time.perf_counter() - started
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("VACUUM ANALYZE events_event")
            else:
                cursor.execute("ANALYZE")

        # The same rows for DuckDB, with the ISO week exactly as the writer stored it.
        parquet = workdir / f"events_{rows}.parquet"
        from trygga.events.ingest import with_iso_week

        with_iso_week(batch).select(
            "district_id", "category_id", "iso_year", "iso_week", "municipality_id"
        ).with_columns(
            pl.Series("source_id", np.where(police, police_source.pk, field.pk))
        ).write_parquet(parquet)

        query = statistics.resolve_query(municipality)

        def selector() -> list[dict[str, object]]:
            return statistics.event_counts_by(
                SYSTEM, query, by=("period", "district", "category"), period="week"
            ).rows

        duck = duckdb.connect()
        sql = f"""
            SELECT iso_year, iso_week, district_id, category_id,
                   count(*) FILTER (WHERE source_id <> {police_source.pk}) AS count,
                   count(*) FILTER (WHERE source_id = {police_source.pk}) AS signal
            FROM read_parquet('{parquet}')
            WHERE municipality_id = {municipality.pk}
            GROUP BY ALL
        """  # noqa: S608 (numbers from this script)

        def duck_group() -> list[tuple[object, ...]]:
            return duck.execute(sql).fetchall()

        selector_s, selector_rows = best_of(selector)
        duck_s, duck_rows = best_of(duck_group)
        assert len(selector_rows) == len(duck_rows), (len(selector_rows), len(duck_rows))  # type: ignore[arg-type]
        assert sum(r["count"] for r in selector_rows) == sum(r[4] for r in duck_rows)  # type: ignore[union-attr,index]
        assert sum(r["signal"] for r in selector_rows) == sum(r[5] for r in duck_rows)  # type: ignore[union-attr,index]
        figures = {
            "rows": rows,
            "groups": len(selector_rows),  # type: ignore[arg-type]
            "generate_s": generated,
            "write_s": written,
            "selector_s": selector_s,
            "duckdb_s": duck_s,
        }
        print(
            f"{connection.vendor:10s} {rows:>11,} rows  {figures['groups']:>6,} groups  "
            f"write {written:7.1f} s  selector {selector_s:7.3f} s  "
            f"duckdb {duck_s:6.3f} s  ratio {selector_s / duck_s:5.1f}x  "
            f"selector {rows / selector_s / 1e6:5.1f} M rows/s",
            flush=True,
        )
        parquet.unlink()
        return figures
    finally:
        from django.db import connections

        connections.close_all()
        drop_database(url)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--rows", type=int, nargs="+", default=[1_000_000])
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    with tempfile.TemporaryDirectory(prefix="trygga-aggregate-") as tmp:
        workdir = Path(tmp)
        # The backend is fixed at start-up; each size then switches to its own database.
        os.environ["DATABASE_URL"] = (
            f"sqlite:///{workdir / 'setup.sqlite3'}"
            if args.database == "sqlite"
            else f"{PG_SERVER}/postgres"
        )
        import django

        django.setup()
        results = [run_size(args.database, rows, workdir) for rows in args.rows]
    if len(results) > 1:
        first, last = results[0], results[-1]
        scale = last["rows"] / first["rows"]
        print(
            f"{last['rows']:,} / {first['rows']:,} rows = {scale:.0f}x: selector time "
            f"{last['selector_s'] / first['selector_s']:.1f}x, duckdb time "
            f"{last['duckdb_s'] / first['duckdb_s']:.1f}x"
        )


if __name__ == "__main__":
    main()
