"""Writes that a client may safely send again: the `Idempotency-Key` request header.

A client that loses the answer to a POST (the server was restarted, the network dropped)
cannot know whether the report or event was stored; sending it again must not store it
twice. With an `Idempotency-Key` header (any client-chosen string of 1-200 printable ASCII
characters, e.g. a UUID, one per logical request) the first request creates the object and
records the key in the same transaction; a later request with the same key and the same
content gets the object already made, and one with the same key but other content is
refused. Keys are honoured for `KEY_LIFETIME`. See decision 0018.
"""

import hashlib
from collections.abc import Callable
from datetime import timedelta
from typing import Any, TypeVar

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from trygga.core.models import IdempotentRequest

HEADER = "Idempotency-Key"
KEY_LIFETIME = timedelta(hours=24)
MAX_KEY_LENGTH = 200

T = TypeVar("T")


class IdempotencyError(ValueError):
    """The key is malformed (status 400) or was used for another request (status 422)."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


def key_of(request: HttpRequest) -> str | None:
    """The request's Idempotency-Key, or None; IdempotencyError when it is malformed."""
    value = request.headers.get(HEADER)
    if value is None:
        return None
    value = value.strip()
    if not value or len(value) > MAX_KEY_LENGTH or not all(" " <= c <= "~" for c in value):
        raise IdempotencyError(
            _("%(header)s: 1–%(n)d tecken (ASCII, utan radbrytningar).")
            % {"header": HEADER, "n": MAX_KEY_LENGTH},
            400,
        )
    return value


def fingerprint(*parts: bytes | str) -> str:
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big") + data)
    return digest.hexdigest()


def run_once(
    *,
    scope: str,
    key: str | None,
    fingerprint: str,
    create: Callable[[], T],
    load: Callable[[str], T],
    ident: Callable[[T], Any] = lambda obj: obj.pk,  # type: ignore[attr-defined]
) -> tuple[T, bool]:
    """`create()` once per (`scope`, `key`): returns the object and whether it was made
    before (a replay). Without a key, simply `create()`.

    `scope` names the client (an API key, an account) so that two clients' keys never
    meet. The object and the record of the key are committed together: a request that dies
    before its commit leaves neither, one that dies after it leaves both, so the retry
    either creates the object or finds it.
    """
    if key is None:
        return create(), False
    found = _lookup(scope, key)
    if found is not None:
        return _replay(found, fingerprint, load), True
    try:
        with transaction.atomic():
            IdempotentRequest.objects.filter(
                scope=scope, created_at__lt=timezone.now() - KEY_LIFETIME
            ).delete()
            obj = create()
            IdempotentRequest.objects.create(
                scope=scope, key=key, fingerprint=fingerprint, object_id=str(ident(obj))
            )
    except IntegrityError:
        # The same key committed by a concurrent request while this one ran.
        found = _lookup(scope, key)
        if found is None:
            raise
        return _replay(found, fingerprint, load), True
    return obj, False


def find(*, scope: str, key: str, fingerprint: str, load: Callable[[str], T]) -> T | None:
    """The object an earlier request with this key made, or None (IdempotencyError when
    the key was used for another request). For checks that must come before `run_once`."""
    found = _lookup(scope, key)
    return None if found is None else _replay(found, fingerprint, load)


def _lookup(scope: str, key: str) -> IdempotentRequest | None:
    return IdempotentRequest.objects.filter(
        scope=scope, key=key, created_at__gte=timezone.now() - KEY_LIFETIME
    ).first()


def _replay(found: IdempotentRequest, fingerprint: str, load: Callable[[str], T]) -> T:
    if found.fingerprint != fingerprint:
        raise IdempotencyError(
            _("%(header)s: nyckeln är redan använd för en annan begäran.") % {"header": HEADER},
            422,
        )
    return load(found.object_id)
