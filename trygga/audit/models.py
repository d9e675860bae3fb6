"""AuditEvent: one append-only row per change or protected read.

Append-only three times over: the model refuses `save()` of an existing row and
`delete()`, the admin is read-only, and database triggers (migration 0004,
`trygga.audit.protection`) refuse UPDATE and DELETE from any code path. The one way to
remove rows is the retention job's documented privileged path (`AuditDeletionPermit`).
"""

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ActionField(models.CharField):
    """A CharField whose choices stay out of migrations.

    Every app adds audit actions; with the choices in the migration state each addition
    would be an AlterField in the audit app, and apps working in parallel would write
    conflicting audit migrations. The database column is the same either way.
    """

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("choices", None)
        return name, path, args, kwargs


# By convention an action that records a read of protected data ends in one of these, so
# the retention job can keep read rows for a shorter time than change rows.
READ_SUFFIXES = (".viewed", ".listed", ".exported")


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
    REPORT_PUBLIC_TEXT_EDITED = "report.public_text_edited", _("Publik text rättad")
    REPORT_CONTACT_VIEWED = "report.contact_viewed", _("Anmälarens kontaktuppgifter lästa")
    REPORT_VIEWED = "report.viewed", _("Felanmälan läst av personal")
    REPORTS_LISTED = "reports.listed", _("Felanmälningskö läst")
    REPORTS_CONFIGURED = "reports.configured", _("Felanmälan konfigurerad")
    SUBMISSION_HELD = "submission.held", _("Inlämning spärrad och sparad")
    SUBMISSION_RESOLVED = "submission.resolved", _("Spärrad inlämning hanterad")
    OPEN311_KEY_CREATED = "open311_key.created", _("Open311-nyckel skapad")
    OPEN311_KEY_REVOKED = "open311_key.revoked", _("Open311-nyckel spärrad")
    # Log-in and two-factor authentication (trygga.accounts.twofactor, trygga.web.account).
    USER_LOGGED_IN = "user.logged_in", _("Inloggning")
    USER_LOGIN_FAILED = "user.login_failed", _("Misslyckad inloggning")
    USER_LOCKED_OUT = (
        "user.locked_out",
        _("Konto tillfälligt spärrat efter misslyckade inloggningar"),
    )
    TWO_FACTOR_ENROLLED = "two_factor.enrolled", _("Tvåstegsverifiering aktiverad")
    TWO_FACTOR_FAILED = "two_factor.failed", _("Fel engångskod")
    TWO_FACTOR_REMOVED = "two_factor.removed", _("Tvåstegsverifiering borttagen")
    RECOVERY_CODES_CREATED = "recovery_codes.created", _("Nya reservkoder skapade")
    RECOVERY_CODE_USED = "recovery_code.used", _("Reservkod använd")
    # Reads of protected data: one row per list request, one per detail view.
    EVENTS_LISTED = "events.listed", _("Händelselista läst")
    AUDIT_LISTED = "audit.listed", _("Granskningsloggen läst")
    AUDIT_EXPORTED = "audit.exported", _("Granskningsloggen exporterad")
    MEMBERS_LISTED = "members.listed", _("Behörighetsöversikten läst")
    # Operations: retention (gallring), backups.
    RETENTION_APPLIED = "retention.applied", _("Gallring utförd")
    BACKUP_CREATED = "backup.created", _("Säkerhetskopia skapad")
    BACKUP_RESTORED = "backup.restored", _("Säkerhetskopia återläst")
    # The lägesbild (trygga.lagesbild).
    LAGESBILD_CREATED = "lagesbild.created", _("Lägesbild skapad")
    LAGESBILD_UPDATED = "lagesbild.updated", _("Lägesbild ändrad")
    LAGESBILD_REFRESHED = "lagesbild.refreshed", _("Lägesbildens siffror uppdaterade")
    LAGESBILD_APPROVED = "lagesbild.approved", _("Lägesbild fastställd")
    # The action plan (trygga.plans).
    PLAN_CREATED = "plan.created", _("Åtgärdsplan skapad")
    PLAN_UPDATED = "plan.updated", _("Åtgärdsplan ändrad")
    PLAN_ADOPTED = "plan.adopted", _("Åtgärdsplan antagen")
    PLAN_PROBLEM_SAVED = "plan_problem.saved", _("Problem i åtgärdsplan sparat")
    PLAN_PROBLEM_DELETED = "plan_problem.deleted", _("Problem i åtgärdsplan borttaget")
    MEASURE_CREATED = "measure.created", _("Åtgärd skapad")
    MEASURE_UPDATED = "measure.updated", _("Åtgärd ändrad")
    MEASURE_FOLLOWED_UP = "measure.followed_up", _("Åtgärd följd upp")
    MEASURE_COMMENTED = "measure.commented", _("Åtgärd kommenterad")
    INDICATOR_SAVED = "indicator.saved", _("Indikator sparad")
    INDICATOR_VALUE_ENTERED = "indicator.value_entered", _("Indikatorvärde inmatat")
    LONG_TERM_MODEL_SAVED = "long_term_model.saved", _("Långsiktig modell sparad")


class AuditEvent(models.Model):
    """Append-only: the model refuses updates and deletes, and the admin is read-only."""

    at = models.DateTimeField(_("tid"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    actor_label = models.CharField(_("aktör"), max_length=200)
    action = ActionField(_("åtgärd"), max_length=64, choices=AuditAction.choices)
    target_type = models.CharField(_("objekttyp"), max_length=64, blank=True)
    target_id = models.CharField(_("objekt-id"), max_length=64, blank=True)
    ip_address = models.GenericIPAddressField(_("IP-adress"), null=True, blank=True)
    details = models.JSONField(_("detaljer"), default=dict, blank=True)
    # The municipality whose data the row concerns (its SCB code), so that a municipality's
    # administrators see their own log; blank for rows about no one municipality.
    municipality_code = models.CharField(_("kommunkod"), max_length=10, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["target_type", "target_id"]),
            models.Index(fields=["municipality_code", "at"], name="audit_municipality_at"),
        ]
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

    @property
    def is_read(self) -> bool:
        return self.action.endswith(READ_SUFFIXES)


class AuditDeletionPermit(models.Model):
    """The privileged path past the append-only triggers.

    While a row exists here, the triggers let UPDATE and DELETE of audit rows through. The
    retention job inserts one inside its own transaction, removes what has passed its
    retention and deletes the permit before committing (`trygga.audit.protection.permit`),
    so no other transaction ever sees it. Nothing else in Trygga writes this table.
    """

    reason = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("gallringstillstånd")
        verbose_name_plural = _("gallringstillstånd")

    def __str__(self) -> str:
        return self.reason
