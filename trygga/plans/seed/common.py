"""Helpers of the demo plans: categories, phases, the demo's baseline window, money and
indicators."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User

from trygga.events.models import EventCategory
from trygga.geography.models import District, Municipality
from trygga.plans import actions
from trygga.plans.actions import Budget
from trygga.plans.indicators import evaluate
from trygga.plans.models import Phase

DEMO_NOTE = "Demo: exempelvärde"


def _category(code: str) -> EventCategory:
    return EventCategory.objects.get(code=code, municipality__isnull=True)


def _phase(municipality: Municipality, number: int) -> Phase | None:
    return Phase.objects.filter(model__municipality=municipality, number=number).first()


def _windows(today: dt.date) -> tuple[dt.date, dt.date]:
    """The demo's baseline: the first half of the generated year (it ends yesterday)."""
    start = today - dt.timedelta(days=364)
    return start, start + dt.timedelta(days=181)


def _money(*years: tuple[int, int, int | None]) -> list[Budget]:
    return [
        Budget(year, Decimal(planned), None if spent is None else Decimal(spent))
        for year, planned, spent in years
    ]


def _event_indicator(
    measure: Any,
    name: str,
    category: str | None,
    area: str,
    today: dt.date,
    *,
    district: District | None = None,
    source: str = "event_count",
    unit: str = "händelser",
) -> None:
    """An indicator on the demo's events; its example target is a fifth below the baseline."""
    b_from, b_to = _windows(today)
    indicator = actions.save_indicator(
        actor=None,
        measure=measure,
        name=name,
        unit=unit,
        source=source,
        source_note="Tryggas händelser (demo: genererade); målet är ett exempel",
        category=_category(category) if category else None,
        area=area,
        district=district,
        baseline_from=b_from,
        baseline_to=b_to,
        target_value=Decimal(0),
        direction="decrease",
        trend_period="month",
    )
    baseline = evaluate(indicator, as_of=today).baseline or 0.0
    target = round(baseline * 0.8, 1 if source == "event_rate" else 0)
    actions.save_indicator(
        actor=None, measure=measure, indicator=indicator, target_value=Decimal(str(target))
    )


def _manual_indicator(
    measure: Any,
    name: str,
    unit: str,
    baseline: float,
    target: float,
    values: list[tuple[dt.date, float]],
    note: str,
    *,
    direction: str = "increase",
    who: User | None = None,
) -> None:
    indicator = actions.save_indicator(
        actor=None,
        measure=measure,
        name=name,
        unit=unit,
        source="manual",
        source_note=note,
        baseline_value=Decimal(str(baseline)),
        target_value=Decimal(str(target)),
        direction=direction,
    )
    for day, value in values:
        actions.enter_indicator_value(
            actor=who, indicator=indicator, date=day, value=Decimal(str(value)), note=DEMO_NOTE
        )
