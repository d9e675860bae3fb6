"""Permission predicates: what a person may do in a municipality.

The model is written down in docs/security.md; selectors and actions call these
predicates, and nothing else decides access.
"""

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.utils.translation import gettext_lazy as _

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


# The action plan (trygga.plans, docs/plans.md): every member reads the plans; coordinators
# and administrators write plans, problems and every measure; the owner organisation's
# members (not viewers) edit their own measures; members of a partner organisation comment.
EDIT_OWN_MEASURE_ROLES = frozenset({Role.ADMINISTRATOR, Role.COORDINATOR, Role.REPORTER})


def can_read_plans(user: AnyUser, municipality: Municipality) -> bool:
    return is_member(user, municipality)


def can_coordinate_plans(user: AnyUser, municipality: Municipality) -> bool:
    """Create and adopt plans, write their problems, add and edit any measure."""
    return is_superuser(user) or bool(roles(user, municipality) & SEE_ALL_ROLES)


def can_edit_measure(user: AnyUser, municipality: Municipality, owner_id: int) -> bool:
    """Change a measure, follow it up, enter its indicator values."""
    if can_coordinate_plans(user, municipality):
        return True
    return any(
        m.organisation_id == owner_id and m.role in EDIT_OWN_MEASURE_ROLES
        for m in memberships(user, municipality)
    )


def can_comment_on_measure(
    user: AnyUser, municipality: Municipality, owner_id: int, partner_ids: set[int]
) -> bool:
    """Comment on a measure: its editors and every member of a partner organisation."""
    if can_edit_measure(user, municipality, owner_id):
        return True
    return bool(organisation_ids(user, municipality) & ({owner_id} | partner_ids))


# Oversight (docs/security.md): the municipality's administrators read its audit log and the
# overview of who may see what.
OVERSEE_ROLES = frozenset({Role.ADMINISTRATOR})
ALL_ROLES = frozenset(Role)


def can_oversee(user: AnyUser, municipality: Municipality) -> bool:
    return is_superuser(user) or bool(roles(user, municipality) & OVERSEE_ROLES)


@dataclass(frozen=True)
class Capability:
    """One row of the permission model: what the holders of `roles` may do, and over what."""

    code: str
    action: Any  # lazy translated text
    scope: Any
    roles: frozenset[str]


# The permission model as a table, built from the role sets the predicates above use: the
# administrators' page "Behörigheter" and docs/security.md show it, and
# tests/accounts/test_capabilities.py checks every row against the predicates themselves.
CAPABILITIES: tuple[Capability, ...] = (
    Capability(
        "read_events",
        _("Läsa öppna händelser och samverkanshändelser"),
        _("kommunen (och länets polishändelser)"),
        ALL_ROLES,
    ),
    Capability(
        "read_own_restricted",
        _("Läsa begränsade händelser"),
        _("den egna organisationens"),
        ALL_ROLES,
    ),
    Capability(
        "read_all_restricted",
        _("Läsa begränsade händelser"),
        _("alla organisationers i kommunen"),
        SEE_ALL_ROLES,
    ),
    Capability("log_events", _("Logga händelser"), _("kommunen"), LOG_EVENT_ROLES),
    Capability("import", _("Importera händelser från fil"), _("kommunen"), IMPORT_ROLES),
    Capability(
        "read_own_reports",
        _("Läsa felanmälningar"),
        _("som den egna organisationen ansvarar för"),
        ALL_ROLES,
    ),
    Capability(
        "handle_own_reports",
        _("Hantera felanmälningar (status, vidarebefordra, anteckna)"),
        _("som den egna organisationen ansvarar för"),
        HANDLE_REPORT_ROLES,
    ),
    Capability(
        "manage_reports",
        _("Läsa och hantera alla felanmälningar, konfigurera tjänster och nycklar"),
        _("kommunen"),
        SEE_ALL_ROLES,
    ),
    Capability(
        "read_plans",
        _("Läsa åtgärdsplaner, åtgärder och indikatorer"),
        _("kommunen"),
        ALL_ROLES,
    ),
    Capability(
        "coordinate_plans",
        _("Skapa och anta planer, skriva problem, ändra alla åtgärder"),
        _("kommunen"),
        SEE_ALL_ROLES,
    ),
    Capability(
        "edit_own_measures",
        _("Ändra och följa upp åtgärder"),
        _("som den egna organisationen äger"),
        EDIT_OWN_MEASURE_ROLES,
    ),
    Capability(
        "comment_measures",
        _("Kommentera åtgärder"),
        _("där den egna organisationen är partner"),
        ALL_ROLES,
    ),
    Capability(
        "oversee",
        _("Läsa granskningsloggen och behörighetsöversikten"),
        _("kommunen"),
        OVERSEE_ROLES,
    ),
)
