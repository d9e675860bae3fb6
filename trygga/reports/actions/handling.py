"""Staff handling of reports: status with a public note, forwarding, re-routing,
assignment, duplicates, internal notes, response templates, photo publication, and the
bulk forms of these.

Who may act: members (not viewers) of the report's responsible organisation, and the
municipality's coordinators and administrators (`accounts.permissions`). A report the actor
may not see raises NotFound, as if missing.
"""

from collections.abc import Callable, Sequence
from datetime import timedelta
from typing import Any, TypeVar

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from trygga.accounts import permissions
from trygga.accounts.models import Organisation
from trygga.accounts.permissions import AnyUser
from trygga.audit.log import record
from trygga.audit.models import AuditAction
from trygga.core.errors import NotFound, PermissionDenied
from trygga.events.models import Event
from trygga.reports import notifications
from trygga.reports.actions.submission import link_event
from trygga.reports.models import (
    DESCRIPTION_MAX_CHARS,
    InternalNote,
    Report,
    ReportUpdate,
    ResponseTemplate,
    UpdateKind,
)
from trygga.reports.routing import target_hours
from trygga.reports.statuses import CLOSED_STATUSES, Status, can_move, info
from trygga.reports.text import public_text

T = TypeVar("T")


def require_handler(actor: AnyUser, report: Report) -> None:
    """NotFound if the actor may not see the report; PermissionDenied if only see it."""
    municipality = report.municipality
    if not permissions.can_read_reports_of(actor, municipality, report.responsible_organisation_id):
        raise NotFound(_("Ärendet finns inte."))
    if not permissions.can_handle_reports_of(
        actor, municipality, report.responsible_organisation_id
    ):
        raise PermissionDenied(_("Du får inte ändra det här ärendet."))


def _lock(report: Report) -> None:
    """Re-read the report under a row lock, so two changes cannot interleave."""
    fresh = Report.objects.select_for_update().get(pk=report.pk)
    for field in Report._meta.concrete_fields:
        setattr(report, field.attname, getattr(fresh, field.attname))


def _user(actor: AnyUser) -> User | None:
    return actor if isinstance(actor, User) else None


def _check_note(note: str) -> str:
    note = (note or "").strip()
    if len(note) > DESCRIPTION_MAX_CHARS:
        raise ValidationError({"note": _("Högst %d tecken.") % DESCRIPTION_MAX_CHARS})
    return note


def _apply_status(
    *,
    actor: AnyUser,
    report: Report,
    status: str,
    note: str,
    kind: str = UpdateKind.STATUS,
    audit_action: AuditAction = AuditAction.REPORT_STATUS_CHANGED,
    details: dict[str, Any] | None = None,
) -> ReportUpdate:
    """Move the report to `status` with a public note (inside the caller's transaction)."""
    previous = report.status
    now = timezone.now()
    if previous == Status.DUPLICATE and status != Status.DUPLICATE:
        # A reopened duplicate counts again in the situational picture.
        report.duplicate_of = None
        if report.event_id is None:
            link_event(report, actor=actor)
    if previous == Status.FORWARDED and status == Status.IN_PROGRESS:
        report.forwarded_to = ""  # taken back
    report.status = status
    if status in CLOSED_STATUSES:
        if previous not in CLOSED_STATUSES or report.closed_at is None:
            report.closed_at = now
    else:
        report.closed_at = None
    public_note = public_text(note)
    report.public_status_note = public_note
    report.full_clean(exclude=["photo"])
    report.save()
    update = ReportUpdate.objects.create(
        report=report,
        kind=kind,
        status=status,
        previous_status=previous,
        note=public_note,
        note_original=note,
        organisation=report.responsible_organisation,
        forwarded_to=report.forwarded_to if status == Status.FORWARDED else "",
        actor=_user(actor),
        created_at=now,
    )
    record(
        actor=actor,
        action=audit_action,
        target=report,
        details={"from": previous, "to": status, "update": update.pk, **(details or {})},
    )
    transaction.on_commit(lambda: notifications.send_status_mail(update.pk))
    return update


def change_status(*, actor: AnyUser, report: Report, status: str, note: str = "") -> ReportUpdate:
    """Give the report a new status with a public note (redacted before it is published).

    The same status again publishes a note without a change (the note is then required).
    Refuses a move that `statuses.TRANSITIONS` does not allow (`status`), a missing note for
    closed not fixed and not ours (`note`), and forwarded or duplicate (use `forward` and
    `mark_duplicate`, which need a target).

    Side effects: a ReportUpdate, AuditEvent REPORT_STATUS_CHANGED, after commit one mail
    to each follower who gave an e-mail address.
    """
    require_handler(actor, report)
    try:
        new = Status(status)
    except ValueError as exc:
        raise ValidationError({"status": _("Okänd status.")}) from exc
    if new in (Status.FORWARDED, Status.DUPLICATE) and new != report.status:
        raise ValidationError(
            {"status": _("Vidarebefordra eller markera dubblett med sina egna åtgärder.")}
        )
    note = _check_note(note)
    with transaction.atomic():
        _lock(report)
        if new == report.status:
            if not note:
                raise ValidationError({"note": _("Skriv kommentaren som ska publiceras.")})
        elif not can_move(report.status, new):
            raise ValidationError(
                {
                    "status": _("Ett ärende med status %(from)s kan inte få status %(to)s.")
                    % {"from": Status(report.status).label, "to": new.label}
                }
            )
        if info(new).note_required and not note:
            raise ValidationError(
                {"note": _("Skriv varför, och vart anmälaren kan vända sig: det publiceras.")}
            )
        return _apply_status(actor=actor, report=report, status=new, note=note)


def forward(*, actor: AnyUser, report: Report, to: str, note: str = "") -> ReportUpdate:
    """Send the report on to an organisation outside Trygga (a utility, the road authority).

    The reporter sees where it went. Side effects: a ReportUpdate, AuditEvent
    REPORT_FORWARDED, mail to the followers after commit.
    """
    require_handler(actor, report)
    to = (to or "").strip()
    if not to:
        raise ValidationError({"to": _("Ange vart ärendet skickas.")})
    if len(to) > 200:
        raise ValidationError({"to": _("Högst 200 tecken.")})
    note = _check_note(note)
    with transaction.atomic():
        _lock(report)
        if not can_move(report.status, Status.FORWARDED):
            raise ValidationError(
                {"status": _("Ett ärende med status %s kan inte vidarebefordras.")
                 % Status(report.status).label}
            )  # fmt: skip
        report.forwarded_to = to
        return _apply_status(
            actor=actor,
            report=report,
            status=Status.FORWARDED,
            note=note,
            kind=UpdateKind.FORWARDED,
            audit_action=AuditAction.REPORT_FORWARDED,
            details={"forwarded_to": to},
        )


def _recompute_expected(report: Report) -> None:
    hours = target_hours(report.service, report.responsible_organisation)
    report.expected_at = report.requested_at + timedelta(hours=hours) if hours else None


def reroute(
    *, actor: AnyUser, report: Report, organisation: Organisation, note: str = ""
) -> ReportUpdate:
    """Give an open report to another organisation of the municipality (its queue).

    The assignee is cleared and the target time is the new organisation's. The status does
    not change, so no mail goes out; the history shows the new responsible organisation.
    Side effects: a ReportUpdate, AuditEvent REPORT_REROUTED.
    """
    require_handler(actor, report)
    if organisation.municipality_id != report.municipality_id or not organisation.is_active:
        raise ValidationError({"organisation": _("Organisationen finns inte i kommunen.")})
    note = _check_note(note)
    with transaction.atomic():
        _lock(report)
        if not report.is_open:
            raise ValidationError({"status": _("Bara öppna ärenden kan få ny ansvarig.")})
        if organisation.pk == report.responsible_organisation_id:
            raise ValidationError({"organisation": _("Organisationen är redan ansvarig.")})
        previous = report.responsible_organisation_id
        report.responsible_organisation = organisation
        report.assignee = None
        _recompute_expected(report)
        report.save()
        update = ReportUpdate.objects.create(
            report=report,
            kind=UpdateKind.REROUTED,
            status=report.status,
            previous_status=report.status,
            note=public_text(note),
            note_original=note,
            organisation=organisation,
            actor=_user(actor),
            created_at=timezone.now(),
        )
        record(
            actor=actor,
            action=AuditAction.REPORT_REROUTED,
            target=report,
            details={"from": previous, "to": organisation.pk, "update": update.pk},
        )
    return update


def assign(*, actor: AnyUser, report: Report, assignee: User | None) -> Report:
    """Give the report to a person who may handle it (None: nobody).

    Side effects: AuditEvent REPORT_ASSIGNED.
    """
    require_handler(actor, report)
    if assignee is not None and not permissions.can_handle_reports_of(
        assignee, report.municipality, report.responsible_organisation_id
    ):
        raise ValidationError({"assignee": _("Personen kan inte handlägga det här ärendet.")})
    with transaction.atomic():
        _lock(report)
        report.assignee = assignee
        report.save(update_fields=["assignee", "updated_at"])
        record(
            actor=actor,
            action=AuditAction.REPORT_ASSIGNED,
            target=report,
            details={"assignee": assignee.pk if assignee else None},
        )
    return report


def mark_duplicate(
    *, actor: AnyUser, report: Report, original: Report, note: str = ""
) -> ReportUpdate:
    """Join the report to the original it repeats.

    The duplicate's event is removed, so the situational picture counts the matter once;
    the duplicate's reporter (and the reporters of its own duplicates) follow the original
    from now on. A duplicate of a duplicate joins the first original.
    Side effects: a ReportUpdate, AuditEvent REPORT_DUPLICATE_MARKED, mail to the
    duplicate's reporter after commit.
    """
    require_handler(actor, report)
    while original.duplicate_of_id is not None:
        original = original.duplicate_of  # type: ignore[assignment]
    if original.municipality_id != report.municipality_id:
        raise ValidationError({"original": _("Originalet finns inte i kommunen.")})
    if original.pk == report.pk:
        raise ValidationError({"original": _("Ett ärende kan inte vara dubblett av sig självt.")})
    note = _check_note(note)
    with transaction.atomic():
        _lock(report)
        if not can_move(report.status, Status.DUPLICATE):
            raise ValidationError(
                {"status": _("Ett ärende med status %s kan inte markeras som dubblett.")
                 % Status(report.status).label}
            )  # fmt: skip
        moved = Report.objects.filter(duplicate_of=report).update(duplicate_of=original)
        event_id = report.event_id
        if report.event is not None:
            report.event.delete()
            report.event = None
        report.duplicate_of = original
        return _apply_status(
            actor=actor,
            report=report,
            status=Status.DUPLICATE,
            note=note,
            kind=UpdateKind.DUPLICATE,
            audit_action=AuditAction.REPORT_DUPLICATE_MARKED,
            details={"original": original.pk, "event_removed": event_id, "moved": moved},
        )


def add_internal_note(*, actor: AnyUser, report: Report, text: str) -> InternalNote:
    """A note for staff only: never published, never mailed.

    Side effects: AuditEvent REPORT_NOTE_ADDED (without the text).
    """
    require_handler(actor, report)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Skriv anteckningen.")})
    if len(text) > DESCRIPTION_MAX_CHARS:
        raise ValidationError({"text": _("Högst %d tecken.") % DESCRIPTION_MAX_CHARS})
    with transaction.atomic():
        note = InternalNote.objects.create(report=report, author=_user(actor), text=text)
        record(
            actor=actor,
            action=AuditAction.REPORT_NOTE_ADDED,
            target=report,
            details={"note": note.pk},
        )
    return note


def apply_response_template(
    *, actor: AnyUser, report: Report, template: ResponseTemplate
) -> ReportUpdate:
    """Publish a template's text as the public note, with the template's status (if any).

    Refuses a template of another municipality, organisation or service (`template`).
    Side effects: those of `change_status`.
    """
    if (
        template.municipality_id != report.municipality_id
        or not template.is_active
        or template.organisation_id not in (None, report.responsible_organisation_id)
        or template.service_id not in (None, report.service_id)
    ):
        raise ValidationError({"template": _("Svarsmallen passar inte det här ärendet.")})
    return change_status(
        actor=actor, report=report, status=template.status or report.status, note=template.text
    )


def set_photo_public(*, actor: AnyUser, report: Report, public: bool) -> Report:
    """Publish or hide the report's photo after staff have looked at it (faces, plates).

    Side effects: AuditEvent REPORT_PHOTO_VISIBILITY.
    """
    require_handler(actor, report)
    if public and not report.photo:
        raise ValidationError({"photo": _("Ärendet har inget foto.")})
    with transaction.atomic():
        report.photo_is_public = public
        report.save(update_fields=["photo_is_public", "updated_at"])
        record(
            actor=actor,
            action=AuditAction.REPORT_PHOTO_VISIBILITY,
            target=report,
            details={"public": public},
        )
    return report


def edit_public_text(*, actor: AnyUser, report: Report, text: str) -> Report:
    """Correct the public description: moderation where the automatic redaction missed
    something (a name written in an unusual way) or the text should not be public at all.

    The original stays for staff; the new text is redacted again before it is stored, and
    the linked event's description (what the situational picture shows) follows it.
    Side effects: AuditEvent REPORT_PUBLIC_TEXT_EDITED (without either text).
    """
    require_handler(actor, report)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"public_description": _("Skriv den publika texten.")})
    if len(text) > DESCRIPTION_MAX_CHARS:
        raise ValidationError({"public_description": _("Högst %d tecken.") % DESCRIPTION_MAX_CHARS})
    with transaction.atomic():
        _lock(report)
        report.public_description = public_text(text)
        report.save(update_fields=["public_description", "updated_at"])
        if report.event_id is not None:
            Event.objects.filter(pk=report.event_id).update(description=report.public_description)
        record(
            actor=actor,
            action=AuditAction.REPORT_PUBLIC_TEXT_EDITED,
            target=report,
            details={"event": report.event_id},
        )
    return report


def _bulk(reports: Sequence[Report], one: Callable[[Report], T]) -> list[T]:
    """All or nothing: the first refusal undoes the whole batch and names the report."""
    if not reports:
        raise ValidationError({"reports": _("Välj minst ett ärende.")})
    results: list[T] = []
    with transaction.atomic():
        for report in reports:
            try:
                results.append(one(report))
            except ValidationError as exc:
                messages = "; ".join(m for ms in exc.message_dict.values() for m in ms)
                raise ValidationError(
                    {"reports": f"{report.service_request_id}: {messages}"}
                ) from exc
    return results


def bulk_change_status(
    *, actor: AnyUser, reports: Sequence[Report], status: str, note: str = ""
) -> list[ReportUpdate]:
    """`change_status` on each report, in one transaction."""
    return _bulk(reports, lambda r: change_status(actor=actor, report=r, status=status, note=note))


def bulk_assign(
    *, actor: AnyUser, reports: Sequence[Report], assignee: User | None
) -> list[Report]:
    """`assign` on each report, in one transaction."""
    return _bulk(reports, lambda r: assign(actor=actor, report=r, assignee=assignee))


def bulk_reroute(
    *, actor: AnyUser, reports: Sequence[Report], organisation: Organisation, note: str = ""
) -> list[ReportUpdate]:
    """`reroute` of each report, in one transaction."""
    return _bulk(
        reports, lambda r: reroute(actor=actor, report=r, organisation=organisation, note=note)
    )
