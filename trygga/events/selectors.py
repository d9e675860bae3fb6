"""Every read of events goes through here: the access check is applied once, in
`visible_events`, and everything else narrows that queryset."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from trygga.accounts import permissions
from trygga.accounts.permissions import AnyUser
from trygga.audit.log import record_read
from trygga.audit.models import AuditAction
from trygga.core.errors import NotFound
from trygga.core.timeutil import start_of_day
from trygga.events.models import Confidentiality, Event, EventCategory, EventSource
from trygga.events.querysets import EventQuerySet
from trygga.geography.models import Municipality


class SystemReader:
    """The reader of the command line (`trygga analyse`): every event of the municipality.

    Whoever runs a management command already has the database; this reader exists so the
    command's reads still start from `visible_events`, and the access rule stays in one
    place. Never built from a request: only `SYSTEM` exists.
    """

    is_authenticated = False

    def __repr__(self) -> str:
        return "SYSTEM"


SYSTEM = SystemReader()


class PublicReader:
    """The reader of public statistics (the lägesbild's public version): the events whose
    confidentiality allows public statistics, `settings.PUBLIC_STATISTICS_CONFIDENTIALITY`
    (by default only `open`, "får ingå i publik statistik"). Only `PUBLIC` exists; what it
    reads is still aggregated and small-count protected before anyone sees it.
    """

    is_authenticated = False

    def __repr__(self) -> str:
        return "PUBLIC"


PUBLIC = PublicReader()
Viewer = AnyUser | SystemReader | PublicReader


def visible_events(viewer: Viewer, municipality: Municipality) -> EventQuerySet:
    """The events of a municipality the viewer may read; none for non-members.

    Members see open and partner events; restricted events only when they belong to the
    reporting organisation, or hold a coordinator or administrator role. `SYSTEM` (the
    command line) sees every event of the municipality.
    """
    qs: EventQuerySet = Event.objects.for_municipality(municipality)
    if isinstance(viewer, SystemReader):
        # Only the one SYSTEM instance reads everything; a stray copy reads nothing.
        return qs if viewer is SYSTEM else qs.none()
    if isinstance(viewer, PublicReader):
        if viewer is not PUBLIC:
            return qs.none()
        return qs.filter(confidentiality__in=settings.PUBLIC_STATISTICS_CONFIDENTIALITY)
    if not permissions.is_member(viewer, municipality):
        return qs.none()
    if not permissions.sees_all_events(viewer, municipality):
        qs = qs.filter(
            ~Q(confidentiality=Confidentiality.RESTRICTED)
            | Q(organisation_id__in=permissions.organisation_ids(viewer, municipality))
        )
    return qs


@dataclass(frozen=True)
class EventFilter:
    """The filters staff use on the list, the map and the API; dates are inclusive."""

    date_from: date | None = None
    date_to: date | None = None
    district_id: int | None = None
    category_id: int | None = None
    source_id: int | None = None


def filtered_events(
    viewer: Viewer, municipality: Municipality, event_filter: EventFilter
) -> EventQuerySet:
    qs = visible_events(viewer, municipality).between(
        start_of_day(event_filter.date_from) if event_filter.date_from else None,
        start_of_day(event_filter.date_to + timedelta(days=1)) if event_filter.date_to else None,
    )
    if event_filter.district_id:
        qs = qs.in_district(event_filter.district_id)
    if event_filter.category_id:
        qs = qs.of_category(event_filter.category_id)
    if event_filter.source_id:
        qs = qs.from_source(event_filter.source_id)
    return qs


def events_for_list(
    viewer: AnyUser, municipality: Municipality, event_filter: EventFilter
) -> EventQuerySet:
    """The events of a list page or the API's list, newest first as the caller orders.

    Side effects: one AuditEvent EVENTS_LISTED per call (the filter and the number of
    matching events), never one per listed event.
    """
    qs = filtered_events(viewer, municipality, event_filter)
    record_read(
        viewer=viewer,
        action=AuditAction.EVENTS_LISTED,
        municipality=municipality,
        filters=vars(event_filter),
        count=qs.count(),
    )
    return qs.select_related("category", "source", "district", "organisation")


def events_for_map(
    viewer: AnyUser, municipality: Municipality, event_filter: EventFilter, limit: int = 5000
) -> list[dict[str, object]]:
    """Light rows for the map: area-precision events are returned with their area, so the
    map can draw them as an area marker, never as a point.

    Side effects: one AuditEvent EVENTS_LISTED per call (view "map").
    """
    rows = (
        filtered_events(viewer, municipality, event_filter)
        .order_by("-occurred_from")
        .values(
            "id",
            "lon",
            "lat",
            "precision",
            "area_level",
            "area_name",
            "occurred_from",
            "category__name",
            "district__name",
        )[:limit]
    )
    result = list(rows)
    record_read(
        viewer=viewer,
        action=AuditAction.EVENTS_LISTED,
        municipality=municipality,
        filters=vars(event_filter),
        count=len(result),
        details={"view": "map"},
    )
    return result


def get_event_for_viewer(
    viewer: AnyUser, municipality: Municipality, event_id: int, *, ip_address: str | None = None
) -> Event:
    """One event, or NotFound when it is missing or the viewer may not read it.

    Side effects: AuditEvent EVENT_VIEWED (every event is protected data: its free text
    may name people, and only open events reach the public, and then only as counts).
    `ip_address` overrides the address the request context gives.
    """
    try:
        event = (
            visible_events(viewer, municipality)
            .select_related("category", "source", "district", "organisation", "reported_by")
            .get(pk=event_id)
        )
    except Event.DoesNotExist as exc:
        raise NotFound("Händelsen finns inte.") from exc
    record_read(
        viewer=viewer,
        action=AuditAction.EVENT_VIEWED,
        target=event,
        details={"confidentiality": event.confidentiality},
        ip_address=ip_address,
    )
    return event


def categories_for(municipality: Municipality) -> QuerySet[EventCategory]:
    """The shared categories and the municipality's own, active ones first in order."""
    return EventCategory.objects.filter(
        Q(municipality__isnull=True) | Q(municipality=municipality), is_active=True
    ).order_by("sort_order", "name")


def sources_for(municipality: Municipality) -> QuerySet[EventSource]:
    """Sources that have events in the municipality, or belong to one of its organisations."""
    has_events = Exists(Event.objects.for_municipality(municipality).filter(source=OuterRef("pk")))
    return EventSource.objects.filter(
        has_events | Q(organisation__municipality=municipality)
    ).order_by("name")


COUNT_GROUPS = {
    "category": ("category_id", "category__name"),
    "district": ("district_id", "district__name"),
}


def event_counts(
    viewer: AnyUser,
    municipality: Municipality,
    event_filter: EventFilter,
    *,
    group_by: str,
    recent_since: date | None = None,
) -> list[dict[str, object]]:
    """Counts of the visible, filtered events by category or district, in one query.

    Each row has `id`, `name`, `total` and `recent` (the events that overlap the days from
    `recent_since` on, counted like `between`; equal to `total` without it). Area-precision
    events have no district: they form the row whose `id` is None. Largest totals first.
    """
    if group_by not in COUNT_GROUPS:
        raise ValueError(f"group_by must be one of {sorted(COUNT_GROUPS)}")
    key, name = COUNT_GROUPS[group_by]
    recent = Count("id")
    if recent_since is not None:
        start = start_of_day(recent_since)
        recent = Count(
            "id",
            filter=Q(occurred_to__gte=start)
            | Q(occurred_to__isnull=True, occurred_from__gte=start),
        )
    rows = (
        filtered_events(viewer, municipality, event_filter)
        .order_by()
        .values(key, name)
        .annotate(total=Count("id"), recent=recent)
    )
    ordered = sorted(rows, key=lambda row: (-row["total"], row[name] or ""))
    return [
        {"id": row[key], "name": row[name], "total": row["total"], "recent": row["recent"]}
        for row in ordered
    ]
