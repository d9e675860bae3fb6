"""The adapter's parsers read every example of the GeoReport v2 spec, every Helsinki sample
(real server output and 1,380 real reports), the 6aika and mySociety fixtures, and the
POST form with `attribute[code]` and `attribute[code][]`."""

from pathlib import Path

import pytest
from django.http import QueryDict

from tests.factories import SHARED_DATA
from tests.open311.compare import flat
from trygga.reports.open311.parsers import (
    DocumentError,
    parse_json,
    parse_post,
    parse_xml,
    root_name,
)

OPEN311 = SHARED_DATA / "open311"
EXAMPLES = OPEN311 / "spec" / "examples_extracted"
SAMPLES = sorted(
    p
    for folder in (
        "helsinki_issues_example",
        "helsinki_real_feedback",
        "6aika_issue_reporting_fixtures",
        "fixtures_mysociety_open311_adapter",
    )
    for p in (OPEN311 / folder).iterdir()
    if p.suffix in (".json", ".xml")
)


def example_body(path: Path) -> str:
    """An extracted example without the HTTP status or request line and headers."""
    text = path.read_text(encoding="utf-8")
    if path.name.endswith(".http.txt"):
        return text.split("\n\n", 1)[1]
    return text


def parse_any(path: Path, text: str | bytes | None = None):  # type: ignore[no-untyped-def]
    data = path.read_bytes() if text is None else text
    body = data.lstrip() if isinstance(data, str) else data.lstrip(b"\xef\xbb\xbf").lstrip()
    is_xml = body.startswith("<") if isinstance(body, str) else body.startswith(b"<")
    return parse_xml(data, typed=True) if is_xml else parse_json(data)


@pytest.mark.parametrize("path", sorted(EXAMPLES.iterdir()), ids=lambda p: p.name)
def test_spec_example__parses(path):
    if path.name == "post_service_request__request.http.txt":
        body = example_body(path).strip()
        posted = parse_post(QueryDict(body))
        assert posted.errors == {}
        assert posted.service_code == "001"
        assert posted.lat == pytest.approx(37.76524078)
        assert posted.long == pytest.approx(-122.4212043)
        assert posted.address_string == "1234 5th street"
        assert posted.email == "smit333@sfgov.edu"
        assert posted.media_url == "http://farm3.static.flickr.com/2002/2212426634_5ed477a060.jpg"
        assert posted.attributes == {"WHISPAWN": "123456", "WHISDORN": "COISL001"}
        return
    parsed = parse_any(path, example_body(path))
    assert parsed, path.name


def test_spec_examples__xml_and_json_forms_say_the_same():
    pairs = [
        ("get_service_list__response", "service_code"),
        ("get_service_definition__response", None),
        ("get_service_request__response", None),
        ("get_service_requests__response", None),
        ("post_service_request__response", None),
        ("get_service_request_id_from_a_token__response", None),
    ]
    for stem, _key in pairs:
        from_xml = parse_xml((EXAMPLES / f"{stem}.xml").read_bytes(), typed=True)
        from_json = parse_json((EXAMPLES / f"{stem}.json").read_bytes())
        assert flat(from_xml) == flat(from_json), stem
    errors_xml = parse_xml(example_body(EXAMPLES / "errors__response.http.txt"), typed=True)
    errors_json = parse_json(example_body(EXAMPLES / "errors__response_2.http.txt"))
    assert (
        errors_xml
        == errors_json
        == [
            {
                "code": 403,
                "description": "Invalid api_key received -- can't proceed with create_request.",
            }
        ]
    )


def test_spec_json_examples__numbers_with_leading_zeros_are_read_as_their_text():
    # Three of the spec's own JSON examples are invalid JSON ("service_code":001).
    services = parse_json((EXAMPLES / "get_service_list__response.json").read_bytes())
    assert [s["service_code"] for s in services] == ["001", "002", "003"]
    requests = parse_json((EXAMPLES / "get_service_requests__response.json").read_bytes())
    assert [r["service_code"] for r in requests] == ["006", "006"]
    assert requests[0]["service_request_id"] == 638344  # a plain number stays a number


def test_parse_json__leading_zeros_inside_strings_are_left_alone():
    assert parse_json('{"a": "x: 007, y", "b": 007}') == {"a": "x: 007, y", "b": "007"}


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_sample__parses(path):
    parsed = parse_any(path)
    assert parsed


def test_helsinki_services__xml_json_and_languages_agree():
    folder = OPEN311 / "helsinki_issues_example"
    for suffix in ("", "_fi", "_sv"):
        from_xml = parse_xml((folder / f"services{suffix}.xml").read_bytes(), typed=True)
        from_json = parse_json((folder / f"services{suffix}.json").read_bytes())
        assert [s["service_code"] for s in from_xml] == [s["service_code"] for s in from_json]
        assert all(isinstance(s["metadata"], bool) for s in from_xml)
    # services_sv.* are ISO-8859-1 under a UTF-8 declaration: read as the Swedish they are.
    swedish = parse_xml((folder / "services_sv.xml").read_bytes())
    assert "är trasig" in swedish[0]["description"]
    assert "är trasig" in parse_json((folder / "services_sv.json").read_bytes())[0]["description"]


def test_helsinki_discovery__byte_order_mark_is_skipped():
    discovery = parse_json((OPEN311 / "helsinki_issues_example" / "discovery.json").read_bytes())
    assert discovery["endpoints"][1]["url"] == "https://asiointi.hel.fi/palautews/rest/v1"
    assert discovery["endpoints"][0]["formats"] == ["text/xml", "application/json"]


def test_helsinki_real_feedback__all_1380_reports_parse_with_georeport_fields():
    path = OPEN311 / "helsinki_real_feedback" / "helsinki_feedback_georeport_shaped.json"
    reports = parse_json(path.read_bytes())
    assert len(reports) == 1380
    required = {"service_request_id", "status", "service_code", "requested_datetime"}
    assert all(required <= set(r) for r in reports)
    assert sum(r["status"] == "closed" for r in reports) == 1359


def test_mysociety_fixtures__token_and_automated_attributes():
    folder = OPEN311 / "fixtures_mysociety_open311_adapter"
    assert parse_xml((folder / "merton_requestpost.xml").read_bytes()) == [{"token": "TOKEN"}]
    assert parse_xml((folder / "merton_token.xml").read_bytes()) == [
        {"service_request_id": "ServiceID"}
    ]
    definition = parse_xml((folder / "merton_service.xml").read_bytes(), typed=True)
    assert definition["attributes"][0]["automated"] == "hidden_field"
    assert definition["attributes"][0]["values"] == []  # <values />
    assert definition["attributes"][2]["required"] is True
    assert root_name((folder / "merton_services.xml").read_bytes()) == "services"


def test_parse_post__multivaluelist_and_repeated_attribute_are_lists():
    posted = parse_post(
        QueryDict(
            "service_code=klotter&lat=59.37&long=16.51"
            "&attribute[underlag][]=1&attribute[underlag][]=3&attribute[krankande]=2"
            "&attribute[yta]=4&attribute[yta][]=5"
        )
    )
    assert posted.attributes == {"underlag": ["1", "3"], "krankande": "2", "yta": ["4", "5"]}


def test_parse_post__coordinates_that_are_not_numbers_are_named():
    posted = parse_post(QueryDict("lat=north&long=500"))
    assert set(posted.errors) == {"lat", "long"}
    assert posted.lat is None
    assert posted.long is None


def test_parse_xml__malformed_document_names_the_line():
    with pytest.raises(DocumentError, match="line 3"):
        parse_xml(b'<?xml version="1.0"?>\n<services>\n<service></services>')


def test_parse_xml__entity_declarations_are_refused():
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><services>&lol2;</services>'
    )
    with pytest.raises(DocumentError):
        parse_xml(bomb)


def test_parse_json__malformed_document_names_the_line():
    with pytest.raises(DocumentError, match="line 2"):
        parse_json('[\n{"service_code": }]')
