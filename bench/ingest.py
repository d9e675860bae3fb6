"""Benchmark: a generated CSV event log imported through the real importer, against the raw
bulk insert of the same rows into the same Event table, in one run.

    .venv/bin/python bench/ingest.py --rows 1000000 --database sqlite
    .venv/bin/python bench/ingest.py --rows 1000000 --database postgres

The CSV (points inside Eskilstuna's demo districts, shared categories, times over a year)
is written to a temporary directory. The database is fresh: a new SQLite file, or a new
PostgreSQL database on postgres://postgres@127.0.0.1:5432/ that the script creates and
drops. Order: (1) the import, timed from file to commit; (2) its rows are read back as
tuples and the table is emptied; (3) the baseline, those tuples inserted raw in one
transaction with the cheapest path of the backend (SQLite executemany, PostgreSQL COPY
write_row), timed the same way. Prints rows/s for both and the ratio.
"""

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from common import CATEGORIES, ROOT, drop_database, fresh_database, setup_municipality

DESCRIPTIONS = ["Klotter på fasad", "Krossad ruta i trapphus", "Nedskräpning vid miljöstuga",
                "Ungdomar samlade vid entré", "Brand i papperskorg", "Trasig belysning",
                "Inbrott i förråd", "Stöld av cykel", ""]  # fmt: skip


def generate_csv(path: Path, rows: int, seed: int = 20251125) -> None:
    """Points inside the demo districts (weighted by population), over one year."""
    import polars as pl
    import shapely
    from shapely.geometry import shape

    rng = np.random.default_rng(seed)
    data = json.loads(
        (ROOT / "trygga/demo/data/eskilstuna_districts_approximate.geojson").read_text()
    )
    polygons = [shape(f["geometry"]) for f in data["features"]]
    weights = np.array([f["properties"]["population"] for f in data["features"]], dtype=float)
    per_district = rng.multinomial(rows, weights / weights.sum())
    lon_parts, lat_parts = [], []
    for polygon, count in zip(polygons, per_district, strict=True):
        shapely.prepare(polygon)
        minx, miny, maxx, maxy = polygon.bounds
        got_lon: list[np.ndarray] = []
        need = int(count)
        while need > 0:
            lon = rng.uniform(minx, maxx, need * 3 + 10)
            lat = rng.uniform(miny, maxy, need * 3 + 10)
            inside = shapely.contains_xy(polygon, lon, lat)
            lon, lat = lon[inside][:need], lat[inside][:need]
            got_lon.append(np.stack([lon, lat]))
            need -= len(lon)
        both = np.concatenate(got_lon, axis=1) if got_lon else np.zeros((2, 0))
        lon_parts.append(both[0])
        lat_parts.append(both[1])
    lon = np.round(np.concatenate(lon_parts), 6)
    lat = np.round(np.concatenate(lat_parts), 6)
    order = rng.permutation(rows)
    start = np.datetime64("2025-01-01T00:00")
    minutes = rng.integers(0, 365 * 24 * 60, rows)
    when = (start + minutes.astype("timedelta64[m]")).astype("datetime64[ms]")
    frame = pl.DataFrame(
        {
            "external_id": [f"A-{i:07d}" for i in range(rows)],
            "occurred_from": pl.Series(when).dt.strftime("%Y-%m-%d %H:%M"),
            "category": np.array(CATEGORIES)[rng.integers(0, len(CATEGORIES), rows)],
            "lat": lat[order],
            "lon": lon[order],
            "description": np.array(DESCRIPTIONS)[rng.integers(0, len(DESCRIPTIONS), rows)],
        }
    )
    frame.write_csv(path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--no-ids", action="store_true", help="no id column: hashed ids")
    parser.add_argument(
        "--bulk-create",
        action="store_true",
        help="also time Django's bulk_create of the same rows (model instances)",
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="trygga-bench-") as tmp:
        workdir = Path(tmp)
        csv_path = workdir / "events.csv"
        started = time.perf_counter()
        generate_csv(csv_path, args.rows)
        if args.no_ids:
            import polars as pl

            pl.read_csv(csv_path, infer_schema=False).drop("external_id").write_csv(csv_path)
        print(
            f"generated {args.rows:,} rows ({csv_path.stat().st_size / 1e6:.0f} MB) "
            f"in {time.perf_counter() - started:.1f} s"
        )
        url = fresh_database(args.database, workdir, "ingest")
        os.environ["DATABASE_URL"] = url
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        try:
            run(args, csv_path)
        finally:
            drop_database(url)


def run(args: argparse.Namespace, csv_path: Path) -> None:
    from django.core.management import call_command
    from django.db import connection, transaction

    from trygga.events.importers.tabular import import_tabular
    from trygga.events.ingest import SQLITE_CACHE_KIB, _table_columns
    from trygga.events.models import Event

    call_command("migrate", verbosity=0)
    municipality = setup_municipality()

    stages: dict[str, float] = {}

    def progress(stage: str, done: int, total: int) -> None:
        stages.setdefault(stage, time.perf_counter())

    started = time.perf_counter()
    result = import_tabular(
        actor=None, path=csv_path, municipality=municipality, source_name="bench",
        progress=progress,
    )  # fmt: skip
    import_seconds = time.perf_counter() - started
    assert result.created == args.rows, result
    write_started = stages.get("write", time.perf_counter())
    print(
        f"import:   {import_seconds:6.2f} s  {args.rows / import_seconds:>10,.0f} rows/s  "
        f"(read+validate+assign {write_started - started:.2f} s, "
        f"write {started + import_seconds - write_started:.2f} s)"
    )

    columns = _table_columns()
    qn = connection.ops.quote_name
    table = qn(Event._meta.db_table)
    column_sql = ", ".join(qn(c) for c in columns)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column_sql} FROM {table}")  # noqa: S608
        rows = cursor.fetchall()
        cursor.execute(f"DELETE FROM {table}")  # noqa: S608
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM")
    else:
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE " + table)

    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({column_sql}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            # The same page cache the writer uses for its inserts.
            cursor.execute(f"PRAGMA cache_size = -{SQLITE_CACHE_KIB}")
            placeholders = ", ".join(["%s"] * len(columns))
            sql = f"INSERT INTO {table} ({column_sql}) VALUES ({placeholders})"  # noqa: S608
            cursor.executemany(sql, rows)
    baseline_seconds = time.perf_counter() - started
    assert Event.objects.count() == args.rows
    print(f"baseline: {baseline_seconds:6.2f} s  {args.rows / baseline_seconds:>10,.0f} rows/s")
    print(
        f"ratio import/baseline: {import_seconds / baseline_seconds:.2f}x "
        f"({connection.vendor}, {args.rows:,} rows, ids {'hashed' if args.no_ids else 'given'})"
    )
    if args.bulk_create:
        time_bulk_create(columns, rows)


def time_bulk_create(columns: list[str], rows: list[tuple[object, ...]]) -> None:
    """Django's bulk_create of the same rows: one model instance per row, then the insert."""
    from django.db import connection, transaction

    from trygga.events.models import Event

    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {connection.ops.quote_name(Event._meta.db_table)}")  # noqa: S608
    attnames = {f.column: f.attname for f in Event._meta.concrete_fields}
    names = [attnames[c] for c in columns]
    # SQLite hands back naive UTC datetimes: give bulk_create real aware datetimes, untimed.
    from datetime import UTC, datetime

    stamps = [i for i, c in enumerate(columns) if c.endswith(("_at", "_from", "_to"))]

    def aware(value: object) -> object:
        if isinstance(value, str):
            value = datetime.fromisoformat(value)
        if isinstance(value, datetime) and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value

    rows = [tuple(aware(v) if i in stamps else v for i, v in enumerate(row)) for row in rows]
    started = time.perf_counter()
    with transaction.atomic():
        objects = [Event(**dict(zip(names, row, strict=True))) for row in rows]
        built = time.perf_counter() - started
        Event.objects.bulk_create(objects, batch_size=5000)
    seconds = time.perf_counter() - started
    print(
        f"bulk_create: {seconds:6.2f} s  {len(rows) / seconds:>10,.0f} rows/s  "
        f"(building instances {built:.2f} s)"
    )


if __name__ == "__main__":
    main()
