"""Measures (åtgärder) and what hangs on them: budget per year, dated follow-ups with
attachments, and the partners' comments."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from trygga.accounts.models import Organisation
from trygga.core.models import TimeStampedModel
from trygga.geography.models import District
from trygga.plans.models.structure import ActionPlan, Cause, Phase, Problem


class MeasureKind(models.TextChoices):
    SITUATIONAL = "situational", _("Situationell")
    SOCIAL = "social", _("Social")


class Horizon(models.TextChoices):
    SHORT = "short", _("Kort sikt")
    LONG = "long", _("Lång sikt")


class MeasureStatus(models.TextChoices):
    PLANNED = "planned", _("Planerad")
    ONGOING = "ongoing", _("Pågår")
    PAUSED = "paused", _("Pausad")
    DONE = "done", _("Genomförd")
    CANCELLED = "cancelled", _("Avbruten")


class Gender(models.TextChoices):
    ALL = "all", _("Alla")
    GIRLS = "girls", _("Flickor och kvinnor")
    BOYS = "boys", _("Pojkar och män")


class Measure(TimeStampedModel):
    """One measure of a plan, or one commitment of a citizen promise."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="measures")
    order = models.PositiveSmallIntegerField(_("ordning"), default=1)
    title = models.CharField(_("rubrik"), max_length=200)
    description = models.TextField(_("beskrivning"), blank=True)
    kind = models.CharField(_("typ"), max_length=12, choices=MeasureKind.choices)
    horizon = models.CharField(_("sikt"), max_length=6, choices=Horizon.choices)
    owner = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="measures_owned",
        verbose_name=_("ansvarig organisation"),
    )
    responsible = models.CharField(
        _("ansvarig person"),
        max_length=200,
        blank=True,
        help_text=_("Namn eller funktion. Visas bara för inloggade, aldrig offentligt."),
    )
    partners = models.ManyToManyField(
        Organisation,
        blank=True,
        related_name="measures_as_partner",
        verbose_name=_("samverkansparter"),
    )
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("slut"), null=True, blank=True)
    districts = models.ManyToManyField(
        District,
        blank=True,
        related_name="measures",
        verbose_name=_("stadsdelar"),
        help_text=_("Inga valda: hela kommunen."),
    )
    age_from = models.PositiveSmallIntegerField(_("ålder från"), null=True, blank=True)
    age_to = models.PositiveSmallIntegerField(_("ålder till"), null=True, blank=True)
    gender = models.CharField(_("kön"), max_length=6, choices=Gender.choices, default=Gender.ALL)
    target_group = models.CharField(
        _("målgrupp"),
        max_length=200,
        blank=True,
        help_text=_("Till exempel: unga i högstadiet, boende, föräldrar."),
    )
    problems = models.ManyToManyField(
        Problem, blank=True, related_name="measures", verbose_name=_("problem som åtgärden möter")
    )
    causes = models.ManyToManyField(
        Cause, blank=True, related_name="measures", verbose_name=_("orsaker som åtgärden möter")
    )
    phase = models.ForeignKey(
        Phase,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="measures",
        verbose_name=_("fas i den långsiktiga modellen"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=MeasureStatus.choices, default=MeasureStatus.PLANNED
    )
    is_public = models.BooleanField(
        _("offentlig"),
        default=False,
        help_text=_(
            "Rubrik, beskrivning, status, pengar och indikatorer visas på kommunens "
            "offentliga sida. Skriv inga namn eller andra personuppgifter i beskrivningen."
        ),
    )

    class Meta:
        ordering = ["plan", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="measure_period_not_reversed",
                violation_error_message=_("Slutdatumet får inte vara före startdatumet."),
            ),
            models.CheckConstraint(
                condition=Q(age_to__isnull=True)
                | Q(age_from__isnull=True)
                | Q(age_to__gte=F("age_from")),
                name="measure_ages_not_reversed",
                violation_error_message=_("Åldern till får inte vara lägre än åldern från."),
            ),
        ]
        verbose_name = _("åtgärd")
        verbose_name_plural = _("åtgärder")

    def __str__(self) -> str:
        return self.title


class BudgetLine(models.Model):
    """The money of one measure in one year, in SEK: planned and (so far) spent."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="budget")
    year = models.PositiveSmallIntegerField(_("år"))
    planned = models.DecimalField(_("budget (kr)"), max_digits=14, decimal_places=0, default=0)
    spent = models.DecimalField(
        _("använt (kr)"), max_digits=14, decimal_places=0, null=True, blank=True
    )

    class Meta:
        ordering = ["measure", "year"]
        constraints = [
            models.UniqueConstraint(fields=["measure", "year"], name="budget_line_one_per_year"),
            models.CheckConstraint(
                condition=Q(planned__gte=0) & (Q(spent__isnull=True) | Q(spent__gte=0)),
                name="budget_line_not_negative",
                violation_error_message=_("Belopp får inte vara negativa."),
            ),
        ]
        verbose_name = _("budgetrad")
        verbose_name_plural = _("budget")

    def __str__(self) -> str:
        return f"{self.measure} {self.year}"


class FollowUp(TimeStampedModel):
    """A dated status update of a measure: what was done, and the status it left."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="followups")
    date = models.DateField(_("datum"))
    text = models.TextField(_("vad som gjorts och resultat"))
    status = models.CharField(_("status efter uppföljningen"), max_length=10, blank=True)
    is_public = models.BooleanField(
        _("offentlig"),
        default=False,
        help_text=_("Visas på den offentliga sidan om åtgärden är offentlig."),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    author_label = models.CharField(_("skriven av"), max_length=200)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["measure", "-date", "-pk"]
        verbose_name = _("uppföljning")
        verbose_name_plural = _("uppföljningar")

    def __str__(self) -> str:
        return f"{self.measure} {self.date}"

    @property
    def status_label(self) -> str:
        return str(MeasureStatus(self.status).label) if self.status else ""


class Attachment(TimeStampedModel):
    """A file attached to a follow-up; served only through an access-checked view."""

    followup = models.ForeignKey(FollowUp, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("fil"), upload_to="plans/%Y/%m/")
    name = models.CharField(_("filnamn"), max_length=200)
    content_type = models.CharField(_("filtyp"), max_length=100)
    size = models.PositiveIntegerField(_("storlek (byte)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["followup", "pk"]
        verbose_name = _("bilaga")
        verbose_name_plural = _("bilagor")

    def __str__(self) -> str:
        return self.name


class Comment(TimeStampedModel):
    """A partner's comment on a measure (never public)."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="comments")
    text = models.TextField(_("kommentar"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    author_label = models.CharField(_("skriven av"), max_length=200)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["measure", "created_at", "pk"]
        verbose_name = _("kommentar")
        verbose_name_plural = _("kommentarer")

    def __str__(self) -> str:
        return f"{self.measure}: {self.text[:40]}"
