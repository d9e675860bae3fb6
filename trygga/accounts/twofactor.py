"""Two-factor log-in for staff: who must use it, enrolment, recovery codes, verification.

The devices are django-otp's: a TOTP device (an authenticator app, RFC 6238, 30-second
codes of 6 digits) and a static device holding single-use recovery codes. Whether a person
must use two-factor log-in follows from their roles and `settings.TWO_FACTOR_REQUIRED_ROLES`
(by default administrators and coordinators; Django staff and superusers count as
administrators). A person who has enrolled is always asked for a code, required or not.

Side effects are audit rows (TWO_FACTOR_*, RECOVERY_*), written inside each change's
transaction.
"""

import re

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from trygga.accounts.models import Membership, Role
from trygga.audit.log import record
from trygga.audit.models import AuditAction

RECOVERY_CODE_COUNT = 10
TOTP_NAME = "Autentiseringsapp"
ENROLMENT_NAME = "Autentiseringsapp (ej bekräftad)"
RECOVERY_NAME = "Reservkoder"
_SEPARATORS = re.compile(r"[\s-]+")


def required_roles() -> set[str]:
    return {str(role) for role in settings.TWO_FACTOR_REQUIRED_ROLES if str(role)}


def requires_two_factor(user: User) -> bool:
    """True when the person's roles oblige them to log in with a second factor."""
    required = required_roles()
    if not required or not user.is_authenticated:
        return False
    if (user.is_superuser or user.is_staff) and Role.ADMINISTRATOR in required:
        return True
    return Membership.objects.filter(
        user=user, is_active=True, organisation__is_active=True, role__in=required
    ).exists()


def totp_device(user: User) -> TOTPDevice | None:
    """The person's confirmed authenticator, if they have enrolled one."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("-id").first()


def has_two_factor(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def recovery_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def enrolment_device(user: User) -> TOTPDevice:
    """The unconfirmed authenticator being enrolled: the same secret until it is confirmed,
    so reloading the page does not invalidate what the person has already scanned."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False, name=ENROLMENT_NAME).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=ENROLMENT_NAME, confirmed=False)
    return device


def normalise_code(code: str) -> str:
    return _SEPARATORS.sub("", code or "").lower()


def confirm_enrolment(*, user: User, device: TOTPDevice, code: str) -> list[str] | None:
    """Confirm the authenticator with a code it shows; returns fresh recovery codes, or None
    when the code is wrong. Any earlier authenticator of the person is replaced.

    Side effects: AuditEvent TWO_FACTOR_ENROLLED and RECOVERY_CODES_CREATED.
    """
    if device.user_id != user.pk or device.confirmed:
        return None
    if not device.verify_token(normalise_code(code)):
        return None
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.name = TOTP_NAME
        device.save(update_fields=["confirmed", "name"])
        record(actor=user, action=AuditAction.TWO_FACTOR_ENROLLED, target=user)
        codes = replace_recovery_codes(user=user)
    return codes


def replace_recovery_codes(*, user: User) -> list[str]:
    """New single-use recovery codes; the old ones stop working. Shown to the person once.

    Side effects: AuditEvent RECOVERY_CODES_CREATED.
    """
    with transaction.atomic():
        StaticDevice.objects.filter(user=user).delete()
        device = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
        tokens = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
        StaticToken.objects.bulk_create(StaticToken(device=device, token=t) for t in tokens)
        record(
            actor=user,
            action=AuditAction.RECOVERY_CODES_CREATED,
            target=user,
            details={"count": len(tokens)},
        )
    return [f"{token[:4]}-{token[4:]}" for token in tokens]


def verify_second_factor(*, user: User, code: str) -> Device | None:
    """The device that accepts the code (six digits from the authenticator, or a recovery
    code, which is then used up), or None. Failed attempts are throttled per device by
    django-otp and counted towards the log-in lock-out by the caller.

    Side effects: AuditEvent RECOVERY_CODE_USED, or TWO_FACTOR_FAILED.
    """
    token = normalise_code(code)
    device: Device | None = None
    with transaction.atomic():
        if token.isdigit():
            totp = totp_device(user)
            if totp is not None and totp.verify_token(token):
                device = totp
        elif token:
            static = StaticDevice.objects.filter(user=user, confirmed=True).first()
            if static is not None and static.verify_token(token):
                device = static
                record(
                    actor=user,
                    action=AuditAction.RECOVERY_CODE_USED,
                    target=user,
                    details={"left": recovery_codes_left(user)},
                )
    if device is None:
        record(actor=user, action=AuditAction.TWO_FACTOR_FAILED, target=user)
    return device


def remove_two_factor(*, actor: User, user: User) -> None:
    """Remove the person's authenticator and recovery codes (a lost phone). A person whose
    role requires two-factor log-in enrols again at the next log-in.

    Side effects: AuditEvent TWO_FACTOR_REMOVED.
    """
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        record(actor=actor, action=AuditAction.TWO_FACTOR_REMOVED, target=user)
