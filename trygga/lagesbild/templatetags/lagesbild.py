"""Template filters of the lägesbild documents: counts, ratios and verdicts in Swedish."""

from typing import Any

from django import template
from django.utils.translation import gettext as _

from trygga.analysis import wording
from trygga.lagesbild.assemble import VERDICTS
from trygga.lagesbild.tables import HIDDEN

register = template.Library()


@register.filter
def count(value: Any) -> str:
    """A published count ("1 234"), or ".." when it is suppressed."""
    if value is None:
        return "–"
    if value == HIDDEN:
        return HIDDEN
    return wording.format_decimal(float(value), 0)


@register.filter
def ratio(value: Any) -> str:
    if value is None:
        return "–"
    return wording.format_significant(float(value))


@register.filter
def verdict(code: str | None) -> str:
    return _(VERDICTS[code]) if code in VERDICTS else ""
