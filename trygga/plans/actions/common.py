"""Shared helpers of the plan actions: who the actor is, the permission checks, and the
check that public text holds no personal data."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from trygga.accounts import permissions
from trygga.accounts.models import Organisation
from trygga.core.errors import PermissionDenied
from trygga.geography.models import Municipality
from trygga.plans.models import (
    Measure,
)
from trygga.redaction import find_spans

Actor = User | AnonymousUser | None


def _label(actor: Actor) -> str:
    if isinstance(actor, User):
        return actor.get_full_name() or actor.get_username()
    return _("systemet")


def _user(actor: Actor) -> User | None:
    return actor if isinstance(actor, User) else None


def _require_coordinator(actor: Actor, municipality: Municipality) -> None:
    if actor is not None and not permissions.can_coordinate_plans(actor, municipality):
        raise PermissionDenied(_("Bara samordnare och administratörer får ändra planen."))


def _require_measure_editor(actor: Actor, measure: Measure) -> None:
    municipality = measure.plan.municipality
    if actor is not None and not permissions.can_edit_measure(
        actor, municipality, measure.owner_id
    ):
        raise PermissionDenied(
            _("Bara den ansvariga organisationen och samordnarna får ändra åtgärden.")
        )


def _check_public_text(field: str, text: str, what: str) -> None:
    spans = find_spans(text or "")
    if spans:
        found = ", ".join(f"{s.kind} ”{s.original}”" for s in spans[:3])
        raise ValidationError(
            {
                field: _(
                    "%(what)s ser ut att innehålla personuppgifter (%(found)s). Skriv om texten "
                    "eller låt bli att göra den offentlig."
                )
                % {"what": what, "found": found}
            }
        )


def _own_organisations(
    organisations: Iterable[Organisation], municipality: Municipality, field: str
) -> list[Organisation]:
    items = list(organisations)
    if any(o.municipality_id != municipality.pk for o in items):
        raise ValidationError({field: _("Organisationen hör inte till kommunen.")})
    return items
