"""Receiving a report, keeping what a limit refused, and deleting personal data on time.

`submit_report` is the one way a report comes in, from the web form, an Open311 app or
staff: it checks the input, routes the report, links its event (the report counts in the
situational picture as an event of the service's category), writes the audit row and
mails the acknowledgement after commit.
"""

import secrets
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import EmailValidator, URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from trygga.accounts import permissions
from trygga.accounts.permissions import AnyUser
from trygga.audit.log import record
from trygga.audit.models import AuditAction
from trygga.core.errors import NotFound, PermissionDenied
from trygga.events.actions import citizen_report_source, create_linked_event, locate
from trygga.geography.models import Municipality
from trygga.reports import notifications
from trygga.reports.attributes import clean_attributes, public_answers
from trygga.reports.models import (
    DESCRIPTION_MAX_CHARS,
    Channel,
    HeldReason,
    HeldResolution,
    HeldSubmission,
    Open311Key,
    Report,
    ReportContact,
    ReportUpdate,
    Service,
    UpdateKind,
)
from trygga.reports.photos import clean_photo, max_bytes
from trygga.reports.routing import route, target_hours
from trygga.reports.statuses import OPEN_STATUSES, Status
from trygga.reports.text import public_text

# Public ids: 8 characters without look-alikes (0/O, 1/I/L), easy to read out on the phone.
ID_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
ID_LENGTH = 8
LANGUAGES = ("sv", "en")
CONTACT_FIELDS = ("email", "first_name", "last_name", "phone", "device_id", "account_id")


def _new_service_request_id() -> str:
    while True:
        candidate = "".join(secrets.choice(ID_ALPHABET) for _ in range(ID_LENGTH))
        if not Report.objects.filter(service_request_id=candidate).exists():
            return candidate


def _check_location(
    municipality: Municipality,
    lat: float | None,
    lon: float | None,
    address_string: str,
    address_id: str,
) -> tuple[float | None, float | None, int | None, int | None]:
    """(lat, lon, district id, H3 cell); refuses half a point or a point outside."""
    if (lat is None) != (lon is None):
        missing = "long" if lon is None else "lat"
        raise ValidationError({missing: _("Ange både latitud och longitud.")})
    if lat is None or lon is None:
        if not (address_string or address_id):
            raise ValidationError(
                {"location": _("Ange en position (lat och long) eller en adress.")}
            )
        return None, None, None, None
    try:
        lat, lon = float(lat), float(lon)
    except (TypeError, ValueError) as exc:
        raise ValidationError({"lat": _("Latitud och longitud ska vara tal.")}) from exc
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise ValidationError({"lat": _("Positionen ska anges i WGS84 (grader).")})
    district_id, cell = locate(municipality, lon, lat, field="lat")
    return lat, lon, district_id, cell


def _check_contact(email: str, media_url: str) -> None:
    if email:
        try:
            EmailValidator()(email)
        except ValidationError as exc:
            raise ValidationError({"email": _("E-postadressen ser inte rätt ut.")}) from exc
    if media_url:
        try:
            URLValidator(schemes=["http", "https"])(media_url)
        except ValidationError as exc:
            raise ValidationError({"media_url": _("Länken ska börja med https://.")}) from exc


def submit_report(
    *,
    actor: AnyUser | None = None,
    municipality: Municipality,
    service: Service,
    description: str = "",
    lat: float | None = None,
    lon: float | None = None,
    address_string: str = "",
    address_id: str = "",
    zipcode: str = "",
    attributes: Mapping[str, Any] | None = None,
    photo: UploadedFile | None = None,
    media_url: str = "",
    email: str = "",
    first_name: str = "",
    last_name: str = "",
    phone: str = "",
    device_id: str = "",
    account_id: str = "",
    wants_updates: bool = False,
    language: str = "sv",
    channel: str = Channel.WEB,
    open311_key: Open311Key | None = None,
    requested_at: datetime | None = None,
) -> Report:
    """Receive a resident's report and route it.

    No account is needed (`actor` is None or anonymous for residents; a staff member who
    registers a phone call passes themselves and may give `requested_at`; for others it is
    now). Refuses, naming
    the field: an inactive or foreign `service`, a description over 4,000 characters, half a
    point or a point outside the municipality (`lat`/`long`), no location at all
    (`location`), wrong attribute answers (`attribute[code]`), a bad photo (`photo`), a bad
    e-mail address (`email`). Updates are mailed only when an e-mail address is given.

    Side effects, in one transaction: the report, its contact row (if any contact was given),
    the first history row, the linked Event (source "Felanmälan <municipality>", the
    redacted text, the district and H3 cell of the point), AuditEvent REPORT_SUBMITTED; after
    commit, the acknowledgement mail.
    """
    if not municipality.is_active:
        raise NotFound(_("Kommunen finns inte."))
    if service.municipality_id != municipality.pk or not service.is_active:
        raise ValidationError({"service_code": _("Kategorin finns inte i kommunen.")})
    description = (description or "").strip()
    if len(description) > DESCRIPTION_MAX_CHARS:
        raise ValidationError(
            {"description": _("Beskrivningen får vara högst %d tecken.") % DESCRIPTION_MAX_CHARS}
        )
    address_string = (address_string or "").strip()[:300]
    address_id = (address_id or "").strip()[:100]
    lat, lon, district_id, cell = _check_location(
        municipality, lat, lon, address_string, address_id
    )
    answers = clean_attributes(service, attributes)
    email = (email or "").strip()
    _check_contact(email, media_url)
    now = timezone.now()
    if requested_at is None or not getattr(actor, "is_authenticated", False):
        requested_at = now
    elif requested_at > now:
        raise ValidationError({"requested_at": _("Tiden får inte ligga i framtiden.")})
    clean = clean_photo(photo) if photo is not None else None
    public_description = public_text(description)
    contact = {
        "email": email,
        "first_name": (first_name or "").strip()[:100],
        "last_name": (last_name or "").strip()[:100],
        "phone": (phone or "").strip()[:40],
        "device_id": (device_id or "").strip()[:200],
        "account_id": (account_id or "").strip()[:200],
    }

    with transaction.atomic():
        rule = route(municipality, service, district_id=district_id, lon=lon, lat=lat)
        organisation = rule.organisation if rule else None
        hours = target_hours(service, organisation)
        report = Report(
            municipality=municipality,
            service=service,
            service_request_id=_new_service_request_id(),
            tracking_token=secrets.token_urlsafe(32),
            open311_token=secrets.token_hex(12),
            status=Status.RECEIVED,
            description=description,
            public_description=public_description,
            attributes=answers,
            public_attributes=public_answers(service, answers),
            lat=lat,
            lon=lon,
            address_string=address_string,
            address_id=address_id,
            zipcode=(zipcode or "").strip()[:20],
            district_id=district_id,
            media_url=media_url,
            responsible_organisation=organisation,
            requested_at=requested_at,
            expected_at=requested_at + timedelta(hours=hours) if hours else None,
            channel=channel,
            open311_key=open311_key,
        )
        if clean is not None:
            report.photo.save(clean.name or "photo.jpg", clean, save=False)
        # Field checks only: the inputs were checked above and the database enforces the
        # constraints; Django's Python-side constraint checks cost a query each (a third of
        # the submission's time, measured).
        report.clean_fields(exclude=["photo", "tracking_token", "open311_token"])
        report.save()
        if any(contact.values()):
            ReportContact.objects.create(
                report=report,
                wants_updates=bool(wants_updates and email),
                language=language if language in LANGUAGES else "sv",
                **contact,
            )
        ReportUpdate.objects.create(
            report=report,
            kind=UpdateKind.SUBMITTED,
            status=Status.RECEIVED,
            organisation=organisation,
            actor=actor if isinstance(actor, User) else None,
            created_at=requested_at,
        )
        link_event(report, actor=actor, cell=cell)
        if open311_key is not None:
            Open311Key.objects.filter(pk=open311_key.pk).update(last_used_at=now)
        record(
            actor=actor,
            action=AuditAction.REPORT_SUBMITTED,
            target=report,
            details={
                "channel": channel,
                "service": service.service_code,
                "organisation": organisation.pk if organisation else None,
                "routing_rule": rule.pk if rule else None,
                "open311_key": open311_key.prefix if open311_key else None,
                "event": report.event_id,
            },
        )
        transaction.on_commit(lambda: notifications.send_acknowledgement(report.pk))
    return report


def link_event(report: Report, *, actor: AnyUser | None, cell: int | None = None) -> None:
    """Create the report's event (its count in the situational picture) and link it."""
    if cell is None and report.has_point:
        _district, cell = locate(report.municipality, report.lon or 0.0, report.lat or 0.0)
    event = create_linked_event(
        actor=actor,
        municipality=report.municipality,
        category=report.service.category,
        source=citizen_report_source(report.municipality),
        occurred_from=report.requested_at,
        lon=report.lon,
        lat=report.lat,
        district_id=report.district_id,
        h3_cell=cell,
        address=report.address_string,
        description=report.public_description,
        external_id=report.service_request_id,
    )
    report.event = event
    Report.objects.filter(pk=report.pk).update(event=event)


# --- held submissions: nothing a resident sent is lost --------------------------------

SECRET_PAYLOAD_KEYS = frozenset({"api_key", "password", "csrfmiddlewaretoken"})


def join_report(*, original: Report, **submission: Any) -> Report:
    """File the resident's report as a follower of `original`: a duplicate from the start.

    The resident's own report keeps their contact and gets its own tracking link, which
    shows the original's progress; mail about the original reaches them (the core's
    `notifications.followers`). Its event is removed at once, so the situational picture
    counts the matter once. Refuses an original that is no longer open (`join`).

    Side effects, in one transaction: those of `submit_report`, a history row "duplicate",
    AuditEvent REPORT_DUPLICATE_MARKED (actor: none; the reporter chose it).
    """
    with transaction.atomic():
        original = Report.objects.select_for_update().get(pk=original.pk)
        while original.duplicate_of_id is not None:
            original = Report.objects.select_for_update().get(pk=original.duplicate_of_id)
        if original.status not in OPEN_STATUSES:
            raise ValidationError(
                {"join": _("Ärende %s är redan avslutat. Skicka en ny anmälan i stället.")
                 % original.service_request_id}
            )  # fmt: skip
        report = submit_report(**submission)
        event_id = report.event_id
        if report.event is not None:
            report.event.delete()
            report.event = None
        report.duplicate_of = original
        report.status = Status.DUPLICATE
        report.closed_at = timezone.now()
        report.save()
        ReportUpdate.objects.create(
            report=report,
            kind=UpdateKind.DUPLICATE,
            status=Status.DUPLICATE,
            previous_status=Status.RECEIVED,
            organisation=report.responsible_organisation,
            created_at=report.closed_at,
        )
        record(
            actor=None,
            action=AuditAction.REPORT_DUPLICATE_MARKED,
            target=report,
            details={"original": original.pk, "event_removed": event_id, "by": "reporter"},
        )
    return report


def hold_submission(
    *,
    municipality: Municipality,
    channel: str,
    reason: str,
    payload: Mapping[str, Any],
    error: str = "",
    photo: UploadedFile | None = None,
    client: str = "",
    open311_key: Open311Key | None = None,
) -> HeldSubmission:
    """Keep a refused submission as it came (without secrets such as `api_key`).

    `payload` uses `submit_report`'s argument names, with `service_code` for the service;
    `client` is a `ratelimit.client_hash`. A photo is kept unaltered (up to the size limit),
    so staff can still use it; held submissions are staff-only and deleted after
    HELD_SUBMISSION_RETENTION_DAYS.

    Side effects: AuditEvent SUBMISSION_HELD.
    """
    if reason not in HeldReason.values:
        raise ValueError(f"unknown reason {reason!r}")
    kept = {str(k): v for k, v in payload.items() if str(k).lower() not in SECRET_PAYLOAD_KEYS}
    with transaction.atomic():
        held = HeldSubmission(
            municipality=municipality,
            channel=channel,
            reason=reason,
            error=error[:2000],
            payload=kept,
            client_hash=client[:64],
            open311_key=open311_key,
        )
        if photo is not None and (photo.size or 0) <= max_bytes():
            photo.seek(0)
            held.photo.save(photo.name or "photo", ContentFile(photo.read()), save=False)
        held.save()
        record(
            actor=None,
            action=AuditAction.SUBMISSION_HELD,
            target=held,
            details={"reason": reason, "channel": channel},
        )
    return held


def _require_manager(actor: AnyUser, municipality: Municipality) -> None:
    if not permissions.can_manage_reports(actor, municipality):
        raise PermissionDenied(_("Bara samordnare och administratörer får göra detta."))


def release_held_submission(*, actor: AnyUser, held: HeldSubmission) -> Report:
    """Register a held submission as a report, as it was sent and when it was sent.

    Side effects: those of `submit_report`, and AuditEvent SUBMISSION_RESOLVED.
    """
    _require_manager(actor, held.municipality)
    if held.resolution:
        raise ValidationError({"held": _("Inlämningen är redan hanterad.")})
    payload = dict(held.payload)
    code = str(payload.pop("service_code", ""))
    service = Service.objects.filter(municipality=held.municipality, service_code=code).first()
    if service is None:
        raise ValidationError({"service_code": _("Kategorin finns inte i kommunen.")})
    allowed = {
        "description", "lat", "lon", "address_string", "address_id", "zipcode", "attributes",
        "media_url", "wants_updates", "language", *CONTACT_FIELDS,
    }  # fmt: skip
    fields = {k: v for k, v in payload.items() if k in allowed}
    with transaction.atomic():
        photo = None
        if held.photo:
            held.photo.open("rb")
            photo = UploadedFile(held.photo.file, name=held.photo.name, size=held.photo.size)
        report = submit_report(
            actor=actor,
            municipality=held.municipality,
            service=service,
            photo=photo,
            channel=held.channel,
            open311_key=held.open311_key,
            requested_at=held.created_at,
            **fields,
        )
        held.resolution = HeldResolution.RELEASED
        held.resolved_at = timezone.now()
        held.resolved_by = actor if isinstance(actor, User) else None
        held.report = report
        held.save()
        record(
            actor=actor,
            action=AuditAction.SUBMISSION_RESOLVED,
            target=held,
            details={"resolution": HeldResolution.RELEASED, "report": report.pk},
        )
    return report


def discard_held_submission(*, actor: AnyUser, held: HeldSubmission, reason: str = "") -> None:
    """Discard a held submission (abuse, a double): its content is deleted now.

    Side effects: AuditEvent SUBMISSION_RESOLVED.
    """
    _require_manager(actor, held.municipality)
    if held.resolution:
        raise ValidationError({"held": _("Inlämningen är redan hanterad.")})
    with transaction.atomic():
        if held.photo:
            held.photo.delete(save=False)
        held.payload = {}
        held.resolution = HeldResolution.DISCARDED
        held.resolved_at = timezone.now()
        held.resolved_by = actor if isinstance(actor, User) else None
        held.save()
        record(
            actor=actor,
            action=AuditAction.SUBMISSION_RESOLVED,
            target=held,
            details={"resolution": HeldResolution.DISCARDED, "reason": reason[:500]},
        )
