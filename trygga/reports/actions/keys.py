"""Open311 API keys for third-party apps: created (the key is shown once) and revoked."""

import secrets

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from trygga.accounts import permissions
from trygga.accounts.permissions import AnyUser
from trygga.audit.log import record
from trygga.audit.models import AuditAction
from trygga.core.errors import PermissionDenied
from trygga.geography.models import Municipality
from trygga.reports.apikeys import KEY_PREFIX, PREFIX_SHOWN, hash_key
from trygga.reports.models import Open311Key


def _may_manage(actor: AnyUser | None, municipality: Municipality | None) -> bool:
    if actor is None:  # the command line: whoever runs it already has the database
        return True
    if municipality is None:
        return permissions.is_superuser(actor)
    return permissions.can_manage_reports(actor, municipality)


def create_open311_key(
    *, actor: AnyUser | None, name: str, municipality: Municipality | None = None
) -> tuple[Open311Key, str]:
    """A new key for an app; returns the row and the key itself, which is not stored and
    cannot be shown again. Without a municipality the key posts to every jurisdiction.

    Side effects: AuditEvent OPEN311_KEY_CREATED.
    """
    if not _may_manage(actor, municipality):
        raise PermissionDenied(_("Bara samordnare och administratörer får skapa nycklar."))
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Ge nyckeln ett namn (appen eller leverantören).")})
    raw = KEY_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        key = Open311Key(
            municipality=municipality,
            name=name[:200],
            prefix=raw[:PREFIX_SHOWN],
            key_hash=hash_key(raw),
            created_by=actor if isinstance(actor, User) else None,
        )
        key.full_clean()
        key.save()
        record(
            actor=actor,
            action=AuditAction.OPEN311_KEY_CREATED,
            target=key,
            details={"name": key.name, "prefix": key.prefix},
        )
    return key, raw


def revoke_open311_key(*, actor: AnyUser | None, key: Open311Key) -> Open311Key:
    """Stop a key from working; revoking twice changes nothing.

    Side effects: AuditEvent OPEN311_KEY_REVOKED.
    """
    if not _may_manage(actor, key.municipality):
        raise PermissionDenied(_("Bara samordnare och administratörer får spärra nycklar."))
    if key.revoked_at is not None:
        return key
    with transaction.atomic():
        key.revoked_at = timezone.now()
        key.save(update_fields=["revoked_at", "updated_at"])
        record(
            actor=actor,
            action=AuditAction.OPEN311_KEY_REVOKED,
            target=key,
            details={"prefix": key.prefix},
        )
    return key
