"""The fault run: clients post citizen reports and events while gunicorn is killed.

Concurrent clients send reports (Open311 `POST requests.json` with an API key) and events
(`POST /api/v1/.../events/` with a session) to gunicorn (deploy/gunicorn.conf.py) on a free
loopback port. During the run the whole server, master and workers, is killed with SIGKILL
and started again, `kills` times. Every logical submission carries a unique marker in its
text and an `Idempotency-Key`; a client that gets no answer (connection refused or reset, a
timeout, a 5xx) sends the same request again with the same key until it is acknowledged or
the run's grace period ends, as a phone app would (decision 0018).

Afterwards the database is counted: every acknowledged submission must be stored exactly
once. Used by tests/deploy/test_faults.py (PostgreSQL, about a minute) and bench/faults.py.
"""

import json
import os
import random
import signal
import socket
import string
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).parent / "gunicorn"
CSRF = "f" * 32  # a CSRF secret of the client's choosing: cookie and header agree


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def marker(kind: str) -> str:
    """A unique text without digits (redaction leaves letters alone)."""
    return f"feltest-{kind}-" + "".join(random.choices(string.ascii_lowercase, k=20))


@dataclass
class Submission:
    kind: str  # "report" or "event"
    marker: str
    key: str = field(default_factory=lambda: str(uuid.uuid4()))
    attempts: int = 0
    acknowledged: bool = False
    answer_id: str = ""


@dataclass
class Figures:
    kind: str
    sent: int = 0
    acknowledged: int = 0
    stored: int = 0
    duplicated: int = 0
    lost: int = 0
    attempts: int = 0
    retried: int = 0

    def line(self) -> str:
        return (
            f"{self.kind:7} sent {self.sent}, acknowledged {self.acknowledged}, "
            f"stored {self.stored}, duplicated {self.duplicated}, lost {self.lost} "
            f"({self.attempts} requests, {self.retried} submissions retried)"
        )


class Server:
    """gunicorn in its own process group, so that one signal reaches master and workers."""

    def __init__(self, port: int, env: dict[str, str], log: Path) -> None:
        self.port = port
        self.env = env
        self.log = log
        self.process: subprocess.Popen[bytes] | None = None
        self.downtime = 0.0

    def start(self) -> None:
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                [
                    str(GUNICORN),
                    "config.wsgi",
                    "--config",
                    "deploy/gunicorn.conf.py",
                    "--bind",
                    f"127.0.0.1:{self.port}",
                ],
                cwd=ROOT,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + 60
        while True:
            try:
                url = f"http://127.0.0.1:{self.port}/readyz"
                with urllib.request.urlopen(url, timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                pass
            if time.monotonic() > deadline or self.process.poll() is not None:
                raise RuntimeError(f"gunicorn did not start, see {self.log}")
            time.sleep(0.1)

    def kill(self) -> None:
        """SIGKILL to the whole group: the master and every worker die mid-request."""
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)


@dataclass
class Target:
    """What the clients need: the port, an Open311 API key, an API session."""

    port: int
    api_key: str
    session_cookie: str  # "sessionid=..."
    code: str = "0484"
    point: tuple[float, float] = (16.5090, 59.3712)


def _post(target: Target, sub: Submission, timeout: float) -> tuple[int, str]:
    """One attempt; (status, the acknowledged id) or (0, "") when no answer came."""
    base = f"http://127.0.0.1:{target.port}"
    lon, lat = target.point
    if sub.kind == "report":
        url = f"{base}/open311/v2/requests.json"
        data = urlencode(
            {
                "api_key": target.api_key,
                "jurisdiction_id": target.code,
                "service_code": "klotter",
                "lat": lat,
                "long": lon,
                "attribute[krankande]": "nej",
                "description": f"Klotter på väggen. {sub.marker}",
            }
        ).encode()
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
    else:
        url = f"{base}/api/v1/municipalities/{target.code}/events/"
        data = json.dumps(
            {
                "category": "graffiti",
                "occurred_from": "2025-03-07T23:10:00+01:00",
                "lon": lon,
                "lat": lat,
                "description": f"Klotter på elskåp. {sub.marker}",
            }
        ).encode()
        headers = {
            "Content-Type": "application/json",
            "Cookie": f"{target.session_cookie}; csrftoken={CSRF}",
            "X-CSRFToken": CSRF,
        }
    headers["Idempotency-Key"] = sub.key
    request = urllib.request.Request(url, data=data, headers=headers, method="POST")  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            body = json.loads(response.read())
            status = response.status
    except urllib.error.HTTPError as exc:
        return exc.code, ""
    except (OSError, ValueError):  # refused, reset, timed out, a cut-off body
        return 0, ""
    if sub.kind == "report":
        return status, str(body[0]["service_request_id"])
    return status, str(body["id"])


def client_loop(
    target: Target,
    kind: str,
    stop: threading.Event,
    grace_until: Callable[[], float],
    done: list[Submission],
    statuses: Counter[int],
    lock: threading.Lock,
) -> None:
    """Submit one thing after another until `stop`; retry each until acknowledged."""
    while not stop.is_set():
        sub = Submission(kind, marker(kind))
        while True:
            sub.attempts += 1
            status, answer_id = _post(target, sub, timeout=10)
            with lock:
                statuses[status] += 1
            if status in (200, 201):
                sub.acknowledged, sub.answer_id = True, answer_id
                break
            if 400 <= status < 500:
                break  # refused for what it is: retrying would not help
            if stop.is_set() and time.monotonic() > grace_until():
                break
            time.sleep(0.1)
        with lock:
            done.append(sub)


@dataclass
class Result:
    figures: list[Figures]
    statuses: Counter[int]
    kills: list[float]
    restarts: list[float]
    seconds: float

    def report(self) -> str:
        lines = [f.line() for f in self.figures]
        lines.append(
            f"{len(self.kills)} SIGKILLs at {', '.join(f'{t:.1f}' for t in self.kills)} s; "
            f"restarts took {', '.join(f'{t:.1f}' for t in self.restarts)} s; "
            f"{self.seconds:.0f} s in all"
        )
        lines.append(
            "answers: " + ", ".join(f"{k or 'none'}: {v}" for k, v in sorted(self.statuses.items()))
        )
        return "\n".join(lines)


def run(
    *,
    target: Target,
    server: Server,
    count: Callable[[str, list[str]], Counter[str]],
    duration: float = 30.0,
    kills: int = 2,
    clients: dict[str, int] | None = None,
    grace: float = 30.0,
) -> Result:
    """Run clients for `duration` seconds, killing and restarting the server `kills` times
    at even intervals; `count(kind, markers)` counts the stored rows per marker."""
    clients = clients or {"report": 2, "event": 2}
    stop = threading.Event()
    lock = threading.Lock()
    done: list[Submission] = []
    statuses: Counter[int] = Counter()
    ends = {"grace": float("inf")}
    started = time.monotonic()
    threads = [
        threading.Thread(
            target=client_loop,
            args=(target, kind, stop, lambda: ends["grace"], done, statuses, lock),
            daemon=True,
        )
        for kind, n in clients.items()
        for _ in range(n)
    ]
    for thread in threads:
        thread.start()
    kill_times, restart_times = [], []
    for i in range(1, kills + 1):
        time.sleep(max(0.0, started + duration * i / (kills + 1) - time.monotonic()))
        kill_times.append(time.monotonic() - started)
        server.kill()
        before = time.monotonic()
        server.start()
        restart_times.append(time.monotonic() - before)
    time.sleep(max(0.0, started + duration - time.monotonic()))
    ends["grace"] = time.monotonic() + grace
    stop.set()
    for thread in threads:
        thread.join(timeout=grace + 30)
    seconds = time.monotonic() - started

    figures = []
    for kind in clients:
        subs = [s for s in done if s.kind == kind]
        stored = count(kind, [s.marker for s in subs])
        acked = [s for s in subs if s.acknowledged]
        figures.append(
            Figures(
                kind=kind,
                sent=len(subs),
                acknowledged=len(acked),
                stored=sum(1 for s in subs if stored[s.marker] > 0),
                duplicated=sum(1 for s in subs if stored[s.marker] > 1),
                lost=sum(1 for s in acked if stored[s.marker] == 0),
                attempts=sum(s.attempts for s in subs),
                retried=sum(1 for s in subs if s.attempts > 1),
            )
        )
    return Result(figures, statuses, kill_times, restart_times, seconds)


def server_env(
    database_url: str, media: Path, extra: dict[str, Any] | None = None
) -> dict[str, str]:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DEBUG": "false",
        "WEB_CONCURRENCY": "2",
        "TWO_FACTOR_REQUIRED_ROLES": "",
        "REPORT_RATE_LIMIT_COUNT": "1000000000",
        "OPEN311_KEY_RATE_LIMIT_COUNT": "1000000000",
        "MEDIA_ROOT": str(media),
        "LOG_LEVEL": "WARNING",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    env.update({k: str(v) for k, v in (extra or {}).items()})
    return env
