"""Thin helpers the report pages need and `trygga.reports` does not (yet) offer.

- `report_for_token`: the tracking page needs the report's municipality (for the header)
  and its photo file, which `selectors.public_report_by_token` does not return.
- `target_times_of`: the fix-time page lists the configured target times.
- `photo_response`: the photo, served by the views after their access check.
- `join_report`: a resident who finds their problem among the nearby open reports follows
  that report instead of filing a new one. The core has `mark_duplicate` for staff only;
  this composes `submit_report` with the same steps for the resident's own choice. It
  belongs in `trygga.reports.actions` (see the report to the lead).
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from trygga.audit.log import record
from trygga.audit.models import AuditAction
from trygga.core.errors import NotFound
from trygga.geography.models import Municipality
from trygga.reports.actions import submit_report
from trygga.reports.models import Report, ReportUpdate, TargetTime, UpdateKind
from trygga.reports.statuses import OPEN_STATUSES, Status


def report_for_token(token: str) -> Report:
    """The report behind a tracking link, with its municipality; NotFound otherwise."""
    if not token or len(token) > 64:
        raise NotFound(_("Ärendet finns inte."))
    try:
        return Report.objects.select_related("municipality").get(tracking_token=token)
    except Report.DoesNotExist as exc:
        raise NotFound(_("Ärendet finns inte.")) from exc


def photo_response(report: Report) -> HttpResponse:
    """The report's stored photo (re-encoded by the core: a JPEG or PNG of at most a few
    MB). Served by the views, never from MEDIA_URL, so an unpublished photo stays private."""
    with report.photo.open("rb") as stored:
        content = stored.read()
    kind = "image/png" if (report.photo.name or "").lower().endswith(".png") else "image/jpeg"
    return HttpResponse(content, content_type=kind)


def target_times_of(municipality: Municipality) -> QuerySet[TargetTime]:
    """The municipality's target times: each service's default, then per organisation."""
    return (
        TargetTime.objects.filter(service__municipality=municipality, service__is_active=True)
        .select_related("service", "organisation")
        .order_by("service__sort_order", "service__name", "organisation__name")
    )


def join_report(*, original: Report, **submission: Any) -> Report:
    """File the resident's report as a follower of `original`: a duplicate from the start.

    The resident's own report keeps their contact and gets its own tracking link, which
    shows the original's progress; mail about the original reaches them (the core's
    `notifications.followers`). Its event is removed at once, so the situational picture
    counts the matter once. Refuses an original that is no longer open (`join`).

    Side effects, in one transaction: those of `submit_report`, a history row "duplicate",
    AuditEvent REPORT_DUPLICATE_MARKED (actor: none; the reporter chose it).
    """
    with transaction.atomic():
        original = Report.objects.select_for_update().get(pk=original.pk)
        while original.duplicate_of_id is not None:
            original = Report.objects.select_for_update().get(pk=original.duplicate_of_id)
        if original.status not in OPEN_STATUSES:
            raise ValidationError(
                {"join": _("Ärende %s är redan avslutat. Skicka en ny anmälan i stället.")
                 % original.service_request_id}
            )  # fmt: skip
        report = submit_report(**submission)
        event_id = report.event_id
        if report.event is not None:
            report.event.delete()
            report.event = None
        report.duplicate_of = original
        report.status = Status.DUPLICATE
        report.closed_at = timezone.now()
        report.save()
        ReportUpdate.objects.create(
            report=report,
            kind=UpdateKind.DUPLICATE,
            status=Status.DUPLICATE,
            previous_status=Status.RECEIVED,
            organisation=report.responsible_organisation,
            created_at=report.closed_at,
        )
        record(
            actor=None,
            action=AuditAction.REPORT_DUPLICATE_MARKED,
            target=report,
            details={"original": original.pk, "event_removed": event_id, "by": "reporter"},
        )
    return report
