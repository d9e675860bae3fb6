"""Changes to organisations and memberships, each with its audit row."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db import transaction

from trygga.accounts.models import Membership, Organisation, Role
from trygga.audit.log import record
from trygga.audit.models import AuditAction
from trygga.geography.models import Municipality


def create_organisation(
    *,
    actor: User | None,
    municipality: Municipality,
    name: str,
    kind: str,
    short_name: str = "",
    parent: Organisation | None = None,
) -> Organisation:
    """Create an organisation, or return the existing one of that name (idempotent).

    Side effects: AuditEvent ORGANISATION_CREATED when created.
    """
    with transaction.atomic():
        organisation, created = Organisation.objects.get_or_create(
            municipality=municipality,
            name=name,
            defaults={"kind": kind, "short_name": short_name, "parent": parent},
        )
        if created:
            organisation.full_clean()
            record(actor=actor, action=AuditAction.ORGANISATION_CREATED, target=organisation)
    return organisation


def add_member(
    *,
    actor: User | None,
    organisation: Organisation,
    username: str,
    role: Role,
    email: str = "",
    first_name: str = "",
    last_name: str = "",
    password: str | None = None,
) -> Membership:
    """Create the user if needed and give them a role in the organisation.

    Side effects: AuditEvent MEMBERSHIP_CREATED.
    """
    user_model = get_user_model()
    with transaction.atomic():
        user, created = user_model.objects.get_or_create(
            username=username,
            defaults={"email": email, "first_name": first_name, "last_name": last_name},
        )
        if created:
            if password:
                user.set_password(password)
            else:
                user.set_unusable_password()
            user.save()
        membership, _ = Membership.objects.update_or_create(
            user=user, organisation=organisation, defaults={"role": role, "is_active": True}
        )
        record(
            actor=actor,
            action=AuditAction.MEMBERSHIP_CREATED,
            target=membership,
            details={"role": str(role), "organisation": organisation.pk},
            municipality=organisation.municipality,
        )
    return membership
