"""The follow-up report for the steering council and the executive committee's working
committee (KSAU): per measure its status, its money (planned and spent per year) and each
indicator against its target, with the honest sentence; as a web page, a PDF (WeasyPrint,
as the lägesbild prints) and an XLSX workbook (openpyxl).

`build(plan, audience=...)` gathers it once; the page, the PDF and the workbook show the
same figures. The public transparency page uses the same builder with `audience="public"`:
public measures only, public follow-ups only, no person's name, small counts hidden.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from trygga.analysis import wording
from trygga.plans import selectors
from trygga.plans.indicators import Audience, IndicatorResult, evaluate, format_value
from trygga.plans.models import (
    ActionPlan,
    ActionPlanVersion,
    FollowUp,
    Gender,
    Measure,
    MeasureStatus,
)
from trygga.plans.svg import trend_chart

logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

CSS = Path(__file__).resolve().parent / "static" / "plans" / "report.css"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def money(value: float | int | None) -> str:
    if value is None:
        return "–"
    return wording.format_decimal(float(value), 0) + "\u00a0kr"


@dataclass
class IndicatorView:
    result: IndicatorResult
    chart: SafeString

    @property
    def indicator(self) -> Any:
        return self.result.indicator

    def value(self, number: float | None) -> str:
        return format_value(number, self.result.indicator)

    @property
    def baseline_text(self) -> str:
        return self.value(self.result.baseline)

    @property
    def latest_text(self) -> str:
        return self.value(self.result.latest)

    @property
    def target_text(self) -> str:
        return self.value(self.result.target)

    @property
    def trend_text(self) -> str:
        """The trend in words: the last complete periods, oldest first."""
        points = [p for p in self.result.trend if not p.partial][-4:]
        if not points:
            return "–"
        return ", ".join(f"{p.label}: {self.value(p.value)}" for p in points)


@dataclass
class MeasureRow:
    measure: Measure
    budget: list[tuple[int, int, int | None]]
    planned_total: int
    spent_total: int
    indicators: list[IndicatorView]
    followups: list[FollowUp]
    target_group: str
    districts: str

    @property
    def status_label(self) -> str:
        return str(MeasureStatus(self.measure.status).label)

    @property
    def spent_share(self) -> int | None:
        return round(100 * self.spent_total / self.planned_total) if self.planned_total else None

    @property
    def last_followup(self) -> FollowUp | None:
        return self.followups[0] if self.followups else None


@dataclass
class Report:
    plan: ActionPlan
    audience: Audience
    as_of: dt.date
    version: ActionPlanVersion | None
    rows: list[MeasureRow]
    generated_at: dt.datetime
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def public(self) -> bool:
        return self.audience == "public"

    @property
    def planned_total(self) -> int:
        return sum(r.planned_total for r in self.rows)

    @property
    def spent_total(self) -> int:
        return sum(r.spent_total for r in self.rows)

    @property
    def status_counts(self) -> list[tuple[str, int]]:
        counts = Counter(r.measure.status for r in self.rows)
        return [(str(s.label), counts[s.value]) for s in MeasureStatus if counts[s.value]]

    @property
    def indicator_counts(self) -> dict[str, int]:
        results = [i.result for r in self.rows for i in r.indicators]
        return {
            "total": len(results),
            "reached": sum(1 for x in results if x.target_reached),
            "no_effect_yet": sum(1 for x in results if x.no_effect_yet),
            "better": sum(1 for x in results if x.verdict == "better"),
            "worse": sum(1 for x in results if x.verdict == "worse"),
        }


def target_group(measure: Measure) -> str:
    parts = []
    if measure.target_group:
        parts.append(measure.target_group)
    if measure.age_from is not None or measure.age_to is not None:
        if measure.age_from is not None and measure.age_to is not None:
            parts.append(_("%(a)s–%(b)s år") % {"a": measure.age_from, "b": measure.age_to})
        elif measure.age_from is not None:
            parts.append(_("från %s år") % measure.age_from)
        else:
            parts.append(_("upp till %s år") % measure.age_to)
    if measure.gender != Gender.ALL:
        parts.append(str(Gender(measure.gender).label).lower())
    return ", ".join(parts) or _("Alla")


def measure_row(measure: Measure, audience: Audience, as_of: dt.date) -> MeasureRow:
    budget = [
        (b.year, int(b.planned), None if b.spent is None else int(b.spent))
        for b in sorted(measure.budget.all(), key=lambda b: b.year)
    ]
    indicators = []
    for indicator in measure.indicators.all():
        if audience == "public" and not indicator.is_public:
            continue
        result = evaluate(indicator, audience=audience, as_of=as_of)
        chart = trend_chart(
            result.trend,
            baseline=result.baseline,
            target=result.target,
            title=_("%(name)s: utveckling mot målet") % {"name": indicator.name},
        )
        indicators.append(IndicatorView(result, chart))
    followups = list(measure.followups.all())
    if audience == "public":
        followups = [f for f in followups if f.is_public]
    districts = ", ".join(sorted(d.name for d in measure.districts.all())) or _("Hela kommunen")
    return MeasureRow(
        measure=measure,
        budget=budget,
        planned_total=sum(p for _y, p, _s in budget),
        spent_total=sum(s or 0 for _y, _p, s in budget),
        indicators=indicators,
        followups=followups,
        target_group=target_group(measure),
        districts=districts,
    )


def build(
    plan: ActionPlan, *, audience: Audience = "partner", as_of: dt.date | None = None
) -> Report:
    """The report of a plan as it stands now (its measures' status, money and indicators).

    The public audience sees the public measures of the latest adopted version only.
    """
    day = as_of or timezone.localdate()
    version = selectors.latest_version(plan)
    if audience == "public":
        measures = selectors.public_measures(plan, version) if version else []
    else:
        measures = list(selectors.measures_of(plan))
    return Report(
        plan=plan,
        audience=audience,
        as_of=day,
        version=version,
        rows=[measure_row(m, audience, day) for m in measures],
        generated_at=timezone.now(),
    )


@cache
def _css() -> str:
    return CSS.read_text(encoding="utf-8")


def html(report: Report) -> str:
    """The standalone report (its CSS inside): the PDF's source."""
    return render_to_string("plans/report.html", {"report": report, "css": _css()})


def pdf(report: Report) -> bytes:
    """The report printed to PDF by WeasyPrint (A4, page numbers, nothing fetched)."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    fetcher = URLFetcher(allowed_protocols={"data"})
    return HTML(string=html(report), url_fetcher=fetcher, base_url="/").write_pdf()  # type: ignore[no-any-return]


def xlsx(report: Report) -> bytes:
    """Three sheets: the measures, the budget per year, the indicators."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    sheet = book.active
    assert sheet is not None  # noqa: S101 - a new workbook has its sheet
    sheet.title = _("Åtgärder")[:31]
    bold = Font(bold=True)
    sheet.append([report.plan.title])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([_("Uppgifter per %s") % report.as_of.isoformat()])
    if report.version is not None:
        sheet.append(
            [
                _("Antagen av %(body)s %(date)s (version %(n)s)")
                % {
                    "body": report.version.body,
                    "date": report.version.decision_date.isoformat(),
                    "n": report.version.number,
                }
            ]
        )
    sheet.append([])
    header = [
        _("Nr"),
        _("Åtgärd"),
        _("Ansvarig organisation"),
        _("Status"),
        _("Stadsdelar"),
        _("Målgrupp"),
        _("Fas"),
        _("Budget totalt (kr)"),
        _("Använt totalt (kr)"),
        _("Senaste uppföljning"),
    ]
    sheet.append(header)
    for cell in sheet[sheet.max_row]:
        cell.font = bold
    for row in report.rows:
        m = row.measure
        sheet.append(
            [
                m.order,
                m.title,
                m.owner.name,
                row.status_label,
                row.districts,
                row.target_group,
                str(m.phase) if m.phase else "",
                row.planned_total,
                row.spent_total,
                row.last_followup.date if row.last_followup else None,
            ]
        )
    for column, width in zip("ABCDEFGHIJ", (5, 40, 32, 12, 24, 24, 24, 16, 16, 16), strict=True):
        sheet.column_dimensions[column].width = width

    money_sheet = book.create_sheet(_("Budget")[:31])
    money_sheet.append([_("Åtgärd"), _("År"), _("Budget (kr)"), _("Använt (kr)")])
    for cell in money_sheet[1]:
        cell.font = bold
    for row in report.rows:
        for year, planned, spent in row.budget:
            money_sheet.append([row.measure.title, year, planned, spent])
    money_sheet.column_dimensions["A"].width = 40

    ind = book.create_sheet(_("Indikatorer")[:31])
    ind.append(
        [
            _("Åtgärd"),
            _("Indikator"),
            _("Enhet"),
            _("Källa"),
            _("Nollmätning"),
            _("Nollmätningens period"),
            _("Senaste värde"),
            _("Senaste period"),
            _("Mål"),
            _("Målet nått"),
            _("Bedömning"),
            _("Förklaring"),
        ]
    )
    for cell in ind[1]:
        cell.font = bold
    for row in report.rows:
        for view in row.indicators:
            r = view.result
            ind.append(
                [
                    row.measure.title,
                    r.indicator.name,
                    r.indicator.unit,
                    r.indicator.get_source_display(),
                    r.baseline,
                    r.baseline_period,
                    r.latest,
                    r.latest_period,
                    r.target,
                    {True: _("ja"), False: _("nej"), None: "–"}[r.target_reached],
                    r.sentence,
                    r.detail,
                ]
            )
    for column, width in zip(
        "ABCDEFGHIJKL", (36, 36, 14, 24, 12, 24, 12, 24, 10, 10, 50, 60), strict=True
    ):
        ind.column_dimensions[column].width = width
    for line in ind.iter_rows(min_row=2):
        for cell in line[10:]:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
