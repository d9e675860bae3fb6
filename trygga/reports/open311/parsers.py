"""Reading GeoReport v2: documents in XML and JSON, and the form of a POSTed request.

`parse_xml` and `parse_json` turn a GeoReport document, ours or another server's, into the
same Python structure (the Spark convention the spec names: XML list wrappers become
lists). They accept what real servers send: a UTF-8 byte order mark (Helsinki's
discovery.json), ISO-8859-1 bytes under a UTF-8 declaration (Helsinki's services_sv.*), and
numbers with leading zeros such as `"service_code":001` (three of the spec's own JSON
examples), which are read as the strings they are meant to be. XML is parsed with lxml
with entity expansion, DTDs and the network turned off; a document type declaration is
refused.

`parse_post` reads the form of POST requests (`application/x-www-form-urlencoded`):
`attribute[code]=value`, and `attribute[code][]=value` repeated for a multivaluelist.
"""

import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.http import QueryDict
from django.utils.translation import gettext as _
from lxml import etree

from trygga.reports.open311.renderers import ITEM_NAMES

BOOLEAN_FIELDS = frozenset({"metadata", "variable", "required"})
INTEGER_FIELDS = frozenset({"order", "code"})
FLOAT_FIELDS = frozenset({"lat", "long"})


class DocumentError(ValueError):
    """A document that is not well-formed GeoReport XML or JSON; the message says where."""


# --- documents --------------------------------------------------------------------------


def decode(data: bytes | str) -> str:
    """Text of a document: without a byte order mark; UTF-8, else ISO-8859-1 (every byte
    sequence is valid ISO-8859-1, so this never fails)."""
    if isinstance(data, str):
        return data.removeprefix("\ufeff")
    data = data.removeprefix(b"\xef\xbb\xbf")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("iso-8859-1")


# A JSON string (skipped whole) or a number with a leading zero outside any string.
_STRING_OR_ZERO_NUMBER = re.compile(r'("(?:[^"\\]|\\.)*")|(?<![\w.])(-?0\d+(?:\.\d+)?)\b')


def _quote_leading_zero_numbers(text: str) -> str:
    return _STRING_OR_ZERO_NUMBER.sub(
        lambda m: m.group(1) if m.group(1) is not None else f'"{m.group(2)}"', text
    )


def parse_json(data: bytes | str) -> Any:
    """A GeoReport JSON document as Python values."""
    text = decode(data)
    try:
        return json.loads(text)
    except json.JSONDecodeError as first:
        try:
            return json.loads(_quote_leading_zero_numbers(text))
        except json.JSONDecodeError:
            raise DocumentError(
                f"JSON: {first.msg} (line {first.lineno}, column {first.colno})"
            ) from first


_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_comments=True
)
_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")


def _xml_root(data: bytes | str) -> etree._Element:
    try:
        if isinstance(data, bytes):
            try:
                root = etree.fromstring(data.removeprefix(b"\xef\xbb\xbf"), _PARSER)
            except etree.XMLSyntaxError as exc:
                if "encoding" not in str(exc).lower() and "utf-8" not in str(exc).lower():
                    raise
                # Bytes that are not what the declaration says: read them as text instead.
                root = etree.fromstring(_DECLARATION.sub("", decode(data)), _PARSER)
        else:
            root = etree.fromstring(_DECLARATION.sub("", decode(data)), _PARSER)
    except etree.XMLSyntaxError as exc:
        raise DocumentError(f"XML: {exc}") from exc
    if root.getroottree().docinfo.doctype:
        raise DocumentError("XML: a document type declaration is not accepted")
    return root


def _tag(element: etree._Element) -> str:
    return etree.QName(element).localname


def _element_value(element: etree._Element) -> Any:
    children = [c for c in element if isinstance(c.tag, str)]
    tag = _tag(element)
    item = ITEM_NAMES.get(tag)
    if item is not None and all(_tag(c) == item for c in children):
        return [_element_value(c) for c in children]
    if not children:
        return element.text if element.text else None
    result: dict[str, Any] = {}
    repeated: set[str] = set()
    for child in children:
        name, value = _tag(child), _element_value(child)
        if name not in result:
            result[name] = value
        elif name in repeated:
            result[name].append(value)
        else:  # a repeated element outside a known wrapper: collect a list
            result[name] = [result[name], value]
            repeated.add(name)
    return result


def parse_xml(data: bytes | str, *, typed: bool = False) -> Any:
    """A GeoReport XML document as Python values: the root's content (a list for the list
    documents services, service_requests and errors; a dict for service_definition and
    discovery). Text is kept as it stands (None for an empty element); with `typed`,
    the spec's boolean, integer and coordinate fields are converted (see `typed_values`)."""
    value = _element_value(_xml_root(data))
    return typed_values(value) if typed else value


def root_name(data: bytes | str) -> str:
    """The root element's name of an XML document."""
    return _tag(_xml_root(data))


def _typed(key: str, value: Any) -> Any:
    if isinstance(value, str):
        text = value.strip()
        if key in BOOLEAN_FIELDS and text in ("true", "false"):
            return text == "true"
        if key in INTEGER_FIELDS and re.fullmatch(r"-?\d+", text):
            return int(text)
        if key in FLOAT_FIELDS:
            try:
                return float(text)
            except ValueError:
                return value
    return typed_values(value)


def typed_values(value: Any) -> Any:
    """XML text converted where the spec gives a type: booleans (`metadata`, `variable`,
    `required`), integers (`order`, an error's `code`) and coordinates (`lat`, `long`)."""
    if isinstance(value, dict):
        return {k: _typed(k, v) for k, v in value.items()}
    if isinstance(value, list):
        return [typed_values(v) for v in value]
    return value


# --- the POST form ----------------------------------------------------------------------

_ATTRIBUTE = re.compile(r"^attribute\[([^\[\]]+)\](\[\])?$")
TEXT_FIELDS = (
    "jurisdiction_id",
    "service_code",
    "address_string",
    "address_id",
    "email",
    "device_id",
    "account_id",
    "first_name",
    "last_name",
    "phone",
    "description",
    "media_url",
)


@dataclass
class PostedRequest:
    """The fields of a POST Service Request as sent (strings stripped; lat/long numbers)."""

    api_key: str = ""
    jurisdiction_id: str = ""
    service_code: str = ""
    lat: float | None = None
    long: float | None = None
    address_string: str = ""
    address_id: str = ""
    email: str = ""
    device_id: str = ""
    account_id: str = ""
    first_name: str = ""
    last_name: str = ""
    phone: str = ""
    description: str = ""
    media_url: str = ""
    attributes: dict[str, str | list[str]] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)

    def as_payload(self) -> dict[str, Any]:
        """The submission under `submit_report`'s argument names (for a held submission)."""
        payload: dict[str, Any] = {name: getattr(self, name) for name in TEXT_FIELDS}
        payload.pop("jurisdiction_id")
        payload.update(lat=self.lat, lon=self.long, attributes=self.attributes)
        return payload


def _coordinate(text: str, name: str, limit: float, errors: dict[str, str]) -> float | None:
    if not text:
        return None
    try:
        number = float(text.replace(",", "."))
    except ValueError:
        errors[name] = _("ska vara ett tal i grader (WGS84), till exempel 59.3712.")
        return None
    if not math.isfinite(number) or abs(number) > limit:
        errors[name] = _("ligger utanför %(low)s till %(high)s grader.") % {
            "low": -limit,
            "high": limit,
        }
        return None
    return number


def parse_post(form: QueryDict | Mapping[str, Any]) -> PostedRequest:
    """The POSTed form as a PostedRequest. Coordinates that are not numbers are kept out
    and named in `errors` (field → message); everything else is checked by the action."""

    def get(name: str) -> str:
        value = form.get(name, "")
        return str(value).strip() if value is not None else ""

    posted = PostedRequest(api_key=get("api_key"))
    for name in TEXT_FIELDS:
        setattr(posted, name, get(name))
    posted.lat = _coordinate(get("lat"), "lat", 90, posted.errors)
    posted.long = _coordinate(get("long"), "long", 180, posted.errors)
    keys = form.keys()
    for key in keys:
        match = _ATTRIBUTE.match(key)
        if not match:
            continue
        code, is_list = match.group(1), bool(match.group(2))
        raw = form.getlist(key) if isinstance(form, QueryDict) else form[key]
        values = raw if isinstance(raw, list) else [raw]
        cleaned = [str(v) for v in values]
        existing = posted.attributes.get(code)
        if existing is not None:  # both attribute[c] and attribute[c][] sent
            cleaned = [*([existing] if isinstance(existing, str) else existing), *cleaned]
            is_list = True
        posted.attributes[code] = cleaned if is_list or len(cleaned) > 1 else cleaned[0]
    return posted
