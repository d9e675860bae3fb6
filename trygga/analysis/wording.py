"""Swedish number formatting and every user-facing sentence of the analysis engine.

The analysis package may not import Django, so the sentences are plain templates marked
with `gettext_noop` (which `makemessages` extracts) and translated at run time through a
`gettext`-like callable that the caller passes in (identity by default, giving Swedish).
Keeping them all here means a translator finds them in one file, and a template is always
a whole sentence: never glued together from fragments that a translation could not
reorder.
"""

from __future__ import annotations

import math
from collections.abc import Callable

Translate = Callable[[str], str]

NBSP = "\u00a0"
MINUS = "\u2212"


def gettext_noop(message: str) -> str:
    """Mark a template for extraction without translating it (Django's name for this)."""
    return message


def identity(message: str) -> str:
    """The default translation: the Swedish source text itself."""
    return message


# Change against a baseline (trygga.analysis.change.describe_change).
INCREASE_SURE = gettext_noop(
    "{subject} ökade från i snitt {baseline} till {observed} {unit} ({bracket}). "
    "Ökningen är statistiskt säker även när {n_tests} jämförelser görs samtidigt (q {q})."
)
DECREASE_SURE = gettext_noop(
    "{subject} minskade från i snitt {baseline} till {observed} {unit} ({bracket}). "
    "Minskningen är statistiskt säker även när {n_tests} jämförelser görs samtidigt (q {q})."
)
INCREASE_SURE_SINGLE = gettext_noop(
    "{subject} ökade från i snitt {baseline} till {observed} {unit} ({bracket}). "
    "Ökningen är statistiskt säker (p {p})."
)
DECREASE_SURE_SINGLE = gettext_noop(
    "{subject} minskade från i snitt {baseline} till {observed} {unit} ({bracket}). "
    "Minskningen är statistiskt säker (p {p})."
)
NO_CHANGE = gettext_noop(
    "{subject}: {observed} {unit} mot i snitt {baseline} tidigare ({bracket}). "
    "Ingen säker förändring när {n_tests} jämförelser görs samtidigt (q {q})."
)
NO_CHANGE_SINGLE = gettext_noop(
    "{subject}: {observed} {unit} mot i snitt {baseline} tidigare ({bracket}). "
    "Ingen säker förändring (p {p})."
)
TOO_FEW = gettext_noop(
    "{subject}: för få händelser för att säga något (nu {observed}, i snitt {baseline} "
    "{unit} tidigare)."
)
RATIO_BRACKET = gettext_noop("kvot {ratio}; {confidence}{nbsp}% KI {low}–{high}")
RATIO_BRACKET_FROM_ZERO = gettext_noop(
    "inga händelser under jämförelseperioden; kvoten är minst {low} med {confidence}{nbsp}% "
    "säkerhet"
)

# Counts and rates (trygga.analysis.rates).
ROW_PRIORITY = gettext_noop("Prioriterade stadsdelar tillsammans")
ROW_REST = gettext_noop("Övriga kommunen")
ROW_TOTAL = gettext_noop("Hela kommunen")
SIGNAL_NOTE = gettext_noop(
    "Polisens händelser är en signal, inte ett mått på brottsligheten: platsen är en "
    "områdesmittpunkt och händelserna är en liten del av brotten. Därför visas antal, "
    "inte takter."
)

# Small-count protection (trygga.analysis.suppression).
SUPPRESSED = gettext_noop("..")
COARSE = gettext_noop("<{k}")


def format_decimal(value: float, decimals: int = 1) -> str:
    """`4.2` -> `"4,2"`, `1234.5` -> `"1 234,5"` (no-break space), whole numbers without decimals.

    A value that rounds to a whole number at the requested precision is shown without
    decimals only when it *is* whole (an observed count of 11), so `4.0` as a mean stays
    `"4,0"`; pass `decimals=0` for counts.
    """
    if math.isnan(value):
        return "–"
    if math.isinf(value):
        return "∞" if value > 0 else MINUS + "∞"
    text = f"{value:,.{decimals}f}" if decimals > 0 else f"{round(value):,d}"
    text = text.replace(",", NBSP).replace(".", ",")
    return text.replace("-", MINUS)


def format_count_or_mean(value: float) -> str:
    """A whole number as an integer ("11"), anything else with one decimal ("4,2")."""
    if math.isfinite(value) and float(value).is_integer():
        return format_decimal(value, 0)
    return format_decimal(value, 1)


def format_significant(value: float, digits: int = 2) -> str:
    """Two significant digits for ratios: 2.63 -> "2,6", 0.0543 -> "0,054", 14.8 -> "15"."""
    if not math.isfinite(value) or value == 0:
        return format_decimal(value, 0) if value == 0 else format_decimal(value)
    magnitude = math.floor(math.log10(abs(value)))
    decimals = max(0, digits - 1 - magnitude)
    rounded = round(value, decimals)
    # 9.96 rounds to 10.0: one decimal fewer keeps two significant digits.
    if rounded != 0 and math.floor(math.log10(abs(rounded))) > magnitude:
        decimals = max(0, decimals - 1)
    return format_decimal(rounded, decimals)


def format_p(value: float) -> str:
    """A p- or q-value: "0,003", "0,41", "< 0,001"."""
    if math.isnan(value):
        return "–"
    if value < 0.001:
        return "<" + NBSP + format_decimal(0.001, 3)
    if value < 0.01:
        return format_decimal(value, 3)
    return format_decimal(value, 2)


def format_p_relation(value: float) -> str:
    """A p- or q-value with its relation, for "(q {q})": "= 0,003" or "< 0,001"."""
    text = format_p(value)
    return text if text.startswith("<") else "=" + NBSP + text


def format_percent(level: float) -> str:
    """0.95 -> "95", 0.9 -> "90", 0.995 -> "99,5"."""
    percent = round(level * 100, 1)
    return format_decimal(percent, 0 if percent.is_integer() else 1)
