"""The statuses of a report and the one table that maps them to the outside world.

Trygga's statuses are finer than Open311's `open`/`closed`. `STATUS_TABLE` gives, for each
status, the Open311 status, the name in mySociety's extended-status convention (the status
names FixMyStreet and open311-adapter exchange in service request updates), and whether a
change to it needs a public note. `TRANSITIONS` lists the allowed moves; every other move is
refused by the actions. A test checks that every status has an entry in both tables.

Why forwarded is closed: a report forwarded to an organisation outside Trygga (a utility, the
road authority) leaves the municipality's hands; mySociety calls this INTERNAL_REFERRAL and
counts it as closed. The reporter sees where it went, and staff can take it back
(forwarded → in progress) or record the outcome the other organisation reports
(forwarded → fixed / closed not fixed). See docs/decisions/0009-report-statuses.md.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    RECEIVED = "received", _("Mottagen")
    IN_PROGRESS = "in_progress", _("Under behandling")
    FORWARDED = "forwarded", _("Vidarebefordrad")
    ACTION_SCHEDULED = "action_scheduled", _("Åtgärd planerad")
    FIXED = "fixed", _("Åtgärdad")
    CLOSED_NOT_FIXED = "closed_not_fixed", _("Avslutad utan åtgärd")
    NOT_OURS = "not_ours", _("Inte vårt ansvar")
    DUPLICATE = "duplicate", _("Dubblett")


@dataclass(frozen=True)
class StatusInfo:
    open311: str  # "open" or "closed": GeoReport v2's only two statuses
    extended: str  # mySociety's extended status name
    note_required: bool  # a change to this status must say why, publicly


STATUS_TABLE: dict[Status, StatusInfo] = {
    Status.RECEIVED: StatusInfo("open", "OPEN", note_required=False),
    Status.IN_PROGRESS: StatusInfo("open", "IN_PROGRESS", note_required=False),
    Status.ACTION_SCHEDULED: StatusInfo("open", "ACTION_SCHEDULED", note_required=False),
    Status.FORWARDED: StatusInfo("closed", "INTERNAL_REFERRAL", note_required=False),
    Status.FIXED: StatusInfo("closed", "FIXED", note_required=False),
    Status.CLOSED_NOT_FIXED: StatusInfo("closed", "NO_FURTHER_ACTION", note_required=True),
    Status.NOT_OURS: StatusInfo("closed", "NOT_COUNCILS_RESPONSIBILITY", note_required=True),
    Status.DUPLICATE: StatusInfo("closed", "DUPLICATE", note_required=False),
}

_WORKING = {Status.IN_PROGRESS, Status.ACTION_SCHEDULED}
_ENDINGS = {
    Status.FORWARDED,
    Status.FIXED,
    Status.CLOSED_NOT_FIXED,
    Status.NOT_OURS,
    Status.DUPLICATE,
}

# Allowed moves. Closed reports can be reopened (to in progress): "fixed" that was not fixed
# must be correctable, which is the failure the issue names. Nothing returns to "received".
TRANSITIONS: dict[Status, frozenset[Status]] = {
    Status.RECEIVED: frozenset(_WORKING | _ENDINGS),
    Status.IN_PROGRESS: frozenset({Status.ACTION_SCHEDULED} | _ENDINGS),
    Status.ACTION_SCHEDULED: frozenset({Status.IN_PROGRESS} | _ENDINGS),
    Status.FORWARDED: frozenset({Status.IN_PROGRESS, Status.FIXED, Status.CLOSED_NOT_FIXED}),
    Status.FIXED: frozenset({Status.IN_PROGRESS}),
    Status.CLOSED_NOT_FIXED: frozenset({Status.IN_PROGRESS}),
    Status.NOT_OURS: frozenset({Status.IN_PROGRESS}),
    Status.DUPLICATE: frozenset({Status.IN_PROGRESS}),
}

OPEN_STATUSES: frozenset[str] = frozenset(
    s.value for s, info in STATUS_TABLE.items() if info.open311 == "open"
)
CLOSED_STATUSES: frozenset[str] = frozenset(
    s.value for s, info in STATUS_TABLE.items() if info.open311 == "closed"
)


def info(status: str) -> StatusInfo:
    return STATUS_TABLE[Status(status)]


def open311_status(status: str) -> str:
    return info(status).open311


def extended_status(status: str) -> str:
    return info(status).extended


def can_move(current: str, new: str) -> bool:
    return Status(new) in TRANSITIONS[Status(current)]


def statuses_for_open311(value: str) -> frozenset[str]:
    """Trygga statuses behind an Open311 status filter value (`open` or `closed`)."""
    if value == "open":
        return OPEN_STATUSES
    if value == "closed":
        return CLOSED_STATUSES
    raise ValueError(value)
