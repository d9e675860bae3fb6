"""The lägesbild, its prioritised problems and its approved (frozen) versions.

A `Lagesbild` is the working copy: a municipality (or one district), a kind (weekly EST,
tertial, yearly statutory) and a period, the analyst's written parts, and the generated
figures of both audiences as last built (`content`). Approval copies the working copy into
a `LagesbildVersion` that can never change: the figures are stored with it, so later events,
new boundaries or a changed method never alter an approved version.
"""

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from trygga.core.models import TimeStampedModel
from trygga.events.models import EventCategory
from trygga.geography.models import District, Municipality


class Kind(models.TextChoices):
    WEEK = "week", _("Veckolägesbild (EST)")
    TERTIAL = "tertial", _("Tertiallägesbild")
    YEAR = "year", _("Årlig lägesbild (lag 2023:196)")


class Status(models.TextChoices):
    DRAFT = "draft", _("Utkast")
    APPROVED = "approved", _("Fastställd")


class Audience(models.TextChoices):
    PARTNER = "partner", _("Samverkansversion")
    PUBLIC = "public", _("Offentlig version")


class Lagesbild(TimeStampedModel):
    """One situational picture of one period; the working copy of its next version."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="lagesbilder"
    )
    district = models.ForeignKey(
        District,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="lagesbilder",
        verbose_name=_("stadsdel"),
        help_text=_("Tom: hela kommunen."),
    )
    kind = models.CharField(_("slag"), max_length=10, choices=Kind.choices)
    date_from = models.DateField(_("från och med"))
    date_to = models.DateField(_("till och med"))
    title = models.CharField(_("rubrik"), max_length=200)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    # The analyst's written parts (lag 2023:196 § 4): consequences belong to the survey (1),
    # other information to (2), the assessment with its causes to the analysis (3).
    consequences = models.TextField(_("konsekvenser"), blank=True)
    other_information = models.TextField(_("annan information av betydelse"), blank=True)
    assessment = models.TextField(_("analys och bedömning"), blank=True)
    public_summary = models.TextField(
        _("sammanfattning för allmänheten"),
        blank=True,
        help_text=_(
            "Den enda text som visas i den offentliga versionen. Skriv inga namn, adresser "
            "eller andra uppgifter som kan peka ut en person."
        ),
    )
    content = models.JSONField(_("genererade delar"), null=True, blank=True, editable=False)
    built_at = models.DateTimeField(_("siffrorna hämtade"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-date_from", "kind", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(date_to__gte=F("date_from")),
                name="lagesbild_period_not_reversed",
                violation_error_message=_("Slutdatumet får inte vara före startdatumet."),
            ),
            models.UniqueConstraint(
                fields=["municipality", "kind", "date_from"],
                condition=Q(district__isnull=True),
                name="lagesbild_one_per_municipality_period",
                violation_error_message=_("Det finns redan en lägesbild för den perioden."),
            ),
            models.UniqueConstraint(
                fields=["municipality", "district", "kind", "date_from"],
                condition=Q(district__isnull=False),
                name="lagesbild_one_per_district_period",
                violation_error_message=_("Det finns redan en lägesbild för den perioden."),
            ),
        ]
        verbose_name = _("lägesbild")
        verbose_name_plural = _("lägesbilder")

    def __str__(self) -> str:
        return self.title


class Problem(TimeStampedModel):
    """A prioritised problem with its cause analysis (Brå: the crime triangle and a cause tree).

    `category` and `district` tie the problem to the generated figures; `causes` is the cause
    tree as text, one cause per line, two spaces of indentation per level below the top.
    """

    lagesbild = models.ForeignKey(Lagesbild, on_delete=models.CASCADE, related_name="problems")
    order = models.PositiveSmallIntegerField(_("ordning"), default=1)
    title = models.CharField(_("problem"), max_length=200)
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
    description = models.TextField(_("beskrivning och konsekvenser"), blank=True)
    offender = models.TextField(_("gärningsperson"), blank=True)
    target = models.TextField(_("offer eller mål"), blank=True)
    place = models.TextField(_("plats och tid"), blank=True)
    guardians = models.TextField(_("skydd som saknas"), blank=True)
    causes = models.TextField(_("orsaksträd"), blank=True)

    class Meta:
        ordering = ["lagesbild", "order", "pk"]
        verbose_name = _("prioriterat problem")
        verbose_name_plural = _("prioriterade problem")

    def __str__(self) -> str:
        return self.title


class LagesbildVersion(models.Model):
    """An approved version: frozen. The model refuses updates and deletes, like audit rows."""

    lagesbild = models.ForeignKey(Lagesbild, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    approved_at = models.DateTimeField(_("fastställd (tidpunkt)"), auto_now_add=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_by_label = models.CharField(_("fastställd av"), max_length=200)
    body = models.CharField(_("beslutande organ"), max_length=200)
    decision_date = models.DateField(_("beslutsdatum"))
    decision_reference = models.CharField(
        _("paragraf eller diarienummer"), max_length=100, blank=True
    )
    built_at = models.DateTimeField(_("siffrorna hämtade"))
    content = models.JSONField(_("genererade delar"))
    written = models.JSONField(_("skrivna delar"))

    class Meta:
        ordering = ["lagesbild", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["lagesbild", "number"], name="lagesbild_version_unique")
        ]
        verbose_name = _("fastställd version")
        verbose_name_plural = _("fastställda versioner")

    def __str__(self) -> str:
        return f"{self.lagesbild} v{self.number}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("an approved version is frozen")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("an approved version is frozen")
