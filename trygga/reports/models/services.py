"""Services (Open311 request categories) and their attributes (the questions asked)."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from trygga.core.models import TimeStampedModel
from trygga.events.models import EventCategory
from trygga.geography.models import Municipality

DESCRIPTION_MAX_CHARS = 4000  # GeoReport v2: "free form text limited to 4,000 characters"
CODE_VALIDATOR = RegexValidator(
    r"^[A-Za-z0-9][A-Za-z0-9_.-]*$", _("Koden får bara innehålla bokstäver, siffror, _ . och -.")
)


class Service(TimeStampedModel):
    """An Open311 service: a category residents report in, of one municipality.

    Each service is linked to an event category, so every report also counts as an event
    of that category in the situational picture.
    """

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="report_services"
    )
    service_code = models.CharField(_("tjänstekod"), max_length=64, validators=[CODE_VALIDATOR])
    name = models.CharField(_("namn"), max_length=200)
    name_en = models.CharField(_("namn (engelska)"), max_length=200, blank=True)
    description = models.TextField(_("beskrivning"), blank=True)
    keywords = models.CharField(
        _("nyckelord"), max_length=300, blank=True, help_text=_("Kommaseparerade synonymer.")
    )
    group = models.CharField(_("grupp"), max_length=100, blank=True)
    category = models.ForeignKey(
        EventCategory,
        on_delete=models.PROTECT,
        related_name="report_services",
        verbose_name=_("händelsekategori"),
    )
    service_notice = models.TextField(
        _("besked till anmälaren"),
        blank=True,
        help_text=_("Vad som händer med en anmälan i den här kategorin (Open311 service_notice)."),
    )
    is_active = models.BooleanField(_("aktiv"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("ordning"), default=100)

    class Meta:
        ordering = ["municipality", "sort_order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "service_code"], name="service_code_unique_in_municipality"
            )
        ]
        verbose_name = _("felanmälningskategori")
        verbose_name_plural = _("felanmälningskategorier")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.category_id and self.category.municipality_id not in (None, self.municipality_id):
            raise ValidationError({"category": _("Händelsekategorin hör till en annan kommun.")})


class Datatype(models.TextChoices):
    """GeoReport v2's attribute datatypes."""

    STRING = "string", _("Text (en rad)")
    NUMBER = "number", _("Tal")
    DATETIME = "datetime", _("Datum och tid")
    TEXT = "text", _("Text (flera rader)")
    SINGLEVALUELIST = "singlevaluelist", _("Ett val")
    MULTIVALUELIST = "multivaluelist", _("Flera val")


LIST_DATATYPES = frozenset({Datatype.SINGLEVALUELIST, Datatype.MULTIVALUELIST})


class ServiceAttribute(TimeStampedModel):
    """A question of a service's definition (GeoReport v2 `attribute`).

    `values` is the option list of the list datatypes: `[{"key": "...", "name": "..."}]`.
    A non-variable attribute is information shown to the reporter and takes no input.
    """

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="attributes")
    code = models.CharField(_("kod"), max_length=64, validators=[CODE_VALIDATOR])
    datatype = models.CharField(_("datatyp"), max_length=20, choices=Datatype.choices)
    required = models.BooleanField(_("obligatorisk"), default=False)
    variable = models.BooleanField(
        _("kräver svar"), default=True, help_text=_("Av: bara information till anmälaren.")
    )
    order = models.PositiveSmallIntegerField(_("ordning"), validators=[MinValueValidator(1)])
    description = models.CharField(_("fråga"), max_length=500)
    datatype_description = models.CharField(_("hjälptext"), max_length=300, blank=True)
    values = models.JSONField(_("svarsalternativ"), default=list, blank=True)

    class Meta:
        ordering = ["service", "order"]
        constraints = [
            models.UniqueConstraint(fields=["service", "code"], name="attribute_code_unique"),
            models.UniqueConstraint(fields=["service", "order"], name="attribute_order_unique"),
            models.CheckConstraint(
                condition=Q(required=False) | Q(variable=True),
                name="attribute_required_is_variable",
                violation_error_message=_("En obligatorisk fråga måste ta emot svar."),
            ),
        ]
        verbose_name = _("fråga")
        verbose_name_plural = _("frågor")

    def __str__(self) -> str:
        return f"{self.service}: {self.code}"

    def clean(self) -> None:
        if self.datatype in LIST_DATATYPES:
            values = self.values
            if not isinstance(values, list) or not values:
                raise ValidationError({"values": _("En listfråga behöver svarsalternativ.")})
            keys = []
            for value in values:
                if not (
                    isinstance(value, dict)
                    and str(value.get("key", "")).strip()
                    and str(value.get("name", "")).strip()
                ):
                    raise ValidationError(
                        {"values": _("Varje svarsalternativ behöver 'key' och 'name'.")}
                    )
                keys.append(str(value["key"]))
            if len(set(keys)) != len(keys):
                raise ValidationError({"values": _("Svarsalternativens nycklar måste vara unika.")})
        elif self.values:
            raise ValidationError({"values": _("Bara listfrågor har svarsalternativ.")})

    @property
    def value_keys(self) -> list[str]:
        return [str(v["key"]) for v in self.values or []]


def normalise_keywords(value: str) -> str:
    """Keywords as Open311 shows them: comma and space separated, no empty items."""
    return ", ".join(k.strip() for k in re.split(r"[,;]", value) if k.strip())
