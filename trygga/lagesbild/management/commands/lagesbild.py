"""`trygga lagesbild`: build a lägesbild and write it as PDF, HTML, CSV or XLSX.

    trygga lagesbild --municipality 0484 --from 2025-01-01 --to 2025-12-31 \\
        --audience public --format pdf --output lagesbild-2025.pdf
    trygga lagesbild --municipality 0484 --period tertial --format html --output t2.html
    trygga lagesbild --municipality 0484 --weekly [--format pdf --output vecka.pdf]

The period is a whole ISO week, tertial or calendar year: `--from`/`--to` give it (the kind
is read from the dates, or `--period` names it), `--period` alone takes the last whole
period before today, `--weekly` last week. The draft is stored (created, or its figures
refreshed) so it is on the web page for the meeting; a lägesbild whose working copy is
approved is not rebuilt, and its latest version is written. The command reads as the
system: every event of the municipality (the public version: only events open for public
statistics, small counts suppressed). A progress bar goes to stderr.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from tqdm import tqdm

from trygga.core.errors import NotFound
from trygga.geography.selectors import districts_of, get_municipality
from trygga.lagesbild import actions, periods
from trygga.lagesbild.builder import steps
from trygga.lagesbild.documents import draft_document, version_document
from trygga.lagesbild.models import Lagesbild, Status
from trygga.lagesbild.render import document as rendering
from trygga.lagesbild.tables import csv_bytes, xlsx_bytes

FORMATS = ("pdf", "html", "csv", "xlsx", "none")


def _day(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"Ogiltigt datum {value} (ÅÅÅÅ-MM-DD).") from exc


class Command(BaseCommand):
    help = "Tar fram en lägesbild (vecka, tertial eller år) som PDF, HTML, CSV eller XLSX."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--municipality", required=True, help="kommunkod, t.ex. 0484")
        parser.add_argument("--district", help="stadsdelens kod (standard: hela kommunen)")
        parser.add_argument("--from", dest="date_from", type=_day, help="första dag")
        parser.add_argument("--to", dest="date_to", type=_day, help="sista dag")
        parser.add_argument("--period", choices=periods.KINDS, help="week, tertial eller year")
        parser.add_argument("--weekly", action="store_true", help="förra veckans lägesbild (EST)")
        parser.add_argument("--today", type=_day, help="dagens datum (för --weekly och --period)")
        parser.add_argument("--audience", choices=("partner", "public"), default="partner")
        parser.add_argument("--format", choices=FORMATS, default="pdf")
        parser.add_argument(
            "--output", help="fil (pdf, html, xlsx) eller katalog (csv); html utan --output: stdout"
        )
        parser.add_argument("--no-progress", action="store_true", help="ingen förloppsindikator")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            municipality = get_municipality(options["municipality"])
        except NotFound as exc:
            raise CommandError(
                f"--municipality: ingen kommun med kod {options['municipality']}."
            ) from exc
        district = None
        if options["district"]:
            district = districts_of(municipality).filter(code=options["district"]).first()
            if district is None:
                raise CommandError(f"--district: okänd stadsdel {options['district']}.")
        kind, date_from = self._period(options)
        output = options["output"]
        if options["format"] in ("pdf", "xlsx", "csv") and not output:
            raise CommandError(f"--output: ange en fil för --format {options['format']}.")
        bar = tqdm(
            total=steps(("partner", "public")) + 1,
            desc="lägesbild",
            unit="steg",
            disable=options["no_progress"],
            leave=False,
        )

        def progress(step: str) -> None:
            bar.set_postfix_str(step)
            bar.update(1)

        try:
            lagesbild = self._lagesbild(municipality, district, kind, date_from, options, progress)
        except ValidationError as exc:
            bar.close()
            raise CommandError(
                "; ".join(f"--{k}: {' '.join(v)}" for k, v in exc.message_dict.items())
            ) from exc
        doc = self._document(lagesbild, options["audience"])
        bar.set_postfix_str(options["format"])
        self._write(doc, options["format"], output)
        bar.update(1)
        bar.close()
        state = "fastställd" if doc.status == "approved" else "utkast"
        self.stderr.write(
            f"{lagesbild.title} ({state}, {options['audience']}): "
            f"{doc.content['summary']['total']} händelser" + (f" -> {output}" if output else "")
        )

    def _period(self, options: dict[str, Any]) -> tuple[str, dt.date]:
        today = options["today"] or timezone.localdate()
        if options["weekly"]:
            if options["date_from"] or options["date_to"]:
                raise CommandError("--weekly: ange inte --from eller --to samtidigt.")
            return "week", periods.last_week(today)[0]
        date_from, date_to = options["date_from"], options["date_to"]
        if date_from is None and date_to is None:
            kind = options["period"]
            if kind is None:
                raise CommandError("--from och --to, --period eller --weekly behövs.")
            start, _end = periods.bounds(kind, today)
            return kind, periods.bounds(kind, start - dt.timedelta(days=1))[0]
        if date_from is None or date_to is None:
            raise CommandError("--from och --to anges tillsammans.")
        try:
            kind = options["period"] or periods.infer_kind(date_from, date_to)
            periods.check(kind, date_from, date_to)
        except periods.PeriodError as exc:
            raise CommandError(f"--{exc.field}: {exc.message}") from exc
        return kind, date_from

    def _lagesbild(
        self,
        municipality: Any,
        district: Any,
        kind: str,
        date_from: dt.date,
        options: dict[str, Any],
        progress: Any,
    ) -> Lagesbild:
        if options["weekly"] and district is None:
            return actions.weekly(
                municipality=municipality,
                today=options["today"] or timezone.localdate(),
                progress=progress,
            )
        existing = Lagesbild.objects.filter(
            municipality=municipality, district=district, kind=kind, date_from=date_from
        ).first()
        if existing is None:
            return actions.create_lagesbild(
                actor=None,
                municipality=municipality,
                kind=kind,
                date_from=date_from,
                district=district,
                progress=progress,
            )
        if existing.status == Status.APPROVED:
            return existing
        return actions.refresh_figures(actor=None, lagesbild=existing, progress=progress)

    def _document(self, lagesbild: Lagesbild, audience: str) -> rendering.Document:
        if lagesbild.status == Status.APPROVED:
            version = lagesbild.versions.order_by("-number").first()
            if version is not None:
                return version_document(version, audience)
        return draft_document(lagesbild, audience)

    def _write(self, doc: rendering.Document, fmt: str, output: str | None) -> None:
        if fmt == "none":
            return
        if fmt == "html":
            text = rendering.html(doc)
            if output:
                Path(output).write_text(text, encoding="utf-8")
            else:
                self.stdout.write(text)
            return
        assert output is not None  # noqa: S101 - checked in handle
        if fmt == "pdf":
            Path(output).write_bytes(rendering.pdf(doc))
        elif fmt == "xlsx":
            Path(output).write_bytes(xlsx_bytes(doc.content["tables"], title=doc.title))
        else:
            folder = Path(output)
            folder.mkdir(parents=True, exist_ok=True)
            for table in doc.content["tables"]:
                (folder / f"{table['id']}.csv").write_bytes(csv_bytes(table))
