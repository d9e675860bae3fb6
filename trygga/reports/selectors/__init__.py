"""Every read of citizen reports.

Public reads (`public_*`, `nearby_open_reports`) return `PublicReport` values built from
the published fields only: the redacted description, answers and notes, never the
reporter's contact, the original text, internal notes or who on the staff did what. Staff
reads start from `visible_reports`, where the access rule is applied once: coordinators
and administrators of the municipality see every report, other members the reports of
their own organisation; non-members nothing. A report the viewer may not see is NotFound,
exactly like a missing one.
"""

from trygga.reports.selectors.public import (
    PUBLIC_HISTORY,
    PUBLIC_RELATED,
    NearbyReport,
    PublicQuery,
    PublicReport,
    PublicUpdate,
    authenticate_open311_key,
    get_public_service,
    nearby_open_reports,
    public_report,
    public_report_by_token,
    public_reports,
    public_reports_queryset,
    public_services,
    report_by_token,
    service_request_id_for_token,
    to_public,
)
from trygga.reports.selectors.staff import (
    FixTimeRow,
    QueueFilter,
    assignable_people,
    can_handle,
    fix_time_table,
    get_held_submission,
    get_report_contact,
    get_report_for_staff,
    held_submissions_for,
    internal_notes_for,
    overdue_reports,
    report_history,
    response_templates_for,
    staff_queue,
    target_times_of,
    visible_reports,
    with_overdue,
)

__all__ = [
    "PUBLIC_HISTORY",
    "PUBLIC_RELATED",
    "FixTimeRow",
    "NearbyReport",
    "PublicQuery",
    "PublicReport",
    "PublicUpdate",
    "QueueFilter",
    "assignable_people",
    "authenticate_open311_key",
    "can_handle",
    "fix_time_table",
    "get_held_submission",
    "get_public_service",
    "get_report_contact",
    "get_report_for_staff",
    "held_submissions_for",
    "internal_notes_for",
    "nearby_open_reports",
    "overdue_reports",
    "public_report",
    "public_report_by_token",
    "public_reports",
    "public_reports_queryset",
    "public_services",
    "report_by_token",
    "report_history",
    "response_templates_for",
    "service_request_id_for_token",
    "staff_queue",
    "target_times_of",
    "to_public",
    "visible_reports",
    "with_overdue",
]
