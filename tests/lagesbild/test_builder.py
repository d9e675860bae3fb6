"""The built lägesbild of the hand-made data set (tests/lagesbild/conftest.py), number by number."""

import datetime as dt

import pytest

from trygga.events.models import Event
from trygga.lagesbild.builder import build
from trygga.lagesbild.collect import Spec

pytestmark = pytest.mark.django_db

YEAR = (dt.date(2025, 1, 1), dt.date(2025, 12, 31))


@pytest.fixture
def content(hand_events):
    return build(Spec(hand_events, "year", *YEAR), audiences=("partner",))


def table(content, table_id):
    return next(t for t in content["partner"]["tables"] if t["id"] == table_id)


def rows_by_first(t):
    return {r["cells"][0]: r["cells"] for r in t["rows"]}


def test_district_by_category_is_the_hand_count(content):
    t = table(content, "district_category")
    labels = [c["label"] for c in t["columns"]]
    assert labels == ["Stadsdel", "Klotter", "Skadegörelse", "Totalt"]
    rows = rows_by_first(t)
    assert rows["Nyfors"][1:] == [2, 6, 8]
    assert rows["Fröslunda"][1:] == [7, 3, 10]
    assert rows["Centrum"][1:] == [0, 1, 1]
    assert rows["Årby"][1:] == [0, 0, 0]
    assert rows["Totalt"][1:] == [9, 10, 19]
    assert "Utanför stadsdelarna" not in rows  # the police feed is not in this table
    assert len(t["rows"]) == 26 + 1  # every district, then the total


def test_rates_per_1000_residents_are_the_hand_count(content):
    rows = rows_by_first(table(content, "districts"))
    # Nyfors: 8 events, 5 300 residents; Fröslunda 10 / 6 600; Centrum 1 / 9 800.
    assert rows["Nyfors"][2:5] == [8, 5300, pytest.approx(8 / 5300 * 1000)]
    assert rows["Fröslunda"][2:5] == [10, 6600, pytest.approx(10 / 6600 * 1000)]
    assert rows["Centrum"][2:5] == [1, 9800, pytest.approx(1 / 9800 * 1000)]
    priority_population = 5300 + 6600 + 5600 + 4600 + 4200
    assert rows["Prioriterade stadsdelar tillsammans"][2:5] == [
        18,
        priority_population,
        pytest.approx(18 / priority_population * 1000),
    ]
    assert rows["Övriga kommunen"][2] == 1
    assert rows["Hela kommunen"][2] == 19


def test_trend_by_month_and_the_year_before_are_the_hand_count(content):
    rows = table(content, "trend")["rows"]
    months = [r["cells"] for r in rows if r["kind"] == "period"]
    assert [m[0] for m in months] == [
        "jan",
        "feb",
        "mar",
        "apr",
        "maj",
        "jun",
        "jul",
        "aug",
        "sep",
        "okt",
        "nov",
        "dec",
    ]
    assert [m[1] for m in months] == [3, 3, 3, 0, 0, 2, 7, 1, 0, 0, 0, 0]
    assert [m[2] for m in months] == [2, 0, 0, 0, 0, 0, 10, 0, 0, 0, 0, 0]
    assert rows[-1]["cells"][:2] == ["Totalt", 19]


def test_change_against_2024_is_the_hand_count(content):
    changes = content["partner"]["changes"]
    assert changes["available"] is True
    assert changes["baseline_periods"] == ["2024"]  # 2023 and 2022 have no data
    rows = rows_by_first(table(content, "change_categories"))
    # Skadegörelse 10 now against 2 in 2024; Klotter 9 against 10.
    assert rows["Skadegörelse"][1:3] == [10, 2.0]
    assert rows["Klotter"][1:3] == [9, 10.0]
    assert rows["Klotter"][3] == pytest.approx(0.9)
    assert rows["Skadegörelse"][3] == pytest.approx(5.0)
    assert rows["Alla kategorier"][1:3] == [19, 12.0]
    lookup = changes["lookup"]
    assert lookup["pair"]["nyfors|vandalism"]["observed"] == 6
    assert lookup["pair"]["nyfors|vandalism"]["baseline_mean"] == 2.0
    assert lookup["district"]["fröslunda"]["observed"] == 10


def test_police_feed_is_counted_apart(content):
    rows = table(content, "police")["rows"]
    assert rows[-1]["cells"] == ["Totalt", 2]


def test_pattern_weights_add_up_to_every_event_of_the_year(content):
    t = table(content, "pattern")
    total = sum(sum(r["cells"][1:]) for r in t["rows"])
    assert total == pytest.approx(19 + 2)  # the pattern includes the police feed
    # 12:00 UTC is 13:00 in winter and 14:00 in summer (local time); 10 Jan 2025 is a Friday.
    friday = t["rows"][4]["cells"]
    assert friday[0] == "fredag"
    assert friday[1 + 13] == pytest.approx(3)


def test_the_summary_states_the_total(content):
    assert content["partner"]["summary"]["total"] == 19
    assert Event.objects.count() == 19 + 12 + 2


def test_a_district_lagesbild_counts_only_its_district_and_zooms_its_map(hand_events):
    from trygga.geography.models import District
    from trygga.lagesbild.render.document import Document, html

    nyfors = District.objects.get(municipality=hand_events, code="nyfors")
    content = build(Spec(hand_events, "year", *YEAR, district=nyfors), audiences=("partner",))
    t = table(content, "district_category")
    assert [r["cells"] for r in t["rows"]] == [["Nyfors", 2, 6, 8], ["Totalt", 2, 6, 8]]
    assert content["geometry"]["focus"] == "nyfors"
    doc = Document(
        title="Lägesbild 2025 – Nyfors", kind="year", audience="partner", municipality="Eskilstuna",
        district="Nyfors", date_from=YEAR[0], date_to=YEAR[1], status="draft", version=None,
        approval=None, built_at=content["built_at"], written={"problems": []},
        content=content["partner"], geometry=content["geometry"],
    )  # fmt: skip
    page = html(doc)
    assert "Nyfors, Eskilstuna kommun" in page
    assert "Hela området" in page  # one map panel around the district, no city zoom


def test_the_trend_counts_by_local_month_like_the_statistics_selector(hand_events):
    from datetime import UTC, datetime

    from tests.factories import EventFactory
    from trygga.events import statistics
    from trygga.events.models import EventCategory
    from trygga.events.selectors import SYSTEM

    # 23:30 UTC on 31 January is 00:30 on 1 February in Stockholm: a February event.
    EventFactory(
        municipality=hand_events,
        category=EventCategory.objects.get(code="vandalism", municipality__isnull=True),
        occurred_from=datetime(2025, 1, 31, 23, 30, tzinfo=UTC),
    )
    content = build(Spec(hand_events, "year", *YEAR), audiences=("partner",))
    months = [r["cells"][1] for r in table(content, "trend")["rows"] if r["kind"] == "period"]
    assert months[:2] == [3, 4]
    selector = statistics.event_counts_by(
        SYSTEM, statistics.resolve_query(hand_events, date_from=YEAR[0], date_to=YEAR[1]),
        by=("period",), period="month",
    )  # fmt: skip
    by_label = {r["period"]: r["count"] for r in selector.rows}
    assert months == [by_label.get(f"2025-{m:02d}", 0) for m in range(1, 13)]


def test_repeat_places_equal_the_statistics_selector(content, hand_events):
    from trygga.events import statistics
    from trygga.events.selectors import SYSTEM

    query = statistics.resolve_query(hand_events, date_from=YEAR[0], date_to=YEAR[1])
    expected = statistics.repeat_place_rows(
        statistics.repeats_for(SYSTEM, query, min_events=3, knox=False)
    )
    rows = table(content, "repeats")["rows"]
    assert [(r["cells"][4], r["cells"][1]) for r in rows] == [
        (e["cell"], e["count"]) for e in expected
    ]
    # Fröslunda's cell: 10 events; Nyfors's: 8; Centrum's single event is no repeat.
    assert [(r["cells"][0], r["cells"][1], r["cells"][2], r["cells"][3]) for r in rows] == [
        ("Fröslunda", 10, "2025-02-12", "2025-07-09"),
        ("Nyfors", 8, "2025-01-10", "2025-06-14"),
    ]
