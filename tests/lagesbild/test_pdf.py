"""The PDF: printed without network, every page turns into a PNG (poppler's pdftoppm, which
`make pdf-deps` installs), and its text is the document's Swedish text."""

import datetime as dt
import shutil
import subprocess

import pytest

from trygga.lagesbild import actions
from trygga.lagesbild.documents import draft_document
from trygga.lagesbild.render import document

pytestmark = pytest.mark.django_db


@pytest.fixture
def year(hand_events, people):
    return actions.create_lagesbild(
        actor=people["coordinator"],
        municipality=hand_events,
        kind="year",
        date_from=dt.date(2025, 1, 1),
    )


@pytest.mark.parametrize("audience", ["partner", "public"])
def test_every_pdf_page_becomes_an_image_and_the_text_is_swedish(year, audience, tmp_path):
    assert shutil.which("pdftoppm"), "poppler-utils is missing: run make pdf-deps"
    pdf = tmp_path / "lagesbild.pdf"
    pdf.write_bytes(document.pdf(draft_document(year, audience)))
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(pdf), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) >= 6
    assert all(p.stat().st_size > 2000 for p in pages)  # no blank page
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    for heading in (
        "Lägesbild 2025 – Eskilstuna",
        "1. Kartläggning av brottsligheten",
        "2. Annan information av betydelse",
        "Förklaring",
        "Antal händelser",
        "Händelser per stadsdel och kategori",
        "Sida 1 av",
    ):
        assert heading in text, heading
    assert ("3. Analys, inklusive orsaker" in text) is (audience == "partner")


def test_the_pdf_loads_nothing_from_outside(year):
    doc = draft_document(year, "partner")
    doc.written["assessment"] = "Se bilden."
    html = document.html(doc)
    assert "http://" not in html.replace("http://www.w3.org/2000/svg", "")
    assert "https://" not in html
