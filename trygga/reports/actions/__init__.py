"""Every change to citizen reports: keyword-only arguments, an `actor`, one transaction, an
audit row inside it, and mail after commit.

- `submission`: `submit_report`, `join_report` (a resident follows a nearby open report),
  `hold_submission`, `release_held_submission`,
  `discard_held_submission`. Retention is in `trygga.reports.retention` (`trygga gallra`).
- `handling`: `change_status`, `forward`, `reroute`, `assign`, `mark_duplicate`,
  `add_internal_note`, `apply_response_template`, `set_photo_public`, `edit_public_text`,
  and the bulk forms `bulk_change_status`, `bulk_assign`, `bulk_reroute`.
- `keys`: `create_open311_key`, `revoke_open311_key`.

Refusals: `ValidationError` (bad input, naming the field), `PermissionDenied` (the actor may
see the report but not change it), `NotFound` (the actor may not see it; same as missing).
"""

from trygga.reports.actions.handling import (
    add_internal_note,
    apply_response_template,
    assign,
    bulk_assign,
    bulk_change_status,
    bulk_reroute,
    change_status,
    edit_public_text,
    forward,
    mark_duplicate,
    reroute,
    set_photo_public,
)
from trygga.reports.actions.keys import create_open311_key, revoke_open311_key
from trygga.reports.actions.submission import (
    discard_held_submission,
    hold_submission,
    join_report,
    release_held_submission,
    submit_report,
)

__all__ = [
    "add_internal_note",
    "apply_response_template",
    "assign",
    "bulk_assign",
    "bulk_change_status",
    "bulk_reroute",
    "change_status",
    "create_open311_key",
    "discard_held_submission",
    "edit_public_text",
    "forward",
    "hold_submission",
    "join_report",
    "mark_duplicate",
    "release_held_submission",
    "reroute",
    "revoke_open311_key",
    "set_photo_public",
    "submit_report",
]
