"""Staff reads of reports. `visible_reports` applies the access rule once: coordinators
and administrators of the municipality see every report, other members the reports of
their own organisation, non-members nothing. A report the viewer may not see is NotFound,
exactly like a missing one."""

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db.models import BooleanField, Case, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from trygga.accounts import permissions
from trygga.accounts.models import Membership
from trygga.accounts.permissions import AnyUser
from trygga.audit.log import record, record_read
from trygga.audit.models import AuditAction
from trygga.core.errors import NotFound
from trygga.geography.models import Municipality
from trygga.reports.models import (
    HeldSubmission,
    InternalNote,
    Report,
    ReportContact,
    ReportUpdate,
    ResponseTemplate,
    Service,
    TargetTime,
)
from trygga.reports.statuses import OPEN_STATUSES, Status

# --- staff reads ------------------------------------------------------------------------


def visible_reports(viewer: AnyUser, municipality: Municipality) -> QuerySet[Report]:
    """The reports of the municipality the viewer may read (see the module docstring)."""
    qs = Report.objects.filter(municipality=municipality)
    if permissions.sees_all_reports(viewer, municipality):
        return qs
    own = permissions.organisation_ids(viewer, municipality)
    if not own:
        return qs.none()
    return qs.filter(responsible_organisation_id__in=own)


def can_handle(viewer: AnyUser, report: Report) -> bool:
    """Whether the viewer may change the report (pages show the buttons only then)."""
    return permissions.can_handle_reports_of(
        viewer, report.municipality, report.responsible_organisation_id
    )


def with_overdue(qs: QuerySet[Report], now: datetime | None = None) -> QuerySet[Report]:
    """Annotate `is_overdue`: open and past its expected time."""
    now = now or timezone.now()
    return qs.annotate(
        is_overdue=Case(
            When(status__in=OPEN_STATUSES, expected_at__lt=now, then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    )


@dataclass(frozen=True)
class QueueFilter:
    """The triage queue's filters. `statuses` None means the open ones."""

    statuses: Sequence[str] | None = None
    organisation_id: int | None = None
    service_id: int | None = None
    district_id: int | None = None
    assignee_id: int | None = None
    unassigned: bool = False
    unrouted: bool = False
    overdue: bool = False
    search: str = ""


def staff_queue(
    viewer: AnyUser,
    municipality: Municipality,
    queue_filter: QueueFilter | None = None,
    *,
    now: datetime | None = None,
) -> QuerySet[Report]:
    """The viewer's triage queue: overdue first, then oldest first, with `is_overdue`."""
    f = queue_filter or QueueFilter()
    now = now or timezone.now()
    qs = visible_reports(viewer, municipality).filter(
        status__in=list(f.statuses) if f.statuses else list(OPEN_STATUSES)
    )
    if f.organisation_id:
        qs = qs.filter(responsible_organisation_id=f.organisation_id)
    if f.unrouted:
        qs = qs.filter(responsible_organisation__isnull=True)
    if f.service_id:
        qs = qs.filter(service_id=f.service_id)
    if f.district_id:
        qs = qs.filter(district_id=f.district_id)
    if f.assignee_id:
        qs = qs.filter(assignee_id=f.assignee_id)
    if f.unassigned:
        qs = qs.filter(assignee__isnull=True)
    if f.overdue:
        qs = qs.filter(status__in=OPEN_STATUSES, expected_at__lt=now)
    if f.search.strip():
        term = f.search.strip()
        qs = qs.filter(
            Q(service_request_id__iexact=term)
            | Q(description__icontains=term)
            | Q(address_string__icontains=term)
        )
    record_read(
        viewer=viewer,
        action=AuditAction.REPORTS_LISTED,
        municipality=municipality,
        # The search words may name a person: the row says only that there were some.
        filters={**dataclasses.asdict(f), "search": bool(f.search.strip())},
        count=qs.count(),
    )
    return (
        with_overdue(qs, now)
        .select_related("service", "responsible_organisation", "district", "assignee")
        .order_by("-is_overdue", "requested_at", "id")  # type: ignore[misc]
    )


def get_report_for_staff(
    viewer: AnyUser, municipality: Municipality, service_request_id: str
) -> Report:
    """One report with what staff see of it; NotFound when missing or not visible."""
    try:
        report = (
            with_overdue(visible_reports(viewer, municipality))
            .select_related(
                "service", "responsible_organisation", "district", "assignee", "duplicate_of"
            )
            .get(service_request_id=service_request_id)
        )
    except Report.DoesNotExist as exc:
        raise NotFound(_("Ärendet finns inte.")) from exc
    record_read(
        viewer=viewer, action=AuditAction.REPORT_VIEWED, target=report, municipality=municipality
    )
    return report


def _require_visible(viewer: AnyUser, report: Report) -> None:
    if not permissions.can_read_reports_of(
        viewer, report.municipality, report.responsible_organisation_id
    ):
        raise NotFound(_("Ärendet finns inte."))


def report_history(viewer: AnyUser, report: Report) -> QuerySet[ReportUpdate]:
    """The full history for staff, with who made each change and the original note."""
    _require_visible(viewer, report)
    return report.updates.select_related("organisation", "actor").order_by("created_at", "id")


def internal_notes_for(viewer: AnyUser, report: Report) -> QuerySet[InternalNote]:
    _require_visible(viewer, report)
    return report.internal_notes.select_related("author").order_by("created_at", "id")


def get_report_contact(
    viewer: AnyUser, report: Report, *, ip_address: str | None = None
) -> ReportContact | None:
    """The reporter's contact details, for those who handle the report.

    Personal data: every read writes AuditEvent REPORT_CONTACT_VIEWED. None when the
    reporter gave none or retention has deleted it.
    """
    _require_visible(viewer, report)
    if not can_handle(viewer, report):
        raise NotFound(_("Ärendet finns inte."))
    contact = ReportContact.objects.filter(report=report).first()
    if contact is not None:
        record(
            actor=viewer,
            action=AuditAction.REPORT_CONTACT_VIEWED,
            target=report,
            ip_address=ip_address,
        )
    return contact


def response_templates_for(viewer: AnyUser, report: Report) -> QuerySet[ResponseTemplate]:
    """The active templates that fit the report (its organisation and service, or any)."""
    _require_visible(viewer, report)
    return ResponseTemplate.objects.filter(
        Q(organisation__isnull=True) | Q(organisation_id=report.responsible_organisation_id),
        Q(service__isnull=True) | Q(service_id=report.service_id),
        municipality_id=report.municipality_id,
        is_active=True,
    ).order_by("sort_order", "title")


def assignable_people(viewer: AnyUser, report: Report) -> list[User]:
    """People who may handle the report: members of the responsible organisation who are
    not viewers, and the municipality's coordinators and administrators."""
    _require_visible(viewer, report)
    memberships = Membership.objects.filter(
        is_active=True, organisation__is_active=True, organisation__municipality=report.municipality
    ).filter(
        Q(role__in=permissions.SEE_ALL_ROLES)
        | Q(
            organisation_id=report.responsible_organisation_id,
            role__in=permissions.HANDLE_REPORT_ROLES,
        )
    )
    user_model = get_user_model()
    return list(
        user_model.objects.filter(pk__in=memberships.values("user_id"), is_active=True).order_by(
            "first_name", "last_name", "username"
        )
    )


def overdue_reports(
    viewer: AnyUser, municipality: Municipality, *, now: datetime | None = None
) -> QuerySet[Report]:
    """Open reports past their target time, the longest overdue first."""
    now = now or timezone.now()
    return (
        visible_reports(viewer, municipality)
        .filter(status__in=OPEN_STATUSES, expected_at__lt=now)
        .select_related("service", "responsible_organisation", "district")
        .order_by("expected_at", "id")
    )


@dataclass(frozen=True)
class FixTimeRow:
    organisation_id: int | None
    organisation: str
    fixed: int  # reports fixed in the period
    median_hours: float
    within_target: float | None  # share fixed by the expected time, of those with one
    rank: int | None  # None below the minimum count: too few to compare


def target_times_of(municipality: Municipality) -> QuerySet[TargetTime]:
    """The municipality's target times: each service's default, then per organisation."""
    return (
        TargetTime.objects.filter(service__municipality=municipality, service__is_active=True)
        .select_related("service", "organisation")
        .order_by("service__sort_order", "service__name", "organisation__name")
    )


def fix_time_table(
    viewer: AnyUser,
    municipality: Municipality,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    service: Service | None = None,
    min_count: int = 5,
) -> list[FixTimeRow]:
    """Time from report to fixed, per responsible organisation ("Handslag mot skadegörelse").

    Counts reports whose status is fixed, closed in [since, until). Organisations with fewer
    than `min_count` fixed reports are listed after the ranked ones, without a rank, so one
    quick fix does not top the table. Aggregates only: any member of the municipality may
    read it.
    """
    if not permissions.is_member(viewer, municipality):
        raise NotFound(_("Kommunen finns inte."))
    qs = Report.objects.filter(
        municipality=municipality, status=Status.FIXED, closed_at__isnull=False
    )
    if since is not None:
        qs = qs.filter(closed_at__gte=since)
    if until is not None:
        qs = qs.filter(closed_at__lt=until)
    if service is not None:
        qs = qs.filter(service=service)
    rows = list(
        qs.values_list(
            "responsible_organisation_id",
            "responsible_organisation__name",
            "requested_at",
            "closed_at",
            "expected_at",
        )
    )
    groups: dict[int | None, dict[str, Any]] = {}
    for org_id, name, requested, closed, expected in rows:
        assert closed is not None  # filtered above  # noqa: S101
        group = groups.setdefault(
            org_id,
            {"name": name or _("Ingen ansvarig"), "hours": [], "on_time": 0, "with_target": 0},
        )
        group["hours"].append((closed - requested).total_seconds() / 3600)
        if expected is not None:
            group["with_target"] += 1
            group["on_time"] += int(closed <= expected)
    table = [
        (
            org_id,
            g["name"],
            len(g["hours"]),
            float(np.median(np.asarray(g["hours"], dtype=np.float64))),
            g["on_time"] / g["with_target"] if g["with_target"] else None,
        )
        for org_id, g in groups.items()
    ]
    ranked = sorted((r for r in table if r[2] >= min_count), key=lambda r: (r[3], -r[2], r[1]))
    unranked = sorted((r for r in table if r[2] < min_count), key=lambda r: (-r[2], r[1]))
    result = [
        FixTimeRow(org, name, count, median, share, rank)
        for rank, (org, name, count, median, share) in enumerate(ranked, start=1)
    ]
    result += [
        FixTimeRow(org, name, count, median, share, None)
        for org, name, count, median, share in unranked
    ]
    return result


def held_submissions_for(
    viewer: AnyUser, municipality: Municipality, *, unresolved_only: bool = True
) -> QuerySet[HeldSubmission]:
    """Refused submissions, for coordinators and administrators only (they hold personal
    data as it was sent)."""
    if not permissions.can_manage_reports(viewer, municipality):
        return HeldSubmission.objects.none()
    qs = HeldSubmission.objects.filter(municipality=municipality)
    if unresolved_only:
        qs = qs.filter(resolution="")
    return qs.order_by("-created_at", "-id")


def get_held_submission(viewer: AnyUser, municipality: Municipality, pk: int) -> HeldSubmission:
    try:
        return held_submissions_for(viewer, municipality, unresolved_only=False).get(pk=pk)
    except HeldSubmission.DoesNotExist as exc:
        raise NotFound(_("Inlämningen finns inte.")) from exc
