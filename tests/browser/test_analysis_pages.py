"""The analysis page in Chromium on demo-like data: a coordinator opens it, the trend charts
have drawn, the hot-spot map has coloured hexagons with a legend, the page passes axe on a
desktop and a phone, and neither scrolls sideways."""

import shutil
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from tests.browser.conftest import (
    assert_accessible,
    assert_no_horizontal_overflow,
    log_in,
    screenshot,
)
from tests.factories import EventFactory, SourceFactory
from trygga.demo.generator import DistrictSpec, generate, write_csv
from trygga.events.importers import run_import
from trygga.events.models import EventCategory, SourceKind

pytestmark = pytest.mark.browser

SHOTS = Path("/tmp/pages4-shots")  # noqa: S108 - where the person running the tests looks
HOT = ("hot_99", "hot_95", "hot_90")


def _shot(page, name: str, **kwargs) -> None:
    path = screenshot(page, name, **kwargs)
    SHOTS.mkdir(exist_ok=True)
    shutil.copy(path, SHOTS / path.name)


@pytest.fixture
def demo_like(municipality, organisations, tmp_path):
    """A year of generated field events (the demo's generator and importer) and some
    police-feed events at the municipality's centroid."""
    specs = [
        DistrictSpec(d.name, d.boundary, d.population or 0, d.is_priority)
        for d in municipality.districts.order_by("pk")
    ]
    end = timezone.localdate() - timedelta(days=1)
    imported = 0
    for key, rows in generate(specs, municipality.boundary, end=end).items():
        path = tmp_path / f"{key}.csv"
        write_csv(rows, path)
        result = run_import(
            actor=None,
            path=path,
            file_format="csv",
            municipality=municipality,
            source_name=f"{key} (demo)",
            organisation=organisations["kommun"],
        )
        imported += result.created
    police_source = SourceFactory(
        code="polisen", name="Polisens händelser", kind=SourceKind.POLICE_FEED
    )
    violence = EventCategory.objects.get(code="violence", municipality__isnull=True)
    for days in range(3, 300, 9):
        EventFactory(
            municipality=municipality,
            category=violence,
            source=police_source,
            precision="area",
            area_level="municipality",
            area_name="Eskilstuna",
            lon=16.51,
            lat=59.37,
            occurred_from=timezone.now() - timedelta(days=days),
        )
    return imported


def _check_page(page) -> None:
    # The trend: an SVG per series with a point per period, and the legend.
    charts = page.locator("figure[data-chart='trend'] svg.chart__svg")
    assert charts.count() >= 1
    first = charts.first
    points = int(first.get_attribute("data-points"))
    assert points >= 12
    assert first.locator("circle.chart__point").count() == points
    assert first.locator("polyline.chart__line").count() == 1
    assert first.locator("rect.chart__band").count() > 0
    box = first.bounding_box()
    assert box["width"] > 250
    assert box["height"] > 100
    assert page.locator("#trend-legend li").count() == 6
    assert page.locator("figure[data-chart='signal'] svg circle").count() == points

    # The hot-spot map: coloured hexagons, the legend with counts, the parameters filled in.
    page.wait_for_selector("#hotspot-map[data-cells]")
    assert page.locator("#hotspot-map").get_attribute("data-cells") != "error"
    hot = page.locator(", ".join(f"path.hotspot-cell--{c}" for c in HOT))
    assert hot.count() > 0
    assert hot.first.get_attribute("fill") in {"#b2182b", "#ef8a62", "#fddbc7"}
    assert page.locator("path.hotspot-cell").count() > hot.count()
    assert page.locator("#hotspot-legend li").count() == 7
    assert page.locator("#hotspot-legend .legend__count").first.inner_text().startswith("(")
    assert page.locator("[data-parameter='cells']").inner_text() != "–"
    assert page.locator("[data-parameter='seed']").inner_text() == "20250101"
    assert (
        "trygga analyse hotspots --municipality 0484"
        in page.locator("#hotspot-command").inner_text()
    )

    # The tables.
    assert page.locator("#change-table tbody tr").count() > 0
    assert page.locator("#rates-table .row--priority").count() > 0
    assert page.locator("#heatmap td.heat--8").count() >= 1


def test_analysis_page__desktop__charts_and_hot_spot_map(desktop, live_server, people, demo_like):
    assert demo_like > 5000
    page = desktop
    base = live_server.url
    log_in(page, base, "samordnare1")
    page.get_by_role("link", name="Analys").click()
    page.wait_for_url(f"{base}/0484/analys/")
    _check_page(page)
    _shot(page, "desktop-20-analysis")
    for section in ("trend", "change", "pattern", "hotspots"):
        _shot(page, f"desktop-21-analysis-{section}", scroll_to=f"#{section}")
    assert_accessible(page)
    assert_no_horizontal_overflow(page)

    # The density surface is a second layer, off until chosen.
    assert page.locator("#hotspot-map").get_attribute("data-density") == "true"
    assert page.locator("img.density-surface").count() == 0
    page.locator(".leaflet-control-layers label", has_text="Täthetsyta").click()
    page.wait_for_selector("img.density-surface")
    assert "km²" in page.locator("#density-note").inner_text()
    _shot(page, "desktop-23-analysis-density", scroll_to="#hotspots")

    # The change table sorts by a column.
    page.locator("#change-table thead th").nth(2).get_by_role("button").click()
    assert page.locator("#change-table thead th").nth(2).get_attribute("aria-sort") == "ascending"

    # Two categories: one chart each; a coarser grid recomputes the map.
    page.locator(".field--categories summary").click()
    page.get_by_label("Skadegörelse").check()
    page.get_by_label("Klotter").check()
    page.get_by_role("button", name="Visa").click()
    page.wait_for_selector("#hotspot-map[data-cells]")
    assert page.locator("figure[data-chart='trend']").count() == 2
    page.get_by_label("Cellstorlek (H3-upplösning)").select_option("8")
    page.get_by_role("button", name="Beräkna").click()
    page.wait_for_selector("#hotspot-map[data-cells]")
    assert "resolution=8" in page.url
    assert page.locator("[data-parameter='resolution']").inner_text() == "8"
    _shot(page, "desktop-22-analysis-two-categories-res8", scroll_to="#hotspots")
    assert page.errors == []


def test_analysis_page__phone__readable_without_sideways_scrolling(
    phone, live_server, people, demo_like
):
    page = phone
    base = live_server.url
    log_in(page, base, "samordnare1")
    page.goto(f"{base}/0484/analys/")
    _check_page(page)
    for section in ("trend", "change", "rates", "pattern", "hotspots"):
        _shot(page, f"phone-20-analysis-{section}", scroll_to=f"#{section}")
    assert_accessible(page)
    assert_no_horizontal_overflow(page)
    assert page.errors == []
