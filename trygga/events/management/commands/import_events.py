"""`trygga import-events`: the police feed, CSV/XLSX logs and GeoJSON from the command line.

A thin shell around `trygga.events.importers`: it resolves the options, shows progress with
tqdm and prints what the import created, updated, left unchanged and skipped.
"""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from tqdm import tqdm

from trygga.accounts.models import Organisation
from trygga.core.errors import ImportRowError, NotFound
from trygga.events.importers import FORMATS, run_import
from trygga.events.importers.base import SKIP_REASONS, STAGES, ImportConfigError, ImportResult
from trygga.events.importers.tabular import load_mapping
from trygga.geography.selectors import get_municipality


class _Progress:
    """One tqdm bar per stage, replaced when the stage changes."""

    def __init__(self, stream: Any) -> None:
        self.stream = stream
        self.stage = ""
        self.bar: tqdm[Any] | None = None

    def __call__(self, stage: str, done: int, total: int) -> None:
        if stage != self.stage:
            self.close()
            self.stage = stage
            self.bar = tqdm(
                total=total, desc=str(STAGES.get(stage, stage)), unit=" rader", file=self.stream
            )
        if self.bar is not None:
            self.bar.total = total
            self.bar.update(done - self.bar.n)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None


class Command(BaseCommand):
    help = "Importerar händelser: polisens flöde, CSV/XLSX-loggar eller GeoJSON."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--format", choices=FORMATS, required=True)
        parser.add_argument("--municipality", help="kommunkod, t.ex. 0484 (csv/xlsx/geojson)")
        parser.add_argument("--source", help="källans namn (standard: filens namn)")
        parser.add_argument("--organisation", help="den rapporterande organisationens namn")
        parser.add_argument("--mapping", type=Path, help="YAML med kolumnmappning (csv/xlsx)")
        parser.add_argument(
            "--include-administrative",
            action="store_true",
            help="ta med polisens sammanfattningar och uppdateringar",
        )
        parser.add_argument("--no-progress", action="store_true", help="ingen förloppsindikator")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        file_format: str = options["format"]
        if not path.is_file():
            raise CommandError(_("Filen %s finns inte.") % path)
        progress = None if options["no_progress"] else _Progress(self.stderr._out)
        try:
            result = self._run(path, file_format, options, progress)
        except ImportRowError as exc:
            raise CommandError(_("Inget importerades:\n%s") % exc) from exc
        except (ImportConfigError, NotFound) as exc:
            raise CommandError(str(exc)) from exc
        finally:
            if progress is not None:
                progress.close()
        self._print(result)

    def _run(
        self, path: Path, file_format: str, options: dict[str, Any], progress: _Progress | None
    ) -> ImportResult:
        municipality = None
        organisation = None
        if file_format != "polisen":
            if not options["municipality"]:
                raise CommandError(_("--municipality krävs för %s.") % file_format)
            municipality = get_municipality(options["municipality"])
        if options["organisation"] and municipality is not None:
            organisation = Organisation.objects.filter(
                municipality=municipality, name=options["organisation"]
            ).first()
            if organisation is None:
                raise CommandError(
                    _("Ingen organisation '%(name)s' i %(municipality)s.")
                    % {"name": options["organisation"], "municipality": municipality.name}
                )
        return run_import(
            actor=None,
            path=path,
            file_format=file_format,
            municipality=municipality,
            source_name=options["source"],
            organisation=organisation,
            mapping=load_mapping(options["mapping"]) if options["mapping"] else None,
            include_administrative=options["include_administrative"],
            progress=progress,
        )

    def _print(self, result: ImportResult) -> None:
        write = self.stdout.write
        write(
            _(
                "Källa %(source)s: %(read)d lästa, %(created)d skapade, %(updated)d ändrade, "
                "%(unchanged)d oförändrade, %(skipped)d överhoppade."
            )
            % {
                "source": result.source,
                "read": result.read,
                "created": result.created,
                "updated": result.updated,
                "unchanged": result.unchanged,
                "skipped": sum(result.skipped.values()),
            }
        )
        skipped = _("överhoppade")
        for reason, count in sorted(result.skipped.items()):
            write(f"  {skipped}: {SKIP_REASONS.get(reason, reason)}: {count}")
        unknown = _("okänd plats")
        for name, count in result.unknown_locations.most_common():
            write(f"  {unknown}: {name!r}: {count}")
        unmapped = _("typ utan kategori (blev other)")
        for name, count in result.unmapped_types.most_common():
            write(f"  {unmapped}: {name!r}: {count}")
