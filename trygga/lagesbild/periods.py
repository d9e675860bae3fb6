"""The periods of a lägesbild: a whole ISO week (EST), a tertial or a calendar year.

Each kind fixes the dates, the comparison (baseline) and the sub-periods of its trend, so
two lägesbilder of the same kind are always comparable.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _

from trygga.events.statistics import Baseline, Period, period_end, period_of, period_start

KINDS = ("week", "tertial", "year")


class PeriodError(ValueError):
    """The dates do not form a period of the kind; `field` names the bad one."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass(frozen=True)
class KindRules:
    """How a kind compares and trends: the baseline of its change test and its trend."""

    baseline: Baseline
    baseline_n: int
    trend_period: Period
    trend_periods: int | None  # None: the sub-periods of the period itself
    hotspot_days: int | None  # None: the period itself


RULES: dict[str, KindRules] = {
    # The weekly meeting compares with the weeks just before; the hot spots use the last four
    # weeks (one week has too few events for a stable map), against the four before.
    "week": KindRules("previous", 4, "week", 12, 28),
    "tertial": KindRules("same_period", 3, "month", None, None),
    "year": KindRules("same_period", 3, "month", None, None),
}


def bounds(kind: str, day: dt.date) -> tuple[dt.date, dt.date]:
    """The first and last day of the period of `kind` that contains `day`."""
    if kind not in KINDS:
        raise PeriodError("kind", _("Okänt slag av lägesbild: %s.") % kind)
    key = period_of(day, kind)  # type: ignore[arg-type]
    start = period_start(key, kind)  # type: ignore[arg-type]
    return start, period_end(key, kind) - dt.timedelta(days=1)  # type: ignore[arg-type]


def check(kind: str, date_from: dt.date, date_to: dt.date) -> None:
    """PeriodError unless [date_from, date_to] is exactly one period of the kind."""
    start, end = bounds(kind, date_from)
    if date_from != start:
        raise PeriodError(
            "from",
            _("%(kind)s börjar %(start)s, inte %(day)s.")
            % {"kind": kind_name(kind), "start": start.isoformat(), "day": date_from.isoformat()},
        )
    if date_to != end:
        raise PeriodError(
            "to",
            _("%(kind)s som börjar %(start)s slutar %(end)s, inte %(day)s.")
            % {
                "kind": kind_name(kind),
                "start": start.isoformat(),
                "end": end.isoformat(),
                "day": date_to.isoformat(),
            },
        )


def infer_kind(date_from: dt.date, date_to: dt.date) -> str:
    """The kind whose period is exactly [date_from, date_to]; PeriodError if none is."""
    for kind in KINDS:
        if bounds(kind, date_from) == (date_from, date_to):
            return kind
    raise PeriodError(
        "to",
        _(
            "Perioden måste vara en hel ISO-vecka (måndag–söndag), ett tertial "
            "(jan–apr, maj–aug, sep–dec) eller ett kalenderår."
        ),
    )


def last_week(today: dt.date) -> tuple[dt.date, dt.date]:
    """Monday and Sunday of the last whole ISO week before `today`."""
    return bounds("week", today - dt.timedelta(days=today.isoweekday()))


def kind_name(kind: str) -> str:
    return {
        "week": _("Veckolägesbilden"),
        "tertial": _("Tertialet"),
        "year": _("Året"),
    }[kind]


MONTH_NAMES = (
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
)


def period_name(kind: str, date_from: dt.date, date_to: dt.date) -> str:
    """Swedish name of the period: "vecka 23 2025", "tertial 2 2025", "2025"."""
    if kind == "week":
        year, week, _day = date_from.isocalendar()
        return _("vecka %(week)d %(year)d") % {"week": week, "year": year}
    if kind == "tertial":
        return _("tertial %(n)d %(year)d") % {
            "n": (date_from.month - 1) // 4 + 1,
            "year": date_from.year,
        }
    return str(date_from.year)


def default_title(kind: str, date_from: dt.date, date_to: dt.date, place: str) -> str:
    name = period_name(kind, date_from, date_to)
    if kind == "week":
        return _("Veckolägesbild %(period)s – %(place)s") % {"period": name, "place": place}
    if kind == "tertial":
        return _("Lägesbild %(period)s – %(place)s") % {"period": name, "place": place}
    return _("Lägesbild %(period)s – %(place)s") % {"period": name, "place": place}
