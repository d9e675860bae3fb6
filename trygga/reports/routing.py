"""Choosing the responsible organisation for a report, and its target time.

The municipality's active rules are few (tens), so they are read once per report and
matched in Python; drawn areas are prepared shapely geometries, cached per rule version.
"""

from collections.abc import Sequence

import shapely
from shapely.geometry.base import BaseGeometry

from trygga.accounts.models import Organisation
from trygga.geography.models import Municipality
from trygga.geography.spatial import geometry_from_geojson
from trygga.reports.models import RoutingRule, Service, TargetTime

LEVEL_RANK = {"area": 3, "district": 2, "municipality": 1}

_areas: dict[tuple[int, str], BaseGeometry] = {}


def _area(rule: RoutingRule) -> BaseGeometry:
    key = (rule.pk, rule.updated_at.isoformat() if rule.updated_at else "")
    geometry = _areas.get(key)
    if geometry is None:
        for stale in [k for k in _areas if k[0] == rule.pk]:
            del _areas[stale]
        geometry = geometry_from_geojson(rule.area or {})
        shapely.prepare(geometry)
        _areas[key] = geometry
    return geometry


def matches(
    rule: RoutingRule,
    service_id: int,
    district_id: int | None,
    lon: float | None,
    lat: float | None,
) -> bool:
    if rule.service_id is not None and rule.service_id != service_id:
        return False
    if rule.area is not None:
        return (
            lon is not None
            and lat is not None
            and bool(shapely.intersects_xy(_area(rule), lon, lat))
        )
    if rule.district_id is not None:
        return district_id is not None and rule.district_id == district_id
    return True


def specificity(rule: RoutingRule) -> tuple[int, int, int, int]:
    """Sort key, most specific first: area level, service-specific, priority, age."""
    return (-LEVEL_RANK[rule.level], 0 if rule.service_id else 1, rule.priority, rule.pk)


def choose_rule(
    rules: Sequence[RoutingRule],
    *,
    service_id: int,
    district_id: int | None,
    lon: float | None,
    lat: float | None,
) -> RoutingRule | None:
    """The most specific rule that matches, or None."""
    candidates = [r for r in rules if matches(r, service_id, district_id, lon, lat)]
    return min(candidates, key=specificity) if candidates else None


def route(
    municipality: Municipality,
    service: Service,
    *,
    district_id: int | None,
    lon: float | None,
    lat: float | None,
) -> RoutingRule | None:
    rules = list(
        RoutingRule.objects.filter(municipality=municipality, is_active=True).select_related(
            "organisation"
        )
    )
    return choose_rule(rules, service_id=service.pk, district_id=district_id, lon=lon, lat=lat)


def target_hours(service: Service, organisation: Organisation | None) -> int | None:
    """The target time for the service at the organisation, else the service's default."""
    targets = {t.organisation_id: t.hours for t in TargetTime.objects.filter(service=service)}
    if organisation is not None and organisation.pk in targets:
        return targets[organisation.pk]
    return targets.get(None)
