"""A per-client rate limit for public submissions, counted in the database.

The database (not Django's cache) holds the counters because the default cache is per
process: with several gunicorn workers a local-memory counter would let a client through
once per worker. A counter is a row per (scope, client, fixed window); the increment is one
UPDATE ... SET count = count + 1, so concurrent requests cannot lose a count. Clients are
stored as an HMAC of what identifies them (an IP address, an API key id), never in plain.
Fixed windows allow up to twice the limit across a window boundary; for abuse control that
is enough. Old windows are deleted by `trygga gallra` (rule `reports.rate_counters`).

The pages and the Open311 server call `hit()` before `submit_report()`; on a refusal they
keep the submission with `actions.hold_submission()` and answer 429.
"""

import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from trygga.reports.models import RateCounter


@dataclass(frozen=True)
class RateDecision:
    allowed: bool
    count: int  # submissions in this window, this one included
    limit: int
    retry_after: int  # seconds until the window ends


def client_hash(*parts: str) -> str:
    """A keyed hash of what identifies a client, so counters hold no IP address."""
    message = "\x1f".join(parts).encode("utf-8")
    return hmac.new(settings.SECRET_KEY.encode("utf-8"), message, hashlib.sha256).hexdigest()


def _window_start(now: datetime, seconds: int) -> datetime:
    epoch = int(now.timestamp())
    return datetime.fromtimestamp(epoch - epoch % seconds, tz=now.tzinfo)


def hit(
    *,
    scope: str,
    client: str,
    limit: int | None = None,
    window_seconds: int | None = None,
    now: datetime | None = None,
) -> RateDecision:
    """Count one submission of `client` (already hashed, see `client_hash`) in `scope` and
    say whether it is within the limit. Defaults: REPORT_RATE_LIMIT_COUNT submissions per
    REPORT_RATE_LIMIT_WINDOW_SECONDS. Refused attempts count too."""
    limit = settings.REPORT_RATE_LIMIT_COUNT if limit is None else limit
    seconds = (
        settings.REPORT_RATE_LIMIT_WINDOW_SECONDS if window_seconds is None else window_seconds
    )
    now = now or timezone.now()
    start = _window_start(now, seconds)
    key = {"scope": scope, "client_hash": client, "window_start": start}
    with transaction.atomic():
        updated = RateCounter.objects.filter(**key).update(count=F("count") + 1)
        if not updated:
            try:
                with transaction.atomic():
                    RateCounter.objects.create(count=1, **key)
            except IntegrityError:  # another request created it first
                RateCounter.objects.filter(**key).update(count=F("count") + 1)
        count = RateCounter.objects.filter(**key).values_list("count", flat=True).get()
    retry_after = int((start + timedelta(seconds=seconds) - now).total_seconds()) or 1
    return RateDecision(allowed=count <= limit, count=count, limit=limit, retry_after=retry_after)
