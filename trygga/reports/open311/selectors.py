"""Open311-specific reads on top of `trygga.reports.selectors`.

`public_reports_with_history` is the list of GET Service Requests with `extensions=true`.
The core's `public_reports(with_history=True)` reads each report's history with a query of
its own (`to_public` calls `.select_related()` on the related manager, which bypasses the
prefetch), so a page of 1,000 would take 1,000 queries; here the histories of the whole
page come in one query. Each step is made public exactly as the core's `to_public` does:
the public (redacted) note, never `note_original` or the actor.
"""

import dataclasses
from collections import defaultdict

from django.db.models import F

from trygga.geography.models import Municipality
from trygga.reports import selectors
from trygga.reports.models import ReportUpdate
from trygga.reports.selectors import PublicQuery, PublicReport, PublicUpdate
from trygga.reports.statuses import STATUS_TABLE, Status


def public_update(update: ReportUpdate) -> PublicUpdate:
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


def public_reports_with_history(
    municipality: Municipality, query: PublicQuery, *, offset: int, limit: int
) -> list[PublicReport]:
    """`selectors.public_reports` with each report's public history, in two queries."""
    reports = selectors.public_reports(municipality, query, offset=offset, limit=limit)
    if not reports:
        return reports
    history: dict[str, list[PublicUpdate]] = defaultdict(list)
    updates = (
        ReportUpdate.objects.filter(
            report__municipality=municipality,
            report__service_request_id__in=[r.service_request_id for r in reports],
        )
        .select_related("organisation")
        .annotate(request_id=F("report__service_request_id"))
        .order_by("created_at", "id")
    )
    for update in updates:
        history[update.request_id].append(public_update(update))
    return [
        dataclasses.replace(r, updates=tuple(history.get(r.service_request_id, ())))
        for r in reports
    ]
