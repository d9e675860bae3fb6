"""AuditEvent: one append-only row per change or protected read."""

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    MUNICIPALITY_IMPORTED = "municipality.imported", _("Kommun importerad")
    DISTRICTS_IMPORTED = "districts.imported", _("Stadsdelar importerade")
    PLACE_CREATED = "place.created", _("Plats skapad")
    ORGANISATION_CREATED = "organisation.created", _("Organisation skapad")
    MEMBERSHIP_CREATED = "membership.created", _("Medlemskap skapat")
    EVENT_CREATED = "event.created", _("Händelse loggad")
    EVENT_UPDATED = "event.updated", _("Händelse ändrad")
    EVENT_VIEWED = "event.viewed", _("Händelse läst")
    EVENTS_IMPORTED = "events.imported", _("Händelser importerade")
    DEMO_LOADED = "demo.loaded", _("Demokommun laddad")
    REPORT_SUBMITTED = "report.submitted", _("Felanmälan inkommen")
    REPORT_STATUS_CHANGED = "report.status_changed", _("Felanmälan fick ny status")
    REPORT_FORWARDED = "report.forwarded", _("Felanmälan vidarebefordrad")
    REPORT_REROUTED = "report.rerouted", _("Felanmälan fick ny ansvarig")
    REPORT_ASSIGNED = "report.assigned", _("Felanmälan tilldelad")
    REPORT_DUPLICATE_MARKED = "report.duplicate_marked", _("Felanmälan markerad som dubblett")
    REPORT_NOTE_ADDED = "report.note_added", _("Intern anteckning skriven")
    REPORT_PHOTO_VISIBILITY = "report.photo_visibility", _("Fotots synlighet ändrad")
    REPORT_CONTACT_VIEWED = "report.contact_viewed", _("Anmälarens kontaktuppgifter lästa")
    REPORTS_PURGED = "reports.purged", _("Felanmälningsuppgifter gallrade")
    REPORTS_CONFIGURED = "reports.configured", _("Felanmälan konfigurerad")
    SUBMISSION_HELD = "submission.held", _("Inlämning spärrad och sparad")
    SUBMISSION_RESOLVED = "submission.resolved", _("Spärrad inlämning hanterad")
    OPEN311_KEY_CREATED = "open311_key.created", _("Open311-nyckel skapad")
    OPEN311_KEY_REVOKED = "open311_key.revoked", _("Open311-nyckel spärrad")
    # The lägesbild (trygga.lagesbild).
    LAGESBILD_CREATED = "lagesbild.created", _("Lägesbild skapad")
    LAGESBILD_UPDATED = "lagesbild.updated", _("Lägesbild ändrad")
    LAGESBILD_REFRESHED = "lagesbild.refreshed", _("Lägesbildens siffror uppdaterade")
    LAGESBILD_APPROVED = "lagesbild.approved", _("Lägesbild fastställd")


class AuditEvent(models.Model):
    """Append-only: the model refuses updates and deletes, and the admin is read-only."""

    at = models.DateTimeField(_("tid"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    actor_label = models.CharField(_("aktör"), max_length=200)
    action = models.CharField(_("åtgärd"), max_length=64, choices=AuditAction.choices)
    target_type = models.CharField(_("objekttyp"), max_length=64, blank=True)
    target_id = models.CharField(_("objekt-id"), max_length=64, blank=True)
    ip_address = models.GenericIPAddressField(_("IP-adress"), null=True, blank=True)
    details = models.JSONField(_("detaljer"), default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"])]
        verbose_name = _("granskningshändelse")
        verbose_name_plural = _("granskningslogg")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("audit rows are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("audit rows are append-only")
