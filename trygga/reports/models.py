"""Citizen reports (felanmälan) and what they need: services (Open311 request categories)
with their attributes, the reports themselves, their public status history, internal notes,
routing rules, target times, response templates, Open311 keys, held submissions and the
rate-limit counters.

Personal data lives in two places only: `ReportContact` (the reporter's contact, deleted
by the retention command) and `Report.description` (the original text, shown to staff only;
`public_description` is the redacted copy). `HeldSubmission.payload` holds a refused
submission as it came, for staff, until its own retention ends.
"""

import re
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from trygga.accounts.models import Organisation
from trygga.core.models import TimeStampedModel
from trygga.events.models import Event, EventCategory
from trygga.geography.models import District, Municipality
from trygga.reports.statuses import STATUS_TABLE, Status

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


class Channel(models.TextChoices):
    WEB = "web", _("Webbformulär")
    OPEN311 = "open311", _("Open311-app")
    STAFF = "staff", _("Registrerad av personal")
    WALK = "walk", _("Trygghetsvandring")


class Open311Key(TimeStampedModel):
    """An API key of a third-party app that posts reports through Open311.

    Only a SHA-256 hash of the key is stored (the key is 256 random bits, so a fast hash is
    enough); `prefix` is its first characters, shown in lists so a key can be recognised.
    """

    municipality = models.ForeignKey(
        Municipality,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="open311_keys",
        help_text=_("Tom: nyckeln gäller alla kommuner på servern."),
    )
    name = models.CharField(_("namn"), max_length=200)
    prefix = models.CharField(_("början av nyckeln"), max_length=16)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(_("spärrad"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("senast använd"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("Open311-nyckel")
        verbose_name_plural = _("Open311-nycklar")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class Report(TimeStampedModel):
    """A resident's report (an Open311 service request).

    `service_request_id` is the public id; `tracking_token` is the secret of the tracking
    link and is never shown in a list. `description` is the original text (staff only),
    `public_description` its redacted copy. `lat`/`lon` are empty for a report that gave
    only an address; its event then sits at the municipality's centre with area precision.
    `updated_at` is Open311's updated_datetime; `closed_at` is set when it enters a closed
    status and cleared when it is reopened.
    """

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="reports")
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="reports")
    service_request_id = models.CharField(_("ärendenummer"), max_length=16, unique=True)
    tracking_token = models.CharField(max_length=64, unique=True, editable=False)
    open311_token = models.CharField(max_length=32, unique=True, editable=False)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.RECEIVED
    )
    public_status_note = models.TextField(_("senaste publika kommentar"), blank=True)

    description = models.TextField(
        _("beskrivning (original)"),
        blank=True,
        validators=[MaxLengthValidator(DESCRIPTION_MAX_CHARS)],
    )
    public_description = models.TextField(_("beskrivning (publik)"), blank=True)
    attributes = models.JSONField(_("svar"), default=dict, blank=True)
    public_attributes = models.JSONField(_("svar (publika)"), default=dict, blank=True)

    lat = models.FloatField(_("latitud"), null=True, blank=True)
    lon = models.FloatField(_("longitud"), null=True, blank=True)
    address_string = models.CharField(_("adress"), max_length=300, blank=True)
    address_id = models.CharField(_("adress-id"), max_length=100, blank=True)
    zipcode = models.CharField(_("postnummer"), max_length=20, blank=True)
    district = models.ForeignKey(
        District, null=True, blank=True, on_delete=models.SET_NULL, related_name="reports"
    )

    photo = models.ImageField(_("foto"), upload_to="reports/%Y/%m/", blank=True)
    photo_is_public = models.BooleanField(
        _("foto publicerat"),
        default=False,
        help_text=_("Foton visas publikt först när personal har granskat dem."),
    )
    media_url = models.URLField(_("länk till media"), max_length=500, blank=True)

    responsible_organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reports",
        verbose_name=_("ansvarig organisation"),
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_reports",
        verbose_name=_("handläggare"),
    )
    forwarded_to = models.CharField(_("vidarebefordrad till"), max_length=200, blank=True)
    duplicate_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="duplicates",
        verbose_name=_("dubblett av"),
    )

    requested_at = models.DateTimeField(_("inkommen"), db_index=True)
    expected_at = models.DateTimeField(_("beräknas klar"), null=True, blank=True)
    closed_at = models.DateTimeField(_("avslutad"), null=True, blank=True)

    channel = models.CharField(_("kanal"), max_length=10, choices=Channel.choices)
    open311_key = models.ForeignKey(
        Open311Key, null=True, blank=True, on_delete=models.SET_NULL, related_name="reports"
    )
    event = models.OneToOneField(
        Event, null=True, blank=True, on_delete=models.SET_NULL, related_name="report"
    )

    class Meta:
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(lat__isnull=True) & Q(lon__isnull=True))
                | (Q(lat__gte=-90, lat__lte=90) & Q(lon__gte=-180, lon__lte=180)),
                name="report_coordinates_wgs84_pair",
                violation_error_message=_("Latitud och longitud anges tillsammans, i WGS84."),
            ),
            models.CheckConstraint(
                condition=Q(lat__isnull=False) | ~Q(address_string="") | ~Q(address_id=""),
                name="report_has_location",
                violation_error_message=_("En anmälan behöver en position eller en adress."),
            ),
            models.CheckConstraint(
                condition=(Q(status=Status.DUPLICATE) & Q(duplicate_of__isnull=False))
                | (~Q(status=Status.DUPLICATE) & Q(duplicate_of__isnull=True)),
                name="report_duplicate_has_original",
                violation_error_message=_("En dubblett pekar på sitt original, och bara den."),
            ),
            models.CheckConstraint(
                condition=Q(duplicate_of__isnull=True) | ~Q(duplicate_of=models.F("id")),
                name="report_not_duplicate_of_itself",
                violation_error_message=_("En anmälan kan inte vara dubblett av sig själv."),
            ),
        ]
        indexes = [
            models.Index(fields=["municipality", "status", "requested_at"]),
            models.Index(fields=["municipality", "service", "status"]),
            models.Index(fields=["responsible_organisation", "status"]),
            models.Index(fields=["municipality", "updated_at"]),
            models.Index(fields=["municipality", "lat", "lon"]),
        ]
        verbose_name = _("felanmälan")
        verbose_name_plural = _("felanmälningar")

    def __str__(self) -> str:
        return f"{self.service_request_id} {self.service}"

    @property
    def open311_status(self) -> str:
        return STATUS_TABLE[Status(self.status)].open311

    @property
    def extended_status(self) -> str:
        return STATUS_TABLE[Status(self.status)].extended

    @property
    def is_open(self) -> bool:
        return self.open311_status == "open"

    @property
    def has_point(self) -> bool:
        return self.lat is not None and self.lon is not None


class ReportContact(models.Model):
    """The reporter's contact details: personal data, never public, deleted by retention."""

    report = models.OneToOneField(
        Report, primary_key=True, on_delete=models.CASCADE, related_name="contact"
    )
    email = models.EmailField(_("e-post"), blank=True)
    first_name = models.CharField(_("förnamn"), max_length=100, blank=True)
    last_name = models.CharField(_("efternamn"), max_length=100, blank=True)
    phone = models.CharField(_("telefon"), max_length=40, blank=True)
    device_id = models.CharField(_("enhets-id"), max_length=200, blank=True)
    account_id = models.CharField(_("konto-id"), max_length=200, blank=True)
    wants_updates = models.BooleanField(_("vill ha besked"), default=False)
    language = models.CharField(_("språk"), max_length=8, choices=settings.LANGUAGES, default="sv")

    class Meta:
        verbose_name = _("anmälarens kontaktuppgifter")
        verbose_name_plural = _("anmälarnas kontaktuppgifter")

    def __str__(self) -> str:
        return f"{self.report_id}"

    @property
    def is_empty(self) -> bool:
        return not any(
            (
                self.email,
                self.first_name,
                self.last_name,
                self.phone,
                self.device_id,
                self.account_id,
            )
        )


class UpdateKind(models.TextChoices):
    SUBMITTED = "submitted", _("Inkommen")
    STATUS = "status", _("Statusändring")
    FORWARDED = "forwarded", _("Vidarebefordrad")
    REROUTED = "rerouted", _("Ny ansvarig")
    DUPLICATE = "duplicate", _("Dubblett")


class ReportUpdate(models.Model):
    """One step of a report's public history: what happened, with a public note.

    `note` is public (redacted); `note_original` is the text as staff wrote it. `actor` and
    `note_original` are never public.
    """

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="updates")
    kind = models.CharField(_("typ"), max_length=12, choices=UpdateKind.choices)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    previous_status = models.CharField(
        _("föregående status"), max_length=20, choices=Status.choices, blank=True
    )
    note = models.TextField(_("publik kommentar"), blank=True)
    note_original = models.TextField(_("kommentar (original)"), blank=True)
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("ansvarig efter steget"),
    )
    forwarded_to = models.CharField(_("vidarebefordrad till"), max_length=200, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("tid"), db_index=True)

    class Meta:
        ordering = ["report", "created_at", "id"]
        verbose_name = _("händelse i ärendet")
        verbose_name_plural = _("ärendets historik")

    def __str__(self) -> str:
        return f"{self.report_id} {self.status} {self.created_at:%Y-%m-%d %H:%M}"


class InternalNote(models.Model):
    """A note between staff about a report: never public, never mailed."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="internal_notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(_("anteckning"), validators=[MaxLengthValidator(DESCRIPTION_MAX_CHARS)])
    created_at = models.DateTimeField(_("tid"), auto_now_add=True)

    class Meta:
        ordering = ["report", "created_at", "id"]
        verbose_name = _("intern anteckning")
        verbose_name_plural = _("interna anteckningar")

    def __str__(self) -> str:
        return f"{self.report_id} {self.created_at:%Y-%m-%d %H:%M}"


class RoutingRule(TimeStampedModel):
    """Which organisation gets a report: a service (or any) in an area → organisation.

    The area is a drawn GeoJSON polygon (a housing company's estate, a park), a district,
    or, with neither, the whole municipality. The most specific matching rule wins: a drawn
    area before a district before the whole municipality; at the same level a rule for the
    service before a rule for any service; then the lower `priority`, then the older rule.
    """

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="routing_rules"
    )
    name = models.CharField(_("namn"), max_length=200, blank=True)
    service = models.ForeignKey(
        Service,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="routing_rules",
        help_text=_("Tom: alla kategorier."),
    )
    district = models.ForeignKey(
        District, null=True, blank=True, on_delete=models.CASCADE, related_name="routing_rules"
    )
    area = models.JSONField(_("ritat område (GeoJSON)"), null=True, blank=True)
    area_name = models.CharField(_("områdets namn"), max_length=200, blank=True)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="routing_rules"
    )
    priority = models.PositiveSmallIntegerField(_("prioritet"), default=100)
    is_active = models.BooleanField(_("aktiv"), default=True)

    class Meta:
        ordering = ["municipality", "priority", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(district__isnull=True) | Q(area__isnull=True),
                name="routing_rule_district_or_area",
                violation_error_message=_("Ange en stadsdel eller ett ritat område, inte båda."),
            )
        ]
        verbose_name = _("fördelningsregel")
        verbose_name_plural = _("fördelningsregler")

    def __str__(self) -> str:
        where = self.area_name or (self.district.name if self.district else _("hela kommunen"))
        what = self.service.name if self.service else _("alla kategorier")
        return f"{what} / {where} → {self.organisation}"

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.organisation_id and self.organisation.municipality_id != self.municipality_id:
            errors["organisation"] = _("Organisationen hör till en annan kommun.")
        if self.service is not None and self.service.municipality_id != self.municipality_id:
            errors["service"] = _("Kategorin hör till en annan kommun.")
        if self.district is not None and self.district.municipality_id != self.municipality_id:
            errors["district"] = _("Stadsdelen hör till en annan kommun.")
        if self.area is not None:
            if not isinstance(self.area, dict) or self.area.get("type") not in (
                "Polygon",
                "MultiPolygon",
            ):
                errors["area"] = _("Området måste vara en GeoJSON Polygon eller MultiPolygon.")
            elif not self.area_name:
                errors["area_name"] = _("Ge det ritade området ett namn.")
        if errors:
            raise ValidationError(errors)

    @property
    def level(self) -> str:
        if self.area is not None:
            return "area"
        if self.district_id is not None:
            return "district"
        return "municipality"


class TargetTime(TimeStampedModel):
    """How fast a service's reports should be fixed ("Handslag mot skadegörelse").

    Per service and organisation; an empty organisation is the service's default.
    """

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="target_times")
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="target_times",
        help_text=_("Tom: gäller alla organisationer."),
    )
    hours = models.PositiveIntegerField(_("mål (timmar)"), validators=[MinValueValidator(1)])

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["service", "organisation"], name="target_time_unique_per_organisation"
            ),
            models.UniqueConstraint(
                fields=["service"],
                condition=Q(organisation__isnull=True),
                name="target_time_one_default_per_service",
            ),
        ]
        verbose_name = _("måltid")
        verbose_name_plural = _("måltider")

    def __str__(self) -> str:
        return f"{self.service}: {self.hours} h"


class ResponseTemplate(TimeStampedModel):
    """A ready-made public answer, optionally with the status it sets."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="response_templates"
    )
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="response_templates",
        help_text=_("Tom: för alla organisationer."),
    )
    service = models.ForeignKey(
        Service,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="response_templates",
        help_text=_("Tom: för alla kategorier."),
    )
    title = models.CharField(_("rubrik"), max_length=200)
    text = models.TextField(_("svar"), validators=[MaxLengthValidator(DESCRIPTION_MAX_CHARS)])
    status = models.CharField(
        _("sätter status"),
        max_length=20,
        choices=Status.choices,
        blank=True,
        help_text=_("Tom: statusen ändras inte."),
    )
    is_active = models.BooleanField(_("aktiv"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("ordning"), default=100)

    class Meta:
        ordering = ["municipality", "sort_order", "title"]
        verbose_name = _("svarsmall")
        verbose_name_plural = _("svarsmallar")

    def __str__(self) -> str:
        return self.title


class HeldReason(models.TextChoices):
    RATE_LIMITED = "rate_limited", _("För många anmälningar från samma avsändare")
    FAILED = "failed", _("Ett steg i mottagandet misslyckades")


class HeldResolution(models.TextChoices):
    RELEASED = "released", _("Registrerad som anmälan")
    DISCARDED = "discarded", _("Kasserad")


class HeldSubmission(models.Model):
    """A submission a limit or a failing step refused, kept as it came so nothing is lost.

    Staff (coordinators) see these, and can register one as a report or discard it. The
    retention command deletes them after HELD_SUBMISSION_RETENTION_DAYS.
    """

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="held_submissions"
    )
    channel = models.CharField(_("kanal"), max_length=10, choices=Channel.choices)
    reason = models.CharField(_("orsak"), max_length=20, choices=HeldReason.choices)
    error = models.TextField(_("fel"), blank=True)
    payload = models.JSONField(_("inskickade uppgifter"), default=dict)
    photo = models.FileField(_("foto"), upload_to="held/%Y/%m/", blank=True)
    client_hash = models.CharField(max_length=64, blank=True)
    open311_key = models.ForeignKey(
        Open311Key, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("mottagen"), auto_now_add=True, db_index=True)
    resolution = models.CharField(
        _("hantering"), max_length=10, choices=HeldResolution.choices, blank=True
    )
    resolved_at = models.DateTimeField(_("hanterad"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    report = models.ForeignKey(
        Report, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("spärrad inlämning")
        verbose_name_plural = _("spärrade inlämningar")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.get_reason_display()}"


class RateCounter(models.Model):
    """Submissions per client and fixed time window (see trygga.reports.ratelimit)."""

    scope = models.CharField(max_length=32)
    client_hash = models.CharField(max_length=64)
    window_start = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["scope", "client_hash", "window_start"], name="rate_counter_unique"
            )
        ]
        indexes = [models.Index(fields=["window_start"])]

    def __str__(self) -> str:
        return f"{self.scope} {self.client_hash[:8]} {self.window_start:%H:%M} {self.count}"


def normalise_keywords(value: str) -> str:
    """Keywords as Open311 shows them: comma and space separated, no empty items."""
    return ", ".join(k.strip() for k in re.split(r"[,;]", value) if k.strip())
