"""Public reads of reports: what anyone may see, as `PublicReport` values built from the
published fields only (the redacted description, answers and notes), never the reporter's
contact, the original text, internal notes or who on the staff did what."""

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import numpy as np
from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from trygga.core.errors import NotFound
from trygga.geography.models import Municipality
from trygga.reports.apikeys import KEY_PREFIX, hash_key
from trygga.reports.models import (
    Open311Key,
    Report,
    ReportUpdate,
    Service,
)
from trygga.reports.statuses import OPEN_STATUSES, STATUS_TABLE, Status, statuses_for_open311

EARTH_RADIUS_M = 6_371_008.8
PUBLIC_RELATED = ("service", "responsible_organisation", "district", "duplicate_of")
# The public history of each report in one query for a whole page.
PUBLIC_HISTORY = Prefetch("updates", queryset=ReportUpdate.objects.select_related("organisation"))


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
    """The public view of a report (load PUBLIC_RELATED, and PUBLIC_HISTORY with the history,
    first to avoid queries per report)."""
    entry = STATUS_TABLE[Status(report.status)]
    organisation = report.responsible_organisation
    agency = report.forwarded_to if report.status == Status.FORWARDED else ""
    updates: tuple[PublicUpdate, ...] = ()
    if with_history:
        updates = tuple(_public_update(u) for u in report.updates.all())
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
        rows = rows.prefetch_related(PUBLIC_HISTORY)
    return [to_public(r, with_history=with_history) for r in rows]


def public_report(municipality: Municipality, service_request_id: str) -> PublicReport:
    """One report by its public id, with its public history."""
    try:
        report = (
            Report.objects.select_related(*PUBLIC_RELATED)
            .prefetch_related(PUBLIC_HISTORY)
            .get(municipality=municipality, service_request_id=service_request_id)
        )
    except Report.DoesNotExist as exc:
        raise NotFound(_("Ärendet finns inte.")) from exc
    return to_public(report, with_history=True)


def report_by_token(token: str) -> Report:
    """The report behind a tracking link (found by that secret only), with its municipality
    and public history loaded; show it through `to_public`. NotFound otherwise."""
    if not token or len(token) > 64:
        raise NotFound(_("Ärendet finns inte."))
    try:
        return (
            Report.objects.select_related("municipality", *PUBLIC_RELATED)
            .prefetch_related(PUBLIC_HISTORY)
            .get(tracking_token=token)
        )
    except Report.DoesNotExist as exc:
        raise NotFound(_("Ärendet finns inte.")) from exc


def public_report_by_token(token: str) -> PublicReport:
    """The tracking page's report: found by the secret of the tracking link only."""
    return to_public(report_by_token(token), with_history=True)


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
