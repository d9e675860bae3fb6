"""`trygga import-geography FILE`: counties, municipalities, districts or places from GeoJSON."""

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from trygga.core.errors import ImportRowError, NotFound
from trygga.geography.actions import LEVELS, import_geojson
from trygga.geography.selectors import get_municipality


class Command(BaseCommand):
    help = (
        "Importera geografi från en GeoJSON-fil (WGS84): län, kommuner, stadsdelar eller "
        "platser. Nivån känns igen från filen eller anges med --level. Samma fil två gånger "
        "uppdaterar och skapar inget nytt."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--level", choices=LEVELS, help="county, municipality, district, place")
        parser.add_argument(
            "--municipality", help="kommunkod för stadsdelar och platser (t.ex. 0484)"
        )
        parser.add_argument(
            "--activate", action="store_true", help="markera importerade kommuner som aktiva"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            data = json.loads(path.read_text(encoding="utf-8-sig"))
        except FileNotFoundError as exc:
            raise CommandError(f"Filen {path} finns inte.") from exc
        except json.JSONDecodeError as exc:
            raise CommandError(f"{path}: ogiltig JSON på rad {exc.lineno}: {exc.msg}") from exc
        if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
            raise CommandError(f"{path}: väntade en GeoJSON FeatureCollection.")
        municipality = None
        if options["municipality"]:
            try:
                municipality = get_municipality(options["municipality"])
            except NotFound as exc:
                raise CommandError(str(exc)) from exc
        try:
            result = import_geojson(
                actor=None,
                feature_collection=data,
                level=options["level"],
                municipality=municipality,
                activate=options["activate"],
            )
        except ImportRowError as exc:
            raise CommandError(
                f"{path}: geoobjekt {exc.row}, fält '{exc.field}': {exc.message}. "
                "Inget importerades."
            ) from exc
        self.stdout.write(
            f"{path.name}: nivå {result.level}, {result.created} skapade, "
            f"{result.updated} uppdaterade."
        )
