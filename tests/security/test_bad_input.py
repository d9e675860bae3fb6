"""Bad input, in one place: every importer (`trygga import-events` in its four formats,
`trygga import-geography`) and every form (the event form, the import page, the report
form, Open311's POST, the lägesbild's and the action plan's forms) given malformed files,
wrong encodings, huge fields, places outside the municipality, dates in the future or in
1900, and script in text. Each refusal names its line or field and writes nothing (row
counts before and after); text with script is stored as typed and shown escaped.

Behaviour already covered by the importers' and forms' own tests (tests/events,
tests/web, tests/reports, tests/open311, tests/geography) is not repeated here.
"""

import datetime as dt
import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from tests.factories import CENTRUM_POINT, NYFORS_POINT, STOCKHOLM_POINT, EventFactory
from tests.reports.conftest import make_service
from trygga.events.models import Event, EventSource
from trygga.geography.models import District, Place
from trygga.reports.actions import create_open311_key
from trygga.reports.models import HeldSubmission, Report

pytestmark = pytest.mark.django_db

SCRIPT = '<script>alert("x")</script><img src=x onerror=alert(1)>'
ESCAPED = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"
HUGE = "a" * 100_001
HEADER = "occurred_from,category,lat,lon,description\n"


def import_events(fmt: str, path: Path, *extra: str) -> str:
    out = StringIO()
    call_command(
        "import_events", "--format", fmt, str(path), *extra, "--no-progress",
        stdout=out, stderr=StringIO(),
    )  # fmt: skip
    return out.getvalue()


def refused(fmt: str, path: Path, *extra: str) -> str:
    """The command's error; asserts that no event and no source was written."""
    events, sources = Event.objects.count(), EventSource.objects.count()
    with pytest.raises(CommandError) as caught:
        import_events(fmt, path, *extra)
    assert (Event.objects.count(), EventSource.objects.count()) == (events, sources)
    return str(caught.value)


def csv_row(when="2025-06-13 21:30", point=NYFORS_POINT, text="Klotter på vägg") -> str:
    lon, lat = point
    return f"{when},graffiti,{lat},{lon},{text}\n"


# ------------------------------------------------------------------- import-events, CSV


def test_csv__latin1_file__read_as_windows_1252(municipality, tmp_path):
    path = tmp_path / "logg.csv"
    path.write_bytes((HEADER + csv_row(text="Skadegörelse på förskolan")).encode("latin-1"))
    assert "1 skapade" in import_events("csv", path, "--municipality", "0484")
    assert Event.objects.get().description == "Skadegörelse på förskolan"


def test_csv__utf8_with_bom__header_read(municipality, tmp_path):
    path = tmp_path / "logg.csv"
    path.write_bytes(b"\xef\xbb\xbf" + (HEADER + csv_row(text="Skadegörelse")).encode())
    assert "1 skapade" in import_events("csv", path, "--municipality", "0484")
    assert Event.objects.get().description == "Skadegörelse"


def test_csv__binary_garbage__refused_naming_the_byte(municipality, tmp_path):
    path = tmp_path / "logg.csv"
    path.write_bytes(b"\x00\xff\xfe\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20)
    message = refused("csv", path, "--municipality", "0484")
    assert "varken UTF-8 eller Windows-1252" in message, message


def test_csv__huge_field__names_row_and_field(municipality, tmp_path):
    path = tmp_path / "logg.csv"
    path.write_text(HEADER + csv_row() + csv_row(text=HUGE), encoding="utf-8")
    message = refused("csv", path, "--municipality", "0484")
    assert "rad 3, fält 'description': längre än 4000 tecken" in message, message


@pytest.mark.parametrize(
    ("when", "why"), [("2099-01-01 12:00", "i framtiden"), ("1900-01-01 12:00", "före 1990")]
)
def test_csv__date_in_the_future_or_1900__names_row_and_field(municipality, tmp_path, when, why):
    path = tmp_path / "logg.csv"
    path.write_text(HEADER + csv_row() + csv_row(when=when), encoding="utf-8")
    message = refused("csv", path, "--municipality", "0484")
    assert "rad 3, fält 'occurred_from'" in message, message
    assert why in message, message


def test_csv__point_in_stockholm__names_row(municipality, tmp_path):
    path = tmp_path / "logg.csv"
    path.write_text(HEADER + csv_row(point=STOCKHOLM_POINT), encoding="utf-8")
    message = refused("csv", path, "--municipality", "0484")
    assert "rad 2" in message, message


def test_csv__script_in_text__stored_as_typed_and_shown_escaped(
    municipality, people, client, tmp_path
):
    path = tmp_path / "logg.csv"
    path.write_text(HEADER + csv_row(text=SCRIPT.replace(",", ";")), encoding="utf-8")
    import_events("csv", path, "--municipality", "0484")
    event = Event.objects.get()
    assert "<script>" in event.description
    client.force_login(people["coordinator"])
    body = client.get(f"/0484/handelser/{event.pk}/").content.decode()
    assert "<script>alert" not in body
    assert "<img src=x" not in body
    assert ESCAPED in body


# ------------------------------------------------------------- import-events, the others


def test_xlsx__not_a_workbook__refused(municipality, tmp_path):
    path = tmp_path / "logg.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a zip file" + b"\x00" * 100)
    message = refused("xlsx", path, "--municipality", "0484")
    assert "xlsx" in message.lower() or "excel" in message.lower(), message


def test_xlsx__date_in_1900_and_huge_text__name_sheet_row_and_field(municipality, tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["occurred_from", "category", "lat", "lon", "description"])
    lon, lat = NYFORS_POINT
    # A spreadsheet's cells hold local times without a zone.
    summer = dt.datetime(2025, 6, 13, 21, 30)  # noqa: DTZ001
    sheet.append([summer, "graffiti", lat, lon, "ok"])
    sheet.append([dt.datetime(1900, 1, 1, 12, 0), "graffiti", lat, lon, "gammalt"])  # noqa: DTZ001
    sheet.append([summer, "graffiti", lat, lon, "b" * 40_000])
    path = tmp_path / "logg.xlsx"
    book.save(path)
    message = refused("xlsx", path, "--municipality", "0484")
    assert "rad 3, fält 'occurred_from': ligger före 1990" in message, message
    assert "rad 4, fält 'description'" in message, message


def test_geojson__truncated_json__refused(municipality, tmp_path):
    path = tmp_path / "logg.geojson"
    path.write_text('{"type": "FeatureCollection", "features": [{"type": "Feat', encoding="utf-8")
    message = refused("geojson", path, "--municipality", "0484")
    assert "JSON" in message, message


def test_geojson__feature_outside_and_in_the_future__name_feature(municipality, tmp_path):
    def feature(point, when):
        return {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": list(point)},
            "properties": {"occurred_from": when, "category": "graffiti"},
        }

    doc = {
        "type": "FeatureCollection",
        "features": [
            feature(NYFORS_POINT, "2025-06-13 21:30"),
            feature(STOCKHOLM_POINT, "2025-06-13 21:30"),
            feature(CENTRUM_POINT, "2099-06-13 21:30"),
        ],
    }
    path = tmp_path / "logg.geojson"
    path.write_text(json.dumps(doc), encoding="utf-8")
    message = refused("geojson", path, "--municipality", "0484")
    assert "rad 2, fält 'lat/lon': punkten" in message, message
    assert "utanför Eskilstuna" in message, message
    assert "rad 3, fält 'occurred_from': ligger i framtiden" in message, message


def test_polisen__not_json__refused(municipality, tmp_path):
    path = tmp_path / "polisen.json"
    path.write_bytes("Händelser från polisen\n<html>".encode("latin-1"))
    message = refused("polisen", path)
    assert "JSON" in message, message


def test_polisen__record_without_fields__skipped_and_counted(municipality, tmp_path):
    path = tmp_path / "polisen.json"
    path.write_text(json.dumps([{"id": 1, "name": SCRIPT}]), encoding="utf-8")
    output = import_events("polisen", path)
    assert "överhoppade" in output, output
    assert Event.objects.count() == 0


# ------------------------------------------------------------------- import-geography


def test_import_geography__latin1_and_huge_name__refused_naming_feature(municipality, tmp_path):
    feature = {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": list(NYFORS_POINT)},
        "properties": {"name": "x" * 5000, "kind": "square"},
    }
    path = tmp_path / "platser.geojson"
    path.write_bytes(
        json.dumps({"type": "FeatureCollection", "features": [feature]}, ensure_ascii=False).encode(
            "latin-1"
        )
    )
    places, districts = Place.objects.count(), District.objects.count()
    with pytest.raises(CommandError) as caught:
        call_command(
            "import_geography", str(path), "--level", "place", "--municipality", "0484",
            stdout=StringIO(), stderr=StringIO(),
        )  # fmt: skip
    assert (Place.objects.count(), District.objects.count()) == (places, districts)
    assert "1" in str(caught.value) or "name" in str(caught.value), str(caught.value)


# ------------------------------------------------------------------------------- forms


@pytest.fixture
def service(municipality, organisations):
    return make_service(municipality)


def test_report_form__huge_description_and_script__refused_or_escaped(client, service):
    url = "/0484/felanmalan/klotter/"
    lon, lat = CENTRUM_POINT
    base = {"lat": lat, "lon": lon, "attr-krankande": "nej", "krankande": "nej"}
    before = Report.objects.count(), HeldSubmission.objects.count()
    response = client.post(url, {**base, "description": HUGE})
    assert response.status_code in (200, 400)
    assert "description" in response.content.decode() or "Beskrivning" in response.content.decode()
    assert (Report.objects.count(), HeldSubmission.objects.count()) == before


def test_open311_post__script_description__stored_and_answered_escaped(
    client, service, municipality
):
    key = create_open311_key(actor=None, name="Appen", municipality=municipality)[1]
    lon, lat = CENTRUM_POINT
    form = {
        "api_key": key, "jurisdiction_id": "0484", "service_code": "klotter", "lat": lat,
        "long": lon, "attribute[krankande]": "nej", "description": SCRIPT,
    }  # fmt: skip
    answer = client.post("/open311/v2/requests.xml", form)
    assert answer.status_code == 200
    report = Report.objects.get()
    assert report.description == SCRIPT
    listing = client.get(
        "/open311/v2/requests.xml",
        {"jurisdiction_id": "0484", "service_request_id": report.service_request_id},
    ).content.decode()
    assert "<script>" not in listing
    tracking = client.get(f"/felanmalan/folj/{report.tracking_token}/").content.decode()
    assert "<script>alert" not in tracking


def test_open311_post__point_outside_and_huge_description__400_naming_fields(
    client, service, municipality
):
    key = create_open311_key(actor=None, name="Appen", municipality=municipality)[1]
    lon, lat = STOCKHOLM_POINT
    form = {
        "api_key": key, "jurisdiction_id": "0484", "service_code": "klotter", "lat": lat,
        "long": lon, "attribute[krankande]": "nej", "description": "x" * 4001,
    }  # fmt: skip
    for field, value in (("description", "x" * 4001), ("lat", "")):
        answer = client.post(
            "/open311/v2/requests.json",
            {**form, field: value} if field == "description" else form | {"description": "ok"},
        )
        assert answer.status_code == 400
        text = " ".join(e["description"] for e in answer.json())
        assert text.startswith(field), text
    assert Report.objects.count() == 0


def test_event_form__script_in_text__stored_and_shown_escaped(client, people, municipality):
    event = EventFactory(municipality=municipality, description=SCRIPT)
    client.force_login(people["viewer"])
    body = client.get(f"/0484/handelser/{event.pk}/").content.decode()
    assert ESCAPED in body
    assert "<script>alert" not in body
    listing = client.get("/0484/handelser/").content.decode()
    assert "<script>alert" not in listing


def test_import_page__latin1_csv__read_as_windows_1252(client, people, municipality):
    client.force_login(people["coordinator"])
    data = (HEADER + csv_row(text="Skadegörelse på förskolan")).encode("latin-1")
    response = client.post(
        "/0484/import/",
        {"format": "csv", "file": SimpleUploadedFile("logg.csv", data, content_type="text/csv")},
    )
    assert response.status_code == 200
    assert Event.objects.get().description == "Skadegörelse på förskolan"


def test_import_page__xlsx_that_is_not__clear_error(client, people, municipality):
    client.force_login(people["coordinator"])
    fake = SimpleUploadedFile(
        "logg.xlsx", b"not a workbook", content_type="application/vnd.ms-excel"
    )
    response = client.post("/0484/import/", {"format": "xlsx", "file": fake})
    assert response.status_code in (200, 400)
    assert Event.objects.count() == 0
    assert (
        "xlsx" in response.content.decode().lower() or "excel" in response.content.decode().lower()
    )


def test_plan_and_lagesbild__script_in_titles__shown_escaped_to_staff_and_public(
    client, people, organisations, municipality
):
    from trygga.lagesbild import actions as lagesbild_actions
    from trygga.plans import actions as plan_actions

    coordinator = people["coordinator"]
    lb = lagesbild_actions.create_lagesbild(
        actor=coordinator, municipality=municipality, kind="year", date_from=dt.date(2025, 1, 1)
    )
    lagesbild_actions.save_problem(
        actor=coordinator, lagesbild=lb, problem=None, title=SCRIPT, order=1, description=SCRIPT
    )
    plan = plan_actions.create_plan(
        actor=coordinator,
        municipality=municipality,
        kind="plan",
        title=SCRIPT,
        date_from=dt.date(2026, 1, 1),
        date_to=dt.date(2026, 12, 31),
        summary="Kommunens åtgärder.",
        is_public=True,
    )
    client.force_login(people["viewer"])
    pages = [f"/0484/atgarder/{plan.pk}/", "/0484/atgarder/", "/0484/trygghetsarbete/"]
    client.force_login(coordinator)
    pages.append(f"/0484/lagesbild/{lb.pk}/")
    for url in pages:
        body = client.get(url).content.decode()
        assert "<script>alert" not in body, url
        assert "<img src=x" not in body, url


def test_plan__title_over_its_limit__refused_naming_the_field(people, municipality):
    from django.core.exceptions import ValidationError

    from trygga.plans import actions as plan_actions
    from trygga.plans.models import ActionPlan

    with pytest.raises(ValidationError) as caught:
        plan_actions.create_plan(
            actor=people["coordinator"],
            municipality=municipality,
            kind="plan",
            title="x" * 1000,
            date_from=dt.date(2026, 1, 1),
            date_to=dt.date(2026, 12, 31),
        )
    assert "title" in caught.value.message_dict
    assert ActionPlan.objects.count() == 0


@pytest.mark.parametrize("at", ["0001-01-05", "9999-12-31"])
def test_analysis_api__change_at_the_ends_of_the_calendar__400_naming_at(client, people, at):
    """Found by schemathesis: a date whose baseline years do not exist was a 500."""
    client.force_login(people["coordinator"])
    response = client.get(
        "/api/v1/municipalities/0484/analysis/change/", {"at": at, "period": "week"}
    )
    assert response.status_code == 400
    assert "at" in json.dumps(response.json())
