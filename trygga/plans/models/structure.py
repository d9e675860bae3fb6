"""The plan itself: the long-term model and its phases, the action plan (or citizen promise)
with its frozen adopted versions, and the problems taken from a lägesbild with their causes.

An `ActionPlan` is the working copy, like a lägesbild's: measures are added and changed on
it, and adoption by a named body on a date freezes everything into an `ActionPlanVersion`
(a JSON snapshot that refuses updates and deletes), so a later change never alters what was
decided. A citizen promise (medborgarlöfte) is the same model with `kind = promise`: its
commitments are measures, its parties the police and the municipality.
"""

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from trygga.accounts.models import Organisation
from trygga.core.models import TimeStampedModel
from trygga.events.models import EventCategory
from trygga.geography.models import District, Municipality
from trygga.lagesbild.models import Lagesbild, LagesbildVersion
from trygga.lagesbild.models import Problem as LagesbildProblem


class LongTermModel(TimeStampedModel):
    """A municipality's long-term model, such as "Orten bortom våldet" (18 years, three
    phases). Each municipality names its own model and phases; none is built in."""

    municipality = models.OneToOneField(
        Municipality, on_delete=models.CASCADE, related_name="long_term_model"
    )
    name = models.CharField(_("namn"), max_length=200)
    description = models.TextField(_("beskrivning"), blank=True)
    start_year = models.PositiveSmallIntegerField(_("första året"))
    end_year = models.PositiveSmallIntegerField(_("sista året"))

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__gte=F("start_year")),
                name="long_term_model_years_not_reversed",
                violation_error_message=_("Sista året får inte vara före det första."),
            )
        ]
        verbose_name = _("långsiktig modell")
        verbose_name_plural = _("långsiktiga modeller")

    def __str__(self) -> str:
        return self.name


class Phase(models.Model):
    model = models.ForeignKey(LongTermModel, on_delete=models.CASCADE, related_name="phases")
    number = models.PositiveSmallIntegerField(_("fas"))
    name = models.CharField(_("namn"), max_length=200)
    description = models.TextField(_("beskrivning"), blank=True)
    start_year = models.PositiveSmallIntegerField(_("från år"))
    end_year = models.PositiveSmallIntegerField(_("till år"))

    class Meta:
        ordering = ["model", "number"]
        constraints = [
            models.UniqueConstraint(fields=["model", "number"], name="phase_number_unique"),
            models.CheckConstraint(
                condition=Q(end_year__gte=F("start_year")),
                name="phase_years_not_reversed",
                violation_error_message=_("Fasens sista år får inte vara före dess första."),
            ),
        ]
        verbose_name = _("fas")
        verbose_name_plural = _("faser")

    def __str__(self) -> str:
        return _("Fas %(n)s: %(name)s") % {"n": self.number, "name": self.name}


class PlanKind(models.TextChoices):
    PLAN = "plan", _("Åtgärdsplan")
    PROMISE = "promise", _("Medborgarlöfte")


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Utkast")
    ADOPTED = "adopted", _("Antagen")


class ActionPlan(TimeStampedModel):
    """The working copy of an action plan or a citizen promise."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="action_plans"
    )
    kind = models.CharField(_("slag"), max_length=10, choices=PlanKind.choices)
    title = models.CharField(_("rubrik"), max_length=200)
    lagesbild = models.ForeignKey(
        Lagesbild,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="action_plans",
        verbose_name=_("lägesbild"),
        help_text=_("Lägesbilden som planen bygger på."),
    )
    date_from = models.DateField(_("gäller från"))
    date_to = models.DateField(_("gäller till"))
    summary = models.TextField(
        _("sammanfattning"),
        blank=True,
        help_text=_("Visas på den offentliga sidan om planen är offentlig."),
    )
    parties = models.ManyToManyField(
        Organisation,
        blank=True,
        related_name="plans_as_party",
        verbose_name=_("parter"),
        help_text=_("Medborgarlöfte: polisen och kommunen. Åtgärdsplan: de som står bakom."),
    )
    is_public = models.BooleanField(
        _("offentlig"),
        default=False,
        help_text=_("Antagna versioner och åtgärder markerade som offentliga visas för alla."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["municipality", "-date_from", "kind", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(date_to__gte=F("date_from")),
                name="action_plan_period_not_reversed",
                violation_error_message=_("Slutdatumet får inte vara före startdatumet."),
            )
        ]
        verbose_name = _("åtgärdsplan")
        verbose_name_plural = _("åtgärdsplaner")

    def __str__(self) -> str:
        return self.title


class ActionPlanVersion(models.Model):
    """An adopted version: the plan as decided, frozen. Refuses updates and deletes."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    body = models.CharField(_("beslutande organ"), max_length=200)
    decision_date = models.DateField(_("beslutsdatum"))
    decision_reference = models.CharField(
        _("paragraf eller diarienummer"), max_length=100, blank=True
    )
    adopted_at = models.DateTimeField(_("registrerad"), auto_now_add=True)
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    adopted_by_label = models.CharField(_("registrerad av"), max_length=200)
    lagesbild_version = models.ForeignKey(
        LagesbildVersion,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("lägesbildens version"),
    )
    snapshot = models.JSONField(_("planen som den antogs"))
    changes = models.JSONField(_("ändringar sedan förra versionen"), default=list, blank=True)

    class Meta:
        ordering = ["plan", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="action_plan_version_unique")
        ]
        verbose_name = _("antagen version")
        verbose_name_plural = _("antagna versioner")

    def __str__(self) -> str:
        return f"{self.plan} v{self.number}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("an adopted version is frozen")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("an adopted version is frozen")


class Problem(TimeStampedModel):
    """A problem the plan answers, taken from a lägesbild: a category in a place and a
    period, with the lägesbild's figures copied at the time, and the crime triangle."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="problems")
    order = models.PositiveSmallIntegerField(_("ordning"), default=1)
    title = models.CharField(_("problem"), max_length=200)
    lagesbild = models.ForeignKey(
        Lagesbild,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("från lägesbild"),
    )
    lagesbild_version = models.PositiveSmallIntegerField(
        _("lägesbildens version"), null=True, blank=True
    )
    source_problem = models.ForeignKey(
        LagesbildProblem,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("lägesbildens problem"),
    )
    category = models.ForeignKey(
        EventCategory,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("kategori"),
    )
    district = models.ForeignKey(
        District,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("stadsdel"),
    )
    date_from = models.DateField(_("period från"), null=True, blank=True)
    date_to = models.DateField(_("period till"), null=True, blank=True)
    figures = models.JSONField(_("lägesbildens siffror"), null=True, blank=True)
    description = models.TextField(_("beskrivning och konsekvenser"), blank=True)
    offender = models.TextField(_("gärningsperson"), blank=True)
    target = models.TextField(_("offer eller mål"), blank=True)
    place = models.TextField(_("plats och tid"), blank=True)
    guardians = models.TextField(_("skydd som saknas"), blank=True)

    class Meta:
        ordering = ["plan", "order", "pk"]
        verbose_name = _("problem")
        verbose_name_plural = _("problem")

    def __str__(self) -> str:
        return self.title


class CauseKind(models.TextChoices):
    SITUATIONAL = "situational", _("Situationell orsak")
    SOCIAL = "social", _("Social orsak")


class Cause(models.Model):
    """One node of a problem's cause tree; `parent` None for the causes right below it."""

    problem = models.ForeignKey(Problem, on_delete=models.CASCADE, related_name="causes")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    kind = models.CharField(_("slag"), max_length=12, choices=CauseKind.choices)
    text = models.CharField(_("orsak"), max_length=300)
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)

    class Meta:
        ordering = ["problem", "kind", "order", "pk"]
        verbose_name = _("orsak")
        verbose_name_plural = _("orsaker")

    def __str__(self) -> str:
        return self.text
