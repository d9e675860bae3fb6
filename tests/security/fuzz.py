"""Schemathesis against Trygga's two APIs, in process: requests generated from the REST
API's OpenAPI schema (`/api/schema/`) and from the hand-written Open311 description
(`open311.openapi.yaml`), sent to the WSGI application, every answer checked.

Used by tests/security/test_schemathesis.py (small, in CI) and bench/schemathesis_run.py
(the long run recorded in docs/security.md). The criterion is schemathesis' own
`not_a_server_error` check: no answer may be a 5xx.

"""

import base64
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.generation import GenerationMode

OPEN311_SCHEMA = Path(__file__).with_name("open311.openapi.yaml")


@dataclass
class Tally:
    """Requests sent and what came back, per operation and per status."""

    requests: int = 0
    statuses: Counter[int] = field(default_factory=Counter)
    per_operation: Counter[str] = field(default_factory=Counter)
    per_operation_status: Counter[tuple[str, int]] = field(default_factory=Counter)
    server_errors: list[str] = field(default_factory=list)

    def line(self) -> str:
        classes = Counter(f"{status // 100}xx" for status in self.statuses.elements())
        return f"{self.requests} requests: " + ", ".join(
            f"{k} {v}" for k, v in sorted(classes.items())
        )


def basic_auth(username: str, password: str) -> dict[str, str]:
    token = base64.b64encode(f"{username}:{password}".encode()).decode()
    return {"Authorization": f"Basic {token}"}


def api_schema(app: Any) -> Any:
    return schemathesis.openapi.from_wsgi("/api/schema/", app)


def open311_schema(app: Any) -> Any:
    schema = schemathesis.openapi.from_path(str(OPEN311_SCHEMA))
    schema.app = app
    return schema


def run(
    schema: Any,
    *,
    examples: int,
    tally: Tally,
    headers: dict[str, str] | None = None,
    query: dict[str, str] | None = None,
    path: dict[str, str] | None = None,
    around: Callable[[Callable[[], Any]], Any] = lambda call: call(),
    seed: int | None = 0,
) -> Tally:
    """`examples` positive and as many negative cases for every operation of `schema`.

    `query` fills parameters the generated cases leave out (the API key); `path` fixes
    path parameters (the municipality's code, else nearly every request is a 404); `around` wraps
    each request (the tests roll each one back). A server error is recorded with the
    request that caused it, and the run goes on.
    """
    for result in schema.get_all_operations():
        operation = result.ok()
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            fixed = {k: v for k, v in (path or {}).items() if "{" + k + "}" in operation.path}
            strategy = operation.as_strategy(generation_mode=mode, path_parameters=fixed)
            _run_one(operation, strategy, examples, tally, headers, query, around, seed)
    return tally


def _run_one(
    operation: Any,
    strategy: Any,
    examples: int,
    tally: Tally,
    headers: dict[str, str] | None,
    query: dict[str, str] | None,
    around: Callable[[Callable[[], Any]], Any],
    seed: int | None,
) -> None:
    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        derandomize=seed is not None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def send(case: Any) -> None:
        if query:
            case.query = {**(case.query or {}), **query}
        response = around(lambda: case.call(headers=headers))
        tally.requests += 1
        tally.statuses[response.status_code] += 1
        tally.per_operation[operation.label] += 1
        tally.per_operation_status[operation.label, response.status_code] += 1
        # schemathesis' not_a_server_error: any 5xx is a failure.
        if response.status_code >= 500:
            tally.server_errors.append(
                f"{operation.label}: {response.status_code} for {case.as_curl_command()}"
            )

    send()
