"""URLs of the geography API, mounted under /api/v1/.

Empty on purpose: every geography endpoint is scoped to a municipality the caller belongs
to, so the views live in `trygga.accounts.api` (geography sits below accounts and cannot
check membership); the serializers and the GeoJSON renderer live here.
"""

from django.urls import URLPattern, URLResolver

urlpatterns: list[URLPattern | URLResolver] = []
