"""Benchmark: reports and events posted while gunicorn is killed, on PostgreSQL.

    .venv/bin/python bench/faults.py [--duration 120] [--kills 2] [--reports 3] [--events 3]

In one run, on loopback only:
1. creates a fresh PostgreSQL database, migrates it and makes Eskilstuna with its demo
   districts, a report service routed to the street unit, an Open311 API key and a reporter
   with a logged-in session (for the API);
2. starts gunicorn with deploy/gunicorn.conf.py (2 sync workers) on a free port, with the
   report rate limits lifted;
3. runs `--reports` Open311 clients and `--events` API clients for `--duration` seconds
   (tests/deploy/faults.py): each posts one submission after another with an
   Idempotency-Key and a unique marker, and retries a submission that got no answer until
   it is acknowledged; meanwhile the whole server (master and workers) is killed with
   SIGKILL and started again `--kills` times at even intervals;
4. counts the stored rows per marker and prints, per kind: sent, acknowledged, stored,
   duplicated and lost; exits 1 if anything acknowledged was lost or stored twice.
"""

import argparse
import os
import re
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
sys.path[:0] = [str(ROOT), str(BENCH)]

MARKER = re.compile(r"feltest-(?:report|event)-[a-z]{20}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=120)
    parser.add_argument("--kills", type=int, default=2)
    parser.add_argument("--reports", type=int, default=3, help="Open311 clients")
    parser.add_argument("--events", type=int, default=3, help="API clients")
    args = parser.parse_args()

    from common import drop_database, fresh_database

    workdir = Path(tempfile.mkdtemp(prefix="trygga-faults-"))
    url = fresh_database("postgres", workdir, "faults")
    os.environ.update(
        DATABASE_URL=url, DJANGO_SETTINGS_MODULE="config.settings", TWO_FACTOR_REQUIRED_ROLES=""
    )
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from tests.deploy import faults
    from tests.factories import (
        MunicipalityFactory,
        OrganisationFactory,
        add_demo_districts,
        member,
    )
    from tests.reports.conftest import make_service
    from trygga.accounts.models import Role
    from trygga.events.actions import seed_categories
    from trygga.events.models import Event
    from trygga.reports.actions import create_open311_key
    from trygga.reports.models import Report, RoutingRule

    def stored(kind: str, markers: list[str]) -> Counter[str]:
        rows = (
            Report.objects.filter(description__contains="feltest-report-")
            if kind == "report"
            else Event.objects.filter(description__contains="feltest-event-")
        )
        texts = rows.values_list("description", flat=True)
        found = Counter(m for text in texts for m in MARKER.findall(text))
        return Counter({m: found[m] for m in markers})

    server = None
    try:
        call_command("migrate", verbosity=0, interactive=False)
        municipality = MunicipalityFactory()
        add_demo_districts(municipality)
        seed_categories()
        street = OrganisationFactory(municipality=municipality, name="Gatuavdelningen")
        service = make_service(municipality)
        RoutingRule.objects.create(municipality=municipality, service=service, organisation=street)
        _key, api_key = create_open311_key(actor=None, name="Fältappen", municipality=municipality)
        browser = Client()
        browser.force_login(member(street, Role.REPORTER, "faltare"))

        port = faults.free_port()
        server = faults.Server(
            port, faults.server_env(url, workdir / "media"), workdir / "gunicorn.log"
        )
        target = faults.Target(
            port=port,
            api_key=api_key,
            session_cookie=f"sessionid={browser.cookies['sessionid'].value}",
        )
        server.start()
        result = faults.run(
            target=target,
            server=server,
            count=stored,
            duration=args.duration,
            kills=args.kills,
            clients={"report": args.reports, "event": args.events},
        )
        server.stop()
        print(result.report())
        bad = [f for f in result.figures if f.lost or f.duplicated]
        return 1 if bad else 0
    finally:
        if server is not None:
            server.stop()
        drop_database(url)


if __name__ == "__main__":
    sys.exit(main())
