"""Citizen reports (felanmälan) and what they need: services (Open311 request categories)
with their attributes, the reports themselves, their public status history, internal notes,
routing rules, target times, response templates, Open311 keys, held submissions and the
rate-limit counters.

Personal data lives in two places only: `ReportContact` (the reporter's contact, deleted
by the retention command) and `Report.description` (the original text, shown to staff only;
`public_description` is the redacted copy). `HeldSubmission.payload` holds a refused
submission as it came, for staff, until its own retention ends.
"""

from trygga.reports.models.configuration import ResponseTemplate, RoutingRule, TargetTime
from trygga.reports.models.intake import HeldReason, HeldResolution, HeldSubmission, RateCounter
from trygga.reports.models.reports import (
    Channel,
    InternalNote,
    Open311Key,
    Report,
    ReportContact,
    ReportUpdate,
    UpdateKind,
)
from trygga.reports.models.services import (
    CODE_VALIDATOR,
    DESCRIPTION_MAX_CHARS,
    LIST_DATATYPES,
    Datatype,
    Service,
    ServiceAttribute,
    normalise_keywords,
)

__all__ = [
    "CODE_VALIDATOR",
    "DESCRIPTION_MAX_CHARS",
    "LIST_DATATYPES",
    "Channel",
    "Datatype",
    "HeldReason",
    "HeldResolution",
    "HeldSubmission",
    "InternalNote",
    "Open311Key",
    "RateCounter",
    "Report",
    "ReportContact",
    "ReportUpdate",
    "ResponseTemplate",
    "RoutingRule",
    "Service",
    "ServiceAttribute",
    "TargetTime",
    "UpdateKind",
    "normalise_keywords",
]
