"""Reads of lägesbilder; access is checked here.

Members read approved versions (partner version); coordinators and administrators also read
drafts. The public reads only the public version of approved versions, through
`public_version`. Anything not allowed is NotFound, exactly like a missing object.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from trygga.accounts.permissions import AnyUser
from trygga.core.errors import NotFound
from trygga.geography.models import Municipality
from trygga.lagesbild import permissions
from trygga.lagesbild.models import Lagesbild, LagesbildVersion


def lagesbilder_for(viewer: AnyUser, municipality: Municipality) -> QuerySet[Lagesbild]:
    """The lägesbilder the viewer may see: all for editors, approved ones for other members."""
    qs = Lagesbild.objects.filter(municipality=municipality).select_related("district")
    if permissions.can_edit(viewer, municipality):
        return qs
    if permissions.can_read_partner(viewer, municipality):
        return qs.filter(versions__isnull=False).distinct()
    return qs.none()


def get_lagesbild_for_viewer(viewer: AnyUser, municipality: Municipality, pk: int) -> Lagesbild:
    try:
        return lagesbilder_for(viewer, municipality).get(pk=pk)
    except Lagesbild.DoesNotExist as exc:
        raise NotFound(_("Lägesbilden finns inte.")) from exc


def versions_of(lagesbild: Lagesbild) -> QuerySet[LagesbildVersion]:
    return lagesbild.versions.select_related("approved_by").order_by("-number")


def get_version(lagesbild: Lagesbild, number: int) -> LagesbildVersion:
    try:
        return lagesbild.versions.get(number=number)
    except LagesbildVersion.DoesNotExist as exc:
        raise NotFound(_("Versionen finns inte.")) from exc


def latest_version(lagesbild: Lagesbild) -> LagesbildVersion | None:
    return lagesbild.versions.order_by("-number").first()


def public_lagesbilder(municipality: Municipality) -> QuerySet[Lagesbild]:
    """Lägesbilder with an approved version: their public version is public."""
    return (
        Lagesbild.objects.filter(municipality=municipality, municipality__is_active=True)
        .filter(versions__isnull=False)
        .distinct()
        .select_related("district")
    )


def public_version(municipality: Municipality, pk: int) -> LagesbildVersion:
    """The latest approved version of a lägesbild, for its public version; NotFound if none."""
    lagesbild = public_lagesbilder(municipality).filter(pk=pk).first()
    version = latest_version(lagesbild) if lagesbild else None
    if version is None:
        raise NotFound(_("Lägesbilden finns inte."))
    return version


def written_parts(lagesbild: Lagesbild) -> dict[str, Any]:
    """The working copy's written parts, as an approved version stores them."""
    return {
        "title": lagesbild.title,
        "consequences": lagesbild.consequences,
        "other_information": lagesbild.other_information,
        "assessment": lagesbild.assessment,
        "public_summary": lagesbild.public_summary,
        "problems": [
            {
                "id": p.pk,
                "title": p.title,
                "category": p.category.code if p.category else None,
                "category_name": p.category.name if p.category else None,
                "district": p.district.code if p.district else None,
                "district_name": p.district.name if p.district else None,
                "description": p.description,
                "offender": p.offender,
                "target": p.target,
                "place": p.place,
                "guardians": p.guardians,
                "causes": p.causes,
            }
            for p in lagesbild.problems.select_related("category", "district").order_by(
                "order", "pk"
            )
        ],
    }
