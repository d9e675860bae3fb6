"""Schemathesis, the long run: generated requests against the REST API and Open311.

    .venv/bin/python bench/schemathesis_run.py [--database sqlite|postgres] [--examples 220]

In one run:
1. creates a fresh database, migrates it and loads the demo (`trygga load-demo`: Eskilstuna
   with its districts, organisations, users, a year of events, the report services);
2. makes an Open311 API key;
3. sends, in process through the WSGI application, `--examples` positive and as many
   negative cases (schemathesis' two generation modes) for every operation of the REST API's
   schema (`/api/schema/`, as the demo coordinator `samordnare` through HTTP Basic, the
   municipality's code fixed) and of the Open311 description
   (`tests/security/open311.openapi.yaml`, with the key and `jurisdiction_id=0484`); the
   requests are not rolled back, so events and reports the positive cases create stay and
   later cases read them;
4. prints the requests per operation and status and every server error (5xx) with the
   request that caused it as a curl command; exits 1 when there is one.

The demo's settings: two-factor log-in optional (so HTTP Basic works for the coordinator),
the report rate limits lifted (the generator would hit them within the first second).
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
sys.path[:0] = [str(ROOT), str(BENCH)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--examples", type=int, default=220)
    args = parser.parse_args()

    from common import drop_database, fresh_database

    workdir = Path(tempfile.mkdtemp(prefix="trygga-schemathesis-"))
    url = fresh_database(args.database, workdir, "schemathesis")
    os.environ.update(
        DATABASE_URL=url,
        DJANGO_SETTINGS_MODULE="config.settings",
        TWO_FACTOR_REQUIRED_ROLES="",
        REPORT_RATE_LIMIT_COUNT="1000000000",
        OPEN311_KEY_RATE_LIMIT_COUNT="1000000000",
        MEDIA_ROOT=str(workdir / "media"),
        LOG_LEVEL="ERROR",
    )
    import django

    django.setup()
    from django.core.management import call_command
    from django.core.wsgi import get_wsgi_application

    from tests.security import fuzz
    from trygga.geography.models import Municipality
    from trygga.reports.actions import create_open311_key

    try:
        started = time.perf_counter()
        call_command("migrate", verbosity=0, interactive=False)
        call_command("load_demo", verbosity=0)
        eskilstuna = Municipality.objects.get(code="0484")
        _key, api_key = create_open311_key(actor=None, name="schemathesis", municipality=eskilstuna)
        print(f"database {args.database}, demo loaded in {time.perf_counter() - started:.0f} s")

        app = get_wsgi_application()
        results = {}
        for label, schema, options in (
            (
                "REST API",
                fuzz.api_schema(app),
                {
                    "headers": fuzz.basic_auth("samordnare", "trygga-demo-2026"),
                    "path": {"code": "0484"},
                },
            ),
            (
                "Open311",
                fuzz.open311_schema(app),
                {
                    "query": {"api_key": api_key, "jurisdiction_id": "0484"},
                    "path": {"service_code": "klotter"},
                },
            ),
        ):
            started = time.perf_counter()
            tally = fuzz.run(schema, examples=args.examples, tally=fuzz.Tally(), **options)
            seconds = time.perf_counter() - started
            results[label] = tally
            print(f"\n{label}: {tally.line()} in {seconds:.0f} s")
            for (operation, status), count in sorted(tally.per_operation_status.items()):
                print(f"  {operation:55} {status}  {count}")
        total = sum(t.requests for t in results.values())
        errors = [e for t in results.values() for e in t.server_errors]
        print(f"\ntotal: {total} requests, {len(errors)} server errors")
        for error in errors:
            print(error)
        return 1 if errors else 0
    finally:
        drop_database(url)


if __name__ == "__main__":
    sys.exit(main())
