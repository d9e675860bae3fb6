"""What every event importer shares: the result it returns, its errors, the progress
callback, and the EventSource of a file import.

Importers are the API the CLI and the web import page call; they never print. Progress is
reported through an optional callback so the caller decides how to show it.
"""

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from trygga.accounts import permissions
from trygga.accounts.models import Organisation
from trygga.accounts.permissions import AnyUser
from trygga.core.errors import ImportRowError, PermissionDenied
from trygga.events.models import EventSource, SourceKind
from trygga.geography.models import Municipality

# Called as progress(stage, done, total); stage is one of STAGES' keys.
ProgressCallback = Callable[[str, int, int], None]

STAGES = {
    "read": gettext_lazy("Läser"),
    "validate": gettext_lazy("Kontrollerar"),
    "write": gettext_lazy("Skriver"),
}

SKIP_REASONS = {
    "administrative": gettext_lazy("administrativ polistyp (sammanfattning, uppdatering …)"),
    "unknown_location": gettext_lazy("okänd plats"),
    "duplicate_in_file": gettext_lazy("samma id flera gånger i filen (den senaste används)"),
    "unreadable": gettext_lazy("oläsbar post"),
}

# Stop collecting row errors after this many: a file with more is better fixed at its source.
MAX_ROW_ERRORS = 20


@dataclass
class ImportResult:
    """What an import did. `skipped` counts rows left out, by reason (SKIP_REASONS)."""

    format: str
    source: str
    read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    unknown_locations: Counter[str] = field(default_factory=Counter)
    unmapped_types: Counter[str] = field(default_factory=Counter)

    def as_details(self) -> dict[str, Any]:
        """The counts as stored in the audit row."""
        return {
            "format": self.format,
            "source": self.source,
            "read": self.read,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "skipped": dict(self.skipped),
            "unknown_locations": dict(self.unknown_locations),
            "unmapped_types": dict(self.unmapped_types),
        }


class ImportConfigError(ValueError):
    """The import cannot start: a bad option, mapping file or missing reference data."""


class ImportRowErrors(ImportRowError):  # noqa: N818 - plural of the shared ImportRowError
    """Several rows are invalid; nothing was written. `errors` holds up to MAX_ROW_ERRORS,
    `total` how many were found; the first error's row and field are this error's."""

    def __init__(self, errors: list[ImportRowError], total: int | None = None) -> None:
        if not errors:
            raise ValueError("ImportRowErrors needs at least one error")
        self.errors = errors
        self.total = total if total is not None else len(errors)
        first = errors[0]
        super().__init__(first.row, first.field, first.message)
        lines = [str(error) for error in errors]
        if self.total > len(errors):
            lines.append(_("… och %(count)d fel till") % {"count": self.total - len(errors)})
        self.args = ("\n".join(lines),)

    def __str__(self) -> str:
        return str(self.args[0])


def report(progress: ProgressCallback | None, stage: str, done: int, total: int) -> None:
    if progress is not None:
        progress(stage, done, total)


def check_can_import(actor: AnyUser | None, municipality: Municipality | None) -> None:
    """None is the system (the CLI). The national police feed needs a superuser."""
    if actor is None:
        return
    allowed = (
        permissions.can_import(actor, municipality)
        if municipality is not None
        else permissions.is_superuser(actor)
    )
    if not allowed:
        where = municipality.name if municipality is not None else _("hela landet")
        raise PermissionDenied(_("Du får inte importera händelser för %s.") % where)


def file_source(
    *, name: str, municipality: Municipality, organisation: Organisation | None
) -> EventSource:
    """The EventSource of an organisation's file import, created on first use."""
    name = name.strip()
    code = slugify(f"{municipality.code}-{name}")[:80]
    if not name or not code:
        raise ImportConfigError(_("Källan måste ha ett namn."))
    source, created = EventSource.objects.get_or_create(
        code=code,
        defaults={"name": name, "kind": SourceKind.FILE_IMPORT, "organisation": organisation},
    )
    if not created and source.kind != SourceKind.FILE_IMPORT:
        raise ImportConfigError(
            _("Källan '%(name)s' finns redan och är inte en filimport.") % {"name": name}
        )
    if not created and organisation is not None and source.organisation_id is None:
        source.organisation = organisation
        source.save(update_fields=["organisation", "updated_at"])
    return source
