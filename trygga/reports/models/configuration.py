"""A municipality's configuration of reports: routing rules, target times, response
templates."""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from trygga.accounts.models import Organisation
from trygga.core.models import TimeStampedModel
from trygga.geography.models import District, Municipality
from trygga.reports.models.services import DESCRIPTION_MAX_CHARS, Service
from trygga.reports.statuses import Status


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
