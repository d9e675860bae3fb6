"""Counties, municipalities, districts and named places.

Geometries are stored as GeoJSON geometry objects in JSON columns, so SQLite and PostgreSQL
share one code path; shapely reads them and `spatial.PointAssigner` does the point work.
"""

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from trygga.core.models import TimeStampedModel


class County(TimeStampedModel):
    """A Swedish county (län), the area of the police feed's county-level events."""

    code = models.CharField(
        _("länskod"), max_length=2, unique=True, validators=[RegexValidator(r"^\d{2}$")]
    )
    name = models.CharField(_("namn"), max_length=100, unique=True)
    boundary = models.JSONField(_("gräns (GeoJSON)"), null=True, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("län")
        verbose_name_plural = _("län")

    def __str__(self) -> str:
        return self.name


class Municipality(TimeStampedModel):
    """A municipality (kommun), identified by its SCB code (Eskilstuna 0484).

    Every Swedish municipality can exist as reference geography (the police feed names
    them all); `is_active` marks the ones that run Trygga, with users and categories.
    """

    code = models.CharField(
        _("kommunkod"), max_length=4, unique=True, validators=[RegexValidator(r"^\d{4}$")]
    )
    name = models.CharField(_("namn"), max_length=100)
    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="municipalities")
    boundary = models.JSONField(_("gräns (GeoJSON)"))
    h3_resolution = models.PositiveSmallIntegerField(
        _("H3-upplösning"),
        default=9,
        validators=[MinValueValidator(5), MaxValueValidator(12)],
        help_text=_("Rutnätets upplösning för hot spots (9 ≈ 0,1 km² per cell)."),
    )
    population = models.PositiveIntegerField(_("folkmängd"), null=True, blank=True)
    is_active = models.BooleanField(_("använder Trygga"), default=False)
    geometry_version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("kommun")
        verbose_name_plural = _("kommuner")

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class District(TimeStampedModel):
    """A district (stadsdel) of a municipality, with population for rates."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="districts"
    )
    code = models.SlugField(_("kod"), max_length=50)
    name = models.CharField(_("namn"), max_length=100)
    boundary = models.JSONField(_("gräns (GeoJSON)"))
    boundary_is_approximate = models.BooleanField(_("ungefärlig gräns"), default=False)
    boundary_source = models.CharField(_("gränsens källa"), max_length=300, blank=True)
    population = models.PositiveIntegerField(_("folkmängd"), null=True, blank=True)
    population_year = models.PositiveSmallIntegerField(_("folkmängd år"), null=True, blank=True)
    is_priority = models.BooleanField(_("prioriterad stadsdel"), default=False)

    class Meta:
        ordering = ["municipality", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "code"], name="district_code_unique_in_municipality"
            )
        ]
        verbose_name = _("stadsdel")
        verbose_name_plural = _("stadsdelar")

    def __str__(self) -> str:
        return self.name


class PlaceKind(models.TextChoices):
    SCHOOL = "school", _("Skola")
    SQUARE = "square", _("Torg")
    PARK = "park", _("Park")
    CAMERA = "camera", _("Kameraplats")
    STATION = "station", _("Station/hållplats")
    SHOPPING = "shopping", _("Handel")
    YOUTH_CENTRE = "youth_centre", _("Fritidsgård")
    SPORTS = "sports", _("Idrottsplats")
    OTHER = "other", _("Annan plats")


class Place(TimeStampedModel):
    """A named place: a school, a square, a park, a camera site."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="places")
    district = models.ForeignKey(
        District, null=True, blank=True, on_delete=models.SET_NULL, related_name="places"
    )
    name = models.CharField(_("namn"), max_length=200)
    kind = models.CharField(_("typ"), max_length=20, choices=PlaceKind.choices)
    lon = models.FloatField(_("longitud"))
    lat = models.FloatField(_("latitud"))

    class Meta:
        ordering = ["municipality", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "name", "kind"], name="place_unique_name_kind"
            )
        ]
        verbose_name = _("plats")
        verbose_name_plural = _("platser")

    def __str__(self) -> str:
        return self.name
