"""`trygga analyse` through call_command: each analysis, each format, the hot-spot JSON
list with every grid cell, and errors naming the option."""

import csv
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from h3.api import basic_int as h3_int

from tests.events.test_statistics import make_analysis_events
from trygga.analysis.grid import grid_for_polygon


@pytest.fixture
def analysis_events(municipality, organisations):
    return make_analysis_events(municipality, organisations)


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("analyse", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_analyse_hotspots__json_list_with_every_grid_cell(municipality, analysis_events):
    out, err = run(
        "hotspots", "--municipality", "0484", "--resolution", "7", "--k", "1",
        "--permutations", "99", "--format", "json",
    )  # fmt: skip
    cells = json.loads(out)
    assert isinstance(cells, list)
    assert len(cells) == len(grid_for_polygon(municipality.boundary, 7))
    for item in cells:
        assert {"cell", "count", "z", "p", "class"} <= set(item)
        assert h3_int.is_valid_cell(h3_int.str_to_int(item["cell"]))
        assert h3_int.get_resolution(h3_int.str_to_int(item["cell"])) == 7
    assert sum(item["count"] for item in cells) == 10  # the police feed's areas are not places
    assert sum(item["count"] == 0 for item in cells) >= len(cells) - 3
    parameters = json.loads(err)["parameters"]
    assert parameters["resolution"] == 7
    assert parameters["k"] == 1
    assert parameters["permutations"] == 99
    assert parameters["municipality"] == "0484"
    # Only cells with events are tested: the others carry no q.
    assert parameters["min_count"] == 1
    assert parameters["tested"] == sum(item["count"] >= 1 for item in cells)
    assert all((item["q"] is None) == (item["count"] == 0) for item in cells)


def test_analyse_hotspots__min_count_zero_tests_every_cell(municipality, analysis_events):
    out, err = run(
        "hotspots", "--municipality", "0484", "--resolution", "7", "--permutations", "99",
        "--min-count", "0", "--format", "json",
    )  # fmt: skip
    cells = json.loads(out)
    assert all(item["q"] is not None for item in cells)
    assert json.loads(err)["parameters"]["tested"] == len(cells)


def test_analyse_rates__by_period_prints_one_block_per_month(municipality, analysis_events):
    out, err = run(
        "rates", "--municipality", "0484", "--by", "period", "--period", "month",
        "--format", "json",
    )  # fmt: skip
    rows = json.loads(out)
    assert {r["period"] for r in rows} == {"2025-03"}
    total = next(r for r in rows if r["kind"] == "total" and r["measure"] == "rate")
    assert total["count"] == 10
    assert json.loads(err)["parameters"]["by"] == "period"


def test_analyse_hotspots__category_and_dates_narrow_the_events(municipality, analysis_events):
    out, err = run(
        "hotspots", "--municipality", "0484", "--from", "2025-03-17", "--to", "2025-03-23",
        "--category", "graffiti", "--resolution", "7", "--analytic", "--format", "json",
    )  # fmt: skip
    assert sum(item["count"] for item in json.loads(out)) == 2
    assert json.loads(err)["parameters"]["categories"] == ["graffiti"]


def test_analyse_counts__table_csv_json_show_the_same_numbers(municipality, analysis_events):
    args = ("counts", "--municipality", "0484", "--by", "period,district")
    as_json = json.loads(run(*args, "--format", "json")[0])
    assert as_json == [
        {"period": "2025-W11", "district": "centrum", "count": 1, "signal": 0},
        {"period": "2025-W11", "district": "fröslunda", "count": 2, "signal": 0},
        {"period": "2025-W11", "district": "nyfors", "count": 4, "signal": 0},
        {"period": "2025-W11", "district": None, "count": 0, "signal": 2},
        {"period": "2025-W12", "district": "centrum", "count": 2, "signal": 0},
        {"period": "2025-W12", "district": "nyfors", "count": 1, "signal": 0},
    ]
    as_csv = list(csv.DictReader(StringIO(run(*args, "--format", "csv")[0])))
    assert [(r["period"], r["district"], r["count"]) for r in as_csv] == [
        (r["period"], r["district"] or "", str(r["count"])) for r in as_json
    ]
    table = run(*args, "--format", "table")[0].splitlines()
    assert table[0].split() == ["period", "district", "count", "signal"]
    assert set(table[1]) == {"-", " "}
    assert table[2].split() == ["2025-W11", "centrum", "1", "0"]
    assert table[5].split() == ["2025-W11", "0", "2"]  # no district: an empty column
    assert len(table) == 2 + 6


def test_analyse_rates__rates_and_the_police_signal(municipality, analysis_events):
    out, _ = run("rates", "--municipality", "0484", "--format", "json")
    rows = json.loads(out)
    nyfors = next(r for r in rows if r["district"] == "nyfors" and r["measure"] == "rate")
    assert nyfors["count"] == 5
    assert nyfors["rate"] == pytest.approx(5 / 5300 * 1000)
    signal_total = next(r for r in rows if r["kind"] == "total" and r["measure"] == "signal")
    assert signal_total["count"] == 2
    assert signal_total["rate"] is None


def test_analyse_change__previous_week(municipality, analysis_events):
    out, err = run(
        "change", "--municipality", "0484", "--at", "2025-03-18", "--baseline", "previous",
        "--n", "1", "--format", "csv",
    )  # fmt: skip
    rows = {(r["district"], r["category"]): r for r in csv.DictReader(StringIO(out))}
    assert (
        rows[("nyfors", "vandalism")]["observed"],
        rows[("nyfors", "vandalism")]["baseline"],
    ) == (
        "1",
        "3",
    )
    assert json.loads(err)["parameters"]["current"] == "2025-W12"


def test_analyse_patterns__seven_weekdays_by_24_hours(municipality, analysis_events):
    rows = json.loads(run("patterns", "--municipality", "0484", "--format", "json")[0])
    assert [r["weekday"] for r in rows] == ["mån", "tis", "ons", "tor", "fre", "lör", "sön"]
    assert rows[0]["21"] == 2
    assert sum(v for r in rows for k, v in r.items() if k != "weekday") == pytest.approx(12)


def test_analyse_repeats__places_and_knox(municipality, analysis_events):
    rows = json.loads(run("repeats", "--municipality", "0484", "--format", "json")[0])
    assert [r["count"] for r in rows] == [5, 3, 2]
    knox = json.loads(
        run(
            "repeats",
            "--municipality",
            "0484",
            "--knox",
            "--permutations",
            "99",
            "--format",
            "json",
        )[0]
    )
    assert sum(r["observed"] for r in knox if r["distance_from_m"] == 0) == 14


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("counts", "--municipality", "9999"), "9999"),
        (("counts", "--municipality", "0484", "--category", "nej"), "--category"),
        (
            ("counts", "--municipality", "0484", "--from", "2025-03-02", "--to", "2025-03-01"),
            "--to",
        ),
        (("hotspots", "--municipality", "0484", "--resolution", "2"), "--resolution"),
        (("counts", "--municipality", "0484", "--by", "weekday"), "--by"),
    ],
)
def test_analyse__bad_options_name_the_option(municipality, args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)
