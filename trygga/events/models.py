"""Event categories, sources and events (händelser).

An event has a time or a time window, a location with its precision, its district and H3
cell (assigned at ingest), a category, a source and reporter, free text and a
confidentiality level. Police-feed events carry an area centroid, never a point: they get
no district and no cell.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from trygga.accounts.models import Organisation
from trygga.core.models import TimeStampedModel
from trygga.events.querysets import EventQuerySet
from trygga.geography.models import County, District, Municipality


class EventCategory(TimeStampedModel):
    """A category of the taxonomy: shared (municipality empty) or a municipality's own."""

    municipality = models.ForeignKey(
        Municipality,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="event_categories",
        help_text=_("Tom för den gemensamma taxonomin."),
    )
    code = models.SlugField(_("kod"), max_length=50)
    name = models.CharField(_("namn"), max_length=100)
    name_en = models.CharField(_("namn (engelska)"), max_length=100, blank=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    is_active = models.BooleanField(_("aktiv"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("ordning"), default=100)

    class Meta:
        ordering = ["sort_order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "code"], name="category_code_unique_in_municipality"
            ),
            models.UniqueConstraint(
                fields=["code"],
                condition=Q(municipality__isnull=True),
                name="shared_category_code_unique",
            ),
        ]
        verbose_name = _("händelsekategori")
        verbose_name_plural = _("händelsekategorier")

    def __str__(self) -> str:
        return self.name


class SourceKind(models.TextChoices):
    FIELD = "field", _("Fältrapport")
    FILE_IMPORT = "file_import", _("Filimport")
    POLICE_FEED = "police_feed", _("Polisens händelser")
    CITIZEN_REPORT = "citizen_report", _("Felanmälan")
    API = "api", _("API")


class EventSource(TimeStampedModel):
    """Where events come from: the field form, the police feed, an organisation's log."""

    code = models.SlugField(_("kod"), max_length=80, unique=True)
    name = models.CharField(_("namn"), max_length=200)
    kind = models.CharField(_("typ"), max_length=20, choices=SourceKind.choices)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="sources"
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("källa")
        verbose_name_plural = _("källor")

    def __str__(self) -> str:
        return self.name


class Precision(models.TextChoices):
    POINT = "point", _("Exakt punkt")
    ADDRESS = "address", _("Adress")
    AREA = "area", _("Områdets mittpunkt")


class AreaLevel(models.TextChoices):
    NONE = "", _("–")
    DISTRICT = "district", _("Stadsdel")
    MUNICIPALITY = "municipality", _("Kommun")
    COUNTY = "county", _("Län")


class Confidentiality(models.TextChoices):
    """Who may read an event; docs/security.md gives the full model."""

    OPEN = "open", _("Öppen (får ingå i publik statistik)")
    PARTNERS = "partners", _("Samverkanspartner")
    RESTRICTED = "restricted", _("Begränsad (egen organisation och samordnare)")


class Event(TimeStampedModel):
    municipality = models.ForeignKey(
        Municipality,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="events",
        help_text=_("Tom när händelsen bara är känd på länsnivå."),
    )
    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="events")
    category = models.ForeignKey(EventCategory, on_delete=models.PROTECT, related_name="events")
    source = models.ForeignKey(EventSource, on_delete=models.PROTECT, related_name="events")
    external_id = models.CharField(_("externt id"), max_length=100, blank=True)
    external_type = models.CharField(_("typ hos källan"), max_length=100, blank=True)
    external_url = models.CharField(_("länk hos källan"), max_length=300, blank=True)

    occurred_from = models.DateTimeField(_("inträffade (från)"))
    occurred_to = models.DateTimeField(_("inträffade (till)"), null=True, blank=True)
    iso_year = models.PositiveSmallIntegerField(editable=False)
    iso_week = models.PositiveSmallIntegerField(editable=False)
    published_at = models.DateTimeField(_("publicerad hos källan"), null=True, blank=True)

    precision = models.CharField(_("lägesprecision"), max_length=10, choices=Precision.choices)
    area_level = models.CharField(
        _("områdesnivå"), max_length=15, choices=AreaLevel.choices, blank=True, default=""
    )
    area_name = models.CharField(_("område"), max_length=100, blank=True)
    lon = models.FloatField(_("longitud"))
    lat = models.FloatField(_("latitud"))
    address = models.CharField(_("adress"), max_length=200, blank=True)
    district = models.ForeignKey(
        District, null=True, blank=True, on_delete=models.SET_NULL, related_name="events"
    )
    h3_cell = models.BigIntegerField(_("H3-cell"), null=True, blank=True)

    description = models.TextField(_("beskrivning"), blank=True)
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
        verbose_name=_("rapporterande organisation"),
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reported_events",
    )
    confidentiality = models.CharField(
        _("sekretessnivå"),
        max_length=12,
        choices=Confidentiality.choices,
        default=Confidentiality.PARTNERS,
    )

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_from", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "external_id"],
                condition=~Q(external_id=""),
                name="event_external_id_unique_per_source",
            ),
            models.CheckConstraint(
                condition=Q(occurred_to__isnull=True)
                | Q(occurred_to__gte=models.F("occurred_from")),
                name="event_window_ordered",
                violation_error_message=_("Sluttiden får inte vara före starttiden."),
            ),
            models.CheckConstraint(
                condition=~Q(precision="area") | ~Q(area_level=""),
                name="event_area_has_level",
                violation_error_message=_("En områdesplacering måste ange områdesnivå."),
            ),
            models.CheckConstraint(
                condition=Q(precision="area") | Q(municipality__isnull=False),
                name="event_point_has_municipality",
                violation_error_message=_("En punkt måste ligga i en kommun."),
            ),
            models.CheckConstraint(
                condition=Q(lon__gte=-180, lon__lte=180, lat__gte=-90, lat__lte=90),
                name="event_coordinates_wgs84",
                violation_error_message=_("Koordinaterna måste vara WGS84."),
            ),
        ]
        indexes = [
            models.Index(fields=["municipality", "occurred_from"]),
            models.Index(fields=["municipality", "category", "occurred_from"]),
            models.Index(fields=["district", "occurred_from"]),
            models.Index(fields=["municipality", "iso_year", "iso_week"]),
            models.Index(fields=["county", "occurred_from"]),
            models.Index(fields=["h3_cell"]),
        ]
        verbose_name = _("händelse")
        verbose_name_plural = _("händelser")

    def __str__(self) -> str:
        return f"{self.category} {self.occurred_from:%Y-%m-%d %H:%M}"

    @property
    def is_window(self) -> bool:
        return self.occurred_to is not None and self.occurred_to != self.occurred_from
