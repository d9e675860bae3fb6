"""The 1,380 real Helsinki reports go in through POST /open311/v2/requests and come back
through GET unchanged, except descriptions the redaction changed: those are counted, and
the staff view keeps their original (mapping and coordinates: tests/open311/helsinki.py).

Rate limits are lifted for this test through the settings (one client posts 1,380 reports).
"""

import pytest

from tests.open311 import helsinki
from tests.open311.compare import flat
from trygga.reports.models import Report, ReportContact
from trygga.reports.selectors import get_report_for_staff

pytestmark = pytest.mark.slow


def test_helsinki_reports__post_then_get_gives_back_every_posted_field(
    open311, demo_services, api_key, municipality, people, settings
):
    settings.REPORT_RATE_LIMIT_COUNT = 100_000
    settings.OPEN311_KEY_RATE_LIMIT_COUNT = 100_000
    source = helsinki.reports()
    assert len(source) == 1380

    posted: dict[str, dict] = {}  # type: ignore[type-arg]
    for report in source:
        fields = helsinki.form(report)
        answer = open311("POST", "requests", api_key=api_key, jurisdiction_id="0484", **fields)
        assert answer.status == 200, (report["service_request_id"], answer.data)
        posted[answer.data[0]["service_request_id"]] = helsinki.expected(fields)
    assert len(posted) == 1380
    assert Report.objects.filter(municipality=municipality).count() == 1380
    assert not ReportContact.objects.exists()  # nothing personal was posted

    # Read back: the spec's default of at most 1,000 records, then the second page.
    first = open311("GET", "requests", extensions="true")
    assert len(first.data) == 1000
    second = open311("GET", "requests", extensions="true", page=2)
    assert len(second.data) == 380
    items = {item["service_request_id"]: item for item in first.data + second.data}
    assert set(items) == set(posted)

    redacted = []
    located = 0
    for request_id, want in posted.items():
        item = items[request_id]
        got = {
            "service_code": item["service_code"],
            "description": item["description"],
            "address": item["address"],
            "lat": item["lat"],
            "long": item["long"],
            "media_url": item["media_url"],
            "attributes": {
                a["code"]: a.get("values", a.get("value"))
                for a in item["extended_attributes"]["attributes"]
            },
        }
        if got["description"] != want["description"]:
            redacted.append(request_id)
            got["description"] = want["description"]
        assert got == want, request_id
        assert item["status"] == "open"
        if want["lat"] is not None:
            located += 1
            assert item["extended_attributes"]["district"]  # every point lands in a district
    assert located == 1354

    # Redaction changed some descriptions for the public; staff still read the original.
    coordinator = people["coordinator"]
    for request_id in redacted:
        staff = get_report_for_staff(coordinator, municipality, request_id)
        assert staff.description == posted[request_id]["description"]
        assert staff.public_description == items[request_id]["description"]
    print(f"\nHelsinki: {len(redacted)} of 1380 descriptions changed by redaction")
    assert 0 < len(redacted) < 1380

    # The XML pages say the same as the JSON pages.
    for page, json_page in ((1, first), (2, second)):
        xml = open311("GET", "requests", "xml", extensions="true", page=page)
        assert flat(xml.data) == flat(json_page.data)
