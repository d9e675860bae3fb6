"""The GeoReport v2 documents, built as plain Python in the spec's field order.

Each function returns the JSON form (a list or a dict); `renderers` writes the same
structure as XML under the root element the spec gives (`ROOTS`). Empty text is None: JSON
null and an empty XML element, as in the spec's examples. Datetimes are W3C (ISO 8601) with
the offset of Europe/Stockholm and no fractional seconds, e.g. `2025-06-13T21:30:00+02:00`.

Only public values go in: `PublicReport` (trygga.reports.selectors) holds the redacted
description and notes and nothing of the reporter. The fine status is published in the
`extended_attributes` of mySociety's convention (`detailed_status`, with FixMyStreet's
names such as FIXED or NOT_COUNCILS_RESPONSIBILITY) and the public history as the
Update History extension's `notes`, both only when a client asks with `extensions=true`,
as the Extensions page describes; without it every document has exactly the spec's fields.
"""

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from django.utils import timezone, translation

from trygga.reports.models import Service, normalise_keywords
from trygga.reports.selectors import PublicReport, PublicUpdate

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
FORMATS = ["text/xml", "application/json"]

# The XML root element of each document.
ROOTS = {
    "discovery": "discovery",
    "services": "services",
    "service_definition": "service_definition",
    "service_requests": "service_requests",
    "errors": "errors",
}


def w3c(moment: datetime | None) -> str | None:
    """A W3C datetime with the local offset, whole seconds (None stays None)."""
    if moment is None:
        return None
    return timezone.localtime(moment).replace(microsecond=0).isoformat()


def _text(value: str | None) -> str | None:
    return value if value else None


def service_name(service: Service) -> str:
    """The name in the request's language: the English name when English is asked for
    (Accept-Language) and one is set, else the Swedish name."""
    language = translation.get_language() or ""
    if language.startswith("en") and service.name_en:
        return service.name_en
    return service.name


def service_item(service: Service) -> dict[str, Any]:
    """One `service` of GET Service List (attributes prefetched: `metadata` needs them)."""
    return {
        "service_code": service.service_code,
        "service_name": service_name(service),
        "description": _text(service.description),
        "metadata": len(service.attributes.all()) > 0,
        "type": "realtime",
        "keywords": _text(normalise_keywords(service.keywords)),
        "group": _text(service.group),
    }


def service_definition(service: Service) -> dict[str, Any]:
    """GET Service Definition: every attribute, list options under `values`."""
    return {
        "service_code": service.service_code,
        "attributes": [
            {
                "variable": attribute.variable,
                "code": attribute.code,
                "datatype": attribute.datatype,
                "required": attribute.required,
                "datatype_description": _text(attribute.datatype_description),
                "order": attribute.order,
                "description": _text(attribute.description),
                "values": [
                    {"key": str(value["key"]), "name": str(value["name"])}
                    for value in attribute.values or []
                ],
            }
            for attribute in sorted(service.attributes.all(), key=lambda a: a.order)
        ],
    }


def _absolute(request: HttpRequest, url: str) -> str:
    return request.build_absolute_uri(url) if url else ""


def _answer(code: str, value: Any) -> dict[str, Any]:
    if isinstance(value, list):
        return {"code": code, "values": [str(v) for v in value]}
    return {"code": code, "value": value}


def _note(update: PublicUpdate) -> dict[str, Any]:
    return {
        "datetime": w3c(update.at),
        "description": _text(update.note),
        "type": update.kind,
        "status": update.open311_status,
        "detailed_status": update.extended_status,
        "status_label": update.status_label,
        "agency_responsible": _text(update.forwarded_to or update.organisation),
    }


def request_item(
    report: PublicReport, request: HttpRequest, *, extensions: bool = False
) -> dict[str, Any]:
    """One `request` of GET Service Request(s)."""
    photo = _absolute(request, report.photo_url)
    closed = report.open311_status == "closed"
    item: dict[str, Any] = {
        "service_request_id": report.service_request_id,
        "status": report.open311_status,
        "status_notes": _text(report.status_notes),
        "service_name": report.service_name,
        "service_code": report.service_code,
        "description": _text(report.description),
        "agency_responsible": _text(report.agency_responsible),
        "service_notice": _text(report.service_notice),
        "requested_datetime": w3c(report.requested_at),
        "updated_datetime": w3c(
            report.closed_at if closed and report.closed_at else report.updated_at
        ),
        "expected_datetime": w3c(report.expected_at),
        "address": _text(report.address),
        "address_id": _text(report.address_id),
        "zipcode": _text(report.zipcode),
        "lat": report.lat,
        "long": report.lon,
        "media_url": _text(report.media_url or photo),
    }
    if extensions:
        item["extended_attributes"] = {
            "detailed_status": report.extended_status,
            "status_label": report.status_label,
            "district": _text(report.district),
            "forwarded_to": _text(report.forwarded_to),
            "duplicate_of": _text(report.duplicate_of),
            "media_urls": [url for url in (report.media_url, photo) if url],
            "attributes": [_answer(code, value) for code, value in report.attributes.items()],
        }
        item["notes"] = [_note(update) for update in report.updates]
    return item


def post_response(
    service_request_id: str, service_notice: str, account_id: str
) -> list[dict[str, Any]]:
    """POST Service Request: the id (every Trygga service is `realtime`, so never a token)."""
    return [
        {
            "service_request_id": service_request_id,
            "service_notice": _text(service_notice),
            "account_id": _text(account_id),
        }
    ]


def token_response(service_request_id: str, token: str) -> list[dict[str, Any]]:
    return [{"service_request_id": service_request_id, "token": token}]


def errors(status: int, descriptions: list[str]) -> list[dict[str, Any]]:
    """The spec's error list: the HTTP status as each error's code."""
    return [{"code": status, "description": text} for text in descriptions]


def discovery(*, url: str, changeset: str, contact: str, key_service: str) -> dict[str, Any]:
    return {
        "changeset": changeset,
        "contact": contact,
        "key_service": key_service,
        "endpoints": [
            {
                "specification": SPECIFICATION,
                "url": url,
                "changeset": changeset,
                "type": "production",
                "formats": list(FORMATS),
            }
        ],
    }
