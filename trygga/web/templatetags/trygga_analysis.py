"""Number filters of the analysis page: figures as the analysis engine words them."""

from typing import Any

from django import template
from django.template.defaultfilters import floatformat
from django.utils.translation import gettext as _

from trygga.analysis import wording

register = template.Library()


@register.filter
def figure(value: Any, decimals: int = 1) -> str:
    """A number with a decimal comma, or a dash when there is none."""
    if value is None or (isinstance(value, float) and value != value):
        return "–"
    return str(floatformat(value, int(decimals)))


@register.filter
def significant(value: Any) -> str:
    """Two significant digits, as the change sentences give ratios (0,36; 1,9; 15)."""
    if value is None:
        return "–"
    number = float(value)
    if number == float("inf"):
        return "∞"
    return wording.format_significant(number)


@register.filter
def pvalue(value: Any) -> str:
    """A p- or q-value as the change sentences give it ("= 0,03", "< 0,001")."""
    if value is None:
        return _("ingår ej")
    return wording.format_p_relation(float(value))
