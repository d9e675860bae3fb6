"""Organisations (the actors of the brief), and people's memberships with a role."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from trygga.core.models import TimeStampedModel
from trygga.geography.models import Municipality


class OrganisationKind(models.TextChoices):
    MUNICIPAL_DEPARTMENT = "municipal_department", _("Kommunal förvaltning")
    MUNICIPAL_COMPANY = "municipal_company", _("Kommunalt bolag")
    POLICE = "police", _("Polis")
    HOUSING_COMPANY = "housing_company", _("Bostadsbolag/fastighetsägare")
    UTILITY = "utility", _("Energi-, vatten- eller avfallsbolag")
    ASSOCIATION = "association", _("Förening/civilsamhälle")
    SECURITY_FIRM = "security_firm", _("Bevakningsföretag")
    REGION = "region", _("Region")
    SCHOOL = "school", _("Skola")
    BUSINESS = "business", _("Näringsliv")
    OTHER_AUTHORITY = "other_authority", _("Annan myndighet")


class Organisation(TimeStampedModel):
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="organisations"
    )
    name = models.CharField(_("namn"), max_length=200)
    short_name = models.CharField(_("kortnamn"), max_length=50, blank=True)
    kind = models.CharField(_("typ"), max_length=30, choices=OrganisationKind.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="units"
    )
    is_active = models.BooleanField(_("aktiv"), default=True)

    class Meta:
        ordering = ["municipality", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "name"], name="organisation_name_unique_in_municipality"
            )
        ]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisationer")

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    """Ordered from most to least privileged; docs/security.md gives what each may do."""

    ADMINISTRATOR = "administrator", _("Administratör")
    COORDINATOR = "coordinator", _("Samordnare/analytiker")
    REPORTER = "reporter", _("Rapportör")
    VIEWER = "viewer", _("Läsare")


class Membership(TimeStampedModel):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("roll"), max_length=20, choices=Role.choices)
    is_active = models.BooleanField(_("aktiv"), default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="membership_unique")
        ]
        verbose_name = _("medlemskap")
        verbose_name_plural = _("medlemskap")

    def __str__(self) -> str:
        return f"{self.user} – {self.organisation} ({self.get_role_display()})"
