"""Municipalities, their districts and organisations, as the caller's memberships allow.

The district views are here rather than in `trygga.geography.api` because they check
membership (accounts), and geography sits below accounts.
"""

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from trygga.accounts.api.scoping import MUNICIPALITY_CODE, MunicipalityScopedView
from trygga.accounts.api.serializers import OrganisationSerializer
from trygga.accounts.models import Organisation
from trygga.accounts.selectors import member_municipalities, organisations_of
from trygga.core.errors import NotFound
from trygga.geography.api.renderers import GeoJSONRenderer
from trygga.geography.api.serializers import (
    DistrictFeatureCollectionSerializer,
    DistrictSerializer,
    MunicipalitySerializer,
    district_feature_collection,
)
from trygga.geography.models import District, Municipality
from trygga.geography.selectors import districts_of

DISTRICT_CODE = OpenApiParameter(
    "district_code", OpenApiTypes.STR, OpenApiParameter.PATH, description="The district's code."
)
GEOJSON = "application/geo+json"


class MunicipalityListView(generics.ListAPIView):
    serializer_class = MunicipalitySerializer
    queryset = Municipality.objects.none()
    pagination_class = None  # a person belongs to a handful of municipalities

    def get_queryset(self) -> Any:
        return member_municipalities(self.request.user)

    @extend_schema(
        summary="The active municipalities the caller belongs to",
        tags=["municipalities"],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


class MunicipalityDetailView(MunicipalityScopedView):
    serializer_class = MunicipalitySerializer
    queryset = Municipality.objects.none()

    @extend_schema(
        summary="One municipality the caller belongs to",
        parameters=[MUNICIPALITY_CODE],
        tags=["municipalities"],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return Response(self.get_serializer(self.municipality).data)


class DistrictListView(MunicipalityScopedView, generics.ListAPIView):
    """The municipality's districts; as GeoJSON with their polygons on request."""

    serializer_class = DistrictSerializer
    queryset = District.objects.none()
    pagination_class = None  # a municipality has tens of districts, and GeoJSON is one document
    renderer_classes = [JSONRenderer, GeoJSONRenderer]

    def get_queryset(self) -> Any:
        return districts_of(self.municipality)

    @extend_schema(
        summary="The municipality's districts (stadsdelar)",
        description="`?format=geojson` (or `Accept: application/geo+json`) answers with a "
        "GeoJSON FeatureCollection of the districts' polygons instead, like `districts.geojson`.",
        parameters=[MUNICIPALITY_CODE],
        responses={
            (200, "application/json"): DistrictSerializer(many=True),
            (200, GEOJSON): DistrictFeatureCollectionSerializer,
        },
        tags=["geography"],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if request.accepted_renderer.format == GeoJSONRenderer.format:
            return Response(district_feature_collection(self.get_queryset()))
        return super().get(request, *args, **kwargs)


class DistrictGeoJSONView(MunicipalityScopedView):
    """The districts' polygons as one GeoJSON FeatureCollection, for maps."""

    queryset = District.objects.none()
    renderer_classes = [GeoJSONRenderer, JSONRenderer]

    @extend_schema(
        summary="The municipality's districts as GeoJSON",
        parameters=[MUNICIPALITY_CODE],
        responses={(200, GEOJSON): DistrictFeatureCollectionSerializer},
        tags=["geography"],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return Response(district_feature_collection(districts_of(self.municipality)))


class DistrictDetailView(MunicipalityScopedView):
    serializer_class = DistrictSerializer
    queryset = District.objects.none()

    @extend_schema(
        summary="One district",
        parameters=[MUNICIPALITY_CODE, DISTRICT_CODE],
        tags=["geography"],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        district = districts_of(self.municipality).filter(code=kwargs["district_code"]).first()
        if district is None:
            raise NotFound(_("Stadsdelen finns inte."))
        return Response(self.get_serializer(district).data)


class OrganisationListView(MunicipalityScopedView, generics.ListAPIView):
    serializer_class = OrganisationSerializer
    queryset = Organisation.objects.none()
    pagination_class = None  # tens of organisations per municipality

    def get_queryset(self) -> Any:
        return organisations_of(self.municipality)

    @extend_schema(
        summary="The organisations that take part in the municipality's work",
        parameters=[MUNICIPALITY_CODE],
        tags=["organisations"],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)
