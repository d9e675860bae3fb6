"""audit.record(): the one way to write an audit row, called inside the action's transaction;
audit.record_read(): the row for a read of protected data, called by the selectors.

The request's client address is taken from the request context (see `audit.context`) when
the caller does not pass one; it is personal data, kept `AUDIT_IP_RETENTION_DAYS` and then
blanked by the retention job (docs/security.md, "Audit").
"""

from collections.abc import Mapping
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.db import models

from trygga.audit import context
from trygga.audit.models import READ_SUFFIXES, AuditAction, AuditEvent


def _municipality_code(target: models.Model | None, municipality: Any) -> str:
    if municipality is not None:
        return str(getattr(municipality, "code", municipality))
    if target is None:
        return ""
    related = getattr(target, "municipality", None)
    return str(getattr(related, "code", "") or "")


def record(
    *,
    actor: User | AnonymousUser | None,
    action: AuditAction,
    target: models.Model | None = None,
    details: dict[str, Any] | None = None,
    ip_address: str | None = None,
    municipality: Any = None,
    actor_label: str | None = None,
) -> AuditEvent:
    """Append one audit row. `actor` None means the system itself (a scheduled job).

    `municipality` (a Municipality or its code) scopes the row to the municipality whose
    data it concerns; by default the target's own `municipality`. `actor_label` names an
    actor who is not a user (a failed log-in's account name).
    """
    user = actor if isinstance(actor, User) else None
    label = actor_label or (user.get_username() if user is not None else "system")
    if ip_address is None and (request := context.current()) is not None:
        ip_address = request.ip_address
    return AuditEvent.objects.create(
        actor=user,
        actor_label=label[:200],
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        details=details or {},
        ip_address=ip_address,
        municipality_code=_municipality_code(target, municipality),
    )


def record_read(
    *,
    viewer: Any,
    action: AuditAction,
    target: models.Model | None = None,
    municipality: Any = None,
    filters: Mapping[str, Any] | None = None,
    count: int | None = None,
    details: dict[str, Any] | None = None,
    ip_address: str | None = None,
) -> AuditEvent | None:
    """The audit row of one read of protected data: a detail view (`target`), or one list
    request (`filters` and the `count` of matching rows), never one row per listed object.

    Reads by the command line's system reader are not recorded here: the command that ran
    them records its own row. Returns the row, or None when nothing was recorded.
    """
    if not str(action).endswith(READ_SUFFIXES):
        raise ValueError(f"{action} is not a read action (ends in one of {READ_SUFFIXES})")
    if not getattr(viewer, "is_authenticated", False):
        return None
    payload: dict[str, Any] = dict(details or {})
    if filters is not None:
        payload["filters"] = {key: _plain(value) for key, value in filters.items() if value}
    if count is not None:
        payload["count"] = count
    if (request := context.current()) is not None:
        payload["path"] = request.path
    return record(
        actor=viewer,
        action=action,
        target=target,
        details=payload,
        municipality=municipality,
        ip_address=ip_address,
    )


def _plain(value: Any) -> Any:
    """A filter value as JSON: model instances by primary key, dates as ISO text."""
    if isinstance(value, models.Model):
        return value.pk
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)
