"""Fixtures for the Open311 server: the demo's report services (attributes of every
datatype) in Eskilstuna, an API key, and helpers that call /open311/v2/ over the test
client and parse the answer with the adapter's own parsers."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from tests.factories import OrganisationFactory
from trygga.accounts.models import OrganisationKind
from trygga.reports.actions import create_open311_key
from trygga.reports.open311.parsers import parse_json, parse_xml
from trygga.reports.seed import seed_demo_reports

BASE = "/open311/v2/"


@pytest.fixture
def demo_services(municipality, organisations):
    """The demo's seven services, routed to the street unit, the coordinating office and
    the park unit as `trygga load-demo` configures them."""
    demo_organisations = {
        "gatuavdelningen": OrganisationFactory(
            municipality=municipality,
            name="Gatuavdelningen",
            kind=OrganisationKind.MUNICIPAL_DEPARTMENT,
        ),
        "kommunfastigheter": organisations["bostad"],
        "trygga": organisations["kommun"],
    }
    seed_demo_reports(municipality=municipality, organisations=demo_organisations)
    return demo_organisations


@pytest.fixture
def api_key(municipality) -> str:
    _key, raw = create_open311_key(actor=None, name="Testappen", municipality=municipality)
    return raw


@dataclass
class Answer:
    status: int
    content_type: str
    headers: Any
    body: bytes
    data: Any  # the parsed document (typed for XML)


@pytest.fixture
def open311(client: Client) -> Callable[..., Answer]:
    """`open311(method, path, fmt="json", **params)`: call the server, parse the answer."""

    def call(method: str, path: str, fmt: str = "json", **params: Any) -> Answer:
        url = f"{BASE}{path}.{fmt}"
        response = client.get(url, params) if method == "GET" else client.post(url, params)
        body = response.content
        data = parse_json(body) if fmt == "json" else parse_xml(body, typed=True)
        return Answer(response.status_code, response["Content-Type"], response, body, data)

    return call
