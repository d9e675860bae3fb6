"""`trygga import-events` through call_command: options, the printed summary, and errors."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.events.conftest import POLICE_DATA
from tests.factories import NYFORS_POINT
from trygga.events.models import Event, EventSource


def run(*args: str) -> str:
    out = StringIO()
    call_command("import_events", *args, "--no-progress", stdout=out, stderr=StringIO())
    return out.getvalue()


def test_import_events_command__polisen__prints_created_and_skipped_by_reason(sweden):
    path = POLICE_DATA / "events_sodermanland.json"

    first = run("--format", "polisen", str(path))
    second = run("--format", "polisen", str(path))

    created = Event.objects.count()
    assert f"{created} skapade, 0 ändrade, 0 oförändrade" in first
    assert "överhoppade: administrativ polistyp" in first
    assert f"0 skapade, 0 ändrade, {created} oförändrade" in second


def test_import_events_command__csv_with_organisation_and_source__prints_summary(
    municipality, organisations, tmp_path: Path
):
    lon, lat = NYFORS_POINT
    path = tmp_path / "export.csv"
    path.write_text(
        f"occurred_from,category,lat,lon\n2025-06-13 21:30,graffiti,{lat},{lon}\n", encoding="utf-8"
    )

    output = run(
        "--format",
        "csv",
        str(path),
        "--municipality",
        "0484",
        "--source",
        "Kommunfastigheters logg",
        "--organisation",
        "Kommunfastigheter",
    )

    assert "1 lästa, 1 skapade, 0 ändrade, 0 oförändrade, 0 överhoppade" in output
    source = EventSource.objects.get(name="Kommunfastigheters logg")
    assert source.organisation == organisations["bostad"]
    assert Event.objects.get().organisation == organisations["bostad"]


def test_import_events_command__bad_row__fails_with_row_and_field_and_writes_nothing(
    municipality, tmp_path: Path
):
    path = tmp_path / "export.csv"
    path.write_text(
        "occurred_from,category,district\n2025-13-01 10:00,graffiti,Nyfors\n", encoding="utf-8"
    )

    with pytest.raises(CommandError, match="rad 2, fält 'occurred_from'"):
        run("--format", "csv", str(path), "--municipality", "0484")
    assert Event.objects.count() == 0


def test_import_events_command__csv_without_municipality__is_refused(municipality, tmp_path: Path):
    path = tmp_path / "export.csv"
    path.write_text("occurred_from,category,district\n", encoding="utf-8")

    with pytest.raises(CommandError, match="--municipality"):
        run("--format", "csv", str(path))


def test_import_events_command__progress_bar__goes_to_stderr(sweden):
    err = StringIO()
    call_command(
        "import_events",
        "--format",
        "polisen",
        str(POLICE_DATA / "raw_api_snapshot_pretty_500.json"),
        stdout=StringIO(),
        stderr=err,
    )

    assert "Skriver" in err.getvalue()


def test_import_events_command__options_as_keywords__work_like_the_command_line(sweden):
    out = StringIO()

    call_command(
        "import_events",
        str(POLICE_DATA / "raw_api_snapshot_pretty_500.json"),
        format="polisen",
        no_progress=True,
        stdout=out,
    )

    assert "skapade" in out.getvalue()
