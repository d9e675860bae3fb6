"""Benchmark: the Open311 server under load, on PostgreSQL, next to a bare Django view.

    .venv/bin/python bench/open311_load.py [--duration 20] [--users 4] [--preload 1380]
                                           [--conn-max-age 0]

In one run, on loopback only:
1. creates a fresh PostgreSQL database, migrates it, loads Eskilstuna with its 26 demo
   districts and the demo's seven report services, makes an API key, and registers
   `--preload` of the real Helsinki reports through `submit_report` (the same mapping as
   tests/open311/helsinki.py), so the GET phases read a realistic table;
2. starts gunicorn with the project's deploy/gunicorn.conf.py (2 sync workers on this
   2-core machine; with `--conn-max-age N` each worker keeps its database connection N
   seconds, where Django's default, 0, opens one per request) and the bench-only settings
   `bench/open311_bench_settings.py`: the production settings with the rate limits lifted
   (REPORT_RATE_LIMIT_COUNT and OPEN311_KEY_RATE_LIMIT_COUNT set to 10^9; the counters
   still run on every POST) and
   `bench/open311_bench_urls.py`, which adds the baseline `/bench/constant/`: a bare Django
   view returning a constant through the same middleware and workers;
3. drives it phase by phase with locust as a library (headless, `FastHttpUser`, no wait
   time: a closed loop of `--users` concurrent clients), each phase bounded to `--duration`
   seconds, in a child process so gevent's monkey-patching stays out of this one:
   baseline, POST requests.json (the Helsinki reports in turn, with the attributes of
   their demo service), GET requests/{id}.json (ids acknowledged by the POST phase), GET
   requests.json?page_size=100, GET requests.json (the spec's default: up to 1,000
   records), and the baseline again;
4. counts throughput (successful requests per second) and the p50/p99 of the client-side
   latency, with every non-200 answer an error, then stops gunicorn and checks that every
   service_request_id a POST acknowledged is in the database.

The load generator shares the 2 cores with gunicorn and PostgreSQL, as the baseline does.
"""

import argparse
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
sys.path[:0] = [str(ROOT), str(BENCH)]

PHASES = [
    ("baseline", "GET /bench/constant/ (bare Django view)"),
    ("post", "POST /open311/v2/requests.json"),
    ("get_request", "GET /open311/v2/requests/{id}.json"),
    ("get_page", "GET /open311/v2/requests.json?page_size=100"),
    ("get_default", "GET /open311/v2/requests.json (up to 1,000)"),
    ("baseline_again", "GET /bench/constant/ again"),
]
FORM = {"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"}


# --- the load generator (child process) -----------------------------------------------------


def drive(args: argparse.Namespace) -> None:
    """One phase against the running server; writes its figures as JSON to `args.out`."""
    import gevent
    from locust import FastHttpUser, constant, task
    from locust.env import Environment

    from tests.open311 import helsinki

    phase = args.drive
    latencies: list[float] = []
    errors: list[str] = []
    acknowledged: list[str] = []
    bodies = [
        urlencode({"api_key": args.api_key, "jurisdiction_id": "0484", **helsinki.form(r)},
                  doseq=True)
        for r in helsinki.reports()
    ]  # fmt: skip
    ids = json.loads(Path(args.ids).read_text()) if args.ids else []
    counter = iter(range(10**9))

    class Client(FastHttpUser):
        host = args.host
        wait_time = constant(0)

        @task
        def one(self) -> None:
            if phase.startswith("baseline"):
                self.client.get("/bench/constant/", name=phase)
            elif phase == "post":
                body = bodies[next(counter) % len(bodies)]
                with self.client.post(
                    "/open311/v2/requests.json", data=body, headers=FORM, name=phase,
                    catch_response=True,
                ) as response:  # fmt: skip
                    if response.status_code == 200:
                        acknowledged.append(response.json()[0]["service_request_id"])
                    else:
                        response.failure(f"HTTP {response.status_code}: {response.text[:200]}")
            elif phase == "get_request":
                self.client.get(f"/open311/v2/requests/{random.choice(ids)}.json", name=phase)
            elif phase == "get_page":
                self.client.get("/open311/v2/requests.json?page_size=100", name=phase)
            else:
                self.client.get("/open311/v2/requests.json", name=phase)

    def on_request(response_time: float, exception: Exception | None, **kw: object) -> None:
        if exception is None:
            latencies.append(response_time)
        else:
            errors.append(repr(exception)[:200])

    env = Environment(user_classes=[Client])
    env.events.request.add_listener(on_request)
    runner = env.create_local_runner()
    started = time.perf_counter()
    runner.start(args.users, spawn_rate=args.users)
    gevent.sleep(args.duration)
    runner.stop()
    elapsed = time.perf_counter() - started
    runner.quit()
    Path(args.out).write_text(
        json.dumps(
            {
                "latencies_ms": latencies,
                "errors": errors,
                "elapsed": elapsed,
                "acknowledged": acknowledged,
            }
        )
    )


# --- the run (parent process) ----------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - loopback
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"gunicorn did not answer {url} within {seconds} s")


def prepare(preload: int):  # type: ignore[no-untyped-def]
    """Database, municipality, services, API key, preloaded reports; returns the key."""
    import common
    from django.core.management import call_command
    from django.http import QueryDict

    from tests.open311 import helsinki
    from trygga.accounts.models import Organisation, OrganisationKind
    from trygga.reports.actions import create_open311_key, submit_report
    from trygga.reports.models import Channel, Service
    from trygga.reports.open311.parsers import parse_post
    from trygga.reports.seed import seed_demo_reports

    call_command("migrate", verbosity=0)
    municipality = common.setup_municipality()
    organisations = {
        key: Organisation.objects.create(
            municipality=municipality, name=name, kind=OrganisationKind.MUNICIPAL_DEPARTMENT
        )
        for key, name in (
            ("gatuavdelningen", "Gatuavdelningen"),
            ("kommunfastigheter", "Kommunfastigheter"),
            ("trygga", "Trygga Eskilstuna"),
        )
    }
    seed_demo_reports(municipality=municipality, organisations=organisations)
    _key, raw = create_open311_key(actor=None, name="bench", municipality=municipality)
    services = {s.service_code: s for s in Service.objects.filter(municipality=municipality)}

    source = helsinki.reports()
    for n in range(preload):
        posted = parse_post(
            QueryDict(urlencode(helsinki.form(source[n % len(source)]), doseq=True))
        )
        submit_report(
            municipality=municipality,
            service=services[posted.service_code],
            description=posted.description,
            lat=posted.lat,
            lon=posted.long,
            address_string=posted.address_string,
            attributes=posted.attributes,
            media_url=posted.media_url,
            channel=Channel.OPEN311,
        )
    return raw


def percentile(values: list[float], q: float) -> float:
    import numpy as np

    return float(np.percentile(values, q)) if values else float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--duration", type=float, default=20, help="seconds per phase")
    parser.add_argument("--users", type=int, default=4, help="concurrent clients")
    parser.add_argument("--preload", type=int, default=1380, help="reports before the run")
    parser.add_argument(
        "--conn-max-age",
        type=int,
        default=0,
        help="seconds gunicorn's workers keep their database connection (Django's "
        "CONN_MAX_AGE, given as ?conn_max_age= in DATABASE_URL); 0, Django's default, "
        "opens a connection per request",
    )
    parser.add_argument("--drive", help=argparse.SUPPRESS)
    parser.add_argument("--host", help=argparse.SUPPRESS)
    parser.add_argument("--api-key", help=argparse.SUPPRESS)
    parser.add_argument("--ids", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.drive:
        drive(args)
        return

    import common

    workdir = Path(tempfile.mkdtemp(prefix="open311-bench-"))
    url = common.fresh_database("postgres", workdir, "open311")
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "open311_bench_settings"
    import django

    django.setup()
    from django.db import connections

    from trygga.reports.models import Report

    gunicorn = None
    try:
        started = time.perf_counter()
        api_key = prepare(args.preload)
        print(f"prepared {args.preload} reports in {time.perf_counter() - started:.0f} s")
        connections.close_all()
        port = _free_port()
        host = f"http://127.0.0.1:{port}"
        env = {**os.environ, "PYTHONPATH": f"{BENCH}:{ROOT}"}
        if args.conn_max_age:
            env["DATABASE_URL"] = f"{url}?conn_max_age={args.conn_max_age}"
        log = (workdir / "gunicorn.log").open("w")
        gunicorn = subprocess.Popen(
            [str(ROOT / ".venv/bin/gunicorn"), "config.wsgi",
             "--config", str(ROOT / "deploy/gunicorn.conf.py"),
             "--bind", f"127.0.0.1:{port}", "--pythonpath", f"{BENCH},{ROOT}"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        _wait_for(f"{host}/bench/constant/")
        for path in ("/open311/v2/services.json", "/open311/v2/requests.json?page_size=10"):
            for _ in range(4):  # warm both workers
                _wait_for(host + path)

        ids_file = workdir / "ids.json"
        preloaded = Report.objects.values_list("service_request_id", flat=True)[:2000]
        ids_file.write_text(json.dumps(list(preloaded)))
        connections.close_all()
        results = {}
        acknowledged: list[str] = []
        for phase, label in PHASES:
            out = workdir / f"{phase}.json"
            subprocess.run(
                [sys.executable, __file__, "--drive", phase, "--host", host,
                 "--api-key", api_key, "--ids", str(ids_file), "--out", str(out),
                 "--duration", str(args.duration), "--users", str(args.users)],
                check=True, timeout=args.duration + 120, env=env,
            )  # fmt: skip
            result = json.loads(out.read_text())
            results[phase] = result
            if phase == "post":
                acknowledged = result["acknowledged"]
                ids_file.write_text(json.dumps(acknowledged or json.loads(ids_file.read_text())))
            ok = len(result["latencies_ms"])
            print(
                f"{label:<48} {ok / result['elapsed']:8.1f} req/s  "
                f"p50 {percentile(result['latencies_ms'], 50):7.1f} ms  "
                f"p99 {percentile(result['latencies_ms'], 99):7.1f} ms  "
                f"errors {len(result['errors'])}  ({ok} in {result['elapsed']:.1f} s)",
                flush=True,
            )
    finally:
        if gunicorn is not None:
            gunicorn.terminate()
            gunicorn.wait(timeout=30)

    stored = set(
        Report.objects.filter(service_request_id__in=acknowledged).values_list(
            "service_request_id", flat=True
        )
    )
    missing = set(acknowledged) - stored
    total = Report.objects.count()
    errors = sum(len(r["errors"]) for r in results.values())
    print(
        f"\nacknowledged POSTs: {len(acknowledged)}, in the database: {len(stored)}, "
        f"missing: {len(missing)}; reports in the database: {total} "
        f"({args.preload} preloaded); errors in all phases: {errors}"
    )
    print(
        f"load average after the run: {os.getloadavg()}; cores: {os.cpu_count()}; "
        f"users: {args.users}; conn_max_age: {args.conn_max_age}"
    )
    common.drop_database(url)
    if missing or errors:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
