"""`trygga lagesbild`: the command line of the issue, the weekly run, errors naming the option."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from trygga.lagesbild.models import Lagesbild

pytestmark = pytest.mark.django_db


def run(*args):
    err = io.StringIO()
    out = io.StringIO()
    call_command("lagesbild", *args, "--no-progress", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_the_issues_command_line_writes_the_public_pdf(hand_events, tmp_path):
    target = tmp_path / "lagesbild.pdf"
    _out, err = run(
        "--municipality", "0484", "--from", "2025-01-01", "--to", "2025-12-31",
        "--audience", "public", "--format", "pdf", "--output", str(target),
    )  # fmt: skip
    assert target.read_bytes().startswith(b"%PDF")
    assert "Lägesbild 2025 – Eskilstuna (utkast, public)" in err
    lagesbild = Lagesbild.objects.get()
    assert (lagesbild.kind, lagesbild.date_to) == ("year", dt.date(2025, 12, 31))


def test_html_csv_and_xlsx(hand_events, tmp_path):
    html, _err = run(
        "--municipality", "0484", "--period", "tertial", "--today", "2025-06-10", "--format", "html"
    )
    assert "Lägesbild tertial 1 2025 – Eskilstuna" in html
    assert "<svg" in html
    run(
        "--municipality",
        "0484",
        "--period",
        "tertial",
        "--today",
        "2025-06-10",
        "--format",
        "csv",
        "--output",
        str(tmp_path),
    )
    assert (
        (tmp_path / "district_category.csv").read_text(encoding="utf-8-sig").startswith("Stadsdel,")
    )
    xlsx = tmp_path / "t.xlsx"
    run(
        "--municipality",
        "0484",
        "--from",
        "2025-01-01",
        "--to",
        "2025-04-30",
        "--format",
        "xlsx",
        "--output",
        str(xlsx),
    )
    assert xlsx.stat().st_size > 1000
    assert Lagesbild.objects.count() == 1  # the same tertial: refreshed, not duplicated


def test_weekly_builds_last_weeks_draft_once(hand_events):
    run("--municipality", "0484", "--weekly", "--today", "2025-07-16", "--format", "none")
    run("--municipality", "0484", "--weekly", "--today", "2025-07-17", "--format", "none")
    week = Lagesbild.objects.get()
    assert (week.kind, week.date_from, week.date_to) == (
        "week",
        dt.date(2025, 7, 7),
        dt.date(2025, 7, 13),
    )
    assert week.content["partner"]["summary"]["total"] == 7  # Fröslunda's graffiti on 9 July


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from", "2025-01-02", "--to", "2025-12-31"], "--to: Perioden måste vara"),
        (["--from", "2025-01-01", "--to", "2025-06-30", "--period", "year"], "--to:"),
        (["--from", "2025-01-01"], "--from och --to anges tillsammans"),
        (["--period", "year", "--format", "pdf"], "--output"),
        (["--district", "ingenstans", "--period", "year"], "--district"),
    ],
)
def test_bad_options_are_named(hand_events, args, message):
    with pytest.raises(CommandError, match=message):
        run("--municipality", "0484", *args)


def test_unknown_municipality_is_named(db):
    with pytest.raises(CommandError, match="--municipality"):
        run("--municipality", "9999", "--weekly", "--format", "none")
