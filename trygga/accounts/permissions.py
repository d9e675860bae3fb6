"""Permission predicates: what a person may do in a municipality.

The model is written down in docs/security.md; selectors and actions call these
predicates, and nothing else decides access.
"""

from django.contrib.auth.models import AnonymousUser, User

from trygga.accounts.models import Membership, Role
from trygga.geography.models import Municipality

AnyUser = User | AnonymousUser

LOG_EVENT_ROLES = frozenset({Role.ADMINISTRATOR, Role.COORDINATOR, Role.REPORTER})
IMPORT_ROLES = frozenset({Role.ADMINISTRATOR, Role.COORDINATOR})
SEE_ALL_ROLES = frozenset({Role.ADMINISTRATOR, Role.COORDINATOR})


def memberships(user: AnyUser, municipality: Municipality) -> list[Membership]:
    """Active memberships of the user in organisations of the municipality (cached per user)."""
    if not user.is_authenticated:
        return []
    cache: dict[int, list[Membership]] = user.__dict__.setdefault("_trygga_memberships", {})
    if municipality.pk not in cache:
        cache[municipality.pk] = list(
            Membership.objects.filter(
                user=user,
                is_active=True,
                organisation__is_active=True,
                organisation__municipality=municipality,
            ).select_related("organisation")
        )
    return cache[municipality.pk]


def roles(user: AnyUser, municipality: Municipality) -> set[str]:
    return {m.role for m in memberships(user, municipality)}


def is_superuser(user: AnyUser) -> bool:
    return bool(user.is_authenticated and getattr(user, "is_superuser", False))


def organisation_ids(user: AnyUser, municipality: Municipality) -> set[int]:
    return {m.organisation_id for m in memberships(user, municipality)}


def is_member(user: AnyUser, municipality: Municipality) -> bool:
    return is_superuser(user) or bool(memberships(user, municipality))


def can_log_events(user: AnyUser, municipality: Municipality) -> bool:
    return is_superuser(user) or bool(roles(user, municipality) & LOG_EVENT_ROLES)


def can_import(user: AnyUser, municipality: Municipality) -> bool:
    return is_superuser(user) or bool(roles(user, municipality) & IMPORT_ROLES)


def sees_all_events(user: AnyUser, municipality: Municipality) -> bool:
    """Coordinators and administrators see restricted events of every organisation."""
    return is_superuser(user) or bool(roles(user, municipality) & SEE_ALL_ROLES)


def user_municipalities(user: AnyUser) -> list[Municipality]:
    """The active municipalities in which the user has a role (all of them for superusers)."""
    if not user.is_authenticated:
        return []
    qs = Municipality.objects.filter(is_active=True)
    if not is_superuser(user):
        qs = qs.filter(
            organisations__memberships__user=user,
            organisations__memberships__is_active=True,
            organisations__is_active=True,
        ).distinct()
    return list(qs.order_by("name"))


# Citizen reports (trygga.reports): the responsible organisation's members handle their
# reports; the municipality's coordinators and administrators see and handle all of them
# and manage the configuration (services, routing, keys, held submissions).
HANDLE_REPORT_ROLES = frozenset({Role.ADMINISTRATOR, Role.COORDINATOR, Role.REPORTER})


def sees_all_reports(user: AnyUser, municipality: Municipality) -> bool:
    return is_superuser(user) or bool(roles(user, municipality) & SEE_ALL_ROLES)


def can_read_reports_of(
    user: AnyUser, municipality: Municipality, organisation_id: int | None
) -> bool:
    """Reports whose responsible organisation is `organisation_id` (None: not yet routed)."""
    if sees_all_reports(user, municipality):
        return True
    return organisation_id is not None and organisation_id in organisation_ids(user, municipality)


def can_handle_reports_of(
    user: AnyUser, municipality: Municipality, organisation_id: int | None
) -> bool:
    """Change status, forward, re-route, assign, note: not for viewers."""
    if sees_all_reports(user, municipality):
        return True
    return organisation_id is not None and any(
        m.organisation_id == organisation_id and m.role in HANDLE_REPORT_ROLES
        for m in memberships(user, municipality)
    )


def can_manage_reports(user: AnyUser, municipality: Municipality) -> bool:
    return sees_all_reports(user, municipality)
