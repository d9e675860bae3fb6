"""Mail to reporters: an acknowledgement on submission and one message per status change.

Sent after the transaction commits (`transaction.on_commit`), through Django's configured
mail backend (SMTP in production). Each recipient gets a message of their own in their
language (Swedish or English templates), with the tracking link; reporters of duplicates
follow the original and are mailed about it. A failing mail server is logged and never
undoes the change the mail tells about.
"""

import logging
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.utils import translation

from trygga.reports.links import tracking_url
from trygga.reports.models import Report, ReportContact, ReportUpdate
from trygga.reports.statuses import Status

logger = logging.getLogger(__name__)

# Subjects are per language like the templates (see docs/reports.md: mail texts are
# written per language rather than translated through the catalogue).
SUBJECTS = {
    "acknowledgement": {
        "sv": "Vi har tagit emot din felanmälan {id}",
        "en": "We have received your report {id}",
    },
    "status_changed": {
        "sv": "Din felanmälan {id}: {status}",
        "en": "Your report {id}: {status}",
    },
}


def _language(contact: ReportContact) -> str:
    return contact.language if contact.language in SUBJECTS["acknowledgement"] else "sv"


def _message(kind: str, contact: ReportContact, context: dict[str, Any]) -> EmailMessage:
    language = _language(contact)
    with translation.override(language):
        context = {**context, "status_label": Status(context["status"]).label}
        subject = SUBJECTS[kind][language].format(
            id=context["service_request_id"], status=context["status_label"]
        )
        body = render_to_string(f"reports/email/{kind}.{language}.txt", context)
    return EmailMessage(
        subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[contact.email]
    )


def _send(messages: list[EmailMessage]) -> int:
    if not messages:
        return 0
    try:
        return get_connection().send_messages(messages) or 0
    except Exception:  # the change is committed; a mail outage must not surface as an error
        logger.exception("report mail could not be sent (%d messages)", len(messages))
        return 0


def send_acknowledgement(report_id: int) -> int:
    """Mail the reporter (if an address was given) that the report arrived."""
    report = Report.objects.select_related("service", "responsible_organisation").get(pk=report_id)
    contact = ReportContact.objects.filter(report=report).first()
    if contact is None or not contact.email:
        return 0
    context = {
        "service_request_id": report.service_request_id,
        "service_name": report.service.name,
        "status": report.status,
        "description": report.public_description,
        "service_notice": report.service.service_notice,
        "organisation": report.responsible_organisation.name
        if report.responsible_organisation
        else "",
        "tracking_url": tracking_url(report.tracking_token),
    }
    return _send([_message("acknowledgement", contact, context)])


def followers(report: Report) -> list[tuple[Report, ReportContact]]:
    """Who hears of the report's changes: its reporter and the reporters of its duplicates,
    each with the report they filed (their own tracking link), if they asked for updates."""
    contacts = (
        ReportContact.objects.filter(
            wants_updates=True,
            report__in=[report.pk, *report.duplicates.values_list("pk", flat=True)],
        )
        .exclude(email="")
        .select_related("report")
    )
    return [(c.report, c) for c in contacts]


def send_status_mail(update_id: int) -> int:
    """Mail everyone who follows the report about one status change."""
    update = ReportUpdate.objects.select_related(
        "report__service", "organisation", "report__duplicate_of"
    ).get(pk=update_id)
    report = update.report
    messages = []
    for own_report, contact in followers(report):
        context = {
            "service_request_id": own_report.service_request_id,
            "original_id": report.service_request_id if own_report.pk != report.pk else "",
            "service_name": report.service.name,
            "status": update.status,
            "note": update.note,
            "forwarded_to": update.forwarded_to,
            "organisation": update.organisation.name if update.organisation else "",
            "tracking_url": tracking_url(own_report.tracking_token),
            "duplicate_of": report.duplicate_of.service_request_id if report.duplicate_of else "",
        }
        messages.append(_message("status_changed", contact, context))
    return _send(messages)
