"""Forms of the staff pages: the event filters (list and map) and the field form that logs
an event. Choices come from the selectors, so a form never offers another municipality's
districts, categories or sources."""

from datetime import datetime, timedelta
from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trygga.accounts.models import Organisation
from trygga.events.models import Confidentiality, EventCategory, EventSource
from trygga.events.selectors import EventFilter, categories_for, sources_for
from trygga.geography.models import District, Municipality
from trygga.geography.selectors import districts_of

# A phone's clock may run a little ahead of the server's.
FUTURE_SLACK = timedelta(minutes=10)
DATETIME_LOCAL = "%Y-%m-%dT%H:%M"


class AccessibleFormMixin:
    """Marks invalid inputs with aria-invalid and ties them to their error and help text."""

    fields: dict[str, forms.Field]
    errors: Any

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        for name in self.errors:
            field = self.fields.get(name)
            if field is None:
                continue
            bound = self[name]  # type: ignore[index]
            described = [f"{bound.auto_id}_error"]
            if field.help_text:
                described.append(f"{bound.auto_id}_helptext")
            field.widget.attrs["aria-invalid"] = "true"
            field.widget.attrs["aria-describedby"] = " ".join(described)


def _choice_field(form: forms.Form, name: str) -> forms.ModelChoiceField:
    return cast(forms.ModelChoiceField, form.fields[name])


class EventFilterForm(AccessibleFormMixin, forms.Form):
    """The filters of the list and the map, read from the query string (GET)."""

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
    district = forms.ModelChoiceField(
        label=_("Stadsdel"), queryset=District.objects.none(), required=False
    )
    category = forms.ModelChoiceField(
        label=_("Kategori"), queryset=EventCategory.objects.none(), required=False
    )
    source = forms.ModelChoiceField(
        label=_("Källa"), queryset=EventSource.objects.none(), required=False
    )

    def __init__(self, data: Any, *, municipality: Municipality) -> None:
        super().__init__(data)
        district = _choice_field(self, "district")
        category = _choice_field(self, "category")
        source = _choice_field(self, "source")
        district.queryset = districts_of(municipality)
        district.empty_label = _("Alla stadsdelar")
        category.queryset = categories_for(municipality)
        category.empty_label = _("Alla kategorier")
        source.queryset = sources_for(municipality)
        source.empty_label = _("Alla källor")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("Slutdatumet får inte vara före startdatumet."))
        return cleaned

    def event_filter(self) -> EventFilter:
        """The selectors' filter; call after is_valid()."""
        data = self.cleaned_data
        return EventFilter(
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            district_id=data["district"].pk if data.get("district") else None,
            category_id=data["category"].pk if data.get("category") else None,
            source_id=data["source"].pk if data.get("source") else None,
        )


class LocationWidget(forms.MultiWidget):
    """The picked point as two hidden inputs, `location_lat` and `location_lon`; the map
    script fills them."""

    def __init__(self) -> None:
        super().__init__(widgets={"lat": forms.HiddenInput, "lon": forms.HiddenInput})

    def decompress(self, value: Any) -> list[Any]:
        if value:
            lon, lat = value
            return [lat, lon]
        return [None, None]


class LocationField(forms.MultiValueField):
    """A WGS84 point from the map picker, cleaned to (lon, lat)."""

    widget = LocationWidget

    def __init__(self, **kwargs: Any) -> None:
        message = _("Välj platsen: tryck på kartan eller använd din position.")
        fields = (
            forms.FloatField(min_value=-90, max_value=90, error_messages={"required": message}),
            forms.FloatField(min_value=-180, max_value=180, error_messages={"required": message}),
        )
        super().__init__(
            fields=fields,
            require_all_fields=True,
            error_messages={"required": message, "incomplete": message},
            **kwargs,
        )

    def compress(self, data_list: list[Any]) -> tuple[float, float] | None:
        if not data_list:
            return None
        lat, lon = data_list
        return (lon, lat)


def _now_local_minute() -> datetime:
    return timezone.localtime().replace(second=0, microsecond=0)


class EventForm(AccessibleFormMixin, forms.Form):
    """The field form: what happened, when, where; used on a phone."""

    category = forms.ModelChoiceField(
        label=_("Kategori"),
        queryset=EventCategory.objects.none(),
        empty_label=_("Välj kategori"),
    )
    occurred_from = forms.DateTimeField(
        label=_("När"),
        initial=_now_local_minute,
        help_text=_("Nu, om du inte ändrar. För ett tidsfönster: när det tidigast kan ha hänt."),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_LOCAL),
    )
    occurred_to = forms.DateTimeField(
        label=_("Till"),
        required=False,
        help_text=_(
            "Bara för ett tidsfönster, till exempel mellan fredag kväll och måndag morgon."
        ),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_LOCAL),
    )
    location = LocationField(label=_("Plats"))
    address = forms.CharField(
        label=_("Adress eller plats"),
        required=False,
        max_length=200,
        help_text=_("Till exempel gatuadress, skola eller torg."),
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )
    description = forms.CharField(
        label=_("Beskrivning"),
        required=False,
        max_length=4000,
        help_text=_("Vad hände? Skriv inte namn eller personnummer."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    confidentiality = forms.ChoiceField(
        label=_("Vem får läsa händelsen"),
        choices=Confidentiality.choices,
        initial=Confidentiality.PARTNERS,
        widget=forms.RadioSelect,
    )
    organisation = forms.ModelChoiceField(
        label=_("Rapporterar för"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=None,
    )

    def __init__(
        self,
        data: Any = None,
        *,
        municipality: Municipality,
        organisations: list[Organisation],
    ) -> None:
        super().__init__(data)
        _choice_field(self, "category").queryset = categories_for(municipality)
        organisation = _choice_field(self, "organisation")
        if len(organisations) > 1:
            organisation.queryset = Organisation.objects.filter(
                pk__in=[org.pk for org in organisations]
            ).order_by("name")
            organisation.required = True
        else:
            # One organisation (or none, for a superuser): the action picks it.
            del self.fields["organisation"]

    def clean_occurred_from(self) -> datetime:
        value: datetime = self.cleaned_data["occurred_from"]
        if value > timezone.now() + FUTURE_SLACK:
            raise forms.ValidationError(_("Tiden får inte ligga i framtiden."))
        return value

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("occurred_from"), cleaned.get("occurred_to")
        if start and end and end < start:
            self.add_error("occurred_to", _("Sluttiden får inte vara före starttiden."))
        return cleaned
