"""XML and JSON from one structure: list wrappers, null as an empty element, booleans,
and text that survives XML unchanged."""

import json

import pytest

from trygga.reports.open311.parsers import parse_xml
from trygga.reports.open311.renderers import to_json, to_xml


def test_to_xml__lists_are_wrappers_with_the_spec_item_names():
    document = [{"service_code": "a", "metadata": True}, {"service_code": "b", "metadata": False}]
    xml = to_xml("services", document)
    assert xml.startswith(b'<?xml version="1.0" encoding="utf-8"?>\n<services>')
    assert xml.count(b"<service>") == 2
    assert b"<metadata>true</metadata>" in xml
    assert b"<metadata>false</metadata>" in xml
    assert parse_xml(xml, typed=True) == document


def test_to_xml__none_is_an_empty_element_and_json_null():
    document = [{"service_request_id": "X", "account_id": None}]
    assert b"<account_id/>" in to_xml("service_requests", document)
    assert json.loads(to_json(document)) == document


def test_to_xml__carriage_returns_and_markup_come_back_unchanged():
    text = 'Rad ett\r\nrad två <b>&amp;</b> "citat"\t'
    xml = to_xml("service_requests", [{"description": text}])
    assert b"&#13;" in xml
    assert parse_xml(xml) == [{"description": text}]


def test_to_xml__characters_xml_cannot_hold_are_removed():
    xml = to_xml("errors", [{"code": 400, "description": "a\x00b\x07c\x1bd"}])
    assert parse_xml(xml, typed=True) == [{"code": 400, "description": "abcd"}]


def test_to_xml__floats_keep_every_digit():
    xml = to_xml("service_requests", [{"lat": 59.3712345678901, "long": 16.5}])
    assert parse_xml(xml, typed=True) == [{"lat": 59.3712345678901, "long": 16.5}]


def test_to_xml__a_list_without_an_item_name_is_a_programming_error():
    with pytest.raises(ValueError, match="no XML item name"):
        to_xml("services", [{"unknown_list": [1, 2]}])


def test_to_json__is_utf8_without_escapes():
    assert (
        to_json([{"service_name": "Skadegörelse"}]) == '[{"service_name":"Skadegörelse"}]'.encode()
    )
