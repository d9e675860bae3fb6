"""Health and readiness endpoints for load balancers, systemd and container orchestrators.

`/healthz` answers 200 while the process serves requests (liveness: restart it if not).
`/readyz` answers 200 when the database answers and every migration is applied, else 503
with the failing check (readiness: send it no traffic yet). Both are answered by a
middleware placed first, before host validation and the HTTPS redirect, so a probe over
plain HTTP to the server's own address works; they reveal nothing but "ok" or the name of
the failing check.
"""

import logging
from collections.abc import Callable

from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, HttpResponse, JsonResponse

logger = logging.getLogger(__name__)
PATHS = ("/healthz", "/readyz")


class _Migrations:
    """Whether every migration is applied; once true it stays true for the process (a new
    migration comes with new code, and so with a restart)."""

    applied = False

    @classmethod
    def check(cls) -> bool:
        if not cls.applied:
            executor = MigrationExecutor(connection)
            cls.applied = not executor.migration_plan(executor.loader.graph.leaf_nodes())
        return cls.applied


def readiness() -> dict[str, str]:
    checks = {"database": "ok", "migrations": "ok"}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as exc:
        logger.warning("readiness: database unavailable (%s)", type(exc).__name__)
        checks["database"] = "unavailable"
        checks["migrations"] = "unknown"
        return checks
    try:
        if not _Migrations.check():
            checks["migrations"] = "pending"
    except DatabaseError as exc:
        logger.warning("readiness: migrations unknown (%s)", type(exc).__name__)
        checks["migrations"] = "unknown"
    return checks


class HealthMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.path_info.rstrip("/")
        if path not in PATHS:
            return self.get_response(request)
        if request.method not in ("GET", "HEAD"):
            return JsonResponse({"status": "method not allowed"}, status=405)
        if path == "/healthz":
            response: HttpResponse = JsonResponse({"status": "ok"})
        else:
            checks = readiness()
            ready = all(value == "ok" for value in checks.values())
            response = JsonResponse(
                {"status": "ok" if ready else "unavailable", "checks": checks},
                status=200 if ready else 503,
            )
        response["Cache-Control"] = "no-store"
        return response
