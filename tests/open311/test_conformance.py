"""Trygga's GeoReport v2 answers against the standard: the JSON validates against the
official JSON Schemas (open311/schema-validation, in ../shared/data/open311/json_schema/),
and the XML has the spec examples' element names, order and nesting.

The official schemas cover services, a service definition and requests; the POST and token
answers are checked against the `RequestResponse` and `TokenResponse` definitions of the
official swagger.json. No official schema exists for errors, so `ERRORS_SCHEMA` is written
here from the spec's table (`code`, `description` per error, in a list).
"""

import json
import re

import pytest
from jsonschema import Draft4Validator
from lxml import etree
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

from tests.factories import CENTRUM_POINT, FROSLUNDA_POINT, SHARED_DATA
from tests.open311.compare import flat
from trygga.reports.actions import change_status, forward, mark_duplicate, submit_report
from trygga.reports.models import Channel, Service
from trygga.reports.open311.parsers import parse_json, parse_xml

OPEN311 = SHARED_DATA / "open311"
SCHEMAS = OPEN311 / "json_schema"
EXAMPLES = OPEN311 / "spec" / "examples_extracted"
ERRORS_SCHEMA = {
    "type": "array",
    "minItems": 1,
    "items": {
        "type": "object",
        "required": ["code", "description"],
        "properties": {"code": {"type": "integer"}, "description": {"type": "string"}},
        "additionalProperties": False,
    },
}


def validator(schema):  # type: ignore[no-untyped-def]
    resources = [
        (p.name, Resource.from_contents(json.loads(p.read_text()), default_specification=DRAFT4))
        for p in SCHEMAS.glob("*.json")
        if p.name != "swagger.json"
    ]
    return Draft4Validator(
        schema,
        registry=Registry().with_resources(resources),
        format_checker=Draft4Validator.FORMAT_CHECKER,
    )


def official(name: str):  # type: ignore[no-untyped-def]
    return validator(json.loads((SCHEMAS / name).read_text()))


def swagger(definition: str):  # type: ignore[no-untyped-def]
    return validator(json.loads((SCHEMAS / "swagger.json").read_text())["definitions"][definition])


def assert_valid(checker, document) -> None:  # type: ignore[no-untyped-def]
    errors = sorted(checker.iter_errors(document), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors]


def shape(element) -> tuple:  # type: ignore[no-untyped-def, type-arg]
    """Element names in order, nested; a run of same-named siblings (list items) counts
    once, so a list's shape is its first item's."""
    kept: list = []  # type: ignore[type-arg]
    for child in element:
        if not isinstance(child.tag, str) or (kept and kept[-1].tag == child.tag):
            continue
        kept.append(child)
    return (element.tag, tuple(shape(c) for c in kept))


def xml_shape(data: bytes | str) -> tuple:  # type: ignore[type-arg]
    if isinstance(data, str):
        data = data.encode("utf-8")
    return shape(etree.fromstring(data))


def example(name: str) -> str:
    text = (EXAMPLES / name).read_text(encoding="utf-8")
    return text.split("\n\n", 1)[1] if name.endswith(".http.txt") else text


@pytest.fixture
def reports(municipality, demo_services, people):
    """Reports in every Open311 state: open, fixed with a note, forwarded, a duplicate,
    not ours, scheduled; with a point or only an address, with media and attributes."""
    services = {s.service_code: s for s in Service.objects.filter(municipality=municipality)}
    coordinator = people["coordinator"]

    def submit(code, **fields):  # type: ignore[no-untyped-def]
        return submit_report(
            municipality=municipality,
            service=services[code],
            channel=Channel.OPEN311,
            **fields,
        )

    graffiti = submit(
        "klotter",
        description="Klotter på busskuren, ring mig på 070-123 45 67.",
        lon=CENTRUM_POINT[0],
        lat=CENTRUM_POINT[1],
        attributes={"krankande": "2", "underlag": ["1", "3"], "yta": "4"},
        media_url="https://bilder.example.org/klotter.jpg",
        email="anna.svensson@example.org",
    )
    litter = submit(
        "nedskrapning",
        description="Soppåsar vid återvinningen.",
        address_string="Kungsgatan 5, Eskilstuna",
        address_id="ESK-4711",
        attributes={"avfall": ["2"]},
    )
    change_status(actor=coordinator, report=litter, status="fixed", note="Städat i dag.")
    light = submit(
        "belysning", lon=FROSLUNDA_POINT[0], lat=FROSLUNDA_POINT[1], attributes={"fel": "1"}
    )
    forward(
        actor=coordinator,
        report=light,
        to="Eskilstuna Energi och Miljö",
        note="Belysningen sköts av energibolaget.",
    )
    again = submit(
        "klotter", lon=CENTRUM_POINT[0], lat=CENTRUM_POINT[1], attributes={"krankande": "2"}
    )
    mark_duplicate(actor=coordinator, report=again, original=graffiti)
    road = submit(
        "skadegorelse",
        lon=FROSLUNDA_POINT[0],
        lat=FROSLUNDA_POINT[1],
        attributes={"foremal": "5"},
        description="Vägskylt nedriven vid rondellen.",
    )
    change_status(
        actor=coordinator, report=road, status="not_ours", note="Vägen sköts av Trafikverket."
    )
    playground = submit(
        "lekplats",
        lon=CENTRUM_POINT[0],
        lat=CENTRUM_POINT[1],
        attributes={"farligt": "1"},
        description="Gungan hänger i en kedja.",
    )
    change_status(actor=coordinator, report=playground, status="action_scheduled")
    return [graffiti, litter, light, again, road, playground]


def test_services__json_validates_and_xml_has_the_spec_shape(open311, demo_services):
    answer = open311("GET", "services")
    assert answer.status == 200
    assert answer.content_type == "application/json; charset=utf-8"
    assert_valid(official("services.json"), answer.data)
    assert len(answer.data) == 7
    xml = open311("GET", "services", "xml")
    assert xml.content_type == "text/xml; charset=utf-8"
    assert xml.body.startswith(b'<?xml version="1.0" encoding="utf-8"?>')
    assert xml_shape(xml.body) == xml_shape(example("get_service_list__response.xml"))
    assert xml.data == answer.data


def test_service_definitions__every_demo_service_validates_with_every_datatype(
    open311, demo_services
):
    datatypes = set()
    spec = xml_shape(example("get_service_definition__response.xml"))
    spec_attribute = spec[1][1][1][0]  # service_definition > attributes > attribute
    for service in open311("GET", "services").data:
        code = service["service_code"]
        answer = open311("GET", f"services/{code}")
        assert answer.status == 200
        assert_valid(official("service-definition.json"), answer.data)
        assert service["metadata"] is bool(answer.data["attributes"])
        datatypes |= {a["datatype"] for a in answer.data["attributes"]}
        xml = open311("GET", f"services/{code}", "xml")
        assert xml.data == answer.data
        root = etree.fromstring(xml.body)
        assert [c.tag for c in root] == ["service_code", "attributes"]
        for attribute in root.iter("attribute"):
            names = tuple(c.tag for c in attribute)
            assert names == tuple(s[0] for s in spec_attribute[1])
            if attribute.findtext("datatype") in ("singlevaluelist", "multivaluelist"):
                assert shape(attribute) == spec_attribute
    assert datatypes == {
        "string",
        "number",
        "datetime",
        "text",
        "singlevaluelist",
        "multivaluelist",
    }


def test_requests__json_validates_and_xml_has_the_spec_shape(open311, reports):
    answer = open311("GET", "requests")
    assert answer.status == 200
    assert len(answer.data) == len(reports)
    assert_valid(official("requests.json"), answer.data)
    assert {r["status"] for r in answer.data} == {"open", "closed"}
    xml = open311("GET", "requests", "xml")
    assert xml_shape(xml.body) == xml_shape(example("get_service_requests__response.xml"))
    assert xml.data == answer.data
    for item in answer.data:
        one = open311("GET", f"requests/{item['service_request_id']}")
        assert one.status == 200
        assert_valid(official("requests.json"), one.data)
        assert_valid(official("request.json"), one.data[0])
        assert one.data == [item]
        one_xml = open311("GET", f"requests/{item['service_request_id']}", "xml")
        assert xml_shape(one_xml.body) == xml_shape(example("get_service_request__response.xml"))


def test_requests__with_extensions_still_validate(open311, reports):
    answer = open311("GET", "requests", extensions="true")
    assert_valid(official("requests.json"), answer.data)
    xml = open311("GET", "requests", "xml", extensions="true")
    assert flat(xml.data) == flat(answer.data)  # attribute answers keep their JSON types


def test_datetimes__are_w3c_with_an_offset(open311, reports):
    w3c = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)$")
    for item in open311("GET", "requests").data:
        for name in ("requested_datetime", "updated_datetime", "expected_datetime"):
            if item[name] is not None:
                assert w3c.match(item[name]), (name, item[name])


def test_post_response__validates_and_has_the_spec_shape(open311, demo_services, api_key):
    fields = {
        "api_key": api_key,
        "service_code": "sprutor",
        "lat": CENTRUM_POINT[1],
        "long": CENTRUM_POINT[0],
        "account_id": "konto-17",
    }
    answer = open311("POST", "requests", **fields)
    assert answer.status == 200
    assert len(answer.data) == 1
    assert_valid(swagger("RequestResponse"), answer.data[0])
    assert answer.data[0]["account_id"] == "konto-17"
    assert "token" not in answer.data[0]  # realtime: the id, never a token
    xml = open311("POST", "requests", "xml", **fields)
    assert xml_shape(xml.body) == xml_shape(example("post_service_request__response.xml"))


def test_token__validates_and_has_the_spec_shape(open311, reports):
    token = reports[0].open311_token
    answer = open311("GET", f"tokens/{token}")
    assert answer.data == [{"service_request_id": reports[0].service_request_id, "token": token}]
    assert_valid(swagger("TokenResponse"), answer.data[0])
    xml = open311("GET", f"tokens/{token}", "xml")
    assert xml_shape(xml.body) == xml_shape(
        example("get_service_request_id_from_a_token__response.xml")
    )


def test_discovery__has_the_shape_of_the_service_discovery_example(open311, demo_services):
    spec_text = (OPEN311 / "spec" / "Service_Discovery.md").read_text(encoding="utf-8")
    spec_xml = spec_text[spec_text.index("<?xml") : spec_text.index("</discovery>") + 12]
    spec_xml = re.sub(r"^<\?xml[^>]*\?>", "", spec_xml)
    xml = open311("GET", "discovery", "xml")
    assert xml_shape(xml.body) == xml_shape(spec_xml)
    answer = open311("GET", "discovery")
    assert answer.data == parse_xml(xml.body)
    endpoint = answer.data["endpoints"][0]
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint["url"] == "http://testserver/open311/v2"
    assert endpoint["formats"] == ["text/xml", "application/json"]


@pytest.mark.parametrize(
    ("method", "path", "params", "status"),
    [
        ("GET", "services/finns-inte", {}, 404),
        ("GET", "requests/FINNSINTE", {}, 404),
        ("GET", "tokens/finns-inte", {}, 404),
        ("GET", "services", {"jurisdiction_id": "0999"}, 404),
        ("GET", "requests", {"status": "kanske"}, 400),
        ("GET", "requests", {"start_date": "igår"}, 400),
        ("POST", "requests", {"service_code": "klotter"}, 403),
        ("POST", "services", {}, 405),
    ],
)
def test_errors__validate_and_have_the_spec_shape(
    open311, demo_services, method, path, params, status
):
    answer = open311(method, path, **params)
    assert answer.status == status
    assert_valid(validator(ERRORS_SCHEMA), answer.data)
    assert all(e["code"] == status for e in answer.data)
    xml = open311(method, path, "xml", **params)
    assert xml.status == status
    assert xml_shape(xml.body) == xml_shape(example("errors__response.http.txt"))
    assert xml.data == answer.data
    assert parse_json(answer.body) == answer.data
