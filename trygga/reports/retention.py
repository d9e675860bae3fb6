"""Citizen reports in the register of processing activities, and their retention rules.

`trygga gallra` runs the rules (`trygga.core.privacy`):
- `reports.contacts`: the reporter's contact details (`ReportContact`) of reports closed
  longer than REPORT_CONTACT_RETENTION_DAYS. A duplicate's reporter follows the original,
  so their contact stays until the original too has been closed that long. The reports
  themselves stay (without personal data: their public text is redacted, and the original
  text is cleared with the events' free text rule's horizon by staff practice).
- `reports.held_submissions`: refused submissions (raw payload and photo) older than
  HELD_SUBMISSION_RETENTION_DAYS.
- `reports.rate_counters`: the per-client rate-limit counters (keyed by an HMAC of the
  client, never the address) older than REPORT_RATE_COUNTER_RETENTION_DAYS.
"""

from datetime import datetime

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from trygga.core import privacy
from trygga.reports.models import HeldSubmission, RateCounter, ReportContact
from trygga.reports.statuses import CLOSED_STATUSES

ACTIVITY = privacy.ProcessingActivity(
    code="reports",
    name=_("Felanmälningar från invånare"),
    purposes=(
        _("Ta emot, åtgärda och återkoppla invånares felanmälningar."),
        _("Räkna felanmälningar som händelser i lägesbilden (utan personuppgifter)."),
    ),
    legal_basis=_("Allmänt intresse (art. 6.1 e): kommunens ansvar för sina anläggningar."),
    data_subjects=(_("Invånare som gör en felanmälan"), _("Personer som nämns i fritext")),
    data_categories=(
        _("Frivilliga kontaktuppgifter: e-post, namn, telefon"),
        _("Fritext och foto (fritexten maskeras innan den visas publikt)"),
        _("Plats och tid för felet"),
    ),
    recipients=(
        _("Den ansvariga organisationens handläggare och kommunens samordnare"),
        _("Allmänheten: status, maskerad text och plats (Open311), aldrig kontaktuppgifter"),
    ),
    source=_("Invånarna själva, via webbformuläret eller en app genom Open311."),
)


def purge_contacts(cutoff: datetime, dry_run: bool) -> int:
    contacts = ReportContact.objects.filter(
        report__status__in=CLOSED_STATUSES, report__closed_at__lt=cutoff
    ).filter(
        Q(report__duplicate_of__isnull=True)
        | Q(
            report__duplicate_of__status__in=CLOSED_STATUSES,
            report__duplicate_of__closed_at__lt=cutoff,
        )
    )
    if dry_run:
        return contacts.count()
    deleted, _ = contacts.delete()
    return deleted


def purge_held_submissions(cutoff: datetime, dry_run: bool) -> int:
    held = list(HeldSubmission.objects.filter(created_at__lt=cutoff))
    if dry_run:
        return len(held)
    for item in held:
        if item.photo:
            item.photo.delete(save=False)
    HeldSubmission.objects.filter(pk__in=[h.pk for h in held]).delete()
    return len(held)


def purge_rate_counters(cutoff: datetime, dry_run: bool) -> int:
    counters = RateCounter.objects.filter(window_start__lt=cutoff)
    if dry_run:
        return counters.count()
    deleted, _ = counters.delete()
    return deleted


RULES = (
    privacy.RetentionRule(
        code="reports.contacts",
        activity="reports",
        removes=_("Anmälarens kontaktuppgifter, efter att ärendet avslutats"),
        setting="REPORT_CONTACT_RETENTION_DAYS",
        purge=purge_contacts,
    ),
    privacy.RetentionRule(
        code="reports.held_submissions",
        activity="reports",
        removes=_("Spärrade inlämningar (innehåll och foto)"),
        setting="HELD_SUBMISSION_RETENTION_DAYS",
        purge=purge_held_submissions,
    ),
    privacy.RetentionRule(
        code="reports.rate_counters",
        activity="reports",
        removes=_("Räknare för begränsning av inlämningar per klient"),
        setting="REPORT_RATE_COUNTER_RETENTION_DAYS",
        purge=purge_rate_counters,
    ),
)
