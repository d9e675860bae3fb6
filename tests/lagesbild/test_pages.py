"""The lägesbild pages: who drafts, who approves, who reads which version; exports equal
what the page shows."""

import csv
import datetime as dt
import io
import re
from html import unescape

import pytest
from django.urls import reverse

from trygga.audit.models import AuditEvent
from trygga.lagesbild.models import Lagesbild, LagesbildVersion

pytestmark = pytest.mark.django_db


@pytest.fixture
def created(client, hand_events, people):
    client.force_login(people["coordinator"])
    url = reverse("web:lagesbild_list", kwargs={"code": "0484"})
    response = client.post(url, {"kind": "year", "day": "2025-06-01", "district": ""})
    assert response.status_code == 302, response.content.decode()[:2000]
    client.logout()
    return Lagesbild.objects.get()


def detail(lagesbild, **query):
    url = reverse("web:lagesbild_detail", kwargs={"code": "0484", "pk": lagesbild.pk})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def approve(client, lagesbild, user):
    client.force_login(user)
    url = reverse("web:lagesbild_approve", kwargs={"code": "0484", "pk": lagesbild.pk})
    return client.post(
        url,
        {
            "body": "Lokala brottsförebyggande rådet",
            "decision_date": "2026-01-15",
            "reference": "§ 12",
        },
    )


def test_coordinator_creates_a_draft_for_the_whole_year(created):
    assert (created.kind, created.date_from, created.date_to) == (
        "year",
        dt.date(2025, 1, 1),
        dt.date(2025, 12, 31),
    )
    assert created.title == "Lägesbild 2025 – Eskilstuna"
    assert created.content["partner"]["summary"]["total"] == 19
    assert AuditEvent.objects.filter(action="lagesbild.created", target_id=str(created.pk)).exists()


@pytest.mark.parametrize("role", ["reporter", "viewer"])
def test_reporters_and_viewers_cannot_draft_edit_or_approve(client, created, people, role):
    client.force_login(people[role])
    list_url = reverse("web:lagesbild_list", kwargs={"code": "0484"})
    assert client.post(list_url, {"kind": "year", "day": "2024-06-01"}).status_code == 404
    edit = reverse("web:lagesbild_edit", kwargs={"code": "0484", "pk": created.pk})
    assert client.get(edit).status_code == 404
    assert approve(client, created, people[role]).status_code == 404
    assert not LagesbildVersion.objects.exists()
    # A draft is the editors' working copy: not even readable before approval.
    assert client.get(detail(created)).status_code == 404


def test_administrator_approves_and_viewers_then_read_the_partner_version(client, created, people):
    response = approve(client, created, people["administrator"])
    assert response.status_code == 302
    version = LagesbildVersion.objects.get()
    assert (version.number, version.body, version.decision_date) == (
        1,
        "Lokala brottsförebyggande rådet",
        dt.date(2026, 1, 15),
    )
    assert version.approved_by == people["administrator"]
    client.force_login(people["viewer"])
    page = client.get(detail(created)).content.decode()
    assert "Samverkansversion, version 1" in page
    assert "av Lokala brottsförebyggande rådet den 15 januari 2026" in page
    # Viewers read; they get no editing tools.
    assert "Skriv och redigera" not in page


def test_anonymous_reads_only_the_public_version_of_an_approved_lagesbild(client, created, people):
    public = reverse("web:lagesbild_public", kwargs={"code": "0484", "pk": created.pk})
    assert client.get(public).status_code == 404  # not approved yet
    assert client.get(detail(created)).status_code == 302  # staff page: log in first
    approve(client, created, people["coordinator"])
    client.logout()
    page = client.get(public)
    assert page.status_code == 200
    assert "Offentlig version, version 1" in page.content.decode()
    assert client.get(detail(created)).status_code == 302


def test_non_members_get_404(client, created, people):
    from tests.factories import MunicipalityFactory, OrganisationFactory, member
    from trygga.accounts.models import Role

    other = MunicipalityFactory(code="0480", name="Nyköping")
    stranger = member(OrganisationFactory(municipality=other), Role.COORDINATOR, "främling")
    client.force_login(stranger)
    assert client.get(detail(created)).status_code == 404


def cells_of(html, table_id):
    """The texts of a table as the page shows them (header row first)."""
    start = html.index(f'id="tabell-{table_id}"')
    chunk = html[start : html.index("</table>", start)]
    rows = []
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", chunk, re.S):
        cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        rows.append([unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in cells])
    return rows


def test_every_csv_equals_the_table_on_the_page(client, created, people):
    client.force_login(people["coordinator"])
    html = client.get(detail(created)).content.decode()
    for table in created.content["partner"]["tables"]:
        url = reverse(
            "web:lagesbild_csv", kwargs={"code": "0484", "pk": created.pk, "table": table["id"]}
        )
        response = client.get(url)
        assert response.status_code == 200
        exported = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        shown = cells_of(html, table["id"])
        if not table["rows"]:
            continue
        assert exported[0] == shown[0], table["id"]
        for csv_row, page_row in zip(exported[1:], shown[1:], strict=True):
            for csv_cell, page_cell in zip(csv_row, page_row, strict=True):
                # The page writes Swedish numbers (1 234,5); the CSV plain ones (1234.5).
                normal = page_cell.replace("\u00a0", "").replace("\u2212", "-").replace(",", ".")
                if normal in ("–",):
                    normal = ""
                if csv_cell and re.fullmatch(r"-?[0-9.]+", csv_cell):
                    assert float(csv_cell) == pytest.approx(float(normal), abs=0.051), (
                        table["id"],
                        csv_cell,
                        page_cell,
                    )
                else:
                    assert csv_cell in (normal, page_cell), (
                        table["id"],
                        csv_cell,
                        page_cell,
                    )


def test_xlsx_holds_every_table_and_pdf_is_a_pdf(client, created, people):
    from openpyxl import load_workbook

    client.force_login(people["coordinator"])
    base = {"code": "0484", "pk": created.pk}
    book = load_workbook(io.BytesIO(client.get(reverse("web:lagesbild_xlsx", kwargs=base)).content))
    assert len(book.sheetnames) == 1 + len(created.content["partner"]["tables"])
    pdf = client.get(reverse("web:lagesbild_pdf", kwargs=base))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


def test_every_lagesbild_page_keeps_the_strict_content_security_policy(client, created, people):
    from tests.web.test_content_security_policy import assert_strict_csp, inline_problems

    approve(client, created, people["coordinator"])
    kw = {"code": "0484", "pk": created.pk}
    client.force_login(people["coordinator"])
    pages = [
        reverse("web:lagesbild_list", kwargs={"code": "0484"}),
        detail(created),
        detail(created, v=1, version_for="offentlig"),
        reverse("web:lagesbild_edit", kwargs=kw),
        reverse("web:lagesbild_problem_new", kwargs=kw),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_strict_csp(response)
        assert inline_problems(response.content.decode()) == [], url
    client.logout()
    for url in (
        reverse("web:lagesbild_public_list", kwargs={"code": "0484"}),
        reverse("web:lagesbild_public", kwargs=kw),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_strict_csp(response)
        assert inline_problems(response.content.decode()) == [], url
