"""Reads of accounts: a viewer's municipalities and a municipality's organisations.

Membership decides what a person may see of a municipality; a municipality the viewer
does not belong to is reported as missing, never as forbidden, so its existence does not
leak.
"""

from django.db.models import QuerySet, prefetch_related_objects
from django.utils.translation import gettext as _

from trygga.accounts import permissions
from trygga.accounts.models import Organisation
from trygga.accounts.permissions import AnyUser
from trygga.core.errors import NotFound
from trygga.geography.models import Municipality
from trygga.geography.selectors import get_municipality


def member_municipalities(viewer: AnyUser) -> list[Municipality]:
    """The active municipalities the viewer has a role in, with their county loaded."""
    municipalities = permissions.user_municipalities(viewer)
    prefetch_related_objects(municipalities, "county")
    return municipalities


def get_municipality_for_member(viewer: AnyUser, code: str) -> Municipality:
    """An active municipality the viewer belongs to, or NotFound.

    Missing, inactive and not-a-member raise the same NotFound with the same message.
    """
    try:
        municipality = get_municipality(code)
    except NotFound:
        municipality = None
    if (
        municipality is None
        or not municipality.is_active
        or not permissions.is_member(viewer, municipality)
    ):
        raise NotFound(_("Kommunen finns inte."))
    return municipality


def organisations_of(municipality: Municipality) -> QuerySet[Organisation]:
    """The municipality's active organisations, by name."""
    return Organisation.objects.filter(municipality=municipality, is_active=True).order_by("name")
