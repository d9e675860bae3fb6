"""Open311-specific reads on top of `trygga.reports.selectors`.

`public_reports_page` is a page of GET Service Requests: the core's query and its
`to_public` (so exactly the core's public fields), with two changes for pages of up to
1,000 reports. The columns no public view reads are not loaded (`UNREAD`: the original
text and answers, each district's boundary polygon, the text of the original a duplicate
points to): with them a 1,000-report page decoded 1,000 district polygons. And with
`with_history` the public histories of the whole page come in one query: the core's
`to_public(with_history=True)` reads each report's history with a query of its own (it
calls `.select_related()` on the related manager, which bypasses a prefetch). Each step is
made public exactly as the core does it: the public (redacted) note, never `note_original`
or the actor.
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


UNREAD = (
    "description",
    "attributes",
    "district__boundary",
    "duplicate_of__description",
    "duplicate_of__public_description",
    "duplicate_of__attributes",
    "duplicate_of__public_attributes",
)


def public_reports_page(
    municipality: Municipality,
    query: PublicQuery,
    *,
    offset: int,
    limit: int,
    with_history: bool = False,
) -> list[PublicReport]:
    """The public views of one page of reports, newest first: one query, two with the
    histories."""
    rows = selectors.public_reports_queryset(municipality, query).defer(*UNREAD)
    reports = [selectors.to_public(r) for r in rows[offset : offset + limit]]
    if not with_history or not reports:
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
