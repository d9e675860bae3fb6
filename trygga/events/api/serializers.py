"""Serializers of categories, sources and events, and the parsing of the event filters.

An event's location says what it is: a point (precision `point` or `address`) has
`coordinates`; an event known only by its area (the police feed) has the area's level, name
and `centroid`, so no client draws a police area centroid as if it were a point.
"""

from datetime import datetime
from typing import Any

import h3
from django.utils.translation import gettext as _
from drf_spectacular.utils import PolymorphicProxySerializer, extend_schema_field
from rest_framework import serializers

from trygga.accounts.api.serializers import OrganisationRefSerializer
from trygga.accounts.models import Organisation
from trygga.accounts.selectors import organisations_of
from trygga.events.models import (
    AreaLevel,
    Confidentiality,
    Event,
    EventCategory,
    EventSource,
    Precision,
)
from trygga.events.selectors import EventFilter, categories_for, sources_for
from trygga.geography.models import Municipality
from trygga.geography.selectors import districts_of


class CategorySerializer(serializers.ModelSerializer[EventCategory]):
    # `parent` and `source` are also Field attributes; DRF's metaclass takes declared fields
    # off the class, so only the type checker sees a clash.
    parent: Any = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True, help_text="The parent's code."
    )
    own = serializers.SerializerMethodField(
        help_text="True for the municipality's own category, false for the shared taxonomy."
    )

    class Meta:
        model = EventCategory
        fields = ["code", "name", "name_en", "parent", "own"]

    def get_own(self, category: EventCategory) -> bool:
        return category.municipality_id is not None


class CategoryRefSerializer(serializers.ModelSerializer[EventCategory]):
    class Meta:
        model = EventCategory
        fields = ["code", "name"]


class SourceSerializer(serializers.ModelSerializer[EventSource]):
    organisation = OrganisationRefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = EventSource
        fields = ["code", "name", "kind", "organisation"]


class PointLocationSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=["point"])
    coordinates = serializers.ListField(
        child=serializers.FloatField(),
        min_length=2,
        max_length=2,
        help_text="[lon, lat] in WGS84: the place of the event (precision point or address).",
    )


class AreaLocationSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=["area"])
    level = serializers.ChoiceField(choices=[c for c in AreaLevel.values if c])
    name = serializers.CharField(help_text="The area's name, e.g. the municipality.")
    centroid = serializers.ListField(
        child=serializers.FloatField(),
        min_length=2,
        max_length=2,
        help_text="[lon, lat] of the area's centre. Not where the event happened.",
    )


LOCATION_SCHEMA = PolymorphicProxySerializer(
    component_name="Location",
    serializers={"point": PointLocationSerializer, "area": AreaLocationSerializer},
    resource_type_field_name="type",
)


@extend_schema_field({"type": "string", "nullable": True, "example": "8908c11a1a3ffff"})
class H3CellField(serializers.Field):
    """The H3 cell as the usual hexadecimal string (stored as an integer)."""

    def to_representation(self, value: int) -> str:
        return str(h3.int_to_str(value))


class EventSerializer(serializers.ModelSerializer[Event]):
    category = CategoryRefSerializer(read_only=True)
    location = serializers.SerializerMethodField()
    district: Any = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True, help_text="The district's code."
    )
    h3_cell = H3CellField(read_only=True, allow_null=True)
    source: Any = serializers.SlugRelatedField(slug_field="code", read_only=True)
    organisation = OrganisationRefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Event
        fields = [
            "id",
            "category",
            "occurred_from",
            "occurred_to",
            "precision",
            "area_level",
            "area_name",
            "location",
            "address",
            "district",
            "h3_cell",
            "source",
            "organisation",
            "description",
            "confidentiality",
            "created_at",
        ]

    @extend_schema_field(LOCATION_SCHEMA)
    def get_location(self, event: Event) -> dict[str, Any]:
        if event.precision == Precision.AREA:
            return {
                "type": "area",
                "level": event.area_level,
                "name": event.area_name,
                "centroid": [event.lon, event.lat],
            }
        return {"type": "point", "coordinates": [event.lon, event.lat]}


def _municipality(serializer: serializers.Serializer) -> Municipality:
    municipality: Municipality = serializer.context["municipality"]
    return municipality


class EventFilterSerializer(serializers.Serializer):
    """The query parameters of the event list; codes are resolved to ids here."""

    def get_fields(self) -> dict[str, serializers.Field]:
        # `from` is a Python keyword, so the fields are declared here, not as attributes.
        return {
            "from": serializers.DateField(
                required=False, help_text="First day (inclusive), YYYY-MM-DD."
            ),
            "to": serializers.DateField(
                required=False, help_text="Last day (inclusive), YYYY-MM-DD."
            ),
            "district": serializers.CharField(required=False, help_text="A district's code."),
            "category": serializers.CharField(
                required=False, help_text="A category's code; includes its sub-categories."
            ),
            "source": serializers.CharField(required=False, help_text="A source's code."),
        }

    def validate_district(self, code: str) -> int:
        district = districts_of(_municipality(self)).filter(code=code).only("pk").first()
        if district is None:
            raise serializers.ValidationError(_("Okänd stadsdel."), code="does_not_exist")
        return district.pk

    def validate_category(self, code: str) -> int:
        return category_by_code(_municipality(self), code).pk

    def validate_source(self, code: str) -> int:
        source = sources_for(_municipality(self)).filter(code=code).only("pk").first()
        if source is None:
            raise serializers.ValidationError(_("Okänd källa."), code="does_not_exist")
        return source.pk

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs.get("from") and attrs.get("to") and attrs["to"] < attrs["from"]:
            raise serializers.ValidationError(
                {"to": _("Slutdatumet får inte vara före startdatumet.")}, code="invalid"
            )
        return attrs

    def event_filter(self) -> EventFilter:
        data = self.validated_data
        return EventFilter(
            date_from=data.get("from"),
            date_to=data.get("to"),
            district_id=data.get("district"),
            category_id=data.get("category"),
            source_id=data.get("source"),
        )


def category_by_code(municipality: Municipality, code: str) -> EventCategory:
    """The municipality's category of that code, else the shared one; a field error if none."""
    matches = list(categories_for(municipality).filter(code=code))
    if not matches:
        raise serializers.ValidationError(_("Okänd kategori."), code="does_not_exist")
    # A municipality's own category wins over a shared one of the same code.
    return sorted(matches, key=lambda category: category.municipality_id is None)[0]


class EventCreateSerializer(serializers.Serializer):
    """The body of POST .../events/: a field report at a point or an address."""

    category = serializers.CharField(help_text="A category's code (see categories/).")
    occurred_from = serializers.DateTimeField(
        help_text="When it happened, ISO 8601; without an offset it is Swedish time."
    )
    occurred_to = serializers.DateTimeField(
        required=False, allow_null=True, help_text="The end of a time window, if any."
    )
    lon = serializers.FloatField(min_value=-180, max_value=180, help_text="WGS84 longitude.")
    lat = serializers.FloatField(min_value=-90, max_value=90, help_text="WGS84 latitude.")
    precision = serializers.ChoiceField(
        choices=[Precision.POINT.value, Precision.ADDRESS.value], default=Precision.POINT.value
    )
    address = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    description = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=4000
    )
    confidentiality = serializers.ChoiceField(
        choices=Confidentiality.choices, default=Confidentiality.PARTNERS.value
    )
    organisation = serializers.IntegerField(
        required=False,
        allow_null=True,
        help_text="The reporting organisation's id; by default the caller's organisation.",
    )

    def validate_category(self, code: str) -> EventCategory:
        return category_by_code(_municipality(self), code)

    def validate_organisation(self, pk: int | None) -> Organisation | None:
        if pk is None:
            return None
        organisation = organisations_of(_municipality(self)).filter(pk=pk).first()
        if organisation is None:
            raise serializers.ValidationError(_("Okänd organisation."), code="does_not_exist")
        return organisation

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        start: datetime = attrs["occurred_from"]
        end: datetime | None = attrs.get("occurred_to")
        if end is not None and end < start:
            raise serializers.ValidationError(
                {"occurred_to": _("Sluttiden får inte vara före starttiden.")}, code="invalid"
            )
        if attrs["precision"] == Precision.ADDRESS and not attrs["address"].strip():
            raise serializers.ValidationError(
                {"address": _("Ange adressen när lägesprecisionen är adress.")}, code="required"
            )
        return attrs
