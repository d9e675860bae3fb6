"""Every read of citizen reports.

Public reads (`public_*`, `nearby_open_reports`) return `PublicReport` values built from
the published fields only: the redacted description, answers and notes, never the
reporter's contact, the original text, internal notes or who on the staff did what. Staff
reads start from `visible_reports`, where the access rule is applied once: coordinators
and administrators of the municipality see every report, other members the reports of
their own organisation; non-members nothing. A report the viewer may not see is NotFound,
exactly like a missing one.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
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
from trygga.audit.log import record
from trygga.audit.models import AuditAction
from trygga.core.errors import NotFound
from trygga.geography.models import Municipality
from trygga.reports.apikeys import KEY_PREFIX, hash_key
from trygga.reports.models import (
    HeldSubmission,
    InternalNote,
    Open311Key,
    Report,
    ReportContact,
    ReportUpdate,
    ResponseTemplate,
    Service,
)
from trygga.reports.statuses import OPEN_STATUSES, STATUS_TABLE, Status, statuses_for_open311

EARTH_RADIUS_M = 6_371_008.8
PUBLIC_RELATED = ("service", "responsible_organisation", "district", "duplicate_of")


# --- public views -------------------------------------------------------------------------


@dataclass(frozen=True)
class PublicUpdate:
    kind: str
    status: str
    status_label: str
    open311_status: str
    extended_status: str
    note: str
    at: datetime
    organisation: str
    forwarded_to: str


@dataclass(frozen=True)
class PublicReport:
    """What anyone may see of a report: the Open311 fields and the fine status."""

    service_request_id: str
    status: str  # Trygga's fine status
    status_label: str
    open311_status: str  # "open" / "closed"
    extended_status: str  # mySociety's name
    status_notes: str
    service_code: str
    service_name: str
    description: str  # redacted
    agency_responsible: str  # the outside organisation when forwarded
    service_notice: str
    requested_at: datetime
    updated_at: datetime
    expected_at: datetime | None
    closed_at: datetime | None
    address: str
    address_id: str
    zipcode: str
    lat: float | None
    lon: float | None
    district: str
    media_url: str  # the URL an Open311 client gave
    photo_url: str  # the stored photo's relative URL, once staff have published it
    forwarded_to: str
    duplicate_of: str  # the original's service_request_id
    attributes: dict[str, Any]
    updates: tuple[PublicUpdate, ...] = field(default=())


def _public_update(update: ReportUpdate) -> PublicUpdate:
    entry = STATUS_TABLE[Status(update.status)]
    return PublicUpdate(
        kind=update.kind,
        status=update.status,
        status_label=str(Status(update.status).label),
        open311_status=entry.open311,
        extended_status=entry.extended,
        note=update.note,
        at=update.created_at,
        organisation=update.organisation.name if update.organisation else "",
        forwarded_to=update.forwarded_to,
    )


def to_public(report: Report, *, with_history: bool = False) -> PublicReport:
    """The public view of a report (load PUBLIC_RELATED first to avoid a query each)."""
    entry = STATUS_TABLE[Status(report.status)]
    organisation = report.responsible_organisation
    agency = report.forwarded_to if report.status == Status.FORWARDED else ""
    updates: tuple[PublicUpdate, ...] = ()
    if with_history:
        updates = tuple(_public_update(u) for u in report.updates.select_related("organisation"))
    return PublicReport(
        service_request_id=report.service_request_id,
        status=report.status,
        status_label=str(Status(report.status).label),
        open311_status=entry.open311,
        extended_status=entry.extended,
        status_notes=report.public_status_note,
        service_code=report.service.service_code,
        service_name=report.service.name,
        description=report.public_description,
        agency_responsible=agency or (organisation.name if organisation else ""),
        service_notice=report.service.service_notice,
        requested_at=report.requested_at,
        updated_at=report.updated_at,
        expected_at=report.expected_at,
        closed_at=report.closed_at,
        address=report.address_string,
        address_id=report.address_id,
        zipcode=report.zipcode,
        lat=report.lat,
        lon=report.lon,
        district=report.district.name if report.district else "",
        media_url=report.media_url,
        photo_url=report.photo.url if report.photo and report.photo_is_public else "",
        forwarded_to=report.forwarded_to,
        duplicate_of=report.duplicate_of.service_request_id if report.duplicate_of else "",
        attributes=dict(report.public_attributes),
        updates=updates,
    )


def public_services(municipality: Municipality) -> QuerySet[Service]:
    """The municipality's active services in order, with their attributes loaded."""
    return (
        Service.objects.filter(municipality=municipality, is_active=True)
        .select_related("category")
        .prefetch_related("attributes")
        .order_by("sort_order", "name")
    )


def get_public_service(municipality: Municipality, service_code: str) -> Service:
    try:
        return public_services(municipality).get(service_code=service_code)
    except Service.DoesNotExist as exc:
        raise NotFound(_("Kategorin %s finns inte.") % service_code) from exc


@dataclass(frozen=True)
class PublicQuery:
    """The filters of Open311's GET requests (all optional; dates on requested_at)."""

    service_request_ids: Sequence[str] | None = None
    service_codes: Sequence[str] | None = None
    start: datetime | None = None
    end: datetime | None = None
    open311_statuses: Sequence[str] | None = None  # "open", "closed"
    updated_after: datetime | None = None


def public_reports_queryset(municipality: Municipality, query: PublicQuery) -> QuerySet[Report]:
    """The municipality's reports matching the query, newest first. Validates status values
    (ValueError names the bad one); the window defaults are the caller's (Open311: 90 days,
    1,000 records)."""
    qs = Report.objects.filter(municipality=municipality).select_related(*PUBLIC_RELATED)
    if query.service_request_ids:
        return qs.filter(service_request_id__in=list(query.service_request_ids)).order_by(
            "-requested_at", "-id"
        )
    if query.service_codes:
        qs = qs.filter(service__service_code__in=list(query.service_codes))
    if query.start is not None:
        qs = qs.filter(requested_at__gte=query.start)
    if query.end is not None:
        qs = qs.filter(requested_at__lte=query.end)
    if query.updated_after is not None:
        qs = qs.filter(updated_at__gt=query.updated_after)
    if query.open311_statuses:
        wanted: set[str] = set()
        for value in query.open311_statuses:
            wanted |= statuses_for_open311(value)
        qs = qs.filter(status__in=wanted)
    return qs.order_by("-requested_at", "-id")


def public_reports(
    municipality: Municipality,
    query: PublicQuery,
    *,
    offset: int = 0,
    limit: int = 1000,
    with_history: bool = False,
) -> list[PublicReport]:
    rows = public_reports_queryset(municipality, query)[offset : offset + limit]
    if with_history:
        rows = rows.prefetch_related("updates__organisation")
    return [to_public(r, with_history=with_history) for r in rows]


def public_report(municipality: Municipality, service_request_id: str) -> PublicReport:
    """One report by its public id, with its public history."""
    try:
        report = (
            Report.objects.select_related(*PUBLIC_RELATED)
            .prefetch_related("updates__organisation")
            .get(municipality=municipality, service_request_id=service_request_id)
        )
    except Report.DoesNotExist as exc:
        raise NotFound(_("Ärendet finns inte.")) from exc
    return to_public(report, with_history=True)


def public_report_by_token(token: str) -> PublicReport:
    """The tracking page's report: found by the secret of the tracking link only."""
    if not token or len(token) > 64:
        raise NotFound(_("Ärendet finns inte."))
    try:
        report = Report.objects.select_related(*PUBLIC_RELATED).get(tracking_token=token)
    except Report.DoesNotExist as exc:
        raise NotFound(_("Ärendet finns inte.")) from exc
    return to_public(report, with_history=True)


def service_request_id_for_token(municipality: Municipality, token: str) -> str:
    """Open311 `tokens/{token}`: the id of the request a client posted (NotFound if none)."""
    found = (
        Report.objects.filter(municipality=municipality, open311_token=token)
        .values_list("service_request_id", flat=True)
        .first()
    )
    if found is None:
        raise NotFound(_("Token finns inte."))
    return found


@dataclass(frozen=True)
class NearbyReport:
    report: PublicReport
    distance_m: float


def nearby_open_reports(
    municipality: Municipality,
    service: Service,
    *,
    lat: float,
    lon: float,
    radius_m: float = 150.0,
    limit: int = 10,
) -> list[NearbyReport]:
    """Open reports of the same service within `radius_m` of a point, nearest first: the
    "is it one of these?" question before a new report is sent."""
    dlat = math.degrees(radius_m / EARTH_RADIUS_M)
    dlon = dlat / max(math.cos(math.radians(lat)), 1e-6)
    candidates = list(
        Report.objects.filter(
            municipality=municipality,
            service=service,
            status__in=OPEN_STATUSES,
            lat__gte=lat - dlat,
            lat__lte=lat + dlat,
            lon__gte=lon - dlon,
            lon__lte=lon + dlon,
        ).select_related(*PUBLIC_RELATED)
    )
    if not candidates:
        return []
    lats = np.radians(np.array([r.lat for r in candidates], dtype=np.float64))
    lons = np.radians(np.array([r.lon for r in candidates], dtype=np.float64))
    lat0, lon0 = math.radians(lat), math.radians(lon)
    a = (
        np.sin((lats - lat0) / 2) ** 2
        + np.cos(lat0) * np.cos(lats) * np.sin((lons - lon0) / 2) ** 2
    )
    distances = 2 * EARTH_RADIUS_M * np.arcsin(np.sqrt(a))
    order = np.argsort(distances, kind="stable")
    return [
        NearbyReport(report=to_public(candidates[i]), distance_m=float(distances[i]))
        for i in order
        if distances[i] <= radius_m
    ][:limit]


def authenticate_open311_key(raw: str, municipality: Municipality) -> Open311Key | None:
    """The active key for this jurisdiction, or None (unknown, revoked, other municipality)."""
    if not raw or not raw.startswith(KEY_PREFIX) or len(raw) > 100:
        return None
    key = Open311Key.objects.filter(key_hash=hash_key(raw), revoked_at__isnull=True).first()
    if key is None or key.municipality_id not in (None, municipality.pk):
        return None
    return key


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
        return (
            with_overdue(visible_reports(viewer, municipality))
            .select_related(
                "service", "responsible_organisation", "district", "assignee", "duplicate_of"
            )
            .get(service_request_id=service_request_id)
        )
    except Report.DoesNotExist as exc:
        raise NotFound(_("Ärendet finns inte.")) from exc


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
