"""The GeoJSON renderer: `?format=geojson` or `Accept: application/geo+json` selects it."""

from rest_framework.renderers import JSONRenderer


class GeoJSONRenderer(JSONRenderer):
    media_type = "application/geo+json"
    format = "geojson"
