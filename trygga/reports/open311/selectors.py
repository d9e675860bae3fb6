"""Open311-specific reads on top of `trygga.reports.selectors`.

`public_reports_page` is a page of GET Service Requests: the core's query and its
`to_public` (so exactly the core's public fields), without the columns no public view reads
(`UNREAD`: the original text and answers, each district's boundary polygon, the text of the
original a duplicate points to): with them a 1,000-report page decoded 1,000 district
polygons. With `with_history` the public histories of the whole page come in one more query.
"""

from trygga.geography.models import Municipality
from trygga.reports import selectors
from trygga.reports.selectors import PublicQuery, PublicReport

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
    page = rows[offset : offset + limit]
    if with_history:
        page = page.prefetch_related(selectors.PUBLIC_HISTORY)
    return [selectors.to_public(r, with_history=with_history) for r in page]
