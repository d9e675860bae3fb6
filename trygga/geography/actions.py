"""Changes to geography: importing counties, municipalities, districts and places.

Each import is one transaction with one audit row; a bad feature names its number and
field and leaves nothing written.
"""

from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.text import slugify

from trygga.audit.log import record
from trygga.audit.models import AuditAction
from trygga.core.errors import ImportRowError
from trygga.geography.models import County, District, Municipality, Place, PlaceKind
from trygga.geography.selectors import point_assigner
from trygga.geography.spatial import geometry_from_geojson

LEVELS = ("county", "municipality", "district", "place")


@dataclass
class GeographyImportResult:
    level: str
    created: int = 0
    updated: int = 0
    names: list[str] = field(default_factory=list)


def detect_level(feature_collection: dict[str, Any]) -> str:
    """Guess the level of a GeoJSON file from its first feature.

    Trygga's own files say `level`; the public Swedish files say `l_id` (county) or a
    four-digit `id` with `kom_namn` (municipality).
    """
    features = feature_collection.get("features") or []
    if not features:
        raise ImportRowError(1, "features", "filen innehåller inga geoobjekt")
    props = features[0].get("properties") or {}
    geom_type = (features[0].get("geometry") or {}).get("type")
    if props.get("level") in LEVELS:
        return str(props["level"])
    if "l_id" in props:
        return "county"
    if "kom_namn" in props or "lan_code" in props:
        return "municipality"
    if geom_type == "Point":
        return "place"
    return "district"


def _require(props: dict[str, Any], key: str, number: int) -> Any:
    value = props.get(key)
    if value in (None, ""):
        raise ImportRowError(number, key, "saknas")
    return value


def _name(value: Any, key: str, number: int, max_length: int = 100) -> str:
    """A name that fits its column: a longer one is refused naming the feature, before
    PostgreSQL would refuse the whole import (SQLite does not check lengths)."""
    name = str(value)
    if len(name) > max_length:
        raise ImportRowError(number, key, f"högst {max_length} tecken ({len(name)})")
    return name


def _polygon(feature: dict[str, Any], number: int) -> dict[str, Any]:
    geometry = feature.get("geometry")
    if not geometry or geometry.get("type") not in ("Polygon", "MultiPolygon"):
        raise ImportRowError(number, "geometry", "måste vara Polygon eller MultiPolygon")
    try:
        geom = geometry_from_geojson(geometry)
    except Exception as exc:  # shapely raises several types for broken coordinates
        raise ImportRowError(number, "geometry", f"ogiltig geometri: {exc}") from exc
    if geom.is_empty or geom.area == 0:
        raise ImportRowError(number, "geometry", "tom geometri")
    minx, miny, maxx, maxy = geom.bounds
    if not (-180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90):
        raise ImportRowError(number, "geometry", "koordinaterna är inte WGS84 (lon, lat)")
    return dict(geometry)


def import_geojson(
    *,
    actor: User | None,
    feature_collection: dict[str, Any],
    level: str | None = None,
    municipality: Municipality | None = None,
    activate: bool = False,
) -> GeographyImportResult:
    """Create or update the features of one GeoJSON FeatureCollection.

    Side effects: one AuditEvent (MUNICIPALITY_IMPORTED, DISTRICTS_IMPORTED or
    PLACE_CREATED); districts bump the municipality's geometry version.
    """
    level = level or detect_level(feature_collection)
    if level not in LEVELS:
        raise ImportRowError(1, "level", f"okänd nivå '{level}'")
    features = feature_collection.get("features") or []
    result = GeographyImportResult(level=level)
    with transaction.atomic():
        for number, feature in enumerate(features, start=1):
            props = feature.get("properties") or {}
            if level == "county":
                _import_county(feature, props, number, result)
            elif level == "municipality":
                _import_municipality(feature, props, number, result, activate)
            else:
                target = municipality or _municipality_from_props(props, number)
                if level == "district":
                    _import_district(feature, props, number, result, target)
                else:
                    _import_place(feature, props, number, result, target)
        if level in ("district", "place"):
            _after_local_import(level, municipality, features, result)
        action = {
            "county": AuditAction.MUNICIPALITY_IMPORTED,
            "municipality": AuditAction.MUNICIPALITY_IMPORTED,
            "district": AuditAction.DISTRICTS_IMPORTED,
            "place": AuditAction.PLACE_CREATED,
        }[level]
        record(
            actor=actor,
            action=action,
            details={"level": level, "created": result.created, "updated": result.updated},
        )
    return result


def _municipality_from_props(props: dict[str, Any], number: int) -> Municipality:
    code = str(_require(props, "municipality", number)).zfill(4)
    try:
        return Municipality.objects.get(code=code)
    except Municipality.DoesNotExist as exc:
        raise ImportRowError(number, "municipality", f"ingen kommun med kod {code}") from exc


def _count(result: GeographyImportResult, created: bool, name: str) -> None:
    if created:
        result.created += 1
    else:
        result.updated += 1
    result.names.append(name)


def _import_county(
    feature: dict[str, Any], props: dict[str, Any], number: int, result: GeographyImportResult
) -> None:
    code = str(props.get("l_id", props.get("code", ""))).zfill(2)
    if not code.isdigit() or len(code) != 2:
        raise ImportRowError(number, "l_id", "länskoden måste vara två siffror")
    name = _name(_require(props, "name", number), "name", number)
    if not name.endswith(" län") and not name.endswith("s län"):
        # The public file says 'Gävleborg'; the police feed says 'Gävleborgs län'.
        existing = County.objects.filter(code=code).first()
        name = existing.name if existing else name
    county, created = County.objects.update_or_create(
        code=code, defaults={"name": name, "boundary": _polygon(feature, number)}
    )
    _count(result, created, county.name)


def _import_municipality(
    feature: dict[str, Any],
    props: dict[str, Any],
    number: int,
    result: GeographyImportResult,
    activate: bool,
) -> None:
    code = str(props.get("id", props.get("code", ""))).zfill(4)
    if not code.isdigit() or len(code) != 4:
        raise ImportRowError(number, "id", "kommunkoden måste vara fyra siffror")
    name = _name(props.get("kom_namn") or _require(props, "name", number), "name", number)
    county_code = str(props.get("lan_code") or code[:2]).zfill(2)
    county = County.objects.filter(code=county_code).first()
    if county is None:
        raise ImportRowError(
            number, "lan_code", f"länet {county_code} finns inte: importera länen först"
        )
    defaults: dict[str, Any] = {
        "name": name,
        "county": county,
        "boundary": _polygon(feature, number),
    }
    if activate:
        defaults["is_active"] = True
    if props.get("population"):
        defaults["population"] = int(props["population"])
    municipality, created = Municipality.objects.update_or_create(code=code, defaults=defaults)
    if not created:
        Municipality.objects.filter(pk=municipality.pk).update(
            geometry_version=F("geometry_version") + 1
        )
    _count(result, created, municipality.name)


def _int_or_none(props: dict[str, Any], key: str, number: int) -> int | None:
    value = props.get(key)
    if value in (None, ""):
        return None
    try:
        number_value = int(value)
    except (TypeError, ValueError) as exc:
        raise ImportRowError(number, key, f"'{value}' är inget heltal") from exc
    if number_value < 0:
        raise ImportRowError(number, key, "får inte vara negativt")
    return number_value


def _import_district(
    feature: dict[str, Any],
    props: dict[str, Any],
    number: int,
    result: GeographyImportResult,
    municipality: Municipality,
) -> None:
    name = _name(_require(props, "name", number), "name", number)
    code = slugify(str(props.get("code") or name))
    boundary = _polygon(feature, number)
    district, created = District.objects.update_or_create(
        municipality=municipality,
        code=code,
        defaults={
            "name": name,
            "boundary": boundary,
            "population": _int_or_none(props, "population", number),
            "population_year": _int_or_none(props, "population_year", number),
            "is_priority": bool(props.get("priority", False)),
            "boundary_is_approximate": bool(props.get("approximate", False)),
            "boundary_source": str(props.get("source", ""))[:300],
        },
    )
    centroid = geometry_from_geojson(boundary).representative_point()
    assigner = point_assigner(municipality)
    if not assigner.contains([centroid.x], [centroid.y])[0]:
        raise ImportRowError(number, "geometry", f"stadsdelen ligger utanför {municipality.name}")
    _count(result, created, district.name)


def _import_place(
    feature: dict[str, Any],
    props: dict[str, Any],
    number: int,
    result: GeographyImportResult,
    municipality: Municipality,
) -> None:
    geometry = feature.get("geometry") or {}
    if geometry.get("type") != "Point":
        raise ImportRowError(number, "geometry", "en plats måste vara en Point")
    lon, lat = (float(c) for c in geometry["coordinates"][:2])
    if not point_assigner(municipality).contains([lon], [lat])[0]:
        raise ImportRowError(number, "geometry", f"platsen ligger utanför {municipality.name}")
    kind = str(props.get("kind") or PlaceKind.OTHER)
    if kind not in PlaceKind.values:
        raise ImportRowError(number, "kind", f"okänd platstyp '{kind}'")
    place, created = Place.objects.update_or_create(
        municipality=municipality,
        name=_name(_require(props, "name", number), "name", number, max_length=200),
        kind=kind,
        defaults={"lon": lon, "lat": lat},
    )
    try:
        place.full_clean()
    except ValidationError as exc:
        field_name = next(iter(exc.message_dict), "properties")
        raise ImportRowError(number, field_name, "; ".join(exc.messages)) from exc
    _count(result, created, place.name)


def _after_local_import(
    level: str,
    municipality: Municipality | None,
    features: list[dict[str, Any]],
    result: GeographyImportResult,
) -> None:
    """Bump geometry versions and (re)assign every place of the municipality to its district."""
    touched = (
        [municipality]
        if municipality
        else list(
            Municipality.objects.filter(
                code__in={
                    str((f.get("properties") or {}).get("municipality", "")).zfill(4)
                    for f in features
                }
            )
        )
    )
    for mun in touched:
        if level == "district":
            Municipality.objects.filter(pk=mun.pk).update(
                geometry_version=F("geometry_version") + 1
            )
            mun.refresh_from_db()
        places = list(Place.objects.filter(municipality=mun))
        if not places:
            continue
        assigner = point_assigner(mun)
        lon = [p.lon for p in places]
        lat = [p.lat for p in places]
        district_ids = assigner.districts_of(lon, lat)
        for place, district_id in zip(places, district_ids, strict=True):
            place.district_id = int(district_id) if district_id > 0 else None
        Place.objects.bulk_update(places, ["district"])
