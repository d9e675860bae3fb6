"""gunicorn as production runs it (LOG_FORMAT=json): /readyz answers 200 over the real
server, and its logs are JSON lines without the client's address or the query string."""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).parent / "gunicorn"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.django_db(transaction=True)
def test_gunicorn__json_logs_without_personal_data_and_ready():
    if connection.vendor != "postgresql":
        pytest.skip("production runs on PostgreSQL; this run uses " + connection.vendor)
    params = connection.settings_dict
    url = f"postgres://{params['USER']}@{params['HOST']}:{params['PORT']}/{params['NAME']}"
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DEBUG": "false",
        "WEB_CONCURRENCY": "1",
        "LOG_FORMAT": "json",
    }
    server = subprocess.Popen(
        [
            str(GUNICORN),
            "config.wsgi",
            "--config",
            "deploy/gunicorn.conf.py",
            "--bind",
            f"127.0.0.1:{port}",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz") as resp:
                    ready = json.loads(resp.read())
                    break
            except urllib.error.HTTPError as exc:
                raise AssertionError(exc.read().decode()) from exc
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.3)
        assert ready["status"] == "ok"
        with urllib.request.urlopen(
            f"http://127.0.0.1:{port}/konto/password_reset/?email=anna.berg@example.org"
        ) as resp:
            assert resp.status == 200
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=30)
    lines = [line for line in output.splitlines() if line.strip()]
    plain = [line for line in lines if not line.startswith("{")]
    assert plain == []
    entries = [json.loads(line) for line in lines]
    access = [e for e in entries if e.get("logger") == "gunicorn.access"]
    assert any(e["message"].startswith("GET /konto/password_reset/ 200") for e in access), access
    assert "127.0.0.1" not in output.replace(f"127.0.0.1:{port}", "")
    assert "anna.berg" not in output
