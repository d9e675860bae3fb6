"""Forms of the residents' report pages: the report form, with a service's attributes
rendered by datatype. The staff's forms are in `staff_forms`.

The forms check what a person can correct on the page and name the field; the rules
themselves (answers to attributes, photo checks, allowed status moves) are the core's, and
a refusal from an action is put back on the field it names (`add_action_errors`).
"""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import formats
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

from trygga.reports.attributes import clean_attributes
from trygga.reports.models import (
    DESCRIPTION_MAX_CHARS,
    Datatype,
    Service,
    ServiceAttribute,
)
from trygga.reports.photos import ACCEPTED_FORMATS, MAX_PIXELS, max_bytes
from trygga.web.forms import AccessibleFormMixin, LocationField

ATTRIBUTE_PREFIX = "attr_"
PHOTO_TYPES = "image/jpeg,image/png,image/webp"
# Radio buttons up to this many options (one tap each on a phone), a select above.
MAX_RADIOS = 6


def attribute_field_name(code: str) -> str:
    return f"{ATTRIBUTE_PREFIX}{code}"


def _attribute_field(attribute: ServiceAttribute) -> forms.Field:
    """A form field for one variable attribute, by its GeoReport v2 datatype."""
    options: dict[str, Any] = {
        "label": attribute.description,
        "required": attribute.required,
        "help_text": attribute.datatype_description,
        "error_messages": {"required": _("Frågan måste besvaras.")},
    }
    kind = attribute.datatype
    if kind in (Datatype.SINGLEVALUELIST, Datatype.MULTIVALUELIST):
        choices = [(str(v["key"]), str(v["name"])) for v in attribute.values or []]
        if kind == Datatype.MULTIVALUELIST:
            return forms.MultipleChoiceField(
                choices=choices, widget=forms.CheckboxSelectMultiple, **options
            )
        if len(choices) <= MAX_RADIOS:
            return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **options)
        return forms.ChoiceField(choices=[("", _("Välj")), *choices], **options)
    if kind == Datatype.NUMBER:
        widget: forms.Widget = forms.TextInput(attrs={"inputmode": "decimal"})
    elif kind == Datatype.DATETIME:
        widget = forms.DateTimeInput(attrs={"type": "datetime-local"})
    elif kind == Datatype.TEXT:
        widget = forms.Textarea(attrs={"rows": 3, "maxlength": DESCRIPTION_MAX_CHARS})
    else:
        widget = forms.TextInput(attrs={"maxlength": 500})
    return forms.CharField(widget=widget, strip=True, **options)


class ReportForm(AccessibleFormMixin, forms.Form):
    """A resident's report of one service: where, what, optional photo and contact.

    A point (map or GPS) or an address is needed, not both: the map needs JavaScript, and a
    person without it writes where. `join` carries the number of a nearby open report the
    person chose to follow instead of filing a new one; `nearby_checked` and `nearby_seen`
    say which nearby reports the page has already offered (by script or by the server).
    """

    location = LocationField(label=_("Plats på kartan"), required=False)
    address_string = forms.CharField(
        label=_("Adress eller plats"),
        required=False,
        max_length=300,
        help_text=_("Till exempel gatuadress, hållplats, skola eller park."),
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )
    description = forms.CharField(
        label=_("Beskriv felet"),
        required=False,
        max_length=DESCRIPTION_MAX_CHARS,
        help_text=_(
            "Vad är trasigt eller otryggt, och exakt var? Skriv inte namn, telefonnummer "
            "eller personnummer: beskrivningen visas publikt."
        ),
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": DESCRIPTION_MAX_CHARS}),
    )
    photo = forms.FileField(
        label=_("Foto"),
        required=False,
        help_text=_(
            "JPEG, PNG eller WebP, högst %(mb)d MB. Platsuppgifter och annan information "
            "i bildfilen tas bort."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": PHOTO_TYPES}),
    )
    email = forms.EmailField(
        label=_("E-post"),
        required=False,
        max_length=254,
        help_text=_("Du får ett mejl när ärendet får ny status."),
        error_messages={"invalid": _("E-postadressen ser inte rätt ut, t.ex. namn@exempel.se.")},
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    name = forms.CharField(
        label=_("Namn"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    phone = forms.CharField(
        label=_("Telefon"),
        required=False,
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel", "type": "tel"}),
    )
    join = forms.CharField(required=False, max_length=16, widget=forms.HiddenInput)
    nearby_checked = forms.CharField(required=False, max_length=1, widget=forms.HiddenInput)
    nearby_seen = forms.CharField(required=False, max_length=2000, widget=forms.HiddenInput)

    def __init__(self, data: Any = None, files: Any = None, *, service: Service) -> None:
        super().__init__(data, files)
        self.service = service
        self.photo_limit = max_bytes()
        self.fields["photo"].help_text = str(self.fields["photo"].help_text) % {
            "mb": self.photo_limit // 2**20
        }
        # A person who follows a nearby report answers nothing more: that report's answers
        # stand in for theirs (see the view).
        self.joining = bool(data is not None and str(data.get("join") or "").strip())
        self.attributes = list(service.attributes.all())
        for attribute in self.attributes:
            if attribute.variable:
                field = _attribute_field(attribute)
                field.required = field.required and not self.joining
                self.fields[attribute_field_name(attribute.code)] = field

    def attribute_items(self) -> list[tuple[ServiceAttribute, forms.BoundField | None]]:
        """The service's questions in order, each with its field (None: information only)."""
        return [
            (a, self[attribute_field_name(a.code)] if a.variable else None) for a in self.attributes
        ]

    def clean_photo(self) -> Any:
        upload = self.cleaned_data.get("photo")
        if not upload:
            return None
        if upload.size is not None and upload.size > self.photo_limit:
            raise ValidationError(
                _("Fotot är för stort: %(size)s MB. Högst %(mb)d MB.")
                % {
                    "size": formats.number_format(round(upload.size / 2**20, 1), decimal_pos=1),
                    "mb": self.photo_limit // 2**20,
                }
            )
        # A cheap look at the header only; the core decodes and re-encodes it on submission.
        try:
            upload.seek(0)
            with Image.open(upload) as image:
                kind, pixels = image.format, image.width * image.height
        except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as exc:
            raise ValidationError(
                _("Filen %(name)s är ingen bild. Välj ett foto i JPEG, PNG eller WebP.")
                % {"name": upload.name}
            ) from exc
        finally:
            upload.seek(0)
        if kind not in ACCEPTED_FORMATS:
            raise ValidationError(
                _("Bildformatet %(kind)s tas inte emot. Välj ett foto i JPEG, PNG eller WebP.")
                % {"kind": kind}
            )
        if pixels > MAX_PIXELS:
            raise ValidationError(_("Fotot har för många pixlar. Välj en mindre bild."))
        return upload

    def clean_join(self) -> str:
        return str(self.cleaned_data.get("join") or "").strip().upper()

    def seen_ids(self) -> set[str]:
        raw = str(self.data.get("nearby_seen") or "")
        return {part.strip().upper() for part in raw.split(",") if part.strip()}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        joining = bool(cleaned.get("join"))
        if (
            not cleaned.get("location")
            and not cleaned.get("address_string")
            and "location" not in self.errors
        ):
            self.add_error(
                "location",
                _("Välj platsen: tryck på kartan, använd din position eller skriv en adress."),
            )
        if not joining and not cleaned.get("description"):
            self.add_error("description", _("Beskriv felet med några ord."))
        names = [attribute_field_name(a.code) for a in self.attributes if a.variable]
        if not any(name in self.errors for name in names):
            raw = {name[len(ATTRIBUTE_PREFIX) :]: cleaned.get(name) for name in names}
            if self.joining:
                # Checked by the core once the followed report's answers fill the gaps.
                cleaned["attributes"] = {k: v for k, v in raw.items() if v not in (None, "", [])}
                return cleaned
            try:
                cleaned["attributes"] = clean_attributes(self.service, raw)
            except ValidationError as exc:
                add_action_errors(self, exc)
        return cleaned

    def contact(self) -> dict[str, str]:
        """The contact fields as `submit_report` takes them; the name is split at its last
        space into first and last name."""
        name = (self.cleaned_data.get("name") or "").strip()
        first, _space, last = name.rpartition(" ")
        if not first:
            first, last = last, ""
        return {
            "email": self.cleaned_data.get("email") or "",
            "first_name": first,
            "last_name": last,
            "phone": (self.cleaned_data.get("phone") or "").strip(),
        }

    def held_payload(self) -> dict[str, Any]:
        """What the person sent, in `submit_report`'s argument names, for `hold_submission`."""
        data = self.data
        location = self.cleaned_data.get("location") if hasattr(self, "cleaned_data") else None
        lon, lat = location if location else (None, None)
        return {
            "service_code": self.service.service_code,
            "description": str(data.get("description", ""))[:DESCRIPTION_MAX_CHARS],
            "lat": lat,
            "lon": lon,
            "address_string": str(data.get("address_string", ""))[:300],
            "attributes": self.cleaned_data.get("attributes", {}),
            **self.contact(),
            "wants_updates": bool(self.cleaned_data.get("email")),
        }


# Where an action's error on a model or argument name belongs on the form.
ACTION_ERROR_FIELDS = {
    "lat": "location",
    "lon": "location",
    "long": "location",
    "location": "location",
    "first_name": "name",
    "last_name": "name",
    "service_code": None,
    "join": None,
}


def add_action_errors(
    form: forms.Form, exc: ValidationError, fields: dict[str, str | None] | None = None
) -> None:
    """Put an action's refusal next to the field it names (`attribute[code]` on the
    question's field), and anything else at the top of the form."""
    mapping = {**ACTION_ERROR_FIELDS, **(fields or {})}
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc.messages)
        return
    for name, errors in exc.message_dict.items():
        if name.startswith("attribute[") and name.endswith("]"):
            target: str | None = attribute_field_name(name[len("attribute[") : -1])
        else:
            target = mapping.get(name, name)
        if target is not None and target in form.fields:
            form.add_error(target, errors)
        else:
            form.add_error(None, errors)
