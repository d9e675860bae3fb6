"""The 1,380 real Helsinki reports as Open311 POSTs to the Eskilstuna demo (docs/open311.md).

Shared by tests/open311/test_helsinki.py and bench/open311_load.py.

- **Services**: Helsinki's service codes map to the demo's services by `SERVICE_MAP`; the
  codes it does not name (potholes, signs, parks, forests, "other issue", and 90 unnamed
  codes) go to `DEFAULT_SERVICE`, the demo having no road-maintenance service. Demo
  services with a required question get the fixed neutral answer given in the table
  ("Annat", "Vet inte", or "Nej" for whether graffiti is offensive, the only choice the
  source cannot answer), so the load also exercises `attribute[code]` and
  `attribute[code][]`.
- **Places**: every point is moved by the fixed offset `OFFSET` (−0.91° latitude, −8.40°
  longitude), which lands all 1,354 located reports inside Eskilstuna municipality and so in
  its districts, keeping their relative positions. 26 reports have no position in the source
  (0, 0 or 0, 0.034451, the source's nulls): they are posted with their address only, and
  the 17 of them without an address with `PLACEHOLDER_ADDRESS`, as the spec requires a
  location.
- **Fields posted**: service_code, description, lat/long or address_string, media_url,
  the attributes. Helsinki's status, notes and times are the server's, not a client's, and
  are not posted.
"""

import json
from pathlib import Path
from typing import Any

# Plain paths, no Django: the benchmark's load generator imports this module too.
SHARED_DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"
SOURCE: Path = (
    SHARED_DATA / "open311" / "helsinki_real_feedback" / "helsinki_feedback_georeport_shaped.json"
)
OFFSET = (-0.91, -8.40)  # degrees of latitude and longitude
PLACEHOLDER_ADDRESS = "Helsinki"

# Helsinki service_code → (demo service_code, answers to the demo service's required questions)
SERVICE_MAP: dict[str, tuple[str, dict[str, str | list[str]]]] = {
    "172": ("skadegorelse", {"attribute[foremal]": "6"}),  # Ilkivalta / Vandalism: "Annat"
    "176": ("klotter", {"attribute[krankande]": "2"}),  # Töhryjen poisto / Graffiti: "Nej"
    "246": ("nedskrapning", {"attribute[avfall][]": ["5"]}),  # Roskaaminen: "Annat"
    "211": ("lekplats", {"attribute[farligt]": "3"}),  # Leikki- ja liikuntapuistot: "Vet inte"
}
DEFAULT_SERVICE: tuple[str, dict[str, str | list[str]]] = ("otrygg-plats", {})


def reports() -> list[dict[str, Any]]:
    return json.loads(SOURCE.read_text(encoding="utf-8"))


def has_position(report: dict[str, Any]) -> bool:
    """The source writes a missing position as 0 (latitude 0 in every such row)."""
    return bool(report.get("lat")) and report["lat"] > 1


def form(report: dict[str, Any]) -> dict[str, Any]:
    """The POST fields (without api_key and jurisdiction_id) for one Helsinki report."""
    service_code, answers = SERVICE_MAP.get(report["service_code"], DEFAULT_SERVICE)
    fields: dict[str, Any] = {"service_code": service_code, **answers}
    if report.get("description"):
        fields["description"] = report["description"]
    if has_position(report):
        fields["lat"] = repr(round(report["lat"] + OFFSET[0], 7))
        fields["long"] = repr(round(report["long"] + OFFSET[1], 7))
    address = (report.get("address") or "").strip()
    if address and address != "0":
        fields["address_string"] = address
    elif not has_position(report):
        fields["address_string"] = PLACEHOLDER_ADDRESS
    if report.get("media_url"):
        fields["media_url"] = report["media_url"]
    return fields


def expected(fields: dict[str, Any]) -> dict[str, Any]:
    """What GET must give back for the posted fields (the description before redaction;
    text is trimmed at both ends, as the core stores it)."""
    answers = {}
    for key, value in fields.items():
        if key.startswith("attribute["):
            code = key[len("attribute[") :].split("]", 1)[0]
            answers[code] = value
    return {
        "service_code": fields["service_code"],
        "description": fields.get("description", "").strip() or None,
        "address": fields.get("address_string"),
        "lat": float(fields["lat"]) if "lat" in fields else None,
        "long": float(fields["long"]) if "long" in fields else None,
        "media_url": fields.get("media_url"),
        "attributes": answers,
    }
