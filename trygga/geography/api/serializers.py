"""Serializers of municipalities and districts, and districts as a GeoJSON FeatureCollection.

The views that use them live in `trygga.accounts.api`: every read under a municipality is
checked against membership, and geography sits below accounts in the layers.
"""

from collections.abc import Iterable
from typing import Any

from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers

from trygga.geography.models import County, District, Municipality


class CountySerializer(serializers.ModelSerializer[County]):
    class Meta:
        model = County
        fields = ["code", "name"]


class MunicipalitySerializer(serializers.ModelSerializer[Municipality]):
    county = CountySerializer(read_only=True)

    class Meta:
        model = Municipality
        fields = ["code", "name", "county", "h3_resolution", "population"]


class DistrictSerializer(serializers.ModelSerializer[District]):
    class Meta:
        model = District
        fields = [
            "code",
            "name",
            "population",
            "population_year",
            "is_priority",
            "boundary_is_approximate",
            "boundary_source",
        ]


# GeoJSON: the features are built by hand (boundaries are stored as GeoJSON already); the
# serializers below only describe the shape for the OpenAPI schema.


class DistrictPropertiesSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    population = serializers.IntegerField(allow_null=True)
    is_priority = serializers.BooleanField()
    approximate = serializers.BooleanField(
        help_text="True when the boundary is an approximation, not an official one."
    )
    boundary_source = serializers.CharField(allow_blank=True)


class GeometrySerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=["Polygon", "MultiPolygon"])
    coordinates = serializers.ListField(child=serializers.JSONField())


class DistrictFeatureSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=["Feature"])
    id = serializers.CharField(help_text="The district's code.")
    geometry = GeometrySerializer()
    properties = DistrictPropertiesSerializer()


@extend_schema_serializer(many=False, component_name="DistrictFeatureCollection")
class DistrictFeatureCollectionSerializer(serializers.Serializer):
    """Districts as a GeoJSON FeatureCollection (RFC 7946), coordinates in WGS84 lon/lat."""

    type = serializers.ChoiceField(choices=["FeatureCollection"])
    features = DistrictFeatureSerializer(many=True)


def district_feature_collection(districts: Iterable[District]) -> dict[str, Any]:
    """Districts with their polygons as a GeoJSON FeatureCollection."""
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "id": district.code,
                "geometry": district.boundary,
                "properties": {
                    "code": district.code,
                    "name": district.name,
                    "population": district.population,
                    "is_priority": district.is_priority,
                    "approximate": district.boundary_is_approximate,
                    "boundary_source": district.boundary_source,
                },
            }
            for district in districts
        ],
    }
