"""/healthz and /readyz: answered before host checks and the HTTPS redirect, saying only
"ok" or which check failed."""

import pytest
from django.db import connection

from trygga.core import health

pytestmark = pytest.mark.django_db


def test_healthz__ok_for_any_host(client):
    response = client.get("/healthz", HTTP_HOST="10.0.0.9")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert response["Cache-Control"] == "no-store"


def test_readyz__database_and_migrations_ok(client):
    response = client.get("/readyz/", HTTP_HOST="10.0.0.9")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "migrations": "ok"}}


def test_readyz__pending_migration__503(client, monkeypatch):
    monkeypatch.setattr(health._Migrations, "applied", False)
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM django_migrations WHERE app = 'audit' AND name = %s",
            ["0004_append_only_triggers"],
        )
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "migrations": "pending"}


def test_health__not_redirected_to_https(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
    assert client.get("/healthz").status_code == 200
    assert client.get("/konto/login/").status_code == 301


def test_health__post_refused(client):
    assert client.post("/healthz").status_code == 405
