"""audit.record(): the one way to write an audit row, called inside the action's transaction."""

from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.db import models

from trygga.audit.models import AuditAction, AuditEvent


def record(
    *,
    actor: User | AnonymousUser | None,
    action: AuditAction,
    target: models.Model | None = None,
    details: dict[str, Any] | None = None,
    ip_address: str | None = None,
) -> AuditEvent:
    """Append one audit row. `actor` None means the system itself (a scheduled job)."""
    user = actor if isinstance(actor, User) else None
    label = user.get_username() if user is not None else "system"
    return AuditEvent.objects.create(
        actor=user,
        actor_label=label,
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        details=details or {},
        ip_address=ip_address,
    )
