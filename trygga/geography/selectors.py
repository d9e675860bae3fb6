"""Reads of geography, and the cached point assigner of a municipality."""

from django.db.models import QuerySet

from trygga.core.errors import NotFound
from trygga.geography.models import District, Municipality
from trygga.geography.spatial import PointAssigner

_assigners: dict[tuple[int, int], PointAssigner] = {}


def get_municipality(code: str) -> Municipality:
    try:
        return Municipality.objects.select_related("county").get(code=code)
    except Municipality.DoesNotExist as exc:
        raise NotFound(f"Ingen kommun med kod {code}") from exc


def active_municipalities() -> QuerySet[Municipality]:
    return Municipality.objects.filter(is_active=True).select_related("county")


def districts_of(municipality: Municipality) -> QuerySet[District]:
    return District.objects.filter(municipality=municipality).order_by("name")


def point_assigner(municipality: Municipality) -> PointAssigner:
    """The municipality's assigner, rebuilt only when its geometry version changes."""
    key = (municipality.pk, municipality.geometry_version)
    assigner = _assigners.get(key)
    if assigner is None:
        districts = list(
            District.objects.filter(municipality=municipality)
            .order_by("-is_priority", "pk")
            .values_list("pk", "boundary")
        )
        assigner = PointAssigner(municipality.boundary, districts, municipality.h3_resolution)
        for stale in [k for k in _assigners if k[0] == municipality.pk]:
            del _assigners[stale]
        _assigners[key] = assigner
    return assigner
