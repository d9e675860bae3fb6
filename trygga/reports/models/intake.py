"""What protects intake: held submissions (kept when a limit refuses them) and rate
counters."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from trygga.geography.models import Municipality
from trygga.reports.models.reports import Channel, Open311Key, Report


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
