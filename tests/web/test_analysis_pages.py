"""The analysis page: members only, filter errors naming the field, the numbers on the page
and in the CSV downloads equal to the selectors', and the hot-spot JSON for the map."""

import csv
import io
from datetime import date, datetime
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

import h3
import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import FROSLUNDA_POINT, NYFORS_POINT, EventFactory
from trygga.events.models import Confidentiality
from trygga.events.selectors import SYSTEM, visible_events
from trygga.events.statistics import (
    change_for,
    district_rates_for,
    event_counts_by,
    hotspot_rows,
    hotspots_for,
    hour_weekday_for,
    resolve_query,
)

URL = reverse("web:analysis", kwargs={"code": "0484"})
HOTSPOTS = reverse("web:analysis_hotspots", kwargs={"code": "0484"})
ZONE = ZoneInfo("Europe/Stockholm")
# January to June 2025 by month, the last three months as the baseline of June.
WINDOW = {"date_from": "2025-01-01", "date_to": "2025-06-30", "period": "month", "n": "3"}
VANDALISM_NYFORS = [5, 6, 4, 5, 6, 20]  # a jump in June
GRAFFITI_FROSLUNDA = [3, 3, 3, 3, 3, 3]


def csv_url(table: str) -> str:
    return reverse("web:analysis_csv", kwargs={"code": "0484", "table": table})


class Tables(HTMLParser):
    """The text of every cell of every table with an id, row by row."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self._table: str | None = None
        self._cell: list[str] | None = None
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "table" and values.get("id"):
            self._table = values["id"]
            self.tables[self._table] = []
        elif self._table and tag == "tr":
            self.tables[self._table].append([])
        elif self._table and tag in ("td", "th"):
            self._cell = []
        elif tag == "span" and "visually-hidden" in (values.get("class") or ""):
            self._hidden += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self._table = None
        elif self._table and tag in ("td", "th") and self._cell is not None:
            self.tables[self._table][-1].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "span" and self._hidden:
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if self._cell is not None and not self._hidden:
            self._cell.append(data)


def tables(response) -> dict[str, list[list[str]]]:
    parser = Tables()
    parser.feed(response.content.decode())
    return parser.tables


def local(day: date, hour: int = 21) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=ZONE)


@pytest.fixture
def half_year(municipality, organisations, districts, categories, police_source, field_source):
    """Six months of events: vandalism in Nyfors (jumping in June), graffiti in Fröslunda,
    a restricted threat in Nyfors every month, and two police-feed events a month."""

    def placed(point, district, category, when, **extra):
        lon, lat = point
        cell = h3.str_to_int(h3.latlng_to_cell(lat, lon, municipality.h3_resolution))
        extra.setdefault("organisation", organisations["bostad"])
        return EventFactory(
            municipality=municipality,
            category=categories[category],
            source=field_source,
            district=district,
            lon=lon,
            lat=lat,
            h3_cell=cell,
            occurred_from=when,
            **extra,
        )

    for month in range(1, 7):
        for i in range(VANDALISM_NYFORS[month - 1]):
            day = date(2025, month, 1 + (i * 3) % 27)
            placed(NYFORS_POINT, districts["Nyfors"], "vandalism", local(day, 18 + i % 5))
        for i in range(GRAFFITI_FROSLUNDA[month - 1]):
            day = date(2025, month, 2 + i * 7)
            placed(FROSLUNDA_POINT, districts["Fröslunda"], "graffiti", local(day, 2))
        placed(
            NYFORS_POINT,
            districts["Nyfors"],
            "threats",
            local(date(2025, month, 10)),
            organisation=organisations["kommun"],
            confidentiality=Confidentiality.RESTRICTED,
        )
        for day in (5, 20):
            EventFactory(
                municipality=municipality,
                category=categories["violence"],
                source=police_source,
                precision="area",
                area_level="municipality",
                area_name="Eskilstuna",
                lon=16.51,
                lat=59.37,
                occurred_from=local(date(2025, month, day), 23),
            )


@pytest.fixture
def coordinator(client, people):
    client.force_login(people["coordinator"])
    return client


# --------------------------------------------------------------------------- access


@pytest.mark.parametrize("url", [URL, HOTSPOTS, csv_url("rates")], ids=["page", "hotspots", "csv"])
def test_analysis__non_member_404__viewer_allowed(client, people, outsider, half_year, url):
    client.force_login(outsider)
    assert client.get(url, WINDOW).status_code == 404
    client.force_login(people["viewer"])
    assert client.get(url, WINDOW).status_code == 200


def test_analysis__anonymous__sent_to_log_in(client, municipality):
    response = client.get(URL)
    assert response.status_code == 302
    assert "/konto/login/" in response["Location"]


def test_analysis__restricted_events_count_only_for_whom_may_read_them(client, people, half_year):
    params = {**WINDOW, "category": "threats"}
    client.force_login(people["coordinator"])
    coordinator = client.get(URL, params).context["rows"]
    client.force_login(people["viewer"])
    viewer = client.get(URL, params).context["rows"]
    assert [r["cells"][0]["count"] for r in coordinator] == [1] * 6
    assert [r["cells"][0]["count"] for r in viewer] == [0] * 6


def test_analysis__nav_link_marks_the_page(coordinator, municipality):
    body = coordinator.get(URL).content.decode()
    assert f'<a href="{URL}" aria-current="page">Analys</a>' in body


# --------------------------------------------------------------------------- filters


def test_analysis__first_visit__the_last_twelve_months_by_month(coordinator, municipality):
    today = timezone.localdate()
    response = coordinator.get(URL)
    assert response.status_code == 200
    query = response.context["selection"].query
    assert query.date_from == date(today.year - 1, today.month, 1)
    assert query.date_to == today
    assert response.context["selection"].period == "month"
    body = response.content.decode()
    assert f'value="{query.date_from.isoformat()}"' in body


@pytest.mark.parametrize(
    ("params", "field", "label"),
    [
        ({"date_from": "2025-06-01", "date_to": "2025-01-01"}, "date_to", "Till och med"),
        ({"date_from": "1 juni"}, "date_from", "Från och med"),
        ({"period": "decade"}, "period", "Period"),
        ({"category": "no-such-category"}, "category", "Kategorier"),
        ({"district": "atlantis"}, "district", "Stadsdel"),
        ({"n": "0"}, "n", "Antal jämförelseperioder"),
        ({"resolution": "14"}, "resolution", "Cellstorlek (H3-upplösning)"),
    ],
)
def test_analysis__bad_filter__400_names_the_field(coordinator, municipality, params, field, label):
    response = coordinator.get(URL, params)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    body = response.content.decode()
    assert f'<a href="#id_{field}' in body  # the error summary links to the field
    assert f"{label}: " in body
    assert 'aria-invalid="true"' in body


def test_analysis__bad_filter__json_and_csv_answer_400_naming_it(coordinator, municipality):
    bad = {"date_from": "2025-06-01", "date_to": "2025-01-01"}
    response = coordinator.get(HOTSPOTS, bad)
    assert response.status_code == 400
    assert "date_to" in response.json()["errors"]
    response = coordinator.get(csv_url("trend"), bad)
    assert response.status_code == 400
    assert response.content.decode().startswith("Till och med:")


def test_analysis__unknown_csv_table__404(coordinator, municipality):
    assert coordinator.get(csv_url("secrets")).status_code == 404


# --------------------------------------------------------------------------- the numbers


def test_analysis__trend_equals_the_counts_selector(coordinator, people, municipality, half_year):
    response = coordinator.get(URL, {**WINDOW, "category": "vandalism"})
    assert response.status_code == 200
    query = resolve_query(
        municipality, date_from=date(2025, 1, 1), date_to=date(2025, 6, 30), category="vandalism"
    )
    expected = event_counts_by(people["coordinator"], query, by=("period",), period="month")
    selector = {row["period"]: row["count"] for row in expected.rows}
    assert selector == dict(
        zip(
            ["2025-01", "2025-02", "2025-03", "2025-04", "2025-05", "2025-06"],
            VANDALISM_NYFORS,
            strict=True,
        )
    )
    rows = tables(response)["trend-table"][1:]
    assert [row[0] for row in rows] == list(selector)
    assert [int(row[1].split()[0].rstrip("▲▼")) for row in rows] == list(selector.values())
    # June's band comes from March-May (mean 5): 20 is far above it.
    june = response.context["rows"][-1]["cells"][0]
    assert june["expected"] == pytest.approx(5.0)
    assert june["outside"] == "above"
    # January has no data before it: no band. The data start on its first day, so it is whole.
    assert response.context["rows"][0]["cells"][0]["expected"] is None
    assert response.context["rows"][0]["partial"] is False
    assert 'role="img"' in response.content.decode()


def test_analysis__trend_band_equals_change_for_band(coordinator, people, municipality, half_year):
    params = {**WINDOW, "category": "vandalism", "district": "nyfors"}
    response = coordinator.get(URL, params)
    query = resolve_query(municipality, category="vandalism", district="nyfors")
    result = change_for(
        people["coordinator"], query, period="month", at=date(2025, 6, 30), baseline="previous"
    )
    record = next(r for r in result.records() if r["category"] == "vandalism")
    june = response.context["rows"][-1]["cells"][0]
    assert june["expected"] == pytest.approx(record["band_expected"])
    assert (june["lower"], june["upper"]) == (record["band_lower"], record["band_upper"])


def test_analysis__several_categories__one_chart_each(coordinator, half_year):
    response = coordinator.get(URL, {**WINDOW, "category": ["vandalism", "graffiti"]})
    labels = [chart["label"] for chart in response.context["charts"]]
    assert labels == ["Skadegörelse", "Klotter"]
    assert response.content.decode().count('data-chart="trend"') == 2
    # Rates add the two categories up.
    rows = {r["district"]: r["count"] for r in response.context["rate_rows"]}
    assert rows["nyfors"] == sum(VANDALISM_NYFORS)
    assert rows["fröslunda"] == sum(GRAFFITI_FROSLUNDA)


def test_analysis__police_feed_is_a_signal_chart_never_a_rate(coordinator, half_year):
    response = coordinator.get(URL, WINDOW)
    assert response.context["signal"] is not None
    assert [row["signal"] for row in response.context["rows"]] == [2] * 6
    assert all(r["rate"] is None for r in response.context["signal_rows"])
    assert "Polisens händelser är en signal" in response.content.decode()


def test_analysis__change_table_equals_change_for_most_certain_first(
    coordinator, people, municipality, half_year
):
    response = coordinator.get(URL, WINDOW)
    query = resolve_query(municipality, date_from=date(2025, 1, 1), date_to=date(2025, 6, 30))
    result = change_for(
        people["coordinator"], query, period="month", at=date(2025, 6, 30), baseline="previous"
    )
    expected = {(r["district"], r["category"]): r for r in result.records()}
    shown = response.context["change_rows"]
    assert {(r["district"], r["category"]) for r in shown} == set(expected)
    for row in shown:
        assert row["q"] == expected[(row["district"], row["category"])]["q"]
        assert row["verdict"] == expected[(row["district"], row["category"])]["verdict"]
    assert shown[0]["district"] == "nyfors"
    assert shown[0]["category"] == "vandalism"
    assert shown[0]["verdict"] == "increase"
    table = tables(response)["change-table"]
    assert table[1][:3] == ["Nyfors Prioriterad", "Skadegörelse", "20"]
    assert table[1][-1] == "Ökning"
    verdicts = [row[-1] for row in table[1:]]
    assert "För få händelser för att avgöra" in verdicts  # graffiti: 3 against 3
    assert verdicts.index("Ökning") < verdicts.index("För få händelser för att avgöra")
    assert "Skadegörelse i Nyfors ökade" in response.content.decode()
    assert response.context["change"].tested == "2025-06"


def test_analysis__change_without_baseline_data__says_so_and_shows_the_rest(coordinator, half_year):
    response = coordinator.get(URL, {**WINDOW, "baseline": "same_period"})
    assert response.status_code == 200
    assert response.context["change"].error
    assert "Ingen jämförelseperiod har data" in response.content.decode()
    assert response.context["charts"]


def test_analysis__rates_equal_the_selector_with_priority_beside_the_rest(
    coordinator, people, municipality, half_year
):
    response = coordinator.get(URL, WINDOW)
    query = resolve_query(municipality, date_from=date(2025, 1, 1), date_to=date(2025, 6, 30))
    result = district_rates_for(people["coordinator"], query)
    table = tables(response)["rates-table"]
    by_label = {row[0]: row for row in table[1:]}
    nyfors = next(r for r in result.table.rows if r.label == "Nyfors")
    rate = by_label["Nyfors Prioriterad"][1]
    assert rate.split()[0] == f"{nyfors.rate:.1f}".replace(".", ",")
    assert rate.split()[1] == f"({nyfors.ci_low:.1f}–{nyfors.ci_high:.1f})".replace(".", ",")
    assert by_label["Nyfors Prioriterad"][2] == str(nyfors.count)
    priority = result.table.row("priority")
    rest = result.table.row("rest")
    assert by_label["Prioriterade stadsdelar tillsammans"][2] == str(priority.count)
    assert by_label["Övriga kommunen"][2] == str(rest.count)
    # Priority districts come first.
    labels = [row[0] for row in table[1:]]
    assert labels.index("Nyfors Prioriterad") < labels.index("Centrum")
    assert response.context["priority_sentence"].startswith("Takten i de prioriterade")


def test_analysis__heatmap_equals_the_aoristic_selector(
    coordinator, people, municipality, half_year
):
    response = coordinator.get(URL, WINDOW)
    query = resolve_query(municipality, date_from=date(2025, 1, 1), date_to=date(2025, 6, 30))
    matrix = hour_weekday_for(people["coordinator"], query).matrix.counts
    heat = response.context["heat"]
    for day in range(7):
        assert [c["value"] for c in heat[day]["cells"]] == pytest.approx(list(matrix[day]))
    table = tables(response)["heatmap"]
    assert table[0][1] == "00"
    assert table[0][-1] == "Summa"
    assert [row[0] for row in table[1:]] == [
        "Måndag",
        "Tisdag",
        "Onsdag",
        "Torsdag",
        "Fredag",
        "Lördag",
        "Söndag",
    ]
    top = max(c["level"] for row in heat for c in row["cells"])
    assert top == 8
    assert 'class="heat heat--8"' in response.content.decode()


def test_analysis__seasonality_uses_whole_months_after_the_data_start(coordinator, half_year):
    response = coordinator.get(URL, WINDOW)
    season = response.context["season"]
    # January holds the first event (data starts 1 January 18:00, so January is whole).
    assert (season.first, season.last) == ("2025-01", "2025-06")
    june = next(r for r in season.rows if r["month"] == 6)
    assert june["mean"] == VANDALISM_NYFORS[5] + GRAFFITI_FROSLUNDA[5] + 1  # + the threat


# --------------------------------------------------------------------------- CSV


def _csv(response) -> list[dict[str, str]]:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))


def test_csv__every_table_downloads(coordinator, half_year):
    for table in ("trend", "change", "rates", "patterns", "seasonality", "hotspots"):
        rows = _csv(coordinator.get(csv_url(table), WINDOW))
        assert rows, table


def test_csv__values_equal_the_page(coordinator, half_year):
    page = coordinator.get(URL, {**WINDOW, "category": "vandalism"})
    trend = _csv(coordinator.get(csv_url("trend"), {**WINDOW, "category": "vandalism"}))
    counts = [int(r["count"]) for r in trend if r["measure"] == "count"]
    assert counts == [row["cells"][0]["count"] for row in page.context["rows"]]
    assert trend[-7]["outside"] == "above"  # June, before the six signal rows
    change = _csv(coordinator.get(csv_url("change"), WINDOW))
    assert (change[0]["district"], change[0]["category"], change[0]["verdict"]) == (
        "nyfors",
        "vandalism",
        "increase",
    )
    rates = _csv(coordinator.get(csv_url("rates"), WINDOW))
    nyfors = next(r for r in rates if r["district"] == "nyfors" and r["measure"] == "rate")
    assert int(nyfors["count"]) == sum(VANDALISM_NYFORS) + 6  # and the six threats
    patterns = _csv(coordinator.get(csv_url("patterns"), WINDOW))
    assert [r["weekday"] for r in patterns] == ["mån", "tis", "ons", "tor", "fre", "lör", "sön"]


# --------------------------------------------------------------------------- hot spots


def test_hotspots_json__cells_with_events_and_classes_with_their_parameters(
    coordinator, people, municipality, half_year
):
    params = {**WINDOW, "resolution": "9", "k": "1"}
    body = coordinator.get(HOTSPOTS, params).json()
    query = resolve_query(municipality, date_from=date(2025, 1, 1), date_to=date(2025, 6, 30))
    result = hotspots_for(people["coordinator"], query, resolution=9, k=1)
    expected = {
        r["cell"]: r for r in hotspot_rows(result) if r["count"] or r["class"] != "not_significant"
    }
    assert {c["cell"]: c["count"] for c in body["cells"]} == {
        cell: r["count"] for cell, r in expected.items()
    }
    assert {c["cell"]: c["class"] for c in body["cells"]} == {
        cell: r["class"] for cell, r in expected.items()
    }
    assert sum(c["count"] for c in body["cells"]) == 6 * 1 + sum(VANDALISM_NYFORS) + sum(
        GRAFFITI_FROSLUNDA
    )
    cell = body["cells"][0]
    assert len(cell["boundary"]) == 6
    assert h3.latlng_to_cell(*cell["boundary"][0], 9) in {
        cell["cell"],
        *h3.grid_disk(cell["cell"], 1),
    }
    parameters = body["parameters"]
    for key in ("resolution", "k", "permutations", "seed", "window", "categories"):
        assert key in parameters
    assert parameters["resolution"] == 9
    assert parameters["window"] == ["2025-01-01", "2025-07-01"]


def test_hotspots_json__cached_until_the_data_changes(coordinator, municipality, half_year):
    params = {**WINDOW, "resolution": "8"}
    first = coordinator.get(HOTSPOTS, params).json()
    again = coordinator.get(HOTSPOTS, params).json()
    assert (first["cached"], again["cached"]) == (False, True)
    EventFactory(municipality=municipality, occurred_from=local(date(2025, 3, 3)))
    fresh = coordinator.get(HOTSPOTS, params).json()
    assert fresh["cached"] is False


def test_hotspots__page_prints_the_reproduction(coordinator, half_year):
    body = coordinator.get(URL, {**WINDOW, "category": "vandalism", "resolution": "8", "k": "2"})
    html = body.content.decode()
    assert (
        "trygga analyse hotspots --municipality 0484 --from 2025-01-01 --to 2025-06-30 "
        "--category vandalism --resolution 8 --k 2 --format json"
    ) in html
    api = reverse("api-analysis-hotspots", kwargs={"code": "0484"})
    assert (
        f"{api}?from=2025-01-01&amp;to=2025-06-30&amp;category=vandalism&amp;resolution=8" in html
    )
    assert 'data-parameter="seed"' in html


def test_analysis__page_query_count_does_not_grow_with_events(
    coordinator, municipality, half_year, django_assert_max_num_queries
):
    with django_assert_max_num_queries(40) as first:
        coordinator.get(URL, WINDOW)
    for _ in range(20):
        EventFactory(municipality=municipality, occurred_from=local(date(2025, 4, 4)))
    with django_assert_max_num_queries(len(first.captured_queries)):
        coordinator.get(URL, WINDOW)
    assert visible_events(SYSTEM, municipality).count() > 20


def test_analysis__window_ending_inside_a_period__tests_the_last_whole_one(coordinator, half_year):
    response = coordinator.get(URL, {**WINDOW, "date_from": "2024-11-01", "date_to": "2025-06-15"})
    assert response.context["change"].tested == "2025-05"
    rows = response.context["rows"]
    assert rows[-1]["period"] == "2025-06"
    assert rows[-1]["partial"] is True  # cut by the window
    assert rows[0]["period"] == "2024-11"
    assert rows[0]["partial"] is True  # before the data start: no data is not zero
    assert "ofullständig" in response.content.decode()


def test_hotspots_json__density_surface_as_a_png_over_its_bounds(coordinator, half_year):
    import base64
    import struct
    import zlib

    density = coordinator.get(HOTSPOTS, WINDOW).json()["density"]
    assert density["bandwidth_m"] == 200.0
    assert density["points"] == sum(VANDALISM_NYFORS) + sum(GRAFFITI_FROSLUNDA) + 6
    (south, west), (north, east) = density["bounds"]
    assert south < FROSLUNDA_POINT[1] < NYFORS_POINT[1] < north
    assert west < NYFORS_POINT[0] < east
    png = base64.b64decode(density["image"].removeprefix("data:image/png;base64,"))
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height, depth, colour_type = struct.unpack(">IIBB", png[16:26])
    assert (depth, colour_type) == (8, 6)  # RGBA
    start = png.index(b"IDAT") + 4
    length = struct.unpack(">I", png[start - 8 : start - 4])[0]
    raw = zlib.decompress(png[start : start + length])
    assert len(raw) == height * (1 + 4 * width)
    alphas = [raw[r * (1 + 4 * width) + 1 + 4 * c + 3] for r in range(height) for c in range(width)]
    assert max(alphas) > 150  # dense where the events are
    assert min(alphas) == 0  # transparent where there are none
