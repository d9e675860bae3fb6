"""The import page: a coordinator uploads a partner's log; a bad file names row and field
and writes nothing; only roles that may import see the page."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.factories import FROSLUNDA_POINT, STOCKHOLM_POINT
from trygga.audit.models import AuditAction, AuditEvent
from trygga.events.models import Event

URL = reverse("web:event_import", args=["0484"])


def _csv(*rows: str) -> SimpleUploadedFile:
    body = "\n".join(["occurred_from,category,lat,lon,description", *rows]) + "\n"
    return SimpleUploadedFile("vaktlogg.csv", body.encode("utf-8"), content_type="text/csv")


GOOD = (
    f"2025-05-02 22:15,vandalism,{FROSLUNDA_POINT[1]},{FROSLUNDA_POINT[0]},Krossad ruta",
    f"2025-05-03 01:40,graffiti,{FROSLUNDA_POINT[1]},{FROSLUNDA_POINT[0]},Klotter på fasad",
)


@pytest.fixture
def coordinator_client(client, people):
    client.force_login(people["coordinator"])
    return client


def test_import_page__csv__creates_events_and_shows_counts(coordinator_client, organisations):
    response = coordinator_client.post(
        URL,
        {
            "file": _csv(*GOOD),
            "source_name": "Väktarrapporter",
            "organisation": organisations["bostad"].pk,
        },
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Importen är klar" in body
    assert 'data-count="created">2<' in body
    events = Event.objects.filter(source__name="Väktarrapporter")
    assert events.count() == 2
    assert {e.district.name for e in events} == {"Fröslunda"}
    assert {e.organisation.name for e in events} == {"Kommunfastigheter"}
    assert AuditEvent.objects.filter(action=AuditAction.EVENTS_IMPORTED).count() == 1


def test_import_page__same_file_twice__creates_nothing_new(coordinator_client):
    coordinator_client.post(URL, {"file": _csv(*GOOD), "source_name": "Logg"})
    response = coordinator_client.post(URL, {"file": _csv(*GOOD), "source_name": "Logg"})
    body = response.content.decode()
    assert 'data-count="created">0<' in body
    assert 'data-count="unchanged">2<' in body
    assert Event.objects.count() == 2


def test_import_page__bad_rows__names_row_and_field_and_writes_nothing(coordinator_client):
    bad = (
        GOOD[0],
        f"2025-13-40 22:15,vandalism,{FROSLUNDA_POINT[1]},{FROSLUNDA_POINT[0]},Fel datum",
        f"2025-05-03 01:40,graffiti,{STOCKHOLM_POINT[1]},{STOCKHOLM_POINT[0]},I Stockholm",
    )
    response = coordinator_client.post(URL, {"file": _csv(*bad), "source_name": "Logg"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Ingenting importerades" in body
    assert "<td>3</td><td><code>occurred_from</code></td>" in body
    assert "<td>4</td>" in body
    assert "utanför" in body
    assert not Event.objects.exists()
    assert not AuditEvent.objects.filter(action=AuditAction.EVENTS_IMPORTED).exists()


def test_import_page__bad_mapping_yaml__error_on_the_field(coordinator_client):
    response = coordinator_client.post(
        URL, {"file": _csv(*GOOD), "mapping": "columns: [oj\n  nej: : :"}
    )
    assert response.status_code == 200
    assert "Ogiltig YAML" in response.content.decode()
    assert not Event.objects.exists()


def test_import_page__unknown_extension__asks_for_format(coordinator_client):
    upload = SimpleUploadedFile("logg.txt", b"x", content_type="text/plain")
    response = coordinator_client.post(URL, {"file": upload})
    assert "känns inte igen" in response.content.decode()


def test_import_page__too_large__refused_before_reading(coordinator_client, settings):
    settings.IMPORT_MAX_UPLOAD_BYTES = 10
    response = coordinator_client.post(URL, {"file": _csv(*GOOD)})
    assert "största tillåtna" in response.content.decode()
    assert not Event.objects.exists()


@pytest.mark.parametrize(
    ("role", "status"),
    [("administrator", 200), ("coordinator", 200), ("reporter", 403), ("viewer", 403)],
)
def test_import_page__only_coordinators_and_administrators(client, people, role, status):
    client.force_login(people[role])
    assert client.get(URL).status_code == status
    nav_link = f'href="{URL}"'
    overview = client.get(reverse("web:overview", args=["0484"])).content.decode()
    assert (nav_link in overview) is (status == 200)


def test_import_page__other_municipality_member__404(client, outsider, municipality):
    client.force_login(outsider)
    assert client.get(URL).status_code == 404
