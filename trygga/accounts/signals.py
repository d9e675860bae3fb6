"""Audit rows for log-ins, failed log-ins and lock-outs, and the session's two-factor mark.

Connected in `AccountsConfig.ready()`. A failed log-in names the account only when it
exists: a person who types their password into the name field must not find it in the log.
"""

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.http import HttpRequest

from trygga.accounts import twofactor
from trygga.audit.log import record
from trygga.audit.models import AuditAction
from trygga.core.http import client_ip

# The session key that marks a log-in which still owes its second factor.
NEEDS_SECOND_FACTOR = "trygga_needs_second_factor"
# Set on the request by the two-factor log-in view just before it calls auth.login().
SECOND_FACTOR_DONE = "_trygga_second_factor_done"
UNKNOWN_ACCOUNT = "okänt konto"


def _ip(request: HttpRequest | None) -> str | None:
    return client_ip(request) if request is not None else None


def _known_username(username: str) -> str:
    exists = get_user_model().objects.filter(username=username).exists() if username else False
    return username if exists else UNKNOWN_ACCOUNT


def on_logged_in(sender: Any, request: HttpRequest | None, user: User, **kwargs: Any) -> None:
    second_factor = bool(request is not None and getattr(request, SECOND_FACTOR_DONE, False))
    record(
        actor=user,
        action=AuditAction.USER_LOGGED_IN,
        target=user,
        details={"second_factor": second_factor},
        ip_address=_ip(request),
    )
    if request is None or not hasattr(request, "session"):
        return
    # Any log-in that skipped the second factor (the admin's own form, a test's force_login,
    # a session from before the role required it) must not reach the pages.
    if not second_factor and (
        twofactor.has_two_factor(user) or twofactor.requires_two_factor(user)
    ):
        request.session[NEEDS_SECOND_FACTOR] = True


def on_login_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    if credentials.get("second_factor"):
        return  # the two-factor view has written its own TWO_FACTOR_FAILED row
    record(
        actor=None,
        action=AuditAction.USER_LOGIN_FAILED,
        actor_label=_known_username(str(credentials.get("username") or "")),
        ip_address=_ip(request),
    )


def on_locked_out(
    sender: Any, request: HttpRequest | None, username: str | None, **kwargs: Any
) -> None:
    record(
        actor=None,
        action=AuditAction.USER_LOCKED_OUT,
        actor_label=_known_username(str(username or "")),
        ip_address=_ip(request),
    )


def axes_log_label(*_args: Any, **_kwargs: Any) -> str:
    """django-axes' label for its own log lines: no account name or address in the logs
    (the audit log holds them, with their retention)."""
    return "a client (see the audit log)"
