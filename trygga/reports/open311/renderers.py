"""GeoReport v2 documents as XML and JSON, from one Python structure.

A document is built once as plain Python (dicts in the spec's field order, lists, strings,
numbers, booleans, None) and written in either format by the spec's mapping (the "Spark
convention" of JSON_and_XML_Conversion): a list is an XML wrapper element whose children
all carry the item name of `ITEM_NAMES` (`services` → `service`, `service_requests` →
`request`, `errors` → `error`, `attributes` → `attribute`, `values` → `value`, ...); None is
JSON null and an empty XML element; booleans are `true`/`false`.

XML is written with lxml (docs/decisions/0011-open311-plain-views-and-lxml.md): it escapes a
carriage return as `&#13;`, so text with CRLF line breaks comes back unchanged from any XML
parser, and it refuses characters XML 1.0 cannot hold, which `xml_text` removes first.
"""

import json
import re
from typing import Any

from lxml import etree

# The item element of every list wrapper the spec and its extensions use.
ITEM_NAMES: dict[str, str] = {
    "services": "service",
    "service_requests": "request",
    "errors": "error",
    "attributes": "attribute",
    "values": "value",
    "endpoints": "endpoint",
    "formats": "format",
    "media_urls": "media_url",
    "notes": "note",
}

XML_DECLARATION = b'<?xml version="1.0" encoding="utf-8"?>\n'
CONTENT_TYPES = {
    "xml": "text/xml; charset=utf-8",
    "json": "application/json; charset=utf-8",
}

# XML 1.0 allows tab, line feed, carriage return and the ranges below; nothing else.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(value: str) -> str:
    """`value` without the characters XML 1.0 cannot represent (NUL, other C0 controls)."""
    return _NOT_XML.sub("", value)


def _scalar(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    return xml_text(str(value))


def _item_name(wrapper: str) -> str:
    try:
        return ITEM_NAMES[wrapper]
    except KeyError:
        raise ValueError(f"no XML item name for the list {wrapper!r}") from None


def _fill(element: etree._Element, value: Any) -> None:
    if isinstance(value, dict):
        for key, child in value.items():
            _fill(etree.SubElement(element, key), child)
    elif isinstance(value, list | tuple):
        item = _item_name(element.tag)
        for child in value:
            _fill(etree.SubElement(element, item), child)
    else:
        element.text = _scalar(value)


def to_xml(root: str, document: Any) -> bytes:
    """The document as UTF-8 XML under the element `root`, with the XML declaration the
    spec asks for (double-quoted, naming the encoding)."""
    element = etree.Element(root)
    _fill(element, document)
    return XML_DECLARATION + etree.tostring(element, encoding="utf-8", pretty_print=True)


def to_json(document: Any) -> bytes:
    """The document as UTF-8 JSON (the list or object itself, without the XML root)."""
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def render(root: str, document: Any, fmt: str) -> bytes:
    if fmt == "xml":
        return to_xml(root, document)
    if fmt == "json":
        return to_json(document)
    raise ValueError(f"unknown format {fmt!r}")
