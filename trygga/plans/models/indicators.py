"""Indicators of a measure: unit, baseline (nollmätning), target and source.

An indicator is computed from Trygga's own data (events counted or as a rate in an area and
category, or the time to fix citizen reports) and then updates itself, or entered by hand
as dated values, each with who entered it and when. `trygga.plans.indicators` computes the
values; nothing computed is stored here.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from trygga.core.models import TimeStampedModel
from trygga.events.models import EventCategory
from trygga.geography.models import District
from trygga.plans.models.measures import Measure
from trygga.reports.models import Service


class IndicatorSource(models.TextChoices):
    EVENT_COUNT = "event_count", _("Antal händelser (Trygga)")
    EVENT_RATE = "event_rate", _("Händelser per 1 000 invånare (Trygga)")
    FIX_TIME = "fix_time", _("Tid till åtgärdad felanmälan (Trygga)")
    MANUAL = "manual", _("Inmatade värden")


class IndicatorArea(models.TextChoices):
    MUNICIPALITY = "municipality", _("Hela kommunen")
    PRIORITY = "priority", _("De prioriterade stadsdelarna tillsammans")
    DISTRICT = "district", _("En stadsdel")


class Direction(models.TextChoices):
    DECREASE = "decrease", _("Lägre är bättre")
    INCREASE = "increase", _("Högre är bättre")


class TrendPeriod(models.TextChoices):
    MONTH = "month", _("Månad")
    TERTIAL = "tertial", _("Tertial")
    YEAR = "year", _("År")


class Indicator(TimeStampedModel):
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="indicators")
    order = models.PositiveSmallIntegerField(_("ordning"), default=1)
    name = models.CharField(_("indikator"), max_length=200)
    unit = models.CharField(
        _("enhet"), max_length=60, help_text=_("Till exempel: händelser, timmar, procent.")
    )
    source = models.CharField(_("källa"), max_length=12, choices=IndicatorSource.choices)
    source_note = models.CharField(
        _("källa (text)"),
        max_length=200,
        blank=True,
        help_text=_("För inmatade värden: var siffrorna kommer ifrån (t.ex. trygghetsmätningen)."),
    )
    category = models.ForeignKey(
        EventCategory,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("händelsekategori"),
        help_text=_("Tom: alla kategorier."),
    )
    area = models.CharField(
        _("område"),
        max_length=12,
        choices=IndicatorArea.choices,
        default=IndicatorArea.MUNICIPALITY,
    )
    district = models.ForeignKey(
        District,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("stadsdel"),
    )
    service = models.ForeignKey(
        Service,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("typ av felanmälan"),
        help_text=_("Tom: alla typer."),
    )
    baseline_from = models.DateField(_("nollmätning från"), null=True, blank=True)
    baseline_to = models.DateField(_("nollmätning till"), null=True, blank=True)
    baseline_value = models.DecimalField(
        _("nollmätningens värde"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Bara för inmatade värden; Tryggas egna indikatorer räknar den själva."),
    )
    target_value = models.DecimalField(_("mål"), max_digits=14, decimal_places=2)
    target_date = models.DateField(_("målet ska nås"), null=True, blank=True)
    direction = models.CharField(
        _("riktning"), max_length=10, choices=Direction.choices, default=Direction.DECREASE
    )
    trend_period = models.CharField(
        _("trend per"), max_length=8, choices=TrendPeriod.choices, default=TrendPeriod.MONTH
    )
    is_public = models.BooleanField(_("offentlig"), default=True)

    class Meta:
        ordering = ["measure", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(baseline_to__isnull=True)
                | Q(baseline_from__isnull=True)
                | Q(baseline_to__gte=F("baseline_from")),
                name="indicator_baseline_not_reversed",
                violation_error_message=_("Nollmätningens slut får inte vara före dess start."),
            ),
            models.CheckConstraint(
                condition=~Q(area="district") | Q(district__isnull=False),
                name="indicator_district_named",
                violation_error_message=_("Välj stadsdelen."),
            ),
        ]
        verbose_name = _("indikator")
        verbose_name_plural = _("indikatorer")

    def __str__(self) -> str:
        return self.name

    @property
    def is_computed(self) -> bool:
        return self.source != IndicatorSource.MANUAL


class IndicatorValue(models.Model):
    """A value entered by hand, with who entered it and when."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    date = models.DateField(_("avser datum"))
    value = models.DecimalField(_("värde"), max_digits=14, decimal_places=2)
    note = models.CharField(_("kommentar"), max_length=300, blank=True)
    entered_at = models.DateTimeField(_("inmatat"), auto_now_add=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    entered_by_label = models.CharField(_("inmatat av"), max_length=200)

    class Meta:
        ordering = ["indicator", "date", "pk"]
        verbose_name = _("indikatorvärde")
        verbose_name_plural = _("indikatorvärden")

    def __str__(self) -> str:
        return f"{self.indicator} {self.date}: {self.value}"
