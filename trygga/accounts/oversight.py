"""Reads for the administrators' oversight pages: a municipality's audit log and who may see
what. Access is checked here (`permissions.can_oversee`), and each read writes its own
audit row (one per list, never one per row shown).

A municipality's audit log holds the rows about its data (`municipality_code`), and the
rows about no one municipality (log-ins, two-factor changes) of people who are members of
it; rows about other municipalities never show, even for a person who works in both.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db.models import Q, QuerySet
from django_otp.plugins.otp_totp.models import TOTPDevice

from trygga.accounts import permissions
from trygga.accounts.models import Membership
from trygga.accounts.permissions import AnyUser
from trygga.accounts.twofactor import required_roles
from trygga.audit.export import between
from trygga.audit.log import record_read
from trygga.audit.models import AuditAction, AuditEvent
from trygga.core.errors import PermissionDenied
from trygga.geography.models import Municipality


@dataclass(frozen=True)
class AuditFilter:
    date_from: date | None = None
    date_to: date | None = None
    action: str = ""
    actor: str = ""
    target_type: str = ""


def _member_ids(municipality: Municipality) -> QuerySet[Membership, int]:
    return Membership.objects.filter(organisation__municipality=municipality).values_list(
        "user_id", flat=True
    )


def _scoped(municipality: Municipality, audit_filter: AuditFilter) -> QuerySet[AuditEvent]:
    qs = between(audit_filter.date_from, audit_filter.date_to).filter(
        Q(municipality_code=municipality.code)
        | Q(municipality_code="", actor_id__in=_member_ids(municipality))
    )
    if audit_filter.action:
        qs = qs.filter(action=audit_filter.action)
    if audit_filter.actor:
        qs = qs.filter(actor_label__icontains=audit_filter.actor)
    if audit_filter.target_type:
        qs = qs.filter(target_type=audit_filter.target_type)
    return qs.order_by("-at", "-id")


def _frozen(qs: QuerySet[AuditEvent]) -> QuerySet[AuditEvent]:
    """The rows as they stand before this read writes its own row (which is then not part of
    what it read, nor of its count)."""
    last = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first()
    return qs.filter(id__lte=last) if last is not None else qs.none()


def _check(viewer: AnyUser, municipality: Municipality) -> None:
    if not permissions.can_oversee(viewer, municipality):
        raise PermissionDenied("Bara kommunens administratörer ser granskningsloggen.")


def audit_log_for(
    viewer: AnyUser, municipality: Municipality, audit_filter: AuditFilter
) -> QuerySet[AuditEvent]:
    """The municipality's audit rows, newest first, for its administrators.

    Side effects: AuditEvent AUDIT_LISTED (the filter and the count).
    """
    _check(viewer, municipality)
    qs = _frozen(_scoped(municipality, audit_filter))
    record_read(
        viewer=viewer,
        action=AuditAction.AUDIT_LISTED,
        municipality=municipality,
        filters=vars(audit_filter),
        count=qs.count(),
    )
    return qs


def audit_log_for_export(
    viewer: AnyUser, municipality: Municipality, audit_filter: AuditFilter
) -> QuerySet[AuditEvent]:
    """The same rows for a CSV download, oldest first.

    Side effects: AuditEvent AUDIT_EXPORTED (the filter and the count).
    """
    _check(viewer, municipality)
    qs = _frozen(_scoped(municipality, audit_filter)).order_by("at", "id")
    record_read(
        viewer=viewer,
        action=AuditAction.AUDIT_EXPORTED,
        municipality=municipality,
        filters=vars(audit_filter),
        count=qs.count(),
    )
    return qs


@dataclass(frozen=True)
class MemberRow:
    user: User
    organisation: str
    role: str
    role_label: str
    is_active: bool
    two_factor: bool
    two_factor_required: bool
    last_login: datetime | None


def members_overview(viewer: AnyUser, municipality: Municipality) -> list[MemberRow]:
    """Every membership in the municipality's organisations with the person's two-factor
    status, for "who may see what".

    Side effects: AuditEvent MEMBERS_LISTED (the count).
    """
    _check(viewer, municipality)
    memberships = list(
        Membership.objects.filter(organisation__municipality=municipality)
        .select_related("user", "organisation")
        .order_by("organisation__name", "role", "user__username")
    )
    user_ids = {m.user_id for m in memberships}
    enrolled = set(
        TOTPDevice.objects.filter(user_id__in=user_ids, confirmed=True).values_list(
            "user_id", flat=True
        )
    )
    required = required_roles()
    rows = [
        MemberRow(
            user=m.user,
            organisation=m.organisation.name,
            role=m.role,
            role_label=m.get_role_display(),
            is_active=m.is_active and m.organisation.is_active and m.user.is_active,
            two_factor=m.user_id in enrolled,
            two_factor_required=m.role in required,
            last_login=m.user.last_login,
        )
        for m in memberships
    ]
    record_read(
        viewer=viewer,
        action=AuditAction.MEMBERS_LISTED,
        municipality=municipality,
        count=len(rows),
    )
    return rows


def superusers() -> QuerySet[User]:
    """Accounts that see every municipality (Django superusers), for the overview."""
    return get_user_model().objects.filter(is_superuser=True, is_active=True).order_by("username")
