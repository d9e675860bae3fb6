"""`trygga analyse`: the analysis engine's tables on the command line.

    trygga analyse counts   --municipality 0484 [--period week] [--by period,district,category]
    trygga analyse rates    --municipality 0484 --from 2025-01-01 --to 2025-04-30
    trygga analyse change   --municipality 0484 --period month --at 2025-03-15 [--baseline previous]
    trygga analyse patterns --municipality 0484
    trygga analyse hotspots --municipality 0484 --resolution 8 --k 1 --format json
    trygga analyse repeats  --municipality 0484 [--knox]

Every analysis takes --from, --to (inclusive days), --category, --district, --source and
--format table|csv|json. The rows go to stdout (JSON: one list of objects); the parameters
the result was computed with go to stderr as one JSON line, so stdout stays a table, a CSV
or a JSON list. The command reads as `selectors.SYSTEM`: every event of the municipality,
restricted ones included (whoever runs it has the database already).
"""

import csv
import datetime as dt
import json
from collections.abc import Callable
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from trygga.analysis.hotspots import DEFAULT_SEED
from trygga.core.errors import NotFound
from trygga.events import statistics
from trygga.events.selectors import SYSTEM
from trygga.events.statistics import AnalysisParameterError, AnalysisQuery
from trygga.geography.selectors import get_municipality

ANALYSES = ("counts", "rates", "change", "patterns", "hotspots", "repeats")
FORMATS = ("table", "csv", "json")


def _day(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(_("Ogiltigt datum %s (ÅÅÅÅ-MM-DD).") % value) from exc


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.4g}" if abs(value) < 1e4 else f"{value:.0f}"
    return str(value)


def format_table(rows: list[dict[str, Any]]) -> str:
    """Columns padded with str.ljust, numbers to four significant digits."""
    if not rows:
        return _("(inga rader)") + "\n"
    columns = list(rows[0])
    cells = [[_cell(row.get(c)) for c in columns] for row in rows]
    widths = [max(len(c), *(len(r[i]) for r in cells)) for i, c in enumerate(columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)).rstrip() for r in cells]
    return "\n".join(lines) + "\n"


class Command(BaseCommand):
    help = "Analyserar händelser: antal, takter, förändring, tidsmönster, hot spots, upprepningar."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(
            dest="analysis", required=True, metavar="{" + ",".join(ANALYSES) + "}"
        )
        for name in ANALYSES:
            command = sub.add_parser(name)
            command.add_argument("--municipality", required=True, help="kommunkod, t.ex. 0484")
            command.add_argument("--from", dest="date_from", type=_day, help="första dag")
            command.add_argument("--to", dest="date_to", type=_day, help="sista dag")
            command.add_argument("--category", help="kategorins kod (med underkategorier)")
            command.add_argument("--district", help="stadsdelens kod")
            command.add_argument("--source", help="källans kod")
            command.add_argument("--format", choices=FORMATS, default="table")
            if name in ("counts", "change", "rates"):
                command.add_argument("--period", choices=statistics.PERIODS, default="week")
            if name == "rates":
                command.add_argument(
                    "--by",
                    choices=statistics.RATE_GROUPINGS,
                    help="en tabell per kategori, källa eller period (--period)",
                )
            if name == "counts":
                command.add_argument(
                    "--by",
                    default="period,district,category",
                    help="period,district,category,source",
                )
            if name == "change":
                command.add_argument(
                    "--at", type=_day, help="en dag i perioden (standard: --to, idag)"
                )
                command.add_argument(
                    "--baseline", choices=statistics.BASELINES, default="same_period"
                )
                command.add_argument("--n", type=int, default=3, help="antal jämförelseperioder")
            if name in ("hotspots", "repeats"):
                command.add_argument("--permutations", type=int, default=999)
                command.add_argument("--seed", type=int)
            if name == "hotspots":
                command.add_argument("--resolution", type=int, help="H3 (standard: kommunens)")
                command.add_argument("--k", type=int, default=1)
                command.add_argument(
                    "--analytic", action="store_true", help="normal-p, ingen permutation"
                )
                command.add_argument(
                    "--min-count",
                    type=int,
                    default=1,
                    help="pröva bara celler med minst så många händelser (0: alla)",
                )
            if name == "repeats":
                command.add_argument("--min-events", type=int, default=2)
                command.add_argument("--knox", action="store_true", help="Knox-tabellen i stället")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            municipality = get_municipality(options["municipality"])
        except NotFound as exc:
            raise CommandError(str(exc)) from exc
        try:
            query = statistics.resolve_query(
                municipality,
                date_from=options["date_from"],
                date_to=options["date_to"],
                district=options["district"],
                category=options["category"],
                source=options["source"],
            )
            run: Callable[
                [AnalysisQuery, dict[str, Any]], tuple[list[dict[str, Any]], dict[str, Any]]
            ]
            run = getattr(self, f"_{options['analysis']}")
            rows, parameters = run(query, options)
        except AnalysisParameterError as exc:
            raise CommandError(f"--{exc.parameter.replace('_', '-')}: {exc.message}") from exc
        self.stderr.write(json.dumps({"parameters": parameters}, ensure_ascii=False, default=str))
        self._print(rows, options["format"])

    def _print(self, rows: list[dict[str, Any]], output: str) -> None:
        if output == "json":
            self.stdout.write(json.dumps(rows, ensure_ascii=False, default=str))
        elif output == "csv":
            if rows:
                writer = csv.DictWriter(self.stdout, fieldnames=list(rows[0]), lineterminator="\n")
                writer.writeheader()
                writer.writerows(rows)
        else:
            self.stdout.write(format_table(rows), ending="")

    # One method per analysis: (rows, parameters).

    def _counts(self, query: AnalysisQuery, options: dict[str, Any]) -> tuple[list, dict]:
        by = tuple(part.strip() for part in options["by"].split(",") if part.strip())
        table = statistics.event_counts_by(SYSTEM, query, by=by, period=options["period"])  # type: ignore[arg-type]
        return table.rows, table.parameters

    def _rates(self, query: AnalysisQuery, options: dict[str, Any]) -> tuple[list, dict]:
        if options["by"]:
            groups = statistics.district_rates_by(
                SYSTEM, query, by=options["by"], period=options["period"]
            )
            parameters = {
                **query.parameters(),
                "by": options["by"],
                "period": options["period"] if options["by"] == "period" else None,
            }
            return statistics.grouped_rate_rows(options["by"], groups), parameters
        result = statistics.district_rates_for(SYSTEM, query)
        return statistics.rate_rows(result), result.parameters

    def _change(self, query: AnalysisQuery, options: dict[str, Any]) -> tuple[list, dict]:
        at = options["at"] or options["date_to"] or timezone.localdate()
        result = statistics.change_for(
            SYSTEM,
            query,
            period=options["period"],
            at=at,
            baseline=options["baseline"],
            n=options["n"],
        )
        return result.records(), result.parameters

    def _patterns(self, query: AnalysisQuery, options: dict[str, Any]) -> tuple[list, dict]:
        result = statistics.hour_weekday_for(SYSTEM, query)
        return statistics.pattern_rows(result), result.parameters

    def _hotspots(self, query: AnalysisQuery, options: dict[str, Any]) -> tuple[list, dict]:
        result = statistics.hotspots_for(
            SYSTEM,
            query,
            resolution=options["resolution"],
            k=options["k"],
            permutations=options["permutations"],
            seed=DEFAULT_SEED if options["seed"] is None else options["seed"],
            p_method="analytic" if options["analytic"] else "permutation",
            min_count=options["min_count"],
        )
        return statistics.hotspot_rows(result), statistics.hotspot_parameters(query, result)

    def _repeats(self, query: AnalysisQuery, options: dict[str, Any]) -> tuple[list, dict]:
        result = statistics.repeats_for(
            SYSTEM,
            query,
            min_events=options["min_events"],
            knox=options["knox"],
            permutations=options["permutations"],
            seed=1 if options["seed"] is None else options["seed"],
        )
        if options["knox"]:
            return statistics.knox_rows(result), result.parameters
        return statistics.repeat_place_rows(result), result.parameters
