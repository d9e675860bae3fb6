"""The statistics selectors: every number of a small hand-made data set, counted by hand.

The data set (`analysis_events`), March 2025 in Eskilstuna, all times UTC (CET = UTC+1):

    week 2025-W11 (10-16 March)
      Nyfors     vandalism x3 (field), graffiti x1 (field)
      Fröslunda  vandalism x2 (field)
      Centrum    graffiti x1 (field, restricted, of the municipal department "kommun")
      (area)     vandalism x2 (police feed, no district)
    week 2025-W12 (17-23 March)
      Nyfors     vandalism x1 (field)
      Centrum    graffiti x2 (field)

The reporter works for the housing company: the restricted event is not theirs, so they
see 11 events where the coordinator sees 12.
"""

from datetime import UTC, date, datetime

import numpy as np
import pytest
from h3.api import basic_int as h3_int
from scipy import stats

from tests.api.conftest import cell, district
from tests.factories import (
    CENTRUM_POINT,
    FROSLUNDA_POINT,
    NYFORS_POINT,
    EventFactory,
    SourceFactory,
)
from trygga.analysis.grid import grid_for_polygon
from trygga.events import statistics
from trygga.events.models import Confidentiality, EventCategory, SourceKind
from trygga.events.selectors import SYSTEM, SystemReader, visible_events
from trygga.events.statistics import AnalysisParameterError, resolve_query

POINTS = {"Nyfors": NYFORS_POINT, "Fröslunda": FROSLUNDA_POINT, "Centrum": CENTRUM_POINT}


def make_analysis_events(municipality, organisations) -> dict[str, list]:
    """The data set of the module docstring; returns the events by name."""
    vandalism = EventCategory.objects.get(code="vandalism")
    graffiti = EventCategory.objects.get(code="graffiti")
    field = SourceFactory(code="falt", name="Fältrapport", kind=SourceKind.FIELD)
    police = SourceFactory(code="polisen", name="Polisens händelser", kind=SourceKind.POLICE_FEED)

    def at(name: str, category, when: datetime, **extra):
        point = POINTS[name]
        return EventFactory(
            municipality=municipality,
            category=category,
            source=field,
            occurred_from=when,
            lon=point[0],
            lat=point[1],
            district=district(municipality, name),
            h3_cell=cell(point),
            organisation=organisations["kommun"],
            **extra,
        )

    def area(when: datetime):
        return EventFactory(
            municipality=municipality,
            category=vandalism,
            source=police,
            occurred_from=when,
            precision="area",
            area_level="municipality",
            area_name="Eskilstuna",
            lon=16.51,
            lat=59.37,
            confidentiality=Confidentiality.OPEN,
        )

    return {
        "w11": [
            at("Nyfors", vandalism, datetime(2025, 3, 10, 20, 0, tzinfo=UTC)),  # Mon 21:00
            at("Nyfors", vandalism, datetime(2025, 3, 14, 21, 30, tzinfo=UTC)),  # Fri 22:30
            at("Nyfors", vandalism, datetime(2025, 3, 15, 22, 10, tzinfo=UTC)),  # Sat 23:10
            at("Nyfors", graffiti, datetime(2025, 3, 12, 9, 0, tzinfo=UTC)),  # Wed 10:00
            at("Fröslunda", vandalism, datetime(2025, 3, 14, 21, 0, tzinfo=UTC)),  # Fri 22:00
            # A window from Fri 23:00 to Sat 01:00 local: half an event in each hour.
            at(
                "Fröslunda",
                vandalism,
                datetime(2025, 3, 14, 22, 0, tzinfo=UTC),
                occurred_to=datetime(2025, 3, 15, 0, 0, tzinfo=UTC),
            ),
            at(
                "Centrum",
                graffiti,
                datetime(2025, 3, 11, 12, 0, tzinfo=UTC),  # Tue 13:00
                confidentiality=Confidentiality.RESTRICTED,
            ),
        ],
        "police": [
            area(datetime(2025, 3, 11, 15, 0, tzinfo=UTC)),  # Tue 16:00
            area(datetime(2025, 3, 13, 15, 0, tzinfo=UTC)),  # Thu 16:00
        ],
        "w12": [
            at("Nyfors", vandalism, datetime(2025, 3, 17, 20, 0, tzinfo=UTC)),  # Mon 21:00
            at("Centrum", graffiti, datetime(2025, 3, 18, 12, 0, tzinfo=UTC)),  # Tue 13:00
            at("Centrum", graffiti, datetime(2025, 3, 19, 12, 0, tzinfo=UTC)),  # Wed 13:00
        ],
    }


@pytest.fixture
def analysis_events(municipality, organisations):
    return make_analysis_events(municipality, organisations)


def _query(municipality, **kwargs):
    return resolve_query(municipality, **kwargs)


# --------------------------------------------------------------------------- access


def test_system_reader__sees_every_event_of_the_municipality(municipality, analysis_events):
    assert visible_events(SYSTEM, municipality).count() == 12
    assert visible_events(SystemReader(), municipality).count() == 0  # only SYSTEM reads


def test_counts__restricted_event_of_another_organisation__counted_for_coordinator_only(
    municipality, people, analysis_events
):
    query = _query(municipality, category="graffiti")

    def centrum_w11(viewer) -> int:
        rows = statistics.event_counts_by(viewer, query, by=("period", "district")).rows
        return sum(
            r["count"] for r in rows if r == {**r, "period": "2025-W11", "district": "centrum"}
        )

    assert centrum_w11(people["coordinator"]) == 1
    assert centrum_w11(people["reporter"]) == 0


def test_counts__non_member__sees_nothing(municipality, analysis_events, django_user_model):
    stranger = django_user_model.objects.create(username="okand")
    rows = statistics.event_counts_by(stranger, _query(municipality)).rows
    assert rows == []


# --------------------------------------------------------------------------- counts


def test_counts__by_week_district_category__every_number(
    municipality, analysis_events, django_assert_num_queries
):
    query = _query(municipality)
    # police sources, the GROUP BY, district codes, category codes
    with django_assert_num_queries(4):
        table = statistics.event_counts_by(SYSTEM, query)
    keys = ("period", "district", "category", "count", "signal")
    assert [tuple(row[k] for k in keys) for row in table.rows] == [
        ("2025-W11", "centrum", "graffiti", 1, 0),
        ("2025-W11", "fröslunda", "vandalism", 2, 0),
        ("2025-W11", "nyfors", "graffiti", 1, 0),
        ("2025-W11", "nyfors", "vandalism", 3, 0),
        ("2025-W11", None, "vandalism", 0, 2),
        ("2025-W12", "centrum", "graffiti", 2, 0),
        ("2025-W12", "nyfors", "vandalism", 1, 0),
    ]
    assert all(set(row) == set(keys) for row in table.rows)
    assert table.parameters["municipality"] == "0484"
    assert table.parameters["period"] == "week"


def test_counts__same_queries_with_ten_times_the_events(
    municipality, organisations, analysis_events, django_assert_num_queries
):
    for _ in range(9):
        make_analysis_events(municipality, organisations)
    with django_assert_num_queries(4):
        table = statistics.event_counts_by(SYSTEM, _query(municipality))
    assert sum(r["count"] for r in table.rows) == 100


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        ("week", {"2025-W11": (7, 2), "2025-W12": (3, 0)}),
        ("month", {"2025-03": (10, 2)}),
        ("tertial", {"2025-T1": (10, 2)}),
        ("year", {"2025": (10, 2)}),
    ],
)
def test_counts__by_period__every_period_kind(municipality, analysis_events, period, expected):
    rows = statistics.event_counts_by(
        SYSTEM, _query(municipality), by=("period",), period=period
    ).rows
    assert {r["period"]: (r["count"], r["signal"]) for r in rows} == expected


def test_counts__month_is_the_local_month(municipality, organisations):
    """23:30 UTC on 31 March is 01:30 on 1 April in Stockholm (CEST): April."""
    EventFactory(
        municipality=municipality,
        category=EventCategory.objects.get(code="vandalism"),
        occurred_from=datetime(2025, 3, 31, 23, 30, tzinfo=UTC),
    )
    rows = statistics.event_counts_by(
        SYSTEM, _query(municipality), by=("period",), period="month"
    ).rows
    assert rows == [{"period": "2025-04", "count": 1, "signal": 0}]


def test_counts__filters_by_dates_category_district_source(municipality, analysis_events):
    query = _query(
        municipality, date_from=date(2025, 3, 14), date_to=date(2025, 3, 17), category="vandalism"
    )
    rows = statistics.event_counts_by(SYSTEM, query, by=("district",)).rows
    assert rows == [
        {"district": "fröslunda", "count": 2, "signal": 0},
        {"district": "nyfors", "count": 3, "signal": 0},
    ]
    query = _query(municipality, district="nyfors", source="falt")
    rows = statistics.event_counts_by(SYSTEM, query, by=("category",)).rows
    assert rows == [
        {"category": "graffiti", "count": 1, "signal": 0},
        {"category": "vandalism", "count": 4, "signal": 0},
    ]


def test_resolve_query__unknown_codes_name_the_parameter(municipality):
    for parameter in ("district", "category", "source"):
        with pytest.raises(AnalysisParameterError) as raised:
            resolve_query(municipality, **{parameter: "finns-inte"})
        assert raised.value.parameter == parameter
    with pytest.raises(AnalysisParameterError) as raised:
        resolve_query(municipality, date_from=date(2025, 3, 2), date_to=date(2025, 3, 1))
    assert raised.value.parameter == "to"


# --------------------------------------------------------------------------- rates


def test_rates__per_1000_residents_with_priority_rest_total(
    municipality, analysis_events, django_assert_num_queries
):
    query = _query(municipality, date_from=date(2025, 3, 10), date_to=date(2025, 3, 16))
    with django_assert_num_queries(3):
        result = statistics.district_rates_for(SYSTEM, query)
    rows = {row.label: row for row in result.table.rows}
    assert rows["Nyfors"].count == 4
    assert rows["Nyfors"].population == 5300
    assert rows["Nyfors"].rate == pytest.approx(4 / 5300 * 1000)
    assert rows["Fröslunda"].rate == pytest.approx(2 / 6600 * 1000)
    assert rows["Centrum"].rate == pytest.approx(1 / 9800 * 1000)
    priority = result.table.row("priority")
    total = result.table.row("total")
    rest = result.table.row("rest")
    assert priority is not None
    assert total is not None
    assert rest is not None
    priority_population = sum(d.population for d in municipality.districts.all() if d.is_priority)
    assert priority.count == 6  # Nyfors 4 + Fröslunda 2
    assert priority.rate == pytest.approx(6 / priority_population * 1000)
    assert rest.count == 1
    assert total.count == 7
    assert total.population == 90_000
    assert total.rate == pytest.approx(7 / 90_000 * 1000)
    # The Garwood interval of 4 events, per 1,000 residents of Nyfors.
    assert rows["Nyfors"].ci_low == pytest.approx(stats.chi2.ppf(0.025, 8) / 2 / 5300 * 1000)
    assert result.table.measure == "rate"


def test_rates__police_feed_is_a_signal_without_rates(municipality, analysis_events):
    result = statistics.district_rates_for(SYSTEM, _query(municipality))
    assert result.signal.measure == "signal"
    assert result.signal.note
    total = result.signal.row("total")
    assert total is not None
    assert total.count == 2
    assert all(row.rate is None and row.ci_low is None for row in result.signal.rows)
    assert result.table.row("total").count == 10  # type: ignore[union-attr]


@pytest.mark.parametrize("by", ["category", "source"])
def test_rates_by__one_table_per_group_agrees_with_the_counts(
    municipality, analysis_events, django_assert_num_queries, by
):
    query = _query(municipality)
    counts = statistics.event_counts_by(SYSTEM, query, by=("district", by))
    # police sources, GROUP BY, codes, districts
    with django_assert_num_queries(4):
        groups = statistics.district_rates_by(SYSTEM, query, by=by)
    labels = [label for label, _ in groups]
    assert labels == sorted({row[by] for row in counts.rows})
    for label, result in groups:
        assert result.parameters["group"] == label
        expected = {
            row["district"]: row["count"]
            for row in counts.rows
            if row[by] == label and row["district"] is not None
        }
        got = {
            code: row.count
            for code, row in zip(result.districts, result.table.rows, strict=False)
            if row.count
        }
        assert got == expected
        total = result.table.row("total")
        signal = result.signal.row("total")
        assert total is not None
        assert signal is not None
        assert total.count == sum(r["count"] for r in counts.rows if r[by] == label)
        assert signal.count == sum(r["signal"] for r in counts.rows if r[by] == label)


def test_rates_by_period__each_week_equals_the_rates_of_that_week(municipality, analysis_events):
    groups = statistics.district_rates_by(SYSTEM, _query(municipality), by="period", period="week")
    assert [label for label, _ in groups] == ["2025-W11", "2025-W12"]
    week = _query(municipality, date_from=date(2025, 3, 10), date_to=date(2025, 3, 16))
    alone = statistics.district_rates_for(SYSTEM, week)
    assert groups[0][1].table.rows == alone.table.rows
    assert groups[0][1].signal.rows == alone.signal.rows


def test_rates_by__unknown_grouping_names_the_parameter(municipality):
    with pytest.raises(AnalysisParameterError) as raised:
        statistics.district_rates_by(SYSTEM, _query(municipality), by="district")  # type: ignore[arg-type]
    assert raised.value.parameter == "by"


# --------------------------------------------------------------------------- change


def test_change__week_against_previous_week__exact_test_and_fdr(
    municipality, analysis_events, django_assert_num_queries
):
    query = _query(municipality)
    # police sources, first event, GROUP BY, districts, categories
    with django_assert_num_queries(5):
        result = statistics.change_for(
            SYSTEM, query, period="week", at=date(2025, 3, 18), baseline="previous", n=1
        )
    assert result.parameters["current"] == "2025-W12"
    assert result.parameters["baseline_periods"] == ["2025-W11"]
    records = {(r["district"], r["category"]): r for r in result.records()}
    assert set(records) == {
        ("centrum", "graffiti"),
        ("fröslunda", "vandalism"),
        ("nyfors", "graffiti"),
        ("nyfors", "vandalism"),
    }
    nyfors = records[("nyfors", "vandalism")]
    assert (nyfors["observed"], nyfors["baseline"]) == (1, 3)
    assert nyfors["p"] == pytest.approx(stats.binomtest(1, 4, 0.5).pvalue)
    centrum = records[("centrum", "graffiti")]
    assert (centrum["observed"], centrum["baseline"]) == (2, 1)
    assert all(r["verdict"] == "too_few" for r in records.values())
    assert "för få" in nyfors["sentence"]
    assert nyfors["band_expected"] == 3.0


def test_change__baseline_before_the_data_is_dropped_not_zero(municipality, analysis_events):
    result = statistics.change_for(
        SYSTEM, _query(municipality), period="week", at=date(2025, 3, 18), baseline="previous", n=4
    )
    assert result.parameters["baseline_periods"] == ["2025-W11"]
    assert result.parameters["baseline_dropped"] == ["2025-W10", "2025-W09", "2025-W08"]
    with pytest.raises(AnalysisParameterError) as raised:
        statistics.change_for(SYSTEM, _query(municipality), period="week", at=date(2025, 3, 18))
    assert raised.value.parameter == "baseline"  # no earlier year has data


def test_change__category_without_events__no_rows(municipality, analysis_events):
    result = statistics.change_for(
        SYSTEM,
        _query(municipality, category="fire"),
        period="month",
        at=date(2025, 5, 2),
        baseline="previous",
        n=1,
    )
    assert result.records() == []
    assert result.parameters["baseline_periods"] == ["2025-04"]  # March began before the data


def test_baseline_periods__same_week_of_earlier_years_and_previous_months():
    # 2025-2021 have 52 weeks: week 53 of 2026 is compared with week 53 of 2020.
    assert statistics.baseline_periods((2026, 53), "week", "same_period", 1) == [(2020, 53)]
    assert statistics.baseline_periods((2025, 11), "week", "same_period", 2) == [
        (2024, 11),
        (2023, 11),
    ]
    assert statistics.baseline_periods((2025, 1), "month", "previous", 2) == [
        (2024, 12),
        (2024, 11),
    ]
    assert statistics.baseline_periods((2025, 1), "tertial", "previous", 1) == [(2024, 3)]


# --------------------------------------------------------------------------- patterns


def test_patterns__hour_weekday_in_local_time_with_aoristic_window(
    municipality, analysis_events, django_assert_num_queries
):
    with django_assert_num_queries(1):
        result = statistics.hour_weekday_for(SYSTEM, _query(municipality))
    counts = result.matrix.counts
    assert counts.sum() == pytest.approx(12)
    assert counts[0, 21] == 2  # Monday 21:00, two weeks
    assert counts[4, 22] == 2  # Friday 22:30 and 22:00
    assert counts[5, 23] == 1  # Saturday 23:10
    assert counts[4, 23] == pytest.approx(0.5)  # the window's first half
    assert counts[5, 0] == pytest.approx(0.5)  # and its second
    assert counts[1, 13] == 2  # Tuesday 13:00, both weeks
    assert counts[1, 16] == 1  # the police feed counts here
    assert result.parameters["n_windows"] == 1


# --------------------------------------------------------------------------- hot spots


def test_hotspots__one_record_per_grid_cell_at_the_asked_resolution(
    municipality, analysis_events, django_assert_num_queries
):
    with django_assert_num_queries(1):
        result = statistics.hotspots_for(
            SYSTEM, _query(municipality), resolution=7, k=1, permutations=99, seed=7
        )
    grid = grid_for_polygon(municipality.boundary, 7)
    records = result.records()
    assert len(records) == len(grid)
    assert all(h3_int.is_valid_cell(h3_int.str_to_int(r["cell"])) for r in records)
    assert {h3_int.get_resolution(h3_int.str_to_int(r["cell"])) for r in records} == {7}
    assert sum(r["count"] for r in records) == 10  # every placed event; no police area
    expected: dict[int, int] = {}
    for name, n in (("Nyfors", 5), ("Centrum", 3), ("Fröslunda", 2)):
        point = POINTS[name]
        # The cell that contains the point, not the parent of the stored cell.
        at_7 = h3_int.latlng_to_cell(point[1], point[0], 7)
        expected[at_7] = expected.get(at_7, 0) + n
    assert {h3_int.str_to_int(r["cell"]): r["count"] for r in records if r["count"]} == expected
    parameters = statistics.hotspot_parameters(_query(municipality), result)
    assert parameters["resolution"] == 7
    assert parameters["permutations"] == 99
    assert parameters["seed"] == 7
    assert parameters["cells"] == len(grid)


def test_hotspots__finer_resolution_than_stored_uses_the_points(municipality, analysis_events):
    result = statistics.hotspots_for(
        SYSTEM, _query(municipality), resolution=10, p_method="analytic"
    )
    nyfors = h3_int.latlng_to_cell(NYFORS_POINT[1], NYFORS_POINT[0], 10)
    index = int(np.searchsorted(result.cells, nyfors))
    assert result.counts[index] == 5
    assert result.counts.sum() == 10


def test_hotspots__bad_parameters_are_named(municipality):
    for kwargs, name in [({"resolution": 3}, "resolution"), ({"k": 0}, "k")]:
        with pytest.raises(AnalysisParameterError) as raised:
            statistics.hotspots_for(SYSTEM, _query(municipality), **kwargs)
        assert raised.value.parameter == name


# --------------------------------------------------------------------------- repeats


def test_repeats__places_and_knox(municipality, analysis_events, django_assert_num_queries):
    with django_assert_num_queries(1):
        result = statistics.repeats_for(SYSTEM, _query(municipality), permutations=99)
    places = result.places.records()
    assert [(p["key"], p["count"]) for p in places] == [
        (cell(NYFORS_POINT), 5),
        (cell(CENTRUM_POINT), 3),
        (cell(FROSLUNDA_POINT), 2),
    ]
    assert result.knox is not None
    # The three points are over a kilometre apart: every close pair is at the same point,
    # C(5,2) + C(3,2) + C(2,2) = 14 pairs, all within 28 days (10-19 March).
    assert result.knox.observed[0].sum() == 14
    assert result.knox.observed[1:].sum() == 0
    assert result.parameters["events"] == 10
