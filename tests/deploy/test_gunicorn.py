"""Production serves through gunicorn on PostgreSQL: start it for real and ask it for pages."""

import os
import socket
import subprocess
import sys
import time
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
def test_gunicorn__serves_login_page_and_api_schema_from_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("production runs on PostgreSQL; this run uses " + connection.vendor)
    params = connection.settings_dict
    url = f"postgres://{params['USER']}@{params['HOST']}:{params['PORT']}/{params['NAME']}"
    port = _free_port()
    env = {**os.environ, "DATABASE_URL": url, "DEBUG": "false", "WEB_CONCURRENCY": "2"}
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
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/konto/login/") as resp:
                    body = resp.read().decode()
                    break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.3)
        assert resp.status == 200
        assert 'name="password"' in body
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/schema/") as schema:
            assert schema.status == 200
            assert b"openapi" in schema.read()
    finally:
        server.terminate()
        server.wait(timeout=30)
