"""Reports, their reporters' contact (personal data), public history and internal notes,
and the Open311 keys of the apps that post them."""

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from trygga.accounts.models import Organisation
from trygga.core.models import TimeStampedModel
from trygga.events.models import Event
from trygga.geography.models import District, Municipality
from trygga.reports.models.services import DESCRIPTION_MAX_CHARS, Service
from trygga.reports.statuses import STATUS_TABLE, Status


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
