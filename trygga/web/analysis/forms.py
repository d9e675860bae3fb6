"""The analysis page's filters, read from the query string (GET).

Districts, categories and sources are given by code, as in the API and `trygga analyse`, so
a page's address, its API link and its command line say the same thing. Every error is
attached to the field it concerns.
"""

import datetime as dt
from typing import Any, cast

from django import forms
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trygga.events.selectors import categories_for, sources_for
from trygga.events.statistics import BASELINES, PERIODS
from trygga.geography.models import Municipality
from trygga.geography.selectors import districts_of
from trygga.web.forms import AccessibleFormMixin

PERIOD_LABELS = {
    "week": _("ISO-vecka"),
    "month": _("Månad"),
    "tertial": _("Tertial"),
    "year": _("År"),
}
BASELINE_LABELS = {
    "previous": _("Närmast föregående perioder"),
    "same_period": _("Samma period tidigare år"),
}
# The API's caps: a page must answer in seconds.
RESOLUTIONS = (7, 8, 9, 10)
K_VALUES = (1, 2, 3)
MAX_YEARS = 10


def default_dates(today: dt.date) -> tuple[dt.date, dt.date]:
    """The last twelve months: from the first day of the month a year ago up to today."""
    return dt.date(today.year - 1, today.month, 1), today


class AnalysisForm(AccessibleFormMixin, forms.Form):
    date_from = forms.DateField(
        label=_("Från och med"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    date_to = forms.DateField(
        label=_("Till och med"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    period = forms.ChoiceField(label=_("Period"), required=False)
    baseline = forms.ChoiceField(label=_("Jämför med"), required=False)
    n = forms.IntegerField(
        label=_("Antal jämförelseperioder"),
        required=False,
        min_value=1,
        max_value=12,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    district = forms.ChoiceField(label=_("Stadsdel"), required=False)
    source = forms.ChoiceField(label=_("Källa"), required=False)
    category = forms.MultipleChoiceField(
        label=_("Kategorier"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Ingen vald: alla kategorier. Trenden visas för varje vald kategori."),
    )
    resolution = forms.TypedChoiceField(
        label=_("Cellstorlek (H3-upplösning)"), required=False, coerce=int, empty_value=None
    )
    k = forms.TypedChoiceField(
        label=_("Grannskap (k-ring)"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, data: Any, *, municipality: Municipality) -> None:
        super().__init__(data)
        self.municipality = municipality
        self.today = timezone.localdate()
        self._choices("period").choices = [(p, PERIOD_LABELS[p]) for p in PERIODS]
        self._choices("baseline").choices = [(b, BASELINE_LABELS[b]) for b in reversed(BASELINES)]
        self._choices("district").choices = [("", _("Alla stadsdelar"))] + [
            (d.code, d.name) for d in districts_of(municipality)
        ]
        self._choices("source").choices = [("", _("Alla källor"))] + [
            (s.code, s.name) for s in sources_for(municipality)
        ]
        # A municipality's own category wins over a shared one of the same code, as in
        # statistics.resolve_query.
        names: dict[str, str] = {}
        for category in sorted(
            categories_for(municipality), key=lambda c: c.municipality_id is not None
        ):
            names[category.code] = category.name
        self.category_names = names
        ordered = [c.code for c in categories_for(municipality)]
        self._choices("category").choices = [(code, names[code]) for code in dict.fromkeys(ordered)]
        self._choices("resolution").choices = [
            (r, _("%(r)s (ca %(m)s m tvärs över)") % {"r": r, "m": _ACROSS[r]}) for r in RESOLUTIONS
        ]
        self._choices("k").choices = [(k, str(k)) for k in K_VALUES]
        start, end = default_dates(self.today)
        self.initial_values = {
            "date_from": start,
            "date_to": end,
            "period": "month",
            "baseline": "previous",
            "n": 3,
            "resolution": min(max(municipality.h3_resolution, RESOLUTIONS[0]), RESOLUTIONS[-1]),
            "k": 1,
        }
        for name, value in self.initial_values.items():
            self.fields[name].initial = value
        if data is not None and not any(data.get(name) for name in self.fields):
            # The first visit: show the defaults in the inputs.
            self.data = {
                name: value.isoformat() if isinstance(value, dt.date) else str(value)
                for name, value in self.initial_values.items()
            }

    def _choices(self, name: str) -> forms.ChoiceField:
        return cast(forms.ChoiceField, self.fields[name])

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for name, value in self.initial_values.items():
            if cleaned.get(name) in (None, ""):
                cleaned[name] = value
        start, end = cleaned["date_from"], cleaned["date_to"]
        if end < start:
            self.add_error("date_to", _("Slutdatumet får inte vara före startdatumet."))
        elif (end - start).days > MAX_YEARS * 366:
            self.add_error(
                "date_from",
                _("Välj högst %(n)s år åt gången.") % {"n": MAX_YEARS},
            )
        if start > self.today:
            self.add_error("date_from", _("Startdatumet får inte ligga i framtiden."))
        return cleaned

    def selected_categories(self) -> list[str]:
        return list(self.cleaned_data.get("category") or [])

    def query_string(self, **changes: Any) -> str:
        """The cleaned filters as a query string (for links and the map's JSON)."""
        query = QueryDict(mutable=True)
        for name in ("date_from", "date_to", "period", "baseline", "n", "district", "source"):
            value = changes.get(name, self.cleaned_data.get(name))
            if value not in (None, ""):
                query[name] = value.isoformat() if isinstance(value, dt.date) else str(value)
        query.setlist("category", self.selected_categories())
        for name in ("resolution", "k"):
            value = changes.get(name, self.cleaned_data.get(name))
            if value is not None:
                query[name] = str(value)
        return query.urlencode()


# An H3 hexagon's width (twice the mean edge length), rounded, for the resolution choices.
_ACROSS = {7: "2 400", 8: "920", 9: "350", 10: "130"}
