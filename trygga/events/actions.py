"""Every change to events: logging one from the field form or the API, and seeding the
shared taxonomy. Bulk imports go through `trygga.events.ingest`."""

from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from trygga.accounts import permissions
from trygga.accounts.models import Organisation
from trygga.accounts.permissions import AnyUser
from trygga.audit.log import record
from trygga.audit.models import AuditAction
from trygga.core.errors import PermissionDenied
from trygga.core.timeutil import iso_year_week
from trygga.events.models import (
    AreaLevel,
    Confidentiality,
    Event,
    EventCategory,
    EventSource,
    Precision,
    SourceKind,
)
from trygga.geography.models import Municipality
from trygga.geography.selectors import point_assigner

TAXONOMY_FILE = Path(__file__).with_name("taxonomy.yaml")
FIELD_SOURCE_CODE = "falt"


@cache
def taxonomy() -> dict[str, Any]:
    """The shared taxonomy file: categories, police type mapping, administrative types."""
    with TAXONOMY_FILE.open(encoding="utf-8") as handle:
        data: dict[str, Any] = yaml.safe_load(handle)
    return data


def seed_categories() -> int:
    """Create or update the shared categories from taxonomy.yaml; returns how many exist."""
    with transaction.atomic():
        for order, item in enumerate(taxonomy()["categories"], start=1):
            EventCategory.objects.update_or_create(
                municipality=None,
                code=item["code"],
                defaults={"name": item["sv"], "name_en": item["en"], "sort_order": order * 10},
            )
    return EventCategory.objects.filter(municipality__isnull=True).count()


def field_source() -> EventSource:
    source, _created = EventSource.objects.get_or_create(
        code=FIELD_SOURCE_CODE, defaults={"name": "Fältrapport", "kind": SourceKind.FIELD}
    )
    return source


def locate(
    municipality: Municipality, lon: float, lat: float, *, field: str = "location"
) -> tuple[int | None, int]:
    """District pk (or None) and H3 cell of a point; refuses a point outside the municipality."""
    assignment = point_assigner(municipality).assign([lon], [lat])
    if not assignment.inside[0]:
        raise ValidationError(
            {
                field: _("Punkten (%(lat).5f, %(lon).5f) ligger utanför %(name)s.")
                % {"lat": lat, "lon": lon, "name": municipality.name}
            }
        )
    district_id = int(assignment.district_id[0])
    return (district_id if district_id > 0 else None), int(assignment.cell[0])


def create_event(
    *,
    actor: AnyUser,
    municipality: Municipality,
    category: EventCategory,
    occurred_from: datetime,
    occurred_to: datetime | None = None,
    lon: float,
    lat: float,
    precision: str = Precision.POINT,
    address: str = "",
    description: str = "",
    confidentiality: str = Confidentiality.PARTNERS,
    organisation: Organisation | None = None,
) -> Event:
    """Log an event at a point or address and place it in its district and H3 cell.

    Side effects: AuditEvent EVENT_CREATED.
    """
    if not permissions.can_log_events(actor, municipality):
        raise PermissionDenied(_("Du får inte logga händelser i %s.") % municipality.name)
    if precision == Precision.AREA:
        raise ValidationError({"precision": _("Fältrapporter anger en punkt eller en adress.")})
    if category.municipality_id not in (None, municipality.pk):
        raise ValidationError({"category": _("Kategorin hör till en annan kommun.")})
    member_orgs = permissions.organisation_ids(actor, municipality)
    if organisation is None and member_orgs:
        organisation = Organisation.objects.get(pk=min(member_orgs))
    elif (
        organisation is not None
        and organisation.pk not in member_orgs
        and not (permissions.is_superuser(actor))
    ):
        raise ValidationError({"organisation": _("Du är inte medlem i den organisationen.")})
    district_id, cell = locate(municipality, lon, lat)
    iso_year, iso_week = iso_year_week(occurred_from)
    with transaction.atomic():
        event = Event(
            municipality=municipality,
            county_id=municipality.county_id,
            category=category,
            source=field_source(),
            occurred_from=occurred_from,
            occurred_to=occurred_to,
            iso_year=iso_year,
            iso_week=iso_week,
            precision=precision,
            lon=lon,
            lat=lat,
            address=address,
            district_id=district_id,
            h3_cell=cell,
            description=description,
            organisation=organisation,
            reported_by=actor if isinstance(actor, User) else None,
            confidentiality=confidentiality,
        )
        event.full_clean()
        event.save()
        record(
            actor=actor,
            action=AuditAction.EVENT_CREATED,
            target=event,
            details={"category": category.code, "district": district_id},
        )
    return event


def citizen_report_source(municipality: Municipality) -> EventSource:
    """The source "Felanmälan <municipality>" of the events that residents' reports count as."""
    source, _created = EventSource.objects.get_or_create(
        code=f"felanmalan-{municipality.code}",
        defaults={"name": f"Felanmälan {municipality.name}", "kind": SourceKind.CITIZEN_REPORT},
    )
    return source


def create_linked_event(
    *,
    actor: AnyUser | None,
    municipality: Municipality,
    category: EventCategory,
    source: EventSource,
    occurred_from: datetime,
    lon: float | None,
    lat: float | None,
    district_id: int | None = None,
    h3_cell: int | None = None,
    address: str = "",
    description: str = "",
    external_id: str = "",
    confidentiality: str = Confidentiality.OPEN,
) -> Event:
    """Log the event behind a record of an app above events (a resident's report).

    No membership check: the calling app has checked its own rules (a resident needs no
    account). A point takes the district and H3 cell the caller got from `locate()`; without
    a point the event sits at the municipality's representative point with area precision
    (municipality level), like the police feed's area events, and has no district or cell.

    Side effects: AuditEvent EVENT_CREATED.
    """
    if category.municipality_id not in (None, municipality.pk):
        raise ValidationError({"category": _("Kategorin hör till en annan kommun.")})
    iso_year, iso_week = iso_year_week(occurred_from)
    fields: dict[str, Any]
    if lon is not None and lat is not None:
        fields = {"precision": Precision.POINT, "lon": lon, "lat": lat}
    else:
        centre = point_assigner(municipality).boundary.representative_point()
        fields = {
            "precision": Precision.AREA,
            "area_level": AreaLevel.MUNICIPALITY,
            "area_name": municipality.name,
            "lon": centre.x,
            "lat": centre.y,
        }
        district_id = h3_cell = None
    with transaction.atomic():
        event = Event(
            municipality=municipality,
            county_id=municipality.county_id,
            category=category,
            source=source,
            external_id=external_id,
            occurred_from=occurred_from,
            iso_year=iso_year,
            iso_week=iso_week,
            address=address[:200],
            district_id=district_id,
            h3_cell=h3_cell,
            description=description,
            confidentiality=confidentiality,
            **fields,
        )
        # The caller computed the location; the database enforces the constraints, so only
        # the fields are checked here (the constraint checks cost a query each).
        event.clean_fields()
        event.save()
        record(
            actor=actor,
            action=AuditAction.EVENT_CREATED,
            target=event,
            details={"category": category.code, "district": district_id, "source": source.code},
        )
    return event
